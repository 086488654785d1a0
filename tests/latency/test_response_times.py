"""Response times: the kit's reader + latency module against an independent pandas computation."""

import warnings

import numpy as np
import pandas as pd
import pytest

from helpers.data.errors import DataError
from helpers.data.twcs import read_twcs
from helpers.latency.response_times import BAND_COLUMNS, first_response_times, kaplan_meier, latency_summary


def independent_frt(path):
    """FRT per customer post straight from the raw file: min over brand replies of reply - post time."""
    raw = pd.read_csv(path)
    raw["at"] = pd.to_datetime(raw["created_at"], format="%a %b %d %H:%M:%S %z %Y", utc=True)
    inbound = raw["inbound"].astype(str).str.lower() == "true"
    posts = raw[inbound][["tweet_id", "at"]].rename(columns={"tweet_id": "post", "at": "posted"})
    replies = raw[~inbound].dropna(subset=["in_response_to_tweet_id"])
    replies = replies.assign(post=replies["in_response_to_tweet_id"].astype("int64"))
    pairs = replies.merge(posts, on="post")
    return (pairs["at"] - pairs["posted"]).groupby(pairs["post"]).min()


def test_twcs_head5000_matches_independent_computation(external):
    path = external / "twcs" / "twcs_head5000.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frt = first_response_times(read_twcs(path))
    ours = frt.loc[frt["answered"], "frt"]
    theirs = independent_frt(path)
    assert len(ours) == len(theirs) == 2083
    assert ours.median() == theirs.median() == pd.Timedelta("11min 32s")
    assert ours.quantile(0.9) == theirs.quantile(0.9) == pd.Timedelta("6h 20min 11s")
    within = (ours <= pd.Timedelta("60min")).mean()
    assert within == pytest.approx((theirs <= pd.Timedelta("60min")).mean()) and within == pytest.approx(
        0.7744, abs=1e-4
    )


def canonical(rows):
    df = pd.DataFrame(rows, columns=["post_id", "reply_id", "brand", "channel", "customer_at", "reply_at"])
    df["thread_id"] = df["post_id"]
    for col in ("customer_at", "reply_at"):
        df[col] = pd.to_datetime(df[col], utc=True)
    return df


def test_negative_and_missing_times_are_reported_not_dropped():
    df = canonical(
        [
            ("p1", "r1", "A", "tw", "2024-01-01 10:00", "2024-01-01 09:00"),
            ("p2", "r2", "A", "tw", None, "2024-01-01 11:00"),
            ("p3", "r3", "A", "tw", "2024-01-01 10:00", None),
            ("p4", "r4", "A", "tw", "2024-01-01 10:00", "2024-01-01 10:05"),
        ]
    )
    frt = first_response_times(df).set_index("post_id")
    assert frt["problem"].to_dict() == {
        "p1": "reply timed before its post",
        "p2": "missing customer_at",
        "p3": "reply without reply_at",
        "p4": "",
    }
    summary = latency_summary(df, by="brand").iloc[0]
    assert summary["posts"] == 1 and summary["problems"] == 3


def test_bands_sum_to_one_and_groups_by_derived_columns():
    rng = np.random.default_rng(0)
    n = 500
    posted = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 7 * 1440, n), unit="min")
    lag = pd.to_timedelta(rng.exponential(120, n), unit="min")
    answered = rng.random(n) > 0.1
    df = canonical(
        [
            (f"p{i}", f"r{i}" if a else None, "AB"[i % 2], "tw", p, p + wait if a else None)
            for i, (p, wait, a) in enumerate(zip(posted, lag, answered))
        ]
    )
    for by in ("brand", "weekday", "hour", ["brand", "channel"]):
        s = latency_summary(df, by=by)
        assert np.allclose(s[list(BAND_COLUMNS)].sum(axis=1), 1)
    total = latency_summary(df, by=None).iloc[0]
    assert total["reply_rate"] == pytest.approx(answered.mean())
    with pytest.raises(DataError, match="cannot group by 'team'"):
        latency_summary(df, by="team")


def test_kaplan_meier_median_equals_plain_median_without_censoring():
    df = canonical(
        [
            (f"p{i}", f"r{i}", "A", "tw", "2024-01-01 10:00", f"2024-01-01 10:{m:02d}")
            for i, m in enumerate([1, 2, 5, 9, 30])
        ]
    )
    curve = kaplan_meier(first_response_times(df))
    assert curve.loc[curve["waiting"] <= 0.5, "minutes"].iloc[0] == 5
    assert curve["waiting"].iloc[-1] == 0


def test_timestamps_must_be_parsed():
    df = pd.DataFrame({"post_id": ["p"], "customer_at": ["2024"], "reply_at": ["2024"]})
    with pytest.raises(DataError, match="not a time-zone-aware"):
        first_response_times(df)


def test_cli_latency_prints_the_summary(good_csv, write, tmp_path, capsys):
    from helpers.cli import main

    good_csv = write("replies.csv", good_csv)
    hours = tmp_path / "hours.yaml"
    hours.write_text("default: {timezone: Europe/London, hours: {fri: '09:00-17:00'}}\n")
    assert main(["latency", str(good_csv), "--by", "brand", "--hours", str(hours)]) == 0
    out = capsys.readouterr().out
    assert "Acme" in out and "reply_rate" in out and "50.0%" in out and "business_median_min" in out
