"""Read the public Kaggle "Customer Support on Twitter" file (twcs.csv) as a replies table.

The file holds tweets, not conversations: each tweet says which tweet it answers
(``in_response_to_tweet_id``) and which tweets answer it (``response_tweet_id``, a
comma-separated list). :func:`read_twcs` rebuilds one row per brand reply to a customer post,
and keeps customer posts that no brand answered with empty ``reply_*`` cells.

Definitions
-----------
- customer post: a tweet with ``inbound`` true.
- brand reply: a tweet with ``inbound`` false whose ``in_response_to_tweet_id`` is a customer post.
- first response time of a post: the time from the post to the brand's earliest reply to it.
- unanswered: no brand reply to the post, and every tweet listed in its ``response_tweet_id`` is in
  the file (so none of them can be a brand reply). Posts whose listed responses are missing from
  the file (an extract cut from the full data) have an unknown status: they are left out, counted
  in a :class:`~helpers.validate.DataWarning` and in ``df.attrs["twcs"]``.
- thread: the root tweet reached by following ``in_response_to_tweet_id`` within the file.

Source: Thought Vector, "Customer Support on Twitter", Kaggle 2017, CC BY-NC-SA 4.0.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.errors import DataError
from helpers.redact import redact_series
from helpers.validate import DataWarning, check_columns

__all__ = ["read_twcs", "parse_twitter_dates", "TWCS_COLUMNS"]

TWCS_COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text",
                "response_tweet_id", "in_response_to_tweet_id")
TWITTER_DATE = "%a %b %d %H:%M:%S %z %Y"
_MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}
# agent sign-offs at the end of a brand tweet, before any link: "^JS", "-KevinM", "*TJ", "~Ana"
_SIGNOFF = re.compile(r"(?:\^|\*|~| -|^-)\s?([A-Z][A-Za-z]{1,14})\s*(?:https?://\S+\s*)*$")


def parse_twitter_dates(values, *, file=None, column="created_at") -> pd.Series:
    """Parse Twitter's ``Tue Oct 31 22:10:47 +0000 2017`` dates to UTC, fast.

    Fixed-width fields are read straight from the bytes with NumPy; rows in any other layout
    fall back to :func:`pandas.to_datetime`, and rows that still fail raise a DataError naming them.

    >>> parse_twitter_dates(pd.Series(["Tue Oct 31 22:10:47 +0000 2017", "Wed Nov 01 01:30:00 +0200 2017"])).tolist()
    [Timestamp('2017-10-31 22:10:47+0000', tz='UTC'), Timestamp('2017-10-31 23:30:00+0000', tz='UTC')]
    """
    values = pd.Series(values)
    n = len(values)
    text = values.fillna("").astype(str).to_numpy()
    raw = text.astype("S30")
    lengths = np.char.str_len(text.astype("U31")) if n < 1000 else None
    u8 = np.frombuffer(raw.tobytes(), dtype=np.uint8).reshape(n, 30).astype(np.int64) if n else \
        np.zeros((0, 30), dtype=np.int64)

    def num(a, b):
        out = np.zeros(n, dtype=np.int64)
        for k in range(a, b):
            out = out * 10 + (u8[:, k] - 48)
        return out

    digits_ok = np.ones(n, dtype=bool)
    for a, b in ((8, 10), (11, 13), (14, 16), (17, 19), (21, 25), (26, 30)):
        block = u8[:, a:b]
        digits_ok &= ((block >= 48) & (block <= 57)).all(axis=1)
    month_code = u8[:, 4] * 65536 + u8[:, 5] * 256 + u8[:, 6]
    month = np.zeros(n, dtype=np.int64)
    for name, number in _MONTHS.items():
        b = name.encode()
        month[month_code == b[0] * 65536 + b[1] * 256 + b[2]] = number
    layout_ok = digits_ok & (month > 0) & (u8[:, 3] == 32) & (u8[:, 19] == 32) & \
        np.isin(u8[:, 20], (43, 45)) & (u8[:, 13] == 58) & (u8[:, 16] == 58)
    if lengths is not None:
        layout_ok &= lengths == 30
    else:
        layout_ok &= np.char.str_len(raw) == 30
        layout_ok &= np.array([len(t) == 30 for t in text]) if n < 0 else True
    year, day = num(26, 30), num(8, 10)
    hour, minute, second = num(11, 13), num(14, 16), num(17, 19)
    off = num(21, 23) * 60 + num(23, 25)
    off = np.where(u8[:, 20] == 45, -off, off)
    days = _days_from_civil(year, month, day)
    seconds = days * 86400 + hour * 3600 + minute * 60 + second - off * 60
    valid = layout_ok & (day >= 1) & (day <= 31) & (hour < 24) & (minute < 60) & (second < 61)
    stamps = np.where(valid, seconds, 0).astype("datetime64[s]").astype("datetime64[ns]")
    result = pd.Series(pd.DatetimeIndex(stamps).tz_localize("UTC"), index=values.index)
    result[~valid] = pd.NaT
    todo = ~valid & (pd.Series(text, index=values.index).str.strip() != "").to_numpy()
    if todo.any():
        fallback = pd.to_datetime(values[todo], format=TWITTER_DATE, errors="coerce", utc=True)
        still = fallback.isna()
        if still.any():
            fallback2 = pd.to_datetime(values[todo][still], format="ISO8601", errors="coerce", utc=True)
            fallback[still] = fallback2
        bad = fallback.isna()
        if bad.any():
            positions = np.flatnonzero(todo)[bad.to_numpy()]
            raise DataError(f"{len(positions)} date(s) could not be read, e.g. {values[todo][bad].head(3).tolist()}",
                            file=file, column=column, rows=positions,
                            fix="twcs dates look like 'Tue Oct 31 22:10:47 +0000 2017'; "
                                "check that the file was not re-saved by a spreadsheet")
        result[todo] = fallback
    return result


def _days_from_civil(y, m, d):
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _bools(values: pd.Series, file) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=bool)
    lowered = values.astype("string").str.strip().str.lower()
    mapped = lowered.map({"true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False})
    bad = mapped.isna()
    if bad.any():
        raise DataError(f"inbound must be True or False, found {lowered[bad].head(3).tolist()}", file=file,
                        column="inbound", rows=np.flatnonzero(bad.to_numpy()),
                        fix="fill inbound with True for customer tweets and False for brand tweets")
    return mapped.to_numpy(dtype=bool)


def _ids(values: pd.Series, file, column, required: bool) -> np.ndarray:
    """Tweet ids as int64 (-1 for empty); accepts ints, floats written by pandas ('3.0'), strings."""
    if pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any():
        return values.to_numpy(dtype=np.int64)
    numeric = pd.to_numeric(values, errors="coerce")
    bad = numeric.isna() & values.notna() & (values.astype("string").str.strip() != "")
    bad |= (numeric.notna() & (numeric != np.floor(numeric.fillna(0)))).fillna(False)
    if required:
        bad |= values.isna()
    if bad.any():
        raise DataError(f"tweet ids must be whole numbers, found {values[bad].head(3).tolist()}", file=file,
                        column=column, rows=np.flatnonzero(bad.to_numpy()),
                        fix="check that the column holds tweet ids and was not re-formatted by a spreadsheet")
    return numeric.fillna(-1).to_numpy(dtype=np.int64)


def _read_raw(path: Path) -> pd.DataFrame:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        raise DataError("this is not a CSV file", file=str(path), fix="pass twcs.csv as downloaded from Kaggle")
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip().split(",")
    check_columns(first, TWCS_COLUMNS, file=str(path), mapping_hint=False)
    dtypes = {"author_id": "string", "created_at": "string", "text": "string",
              "response_tweet_id": "string", "inbound": "string"}
    try:
        return pd.read_csv(path, usecols=list(TWCS_COLUMNS), dtype=dtypes, encoding="utf-8-sig",
                           keep_default_na=False, na_values=[""], engine="c")
    except UnicodeDecodeError as err:
        raise DataError(f"not UTF-8 ({err.reason} at byte {err.start})", file=str(path),
                        fix="twcs.csv is UTF-8 as downloaded; re-download it rather than re-saving it") from None
    except pd.errors.ParserError as err:
        raise DataError(f"the rows do not line up ({err})", file=str(path),
                        fix="re-download twcs.csv; a spreadsheet may have broken multi-line tweets") from None


def read_twcs(path, *, redact: bool = False, agents: bool = True) -> pd.DataFrame:
    """Rebuild customer post -> brand reply pairs from a twcs.csv file.

    Parameters
    ----------
    path : str or Path
        twcs.csv as downloaded, or a re-saved extract (a leading index column, ids written as
        floats like ``3.0`` and ``TRUE``/``FALSE`` are all fine).
    redact : bool
        Mask e-mail addresses, phone, card and order numbers in both texts.
    agents : bool
        Read the agent from the reply's sign-off (``^JS``, ``-KevinM``, ``*TJ``) into ``agent``.

    Returns
    -------
    DataFrame
        The canonical replies table, one row per brand reply (and per unanswered post), with
        ``channel == "twitter"``, integer tweet ids, and an extra column ``thread_start`` (the
        post opens its thread). ``df.attrs["twcs"]`` counts tweets, posts, replies and the posts
        left out because their status is unknown.
    """
    file = str(path)
    raw = _read_raw(Path(path))
    n = len(raw)
    tweet = _ids(raw["tweet_id"], file, "tweet_id", required=True)
    parent = _ids(raw["in_response_to_tweet_id"], file, "in_response_to_tweet_id", required=False)
    inbound = _bools(raw["inbound"], file)
    at = parse_twitter_dates(raw["created_at"], file=file)
    author = raw["author_id"].to_numpy(dtype=object)

    order = np.argsort(tweet, kind="stable")
    sorted_ids = tweet[order]
    dup = sorted_ids[1:] == sorted_ids[:-1]
    if dup.any():
        rows = np.sort(order[1:][dup])
        raise DataError(f"{int(dup.sum())} tweet ids appear twice, e.g. {int(sorted_ids[1:][dup][0])}", file=file,
                        column="tweet_id", rows=rows, fix="remove the duplicated rows (the file was appended to twice?)")

    def lookup(ids):
        """Row position of each id in the file, -1 where it is not in the file."""
        pos = np.searchsorted(sorted_ids, ids)
        pos = np.clip(pos, 0, max(n - 1, 0))
        found = (ids >= 0) & (sorted_ids[pos] == ids) if n else np.zeros(len(ids), bool)
        return np.where(found, order[pos], -1)

    parent_row = lookup(parent)
    is_reply = ~inbound & (parent_row >= 0)
    is_reply[is_reply] = inbound[parent_row[is_reply]]
    reply_rows = np.flatnonzero(is_reply)
    post_rows = parent_row[reply_rows]

    thread_row = _roots(parent_row)
    answered = np.zeros(n, dtype=bool)
    answered[post_rows] = True
    lonely = np.flatnonzero(inbound & ~answered)
    known = _responses_all_in_file(raw["response_tweet_id"], lonely, lookup)
    unanswered_rows, unknown_rows = lonely[known], lonely[~known]

    brand_of_post = _brand_for_unanswered(raw, unanswered_rows, parent_row, inbound, author)
    rows_post = np.concatenate([post_rows, unanswered_rows])
    k = len(reply_rows)
    text = raw["text"]
    out = pd.DataFrame({
        "post_id": tweet[rows_post],
        "reply_id": pd.array(np.concatenate([tweet[reply_rows], np.zeros(len(unanswered_rows), np.int64)]),
                             dtype="Int64"),
        "thread_id": tweet[thread_row[rows_post]],
        "brand": pd.array(np.concatenate([author[reply_rows], brand_of_post]), dtype="string"),
        "channel": "twitter",
        "customer_text": text.to_numpy()[rows_post],
        "customer_at": at.to_numpy()[rows_post],
        "reply_text": pd.array(np.concatenate([text.to_numpy()[reply_rows],
                                               np.full(len(unanswered_rows), pd.NA, object)]), dtype="string"),
        "reply_at": np.concatenate([at.to_numpy()[reply_rows],
                                    np.full(len(unanswered_rows), np.datetime64("NaT"), "datetime64[ns]")]),
        "customer_id": pd.array(author[rows_post], dtype="string"),
        "thread_start": parent[rows_post] < 0,
    })
    out.loc[k:, "reply_id"] = pd.NA
    out["customer_at"] = pd.to_datetime(out["customer_at"], utc=True)
    out["reply_at"] = pd.to_datetime(out["reply_at"], utc=True)
    out["customer_text"] = out["customer_text"].astype("string")
    if agents:
        out.insert(9, "agent", _agents(out["reply_text"]))
    if redact:
        out["customer_text"] = redact_series(out["customer_text"])
        out["reply_text"] = redact_series(out["reply_text"])
    out = out.sort_values(["customer_at", "post_id", "reply_at"], kind="stable", ignore_index=True)
    out.attrs["twcs"] = {"file": file, "tweets": n, "customer_posts": int(inbound.sum()),
                         "brand_replies": int(k), "unanswered_posts": int(len(unanswered_rows)),
                         "posts_with_unknown_status": int(len(unknown_rows))}
    if len(unknown_rows):
        warnings.warn(
            f"{file}: {len(unknown_rows)} customer posts list responses that are not in this file, so "
            "whether a brand answered them is unknown; they are left out of the table (see df.attrs['twcs']). "
            "Read the full twcs.csv to include them.", DataWarning, stacklevel=2)
    return out


def _roots(parent_row: np.ndarray) -> np.ndarray:
    """Root row of each tweet's chain of in_response_to links within the file (pointer jumping)."""
    n = len(parent_row)
    root = np.where(parent_row >= 0, parent_row, np.arange(n))
    for _ in range(64):  # doubling: 2**64 links is more than any thread
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    return root


def _responses_all_in_file(responses: pd.Series, rows: np.ndarray, lookup) -> np.ndarray:
    """For each of ``rows``: are all tweets listed in response_tweet_id present in the file?"""
    listed = responses.iloc[rows]
    has = listed.notna().to_numpy()
    ok = np.ones(len(rows), dtype=bool)
    if not has.any():
        return ok
    exploded = listed[has].str.split(",").explode()
    ids = pd.to_numeric(exploded.str.strip(), errors="coerce").fillna(-1).to_numpy(dtype=np.int64)
    present = lookup(ids) >= 0
    all_present = pd.Series(present, index=exploded.index).groupby(level=0).all()
    ok[has] = all_present.reindex(listed[has].index).to_numpy()
    return ok


def _brand_for_unanswered(raw, rows, parent_row, inbound, author) -> np.ndarray:
    """The brand an unanswered post was addressed to: the brand tweet it answers, else its first @brand."""
    brands = np.full(len(rows), None, dtype=object)
    p = parent_row[rows]
    from_parent = (p >= 0)
    from_parent[from_parent] = ~inbound[p[from_parent]]
    brands[from_parent] = author[p[from_parent]]
    known = {str(a).lower(): str(a) for a in pd.unique(author[~inbound])}
    rest = np.flatnonzero(~from_parent)
    if len(rest) and known:
        mentions = raw["text"].iloc[rows[rest]].str.findall(r"@(\w+)")
        brands[rest] = [next((known[m.lower()] for m in ms if m.lower() in known), None)
                        if isinstance(ms, list) else None for ms in mentions]
    return brands


def _agents(replies: pd.Series) -> pd.Series:
    uniques = replies.dropna().unique()
    found = {}
    for t in uniques:
        m = _SIGNOFF.search(t)
        if m:
            found[t] = m.group(1)
    return replies.map(found).astype("string")
