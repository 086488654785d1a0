"""`empathy-kit validate` and `empathy-kit import`."""

import pytest

from helpers import read_replies
from helpers.cli import build_parser, main


def test_help_on_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    listed = capsys.readouterr().out
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = list(sub.choices)
    assert {"validate", "import", "score", "latency", "label-app", "report"} <= set(commands)
    assert all(c in listed for c in commands)
    for command in commands:
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0


def test_validate_good_file(write, good_csv, capsys):
    assert main(["validate", str(write("ok.csv", good_csv))]) == 0
    out = capsys.readouterr().out
    assert "read as a replies table" in out and "unanswered      1" in out
    assert "scoring    ready" in out and "latency    ready" in out


def test_validate_bad_file_exits_2_with_one_paragraph(write, good_csv, capsys):
    bad = good_csv.replace("reply_text", "answer").replace("customer_at", "posted")
    status = main(["validate", str(write("bad.csv", bad))])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("empathy-kit validate: ") and "no analysis can use" in err and err.count("\n") == 1


def test_validate_says_per_analysis_what_is_ready(write, capsys):
    path = write("two.csv", "customer_text,reply_text\nMy order is late,Sorry! Checking now.\n")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "scoring    ready" in out and "latency    NOT READY  no customer_at and no reply_at times" in out
    assert "no post_id column" in out  # the generated ids are said


def test_latency_runs_on_a_file_with_only_the_two_timestamps(write, capsys):
    path = write(
        "times.csv",
        "customer_at,reply_at\n2024-05-01 09:00+00:00,2024-05-01 09:20+00:00\n2024-05-01 10:00+00:00,\n",
    )
    assert main(["latency", str(path), "--by", ""]) == 0
    out = capsys.readouterr().out
    assert "20.0" in out and "50.0%" in out


def test_validate_with_mapping(write, good_csv, capsys):
    path = write("m.csv", good_csv.replace("customer_text", "Message"))
    assert main(["validate", str(path), "--map", "Message=customer_text"]) == 0


def test_validate_strict_fails_on_warnings(write, good_csv, capsys):
    path = write("w.csv", good_csv.replace("Love the new app!", ""))
    assert main(["validate", str(path), "--strict"]) == 1
    assert "warning:" in capsys.readouterr().out


def test_missing_file(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_import_twcs(external, tmp_path, capsys):
    out = tmp_path / "pairs.csv"
    assert main(["import", "twcs", str(external / "twcs" / "twcs_kaggle_sample.csv"), "-o", str(out), "--redact"]) == 0
    df = read_replies(out)
    assert len(df) == 48 and df["reply_id"].notna().sum() == 42
    assert "wrote 48 rows" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "x.csv"],
        ["score", "x.csv", "-o", "s.csv"],
        ["latency", "x.csv"],
        ["label-app", "x.csv"],
        ["fit", "labels.db", "x.csv", "-o", "m.npz"],
    ],
)
def test_every_command_that_reads_an_export_takes_the_same_reading_options(argv):
    options = ["--preset", "intercom", "--tz", "Europe/London", "--sender", "Page=agent", "--default", "brand=A"]
    parsed = build_parser().parse_args([*argv, *options])
    assert parsed.preset == "intercom" and parsed.tz == "Europe/London"
    assert parsed.sender == ["Page=agent"] and parsed.default == ["brand=A"]
