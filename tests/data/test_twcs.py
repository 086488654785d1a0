"""The twcs reader: pairs and first-response times checked against an independent computation."""

import warnings

import numpy as np
import pandas as pd
import pytest

from helpers.data.errors import DataError
from helpers.data.twcs import parse_twitter_dates, read_twcs
from helpers.data.validate import DataWarning

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def _read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_twcs(path, **kw)


def _independent_frt(path):
    """Plain pandas, no kit code: earliest brand reply per customer post."""
    d = pd.read_csv(path)
    d["at"] = pd.to_datetime(d["created_at"], format="%a %b %d %H:%M:%S %z %Y", utc=True)
    d["inbound"] = d["inbound"].astype(str).str.lower() == "true"
    posts = d[d["inbound"]].set_index("tweet_id")["at"]
    replies = d[~d["inbound"] & d["in_response_to_tweet_id"].isin(posts.index)]
    post = replies["in_response_to_tweet_id"].astype("int64")
    frt = pd.Series(replies["at"].to_numpy() - posts.loc[post].to_numpy(), index=post.to_numpy())
    return len(replies), frt.groupby(level=0).min()


@pytest.mark.parametrize("name", ["twcs_head5000.csv", "twcs_kaggle_sample.csv"])
def test_pairs_and_first_response_times_match_an_independent_computation(external, name):
    path = external / "twcs" / name
    df = _read(path)
    n_replies, expected = _independent_frt(path)
    answered = df[df["reply_id"].notna()]
    assert len(answered) == n_replies
    frt = (answered["reply_at"] - answered["customer_at"]).groupby(answered["post_id"]).min()
    pd.testing.assert_series_equal(
        frt.sort_index(), expected.sort_index(), check_names=False, check_index_type=False, check_dtype=False
    )


def test_head5000_figures(external):
    df = _read(external / "twcs" / "twcs_head5000.csv")
    a = df[df["reply_id"].notna()]
    frt = (a["reply_at"] - a["customer_at"]).groupby(a["post_id"]).min()
    assert len(a) == 2188 and len(frt) == 2083 and df["brand"].nunique() == 76
    assert frt.median() == pd.Timedelta("11min 32s")
    assert frt.quantile(0.9) == pd.Timedelta("6h 20min 11s")
    assert (frt <= pd.Timedelta("60min")).mean() == pytest.approx(0.7744, abs=5e-4)
    info = df.attrs["twcs"]
    assert info["posts_with_unknown_status"] == 94 and info["unanswered_posts"] == len(df) - len(a)


def test_extract_warns_about_posts_of_unknown_status(external):
    with pytest.warns(DataWarning, match=r"94 customer posts list responses that are not in this file"):
        read_twcs(external / "twcs" / "twcs_head5000.csv")


def _tiny(write, inbound=("True", "False", "True", "False")):
    rows = [
        f"1,111,{inbound[0]},Tue Oct 31 22:00:00 +0000 2017,@AcmeCare my order never arrived,2,",
        f"2,AcmeCare,{inbound[1]},Tue Oct 31 22:12:00 +0000 2017,@111 So sorry! Sending a new one now ^JS,3,1.0",
        f"3,111,{inbound[2]},Tue Oct 31 22:20:00 +0000 2017,@AcmeCare thanks,,2.0",
        f"4,AcmeCare,{inbound[3]},Tue Oct 31 23:00:00 +0000 2017,@111 Any time -KevinM https://t.co/x,,3",
        "5,222,True,Wed Nov 01 08:00:00 +0000 2017,@acmecare is the app down?,,",
    ]
    return write("twcs.csv", HEADER + "\n".join(rows) + "\n")


def test_threads_agents_unanswered_and_brand_of_unanswered(write):
    df = read_twcs(_tiny(write))
    assert df["post_id"].tolist() == [1, 3, 5]
    assert df["thread_id"].tolist() == [1, 1, 5]
    assert df["agent"].tolist()[:2] == ["JS", "KevinM"]
    last = df.iloc[2]
    assert pd.isna(last["reply_id"]) and pd.isna(last["reply_at"]) and last["brand"] == "AcmeCare"
    assert df["thread_start"].tolist() == [True, False, True]
    assert df.loc[0, "reply_at"] - df.loc[0, "customer_at"] == pd.Timedelta("12min")


def test_upper_case_booleans_and_leading_index_column(write):
    path = _tiny(write, inbound=("TRUE", "FALSE", "TRUE", "FALSE"))
    lines = path.read_text().splitlines()
    indexed = [("," + lines[0])] + [f"{i},{line}" for i, line in enumerate(lines[1:])]
    path.write_text("\n".join(indexed) + "\n")
    assert len(read_twcs(path)) == 3


def test_bad_inbound_values_are_named(write):
    with pytest.raises(DataError, match=r"column 'inbound', row 3: inbound must be True or False, found \['yes'\]"):
        read_twcs(_tiny(write, inbound=("True", "yes", "True", "False")))


def test_bad_dates_are_named(write):
    path = _tiny(write)
    path.write_text(path.read_text().replace("Tue Oct 31 22:20:00 +0000 2017", "31.10.2017 22:20"))
    with pytest.raises(
        DataError, match=r"column 'created_at', row 4: 1 date\(s\) could not be read.*re-saved by a spreadsheet"
    ):
        read_twcs(path)


def test_missing_twcs_column(write):
    path = write("t.csv", HEADER.replace("in_response_to_tweet_id", "in_response_to_tweetid") + "1,a,True,x,y,,\n")
    with pytest.raises(
        DataError,
        match=r"column 'in_response_to_tweet_id': missing column \(did you mean 'in_response_to_tweetid'\?\). "
        r"Fix: rename 'in_response_to_tweetid' to",
    ):
        read_twcs(path)


def test_duplicate_tweet_ids(write):
    path = _tiny(write)
    path.write_text(path.read_text() + "5,222,True,Wed Nov 01 08:00:00 +0000 2017,again,,\n")
    with pytest.raises(DataError, match=r"column 'tweet_id', rows 6, 7: 1 tweet ids appear more than once, e.g. 5"):
        read_twcs(path)


def test_non_numeric_ids(write):
    path = _tiny(write)
    path.write_text(path.read_text().replace("\n3,111", "\nabc,111"))
    with pytest.raises(DataError, match=r"column 'tweet_id', row 4: tweet ids must be whole numbers, found \['abc'\]"):
        read_twcs(path)


def test_date_parser_handles_offsets_and_agrees_with_pandas():
    rng = np.random.default_rng(0)
    stamps = pd.to_datetime(rng.integers(1_300_000_000, 1_700_000_000, 500), unit="s", utc=True)
    text = pd.Series(stamps.strftime("%a %b %d %H:%M:%S +0000 %Y"))
    assert parse_twitter_dates(text).tolist() == list(stamps)
    assert parse_twitter_dates(pd.Series(["Sun Mar 26 01:30:00 -0500 2017"]))[0] == pd.Timestamp(
        "2017-03-26 06:30", tz="UTC"
    )


def test_redact(write):
    path = _tiny(write)
    path.write_text(path.read_text().replace("my order never arrived", "order 112-1234567-1234567 never arrived"))
    df = read_twcs(path, redact=True)
    assert df.loc[0, "customer_text"] == "@AcmeCare order [ORDER] never arrived"
