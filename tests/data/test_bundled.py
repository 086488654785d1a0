"""The shipped datasets: structure, honesty markers, privacy, and that the kit's own readers accept them."""

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import read_replies
from helpers.agreement.tables import check_labels

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "helpers" / "data" / "files"
CARDS = ROOT / "datasets"


def test_beauties_and_beasts():
    cases = pd.read_csv(DATA / "beauties_and_beasts.csv")
    assert len(cases) >= 16 and cases["case_id"].is_unique
    assert set(cases["verdict"]) == {"beauty", "beast", "near miss"}
    recon = cases[cases["reconstruction"] == "yes"]
    for brand in ("Domino's", "JetBlue", "Pigalle Boston", "British Airways"):
        assert brand in set(recon["brand"])
    assert {"Missing parcel, scenario A", "Missing parcel, scenario B"} <= set(recon["title"])
    at = pd.to_datetime(cases["customer_at"], utc=True)
    assert (pd.to_datetime(cases["reply_at"], utc=True) > at).all()
    assert cases["why"].str.len().min() > 30 and cases["channel"].nunique() >= 5


def test_workshop_replies_pass_the_kits_own_validation():
    df = read_replies(DATA / "workshop_replies.csv")
    replies = df["reply_id"].notna()
    assert replies.sum() >= 200 and df["brand"].nunique() >= 6 and df["channel"].nunique() >= 3
    unanswered = df.drop_duplicates("post_id")["reply_id"].isna().mean()
    assert 0.05 <= unanswered <= 0.15
    assert (df.loc[replies, "reply_at"] > df.loc[replies, "customer_at"]).all()
    assert df.groupby("thread_id")["reply_id"].count().max() >= 2  # follow-ups exist


@pytest.mark.parametrize("name", ["beauties_and_beasts.csv", "workshop_replies.csv"])
def test_no_real_contact_details(name):
    text = (DATA / name).read_text()
    assert not re.search(r"[\w.]+@[\w-]+\.(?:com|org|net|co\.uk)", text)
    assert not re.search(r"\b0\d{3}[ -]?\d{3}[ -]?\d{4}\b|\+\d{2} ?\d{3}", text)


def test_example_labels():
    labels = check_labels(pd.read_csv(DATA / "example_labels.csv"))
    assert labels["rater"].nunique() >= 3 and labels["item"].nunique() >= 40
    workshop = pd.read_csv(DATA / "workshop_replies.csv")
    assert set(labels["item"]) <= set(workshop["reply_id"].dropna())


def test_every_data_file_has_a_format_line():
    cards = "".join(
        p.read_text() for p in (CARDS / "README.md", CARDS / "reference_tables.md", CARDS / "dev" / "README.md")
    )
    files = [p.name for p in [*DATA.glob("*.csv"), *(CARDS / "dev").glob("*.csv")]]
    assert len(files) >= 6
    for name in files:
        assert re.search(rf"FORMAT: {re.escape(name)} —", cards), name
    assert "simulated" in (CARDS / "README.md").read_text().lower()
