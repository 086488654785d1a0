"""Reading exports: good files read cleanly, bad files fail with messages people can act on."""

import warnings

import pandas as pd
import pytest

from helpers import read_replies, read_table, restore_formulas, safe_csv, write_replies
from helpers.data.errors import DataError
from helpers.data.validate import DataWarning


def _read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_replies(path, **kw)


def test_good_csv_reads_to_canonical_types(write, good_csv):
    df = read_replies(write("ok.csv", good_csv))
    assert list(df.columns[:9]) == [
        "post_id",
        "reply_id",
        "thread_id",
        "brand",
        "channel",
        "customer_text",
        "customer_at",
        "reply_text",
        "reply_at",
    ]
    assert str(df["customer_at"].dt.tz) == "UTC"
    assert df.loc[0, "reply_at"] - df.loc[0, "customer_at"] == pd.Timedelta("13min")
    assert df["reply_id"].isna().tolist() == [False, True]  # the unanswered post is kept
    assert df.attrs["findings"] == []


def test_column_mapping_and_defaults(write):
    path = write(
        "export.csv",
        "Message,Answer,ID,Posted,Answered\nWhere is my refund?,Checking now,7,2024-01-02 10:00,2024-01-02 10:20\n",
    )
    df = read_replies(
        path,
        columns={
            "Message": "customer_text",
            "Answer": "reply_text",
            "ID": "post_id",
            "Posted": "customer_at",
            "Answered": "reply_at",
        },
        defaults={"brand": "Acme", "channel": "facebook"},
        tz="UTC",
    )
    assert df.loc[0, "thread_id"] == "7" and df.loc[0, "reply_id"] == "7-r1"
    assert df.loc[0, "channel"] == "facebook"


def test_naive_timestamps_are_read_in_the_given_time_zone(write):
    path = write(
        "x.csv",
        "post_id,brand,channel,customer_text,customer_at,reply_text,reply_at\n"
        "1,A,twitter,hi,2024-07-01 09:00,hello,2024-07-01 09:30\n",
    )
    df = read_replies(path, tz="Europe/London")
    assert df.loc[0, "customer_at"] == pd.Timestamp("2024-07-01 08:00", tz="UTC")


def test_excel_and_parquet(tmp_path, write, good_csv):
    df = read_replies(write("ok.csv", good_csv))
    write_replies(df, tmp_path / "ok.parquet")
    back = read_replies(tmp_path / "ok.parquet")
    assert back["reply_at"].equals(df["reply_at"])
    excel = df.copy()
    for col in ("customer_at", "reply_at"):
        excel[col] = excel[col].dt.tz_localize(None)
    excel.to_excel(tmp_path / "ok.xlsx", index=False)
    from_excel = read_replies(tmp_path / "ok.xlsx", tz="UTC")  # Excel date cells are local times
    assert from_excel["customer_at"].equals(df["customer_at"])
    with pytest.raises(DataError, match=r"ok\.xlsx, column 'customer_at', rows 2, 3: timestamps without a UTC.*tz="):
        read_replies(tmp_path / "ok.xlsx")
    back = read_replies(write_replies(df, tmp_path / "kit.xlsx"))  # the kit's own spreadsheet export
    assert back["customer_at"].equals(df["customer_at"]) and back["reply_text"].equals(df["reply_text"])


def test_utf8_with_bom_is_read(write, good_csv):
    df = read_replies(write("bom.csv", "\ufeff" + good_csv))
    assert "post_id" in df.columns


def test_cp1252_is_read_with_a_warning(write, good_csv):
    path = write("win.csv", good_csv.replace("Love the new app!", "Café crème ruined"), encoding="cp1252")
    with pytest.warns(DataWarning, match=r"win\.csv: not UTF-8 \(first at line 3\); read as Windows-1252"):
        df = read_replies(path)
    assert df.loc[1, "customer_text"] == "Café crème ruined"


def test_spreadsheet_safe_csv_is_neutralised_and_can_be_restored(tmp_path):
    df = pd.DataFrame({"customer_text": ['=HYPERLINK("http://x","click")', "@brand hi", "-1 star", "ok"]})
    path = safe_csv(df, tmp_path / "out.csv")
    raw = path.read_text()
    assert "'=HYPERLINK" in raw and "'@brand" in raw and "'-1 star" in raw
    assert read_table(path)["customer_text"].iloc[1] == "'@brand hi"  # read_table changes nothing
    assert restore_formulas(read_table(path))["customer_text"].tolist() == df["customer_text"].tolist()


# ---- malformed input: each test asserts what the message says, not only the exception type ----


def test_missing_column_suggests_the_closest_name(write, good_csv):
    path = write("typo.csv", good_csv.replace("customer_text", "custmer_text"))
    with pytest.warns(DataWarning) as caught:
        df = read_replies(path)
    msg = " ".join(str(w.message) for w in caught)
    assert "typo.csv" in msg and "no customer_text column" in msg and "did you mean 'custmer_text'?" in msg
    assert "columns={'custmer_text': 'customer_text'}" in msg
    assert df["customer_text"].isna().all() and df["custmer_text"].notna().all()  # nothing lost


def test_a_table_no_analysis_can_use_names_what_each_needs(write):
    path = write("few.csv", "post_id,text\n1,hello\n")
    with pytest.raises(DataError) as err:
        read_replies(path)
    msg = str(err.value)
    assert "few.csv, columns 'reply_text', 'customer_at', 'reply_at': no analysis can use this table" in msg
    assert "scoring needs reply_text; latency needs customer_at, reply_at" in msg and "'text'" in msg


def test_mapping_from_a_column_the_file_does_not_have(write, good_csv):
    with pytest.raises(DataError, match=r"column 'Mesage': missing column.*the file has"):
        read_replies(write("ok.csv", good_csv), columns={"Mesage": "customer_text"})


def test_unparseable_timestamps_name_rows_values_and_format(write, good_csv):
    bad = good_csv.replace("2024-05-03 17:00:00+00:00", "yesterday at 5")
    with pytest.raises(DataError) as err:
        read_replies(write("dates.csv", bad))
    msg = str(err.value)
    assert "dates.csv, column 'customer_at', row 3" in msg
    assert "'yesterday at 5'" in msg and "ISO 8601" in msg and "date_format=" in msg


def test_day_first_dates_need_a_format(write):
    path = write(
        "uk.csv",
        "post_id,brand,channel,customer_text,customer_at,reply_text,reply_at\n"
        "1,A,twitter,hi,31/10/2024 09:00,hello,31/10/2024 09:30\n",
    )
    with pytest.raises(DataError, match=r"row 2: 1 timestamp\(s\) could not be read, e.g. \['31/10/2024 09:00'\]"):
        read_replies(path)
    df = read_replies(path, date_format="%d/%m/%Y %H:%M", tz="UTC")
    assert df.loc[0, "customer_at"] == pd.Timestamp("2024-10-31 09:00", tz="UTC")


def test_reply_before_post_is_flagged_and_kept(write, good_csv):
    bad = good_csv.replace("2024-05-03 16:58:00+00:00", "2024-05-03 15:58:00+00:00")
    with pytest.warns(DataWarning, match=r"early\.csv: column 'reply_at', row 2: the reply is dated before the post"):
        df = read_replies(write("early.csv", bad))
    assert len(df) == 2 and df.attrs["findings"][0].code == "reply_before_post"


def test_empty_customer_text_is_flagged_and_kept(write, good_csv):
    bad = good_csv.replace("Love the new app!", "")
    with pytest.warns(DataWarning, match=r"column 'customer_text', row 3: empty customer post \(kept\)"):
        df = read_replies(write("empty.csv", bad))
    assert len(df) == 2


def test_duplicate_reply_ids(write, good_csv):
    dup = good_csv + good_csv.splitlines()[1] + "\n"
    with pytest.raises(
        DataError,
        match=r"dup\.csv, column 'reply_id', rows 2, 4: 2 rows share a reply id, "
        r"e.g. 'r1'. Fix: remove rows exported twice",
    ):
        read_replies(write("dup.csv", dup))


def test_repeated_unanswered_post(write, good_csv):
    dup = good_csv + good_csv.splitlines()[2] + "\n"
    with pytest.raises(
        DataError, match=r"column 'post_id', rows 3, 4: the same unanswered post appears more than once"
    ):
        read_replies(write("again.csv", dup))


def test_empty_post_id(write, good_csv):
    with pytest.raises(
        DataError, match=r"column 'post_id', row 3: empty post ids. Fix: give every customer post an id"
    ):
        read_replies(write("noid.csv", good_csv.replace("\np2,", "\n,")))


def test_binary_file_is_not_a_table(write):
    with pytest.raises(DataError, match=r"blob\.csv: this is not a text table.*Fix: export the data as CSV"):
        read_replies(write("blob.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"))


def test_excel_workbook_named_csv(write):
    with pytest.raises(DataError, match=r"looks like an Excel workbook: name it \.xlsx"):
        read_replies(write("book.csv", b"PK\x03\x04\x14\x00\x00\x00\x08\x00"))


def test_plain_text_is_not_a_table(write):
    with pytest.raises(DataError, match=r"notes\.csv, columns 'reply_text'.*no analysis can use this table"):
        read_replies(write("notes.csv", "Dear team\nplease find the replies attached\n"))


def test_empty_file(write):
    with pytest.raises(DataError, match=r"nothing\.csv: the file is empty. Fix: export the table again"):
        read_replies(write("nothing.csv", ""))


def test_ragged_rows_name_the_line(write, good_csv):
    ragged = good_csv + "p3,r3,p3,Acme,twitter,a,2024-05-03 17:00:00+00:00,b,2024-05-03 17:05:00+00:00,JS,extra,more\n"
    with pytest.raises(
        DataError, match=r"ragged\.csv, row 4: the table's rows do not line up \(Expected 10 fields in line 4, saw 12\)"
    ):
        read_replies(write("ragged.csv", ragged))


def test_explicit_wrong_encoding(write, good_csv):
    path = write("u.csv", good_csv.replace("Love", "Löve"))
    with pytest.raises(DataError, match=r"u\.csv: not valid ascii at byte \d+ \(line 3\).*encoding='cp1252'"):
        read_replies(path, encoding="ascii")


def test_damaged_parquet(write):
    with pytest.raises(DataError, match=r"bad\.parquet: not a readable Parquet file"):
        read_replies(write("bad.parquet", b"PAR1 this is not really parquet"))


def test_missing_file_is_a_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_replies(tmp_path / "nope.csv")


def test_unwritable_format(tmp_path, write, good_csv):
    df = read_replies(write("ok.csv", good_csv))
    with pytest.raises(DataError, match=r"cannot write \.json.*name the output \.csv, \.parquet or \.xlsx"):
        write_replies(df, tmp_path / "out.json")


def test_redact_on_read(write, good_csv):
    path = write("pii.csv", good_csv.replace("Love the new app!", "call me on +44 7700 900123 or ana@example.com"))
    df = read_replies(path, redact=True)
    assert df.loc[1, "customer_text"] == "call me on [PHONE] or [EMAIL]"


@pytest.mark.parametrize("suffix", ["csv", "tsv", "parquet", "xlsx"])
def test_written_texts_read_back_exactly_by_the_kit_and_by_pandas(tmp_path, suffix):
    texts = [
        '=HYPERLINK("http://evil","click")',
        "+44 20 7946 0000 is our number",
        "-1 star, never again",
        "@AcmeHelp my parcel 📦 is late 😡",
        'She said "sorry", then\nnothing\r\nfor two days',
        "'quoted already",
        "\ttab first",
        "",
    ]
    at = pd.Timestamp("2024-05-01 09:00", tz="UTC")
    ids = range(len(texts))
    df = pd.DataFrame({"post_id": [f"p{i}" for i in ids], "reply_id": [f"r{i}" for i in ids], "thread_id": "t",
                       "brand": "Acme", "channel": "twitter", "customer_text": texts, "customer_at": at,
                       "reply_text": texts[::-1], "reply_at": at + pd.Timedelta("5min")})  # fmt: skip
    path = write_replies(df, tmp_path / f"out.{suffix}")
    if suffix == "xlsx":  # an Excel cell stores a line break as LF: the one change a spreadsheet makes
        texts = [t.replace("\r\n", "\n") for t in texts]
    back = _read(path)
    for col, expected in (("customer_text", texts), ("reply_text", texts[::-1])):
        assert back[col].fillna("").tolist() == expected  # the kit: exactly (an empty text reads as missing)
    if suffix in ("csv", "tsv"):
        raw = pd.read_csv(path, sep="\t" if suffix == "tsv" else ",", dtype=str, keep_default_na=False)
    elif suffix == "parquet":
        raw = pd.read_parquet(path)
    else:
        raw = pd.read_excel(path, dtype=str, keep_default_na=False)
    assert raw["customer_text"].tolist() == texts and raw["reply_text"].tolist() == texts[::-1]


def test_parquet_keeps_the_findings_as_plain_records(write, good_csv, tmp_path):
    with pytest.warns(DataWarning):
        df = read_replies(write("empty.csv", good_csv.replace("Love the new app!", "")))
    assert df.attrs["findings"]  # a Finding is not JSON: writing must not fail on it
    back = pd.read_parquet(write_replies(df, tmp_path / "out.parquet"))
    assert back.attrs["findings"][0]["code"] == "empty_customer_text" and len(back) == len(df)
