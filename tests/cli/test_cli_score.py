"""`empathy-kit score` end to end."""

import pandas as pd

from helpers.cli import main
from helpers.scoring.scorer import SCORE_COLUMNS


def test_score_writes_input_columns_then_scores(write, tmp_path, capsys):
    src = write(
        "in.csv",
        "id,Message,reply_text\n"
        '1,My order never arrived,"Sorry for any inconvenience, please DM us"\n'
        '2,Love it!,"=HYPERLINK(""x"")"\n',
    )
    out = tmp_path / "out.csv"
    assert main(["score", str(src), "-o", str(out), "--map", "Message=customer_text"]) == 0
    scored = pd.read_csv(out, keep_default_na=False)
    assert list(scored.columns) == ["id", "customer_text", "reply_text", *SCORE_COLUMNS]
    assert float(scored.loc[0, "apologize"]) == 1.0
    assert scored.loc[1, "reply_text"] == '=HYPERLINK("x")'  # exactly as it was: CSV is for analysis
    assert "scored 2 replies" in capsys.readouterr().out


def test_score_names_the_missing_column(write, tmp_path, capsys):
    src = write("in.csv", "id,text\n1,hello\n")
    assert main(["score", str(src), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "no 'reply_text' column" in err and "--map" in err and "in.csv" in err


def test_score_needs_only_the_replies(write, tmp_path, capsys):
    src = write("in.csv", "reply_text\nSo sorry about that! I've refunded it today.\n")
    assert main(["score", str(src), "-o", str(tmp_path / "o.parquet"), "--mode", "fast"]) == 0
    captured = capsys.readouterr()
    assert "scored 1 replies" in captured.out and "no customer_text column" in captured.err
    assert pd.read_parquet(tmp_path / "o.parquet")["acknowledge"].notna().all()


def test_score_with_a_team_rubric(write, tmp_path):
    rubric = write(
        "team.yaml", "id: team\nversion: '2'\ndimensions:\n  - {id: act, question: q, levels: {0: a, 1: b, 2: c}}\n"
    )
    # act 2 (since scorer 2.3.0 a bare "I've refunded you today" is act 1)
    reply = "I've refunded your order today, the money will be back in 3 days."
    src = write("in.csv", f'customer_text,reply_text\nMy order never arrived,"{reply}"\n')
    out = tmp_path / "o.parquet"
    assert main(["score", str(src), "-o", str(out), "--rubric", str(rubric)]) == 0
    assert pd.read_parquet(out)["empathy_index"].tolist() == [100.0]
