"""Message logs: each preset's fixture end to end, encodings and separators, and bad input.

The fixtures in ``fixtures/`` were written for the kit in each tool's export format, with the quirks
their documentation describes (local times without offset, ids as text, multi-line messages, bot
and internal-note rows). First response times are computed by hand in each test.
"""

import warnings

import pandas as pd
import pytest

from helpers import PRESETS, DataError, DataWarning, first_response_times, read_messages, read_replies
from helpers.cli import main

FIXTURES = {
    "generic": ("generic_log.csv", "Europe/London"),
    "hootsuite": ("hootsuite_messages.csv", "Europe/London"),
    "intercom": ("intercom_messages.csv", None),
    "twcs": ("twcs_sample.csv", None),
}
# post id -> first response time in minutes, worked out by hand from the fixture files
EXPECTED_FRT = {
    # Europe/London: 30 Mar is GMT, 31 Mar from 01:00 UTC is BST (+1). m-0001 23:50 GMT -> m-0004 00:20 GMT;
    # m-0008 02:05 BST -> m-0009 03:05 BST; the follow-up m-0005 09:00 BST -> m-0006 09:45 BST; m-0010 unanswered
    "generic": {"m-0001": 30.0, "m-0008": 60.0, "m-0005": 45.0, "m-0010": None},
    # BST: 08:05:34 -> 09:13:41 is 68 min 7 s; the note at 08:40 and the automated message are no reply
    "hootsuite": {"0042001": 68 + 7 / 60, "0042005": 90.0, "0042007": None},
    # UTC: 14:00 -> 14:07 (the bot at 14:02 and the assignment are no reply); 22:15 -> 08:02 next day
    "intercom": {"1835501001": 7.0, "1835501006": None, "1835502001": 9 * 60 + 47.0},
    # twcs: 22:10:47 -> 22:25:47; the follow-up 22:40 -> 09:40 next day; 105 unanswered
    "twcs": {101: 15.0, 103: 11 * 60.0, 105: None},
}


@pytest.fixture
def fixture_dir(request):
    from pathlib import Path

    return Path(__file__).parent / "fixtures"


def _read(path, preset, tz=None, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_messages(path, preset, tz=tz, **kw)


@pytest.mark.parametrize("preset", list(FIXTURES))
def test_each_preset_reads_its_fixture_and_frt_equals_the_hand_computation(preset, fixture_dir):
    name, tz = FIXTURES[preset]
    df = _read(fixture_dir / name, preset, tz)
    frt = first_response_times(df).set_index("post_id")
    for post, minutes in EXPECTED_FRT[preset].items():
        got = frt.loc[post, "frt_min"]
        assert pd.isna(got) if minutes is None else got == pytest.approx(minutes), (post, got)
    assert set(frt.index) == set(EXPECTED_FRT[preset])


@pytest.mark.parametrize("preset", list(FIXTURES))
def test_each_preset_runs_validate_import_score_latency_end_to_end(preset, fixture_dir, tmp_path, capsys):
    name, tz = FIXTURES[preset]
    path = str(fixture_dir / name)
    zone = ["--tz", tz] if tz else []
    assert main(["validate", path, "--preset", preset, *zone]) == 0
    assert "latency    ready" in capsys.readouterr().out
    out = tmp_path / "replies.parquet"
    assert main(["import", preset, path, "-o", str(out), *zone]) == 0
    imported = pd.read_parquet(out)
    assert len(imported) == len(EXPECTED_FRT[preset])  # one row per post here: no post got two replies
    assert main(["score", path, "--preset", preset, *zone, "-o", str(tmp_path / "s.csv"), "--mode", "fast"]) == 0
    scored = pd.read_csv(tmp_path / "s.csv")
    assert scored["empathy_index"].notna().sum() == sum(v is not None for v in EXPECTED_FRT[preset].values())
    capsys.readouterr()
    assert main(["latency", path, "--preset", preset, *zone, "--by", ""]) == 0
    table = capsys.readouterr().out
    answered = sorted(v for v in EXPECTED_FRT[preset].values() if v is not None)
    median = (answered[(len(answered) - 1) // 2] + answered[len(answered) // 2]) / 2
    assert f"{median:.1f}" in table


def test_imported_table_reads_back_identically(fixture_dir, tmp_path):
    df = _read(fixture_dir / "hootsuite_messages.csv", "hootsuite", "Europe/London")
    for suffix in ("csv", "parquet", "xlsx"):
        main(["import", "hootsuite", str(fixture_dir / "hootsuite_messages.csv"), "-o", str(tmp_path / f"r.{suffix}"),
              "--tz", "Europe/London"])  # fmt: skip
        back = _read_replies(tmp_path / f"r.{suffix}")
        for col in ("post_id", "reply_id", "customer_text", "reply_text", "customer_at", "reply_at", "agent"):
            assert back[col].astype(str).tolist() == df[col].astype(str).tolist(), (suffix, col)


def _read_replies(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_replies(path)


def test_what_was_left_out_is_counted(fixture_dir):
    df = _read(fixture_dir / "intercom_messages.csv", "intercom")
    info = df.attrs["messages"]
    assert info["left_out"] == {"bot": 1, "note": 1, "system": 2}
    assert (info["customer_posts"], info["brand_replies"], info["unanswered_posts"]) == (3, 2, 1)


def test_consecutive_customer_messages_make_one_post(fixture_dir):
    df = _read(fixture_dir / "generic_log.csv", "generic", "Europe/London").set_index("post_id")
    assert df.loc["m-0001", "customer_messages"] == 2
    assert df.loc["m-0001", "customer_text"] == "My order 5512 never arrived.\nIt was due on Tuesday.\nHello??"
    assert df.loc["m-0001", "thread_id"] == "000417"  # ids stay text: the leading zeros are kept


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";"), ("utf-8", "\t")],
)
def test_encodings_and_separators_real_exports_use(fixture_dir, tmp_path, encoding, sep):
    frame = pd.read_csv(fixture_dir / "generic_log.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "text"] = "Café crème – my order never arrived"
    path = tmp_path / "log.csv"
    path.write_bytes(frame.to_csv(index=False, sep=sep).encode(encoding))
    if encoding == "cp1252":
        with pytest.warns(DataWarning, match="read as Windows-1252"):
            df = read_messages(path, "generic", tz="Europe/London")
    else:
        df = _read(path, "generic", "Europe/London")
    assert df.set_index("post_id").loc["m-0001", "customer_text"].startswith("Café crème – my order")
    assert len(df) == 4


def test_excel_date_cells_and_day_serials_are_local_times(tmp_path):
    log = pd.DataFrame({
        "conversation_id": ["c1", "c1"], "sender_type": ["customer", "agent"], "text": ["late?", "Sorry! Today."],
        "sent_at": [pd.Timestamp("2024-07-01 09:00"), pd.Timestamp("2024-07-01 09:30")],
    })  # fmt: skip
    log.to_excel(tmp_path / "log.xlsx", index=False)
    df = _read(tmp_path / "log.xlsx", "generic", "Europe/Berlin")
    assert df.loc[0, "customer_at"] == pd.Timestamp("2024-07-01 07:00", tz="UTC")
    serial = log.assign(sent_at=["45474.375", "45474.395833333336"])  # 2024-07-01 09:00 and 09:30
    serial.to_csv(tmp_path / "serial.csv", index=False)
    df = _read(tmp_path / "serial.csv", "generic", "UTC")
    assert df.loc[0, "reply_at"] - df.loc[0, "customer_at"] == pd.Timedelta("30min")


def test_list_of_presets(capsys):
    assert main(["import", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in PRESETS) and "help.hootsuite.com" in out


# ---- bad input: each names the file, the rows and the column, says how to fix it, and writes nothing ----

GOOD = (
    "conversation_id,message_id,sent_at,sender_type,text\n"
    "c1,m1,2024-05-01 09:00:00+00:00,customer,My parcel is late\n"
    "c1,m2,2024-05-01 09:20:00+00:00,agent,So sorry! It ships today.\n"
)
BAD = [
    ("empty file", "", r"log\.csv: the file is empty\. Fix: export"),
    ("header only", GOOD.splitlines()[0] + "\n", r"log\.csv: the file has a header .* but no rows\. Fix:"),
    (
        "wrong preset",
        GOOD,
        r"log\.csv, column 'Direction': this is not a hootsuite export: no 'Direction' column; "
        r"it looks like a generic export\. Fix: use preset 'generic'",
    ),
    (
        "duplicate message ids",
        GOOD + "c1,m2,2024-05-01 09:30:00+00:00,agent,Again\n",
        r"log\.csv, column 'message_id', rows 3, 4: 2 rows share a message id, e\.g\. 'm2'\. Fix: remove",
    ),
    (
        "reply before its post",
        GOOD.replace("09:20:00+00:00", "08:20:00+00:00"),
        r"log\.csv, column 'sent_at', row 3: 1 agent message\(s\) are dated before the customer message they "
        r"follow.*Fix: check that customer and agent times are in the same time zone",
    ),
    (
        "no customer message anywhere",
        GOOD.replace(",customer,", ",agent,"),
        r"log\.csv, column 'sender_type': no customer messages in the file.*Fix: check the sender column",
    ),
    (
        "unknown sender type",
        GOOD + "c1,m3,2024-05-01 09:30:00+00:00,Page,Thanks\n",
        r"log\.csv, column 'sender_type', row 4: unknown sender value\(s\) 'page'.*Fix: say what they are, "
        r"e\.g\. senders=\{'page': 'customer'\}",
    ),
    (
        "mixed time zones",
        GOOD.replace("09:20:00+00:00", "09:20:00"),
        r"log\.csv, column 'sent_at', row 3: mixed time zones: 1 timestamps carry a UTC offset and 1 do not"
        r".*Fix: export every timestamp in one form",
    ),
    (
        "local times without tz",
        GOOD.replace("+00:00", ""),
        r"log\.csv, column 'sent_at', rows 2, 3: timestamps without a UTC offset: in which time zone.*Fix: pass tz=",
    ),
    (
        "a 5 MB single cell",
        GOOD + 'c1,m3,2024-05-01 09:30:00+00:00,customer,"' + "x" * 5_000_000 + '"\n',
        r"log\.csv, column 'text', row 4: a cell of 5,000,000 characters.*Fix: look for a stray double quote",
    ),
    ("binary data", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, r"log\.csv: this is not a text"),
    (
        "unreadable timestamp",
        GOOD.replace("2024-05-01 09:20:00+00:00", "yesterday"),
        r"log\.csv, column 'sent_at', row 3: 1 timestamp\(s\) could not be read, e\.g\. \['yesterday'\]",
    ),
    (
        "empty conversation id",
        GOOD.replace("c1,m2", ",m2"),
        r"log\.csv, column 'conversation_id', row 3: empty conversation ids\. Fix: give every message",
    ),
    (
        "message without a time",
        GOOD.replace("2024-05-01 09:20:00+00:00", ""),
        r"log\.csv, column 'sent_at', row 3: messages without a time cannot be put in order",
    ),
    (
        "no text column",
        GOOD.replace(",text", ",body_html"),
        r"log\.csv, column 'text': this is not a generic export: no 'text' column.*Fix: map your columns",
    ),
    (
        "rows that do not line up",
        GOOD + "c1,m3,2024-05-01 09:30:00+00:00,agent,one, two, three\n",
        r"log\.csv, row 4: the table's rows do not line up.*Fix: check for an unquoted separator",
    ),
    (
        "an ambiguous local time",
        GOOD.replace("2024-05-01 09:00:00+00:00", "2024-10-27 01:30:00").replace(
            "2024-05-01 09:20:00+00:00", "2024-10-27 02:30:00"
        ),
        r"log\.csv, column 'sent_at', row 2: 1 local time\(s\) do not exist or are ambiguous in Europe/London",
    ),
]


@pytest.mark.parametrize(("content", "message"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_message_logs_fail_with_an_actionable_message_and_write_nothing(tmp_path, content, message, capsys):
    path = tmp_path / "log.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    preset = "hootsuite" if "hootsuite" in message else "generic"
    tz = ["--tz", "Europe/London"] if "ambiguous" in message else []
    out = tmp_path / "out.csv"
    assert main(["import", preset, str(path), "-o", str(out), *tz]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one paragraph
    import re

    assert re.search(message, err), err
    assert not out.exists()  # nothing written half-way


def test_a_conversation_without_a_customer_is_reported_and_strict_writes_nothing(tmp_path, capsys):
    path = tmp_path / "log.csv"
    path.write_text(GOOD + "c2,m3,2024-05-01 10:00:00+00:00,agent,Happy May Day from all of us!\n")
    with pytest.warns(DataWarning, match=r"log\.csv: column 'conversation_id', row 4: 1 conversation\(s\) without"):
        df = read_messages(path)
    assert len(df) == 1 and df.attrs["messages"]["unpaired_agent_messages"] == 1
    out = tmp_path / "out.csv"
    assert main(["import", "generic", str(path), "-o", str(out), "--strict"]) == 1
    assert not out.exists()
    assert main(["import", "generic", str(path), "-o", str(out)]) == 0 and out.exists()


def test_unknown_sender_values_can_be_mapped(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(GOOD.replace(",agent,", ",Page,"))
    df = read_messages(path, senders={"Page": "agent"})
    assert df.loc[0, "reply_text"] == "So sorry! It ships today."


def test_columns_of_another_name_can_be_mapped(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(GOOD.replace(",text", ",Body").replace("sender_type", "From"))
    df = read_messages(path, columns={"text": "Body", "sender": "From"})
    assert df.loc[0, "customer_text"] == "My parcel is late"
    with pytest.raises(DataError, match=r"columns= maps 'text' to 'Bdy', which the file does not have"):
        read_messages(path, columns={"text": "Bdy", "sender": "From"})


def test_newest_first_exports_are_paired_the_same(tmp_path):
    rows = GOOD.splitlines()
    path = tmp_path / "log.csv"
    path.write_text("\n".join([rows[0], rows[2], rows[1]]) + "\n")
    df = read_messages(path)
    assert df.loc[0, "reply_at"] - df.loc[0, "customer_at"] == pd.Timedelta("20min")
