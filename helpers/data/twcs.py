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
  in a :class:`~helpers.data.validate.DataWarning` and in ``df.attrs["twcs"]``.
- thread: the root tweet reached by following ``in_response_to_tweet_id`` within the file.

Source: Thought Vector, "Customer Support on Twitter", Kaggle 2017, CC BY-NC-SA 4.0.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from helpers.data.errors import DataError
from helpers.data.redaction import redact_series
from helpers.data.validate import DataWarning, check_columns
from helpers.text import SIGNOFF_PATTERN, signoff_name

__all__ = ["read_twcs", "parse_twitter_dates", "TWCS_COLUMNS"]

TWCS_COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
TWITTER_DATE = "%a %b %d %H:%M:%S %z %Y"
_MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}


def parse_twitter_dates(values, *, file=None, column="created_at") -> pd.Series:
    """Parse Twitter's ``Tue Oct 31 22:10:47 +0000 2017`` dates to UTC, fast.

    Fixed-width fields are read straight from the bytes with NumPy; rows in any other layout
    fall back to :func:`pandas.to_datetime`, and rows that still fail raise a DataError naming them.

    >>> parse_twitter_dates(pd.Series(["Tue Oct 31 22:10:47 +0000 2017", "Wed Nov 01 01:30:00 +0200 2017"])).tolist()
    [Timestamp('2017-10-31 22:10:47+0000', tz='UTC'), Timestamp('2017-10-31 23:30:00+0000', tz='UTC')]
    """
    values = pd.Series(values)
    text = values.fillna("").astype(str)
    n = len(text)
    fixed = (text.str.len() == 30).to_numpy()
    raw = text.to_numpy().astype("S30")
    u8 = np.frombuffer(raw.tobytes(), dtype=np.uint8).reshape(n, 30) if n else np.zeros((0, 30), np.uint8)
    seconds, valid = _fields_to_seconds(u8)
    valid &= fixed
    stamps = np.where(valid, seconds, 0).astype("datetime64[s]").astype("datetime64[ns]")
    result = pd.Series(pd.DatetimeIndex(stamps).tz_localize("UTC"), index=values.index)
    result[~valid] = pd.NaT
    todo = ~valid & (text.str.strip() != "").to_numpy()
    if todo.any():
        fallback = pd.to_datetime(values[todo], format=TWITTER_DATE, errors="coerce", utc=True)
        still = fallback.isna()
        if still.any():
            fallback[still] = pd.to_datetime(values[todo][still], format="ISO8601", errors="coerce", utc=True)
        bad = fallback.isna()
        if bad.any():
            positions = np.flatnonzero(todo)[bad.to_numpy()]
            raise DataError(
                f"{len(positions)} date(s) could not be read, e.g. {values[todo][bad].head(3).tolist()}",
                file=file,
                column=column,
                rows=positions,
                fix="twcs dates look like 'Tue Oct 31 22:10:47 +0000 2017'; "
                "check that the file was not re-saved by a spreadsheet",
            )
        result[todo] = fallback
    return result


def _fields_to_seconds(u8: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Seconds since 1970 (UTC) and a validity mask from an (n, 30) byte matrix of Twitter dates."""
    n = len(u8)
    valid = np.ones(n, dtype=bool)
    u8 = np.ascontiguousarray(u8.T)  # one pass over memory; each field is then a contiguous row

    def num(*positions):
        out = np.zeros(n, dtype=np.int64)
        for k in positions:
            d = u8[k] - np.uint8(48)  # wraps below '0', so one comparison checks both bounds
            valid[:] &= d <= 9
            out *= 10
            out += d
        return out

    day, hour, minute, second = num(8, 9), num(11, 12), num(14, 15), num(17, 18)
    off, year = num(21, 22) * 60 + num(23, 24), num(26, 27, 28, 29)
    code = (u8[4].astype(np.int32) << 16) | (u8[5].astype(np.int32) << 8) | u8[6]
    month = np.zeros(n, dtype=np.int64)
    for name, number in _MONTHS.items():
        b = name.encode()
        month[code == (b[0] << 16 | b[1] << 8 | b[2])] = number
    sign = u8[20]
    valid &= (
        (month > 0) & (u8[3] == 32) & (u8[19] == 32) & ((sign == 43) | (sign == 45)) & (u8[13] == 58) & (u8[16] == 58)
    )
    off = np.where(sign == 45, -off, off)
    valid &= (day >= 1) & (day <= 31) & (hour < 24) & (minute < 60) & (second < 61)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - off * 60
    return seconds, valid


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
        raise DataError(
            f"inbound must be True or False, found {lowered[bad].head(3).tolist()}",
            file=file,
            column="inbound",
            rows=np.flatnonzero(bad.to_numpy()),
            fix="fill inbound with True for customer tweets and False for brand tweets",
        )
    return mapped.to_numpy(dtype=bool)


def _ids(values, file, column, required: bool) -> np.ndarray:
    """Tweet ids as int64 (-1 for empty); accepts ints, floats written by pandas ('3.0'), strings."""
    if isinstance(values, pa.ChunkedArray):
        if pa.types.is_integer(values.type):
            if values.null_count == 0:
                return values.to_numpy().astype(np.int64, copy=False)
            if not required:
                return pc.fill_null(values, -1).to_numpy().astype(np.int64, copy=False)
        values = values.to_pandas()
    numeric = pd.to_numeric(values, errors="coerce")
    bad = numeric.isna() & values.notna() & (values.astype("string").str.strip() != "").fillna(False)
    bad |= (numeric.notna() & (numeric != np.floor(numeric.fillna(0)))).fillna(False)
    if required:
        bad |= values.isna()
    if bad.any():
        raise DataError(
            f"tweet ids must be whole numbers, found {values[bad].head(3).tolist()}",
            file=file,
            column=column,
            rows=np.flatnonzero(bad.to_numpy()),
            fix="check that the column holds tweet ids and was not re-formatted by a spreadsheet",
        )
    return numeric.fillna(-1).to_numpy(dtype=np.int64)


def _read_raw(path: Path) -> pa.Table:
    """Read the seven twcs columns with Arrow's multi-threaded CSV reader (texts stay in Arrow)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        raise DataError("this is not a CSV file", file=str(path), fix="pass twcs.csv as downloaded from Kaggle")
    first = next(csv.reader([head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")]))
    check_columns([c.strip() for c in first], TWCS_COLUMNS, file=str(path), mapping_hint=False)
    text_cols = ("author_id", "inbound", "created_at", "text", "response_tweet_id")
    try:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(TWCS_COLUMNS),
                column_types={c: pa.string() for c in text_cols},
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as err:
        detail = " ".join(str(err).split())
        fix = (
            "twcs.csv is UTF-8 as downloaded; re-download it rather than re-saving it"
            if "UTF8" in detail
            else "re-download twcs.csv; a spreadsheet may have broken multi-line tweets"
        )
        raise DataError(f"cannot be read as twcs CSV ({detail[:300]})", file=str(path), fix=fix) from None


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
        post opens its thread), sorted by post time. ``df.attrs["twcs"]`` counts tweets, posts,
        replies and the posts left out because their status is unknown.

    Raises
    ------
    DataError
        A twcs column is missing, the file is not a CSV or cannot be parsed, tweet ids are not
        whole numbers or repeat, ``inbound`` is not true/false, or a date cannot be read.

    Warns
    -----
    DataWarning
        When customer posts are left out because their listed responses are not in the file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "twcs.csv"
    >>> _ = path.write_text(
    ...     "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\\n"
    ...     "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@AcmeHelp my parcel is late,2,\\n"
    ...     "2,AcmeHelp,False,Tue Oct 31 22:25:47 +0000 2017,@115712 Sorry! Let us check. ^JS,,1\\n"
    ...     "3,115713,True,Tue Oct 31 23:00:00 +0000 2017,@AcmeHelp hello?,,\\n")
    >>> df = read_twcs(path)
    >>> df[["post_id", "brand", "agent"]].iloc[0].to_dict()
    {'post_id': 1, 'brand': 'AcmeHelp', 'agent': 'JS'}
    >>> df["reply_id"].isna().tolist(), str(df.loc[0, "reply_at"] - df.loc[0, "customer_at"])
    ([False, True], '0 days 00:15:00')
    >>> {k: v for k, v in df.attrs["twcs"].items() if k != "file"}
    {'tweets': 3, 'customer_posts': 2, 'brand_replies': 1, 'unanswered_posts': 1, 'posts_with_unknown_status': 0}
    """
    file = str(path)
    raw = _read_raw(Path(path))
    n = raw.num_rows
    tweet = _ids(raw["tweet_id"], file, "tweet_id", required=True)
    parent = _ids(raw["in_response_to_tweet_id"], file, "in_response_to_tweet_id", required=False)
    inbound = _arrow_bools(raw["inbound"], file)
    at = _twitter_seconds(raw["created_at"], file)  # int64 seconds since 1970, UTC
    author = raw["author_id"].combine_chunks()
    texts = raw["text"].combine_chunks()  # one contiguous array: random take is much faster

    lookup = _index(tweet, file)

    parent_row = lookup(parent)
    is_reply = ~inbound & (parent_row >= 0)
    is_reply[is_reply] = inbound[parent_row[is_reply]]
    reply_rows = np.flatnonzero(is_reply)
    post_rows = parent_row[reply_rows]

    answered = np.zeros(n, dtype=bool)
    answered[post_rows] = True
    lonely = np.flatnonzero(inbound & ~answered)
    known = _responses_all_in_file(raw["response_tweet_id"], lonely, lookup)
    unanswered_rows, unknown_rows = lonely[known], lonely[~known]

    # one output row per reply, then per unanswered post; -1 marks "no reply"
    rows_post = np.concatenate([post_rows, unanswered_rows])
    rows_reply = np.concatenate([reply_rows, np.full(len(unanswered_rows), -1)])
    has_reply = rows_reply >= 0
    reply_at = np.where(has_reply, at[rows_reply], np.iinfo(np.int64).max)
    final = _order_by(at[rows_post], tweet[rows_post], reply_at)
    rows_post, rows_reply, has_reply = rows_post[final], rows_reply[final], has_reply[final]

    thread_row = _roots(parent_row)
    brand = _take(author, rows_reply)
    lonely_out = np.flatnonzero(~has_reply)
    if len(lonely_out):
        guess = _brand_for_unanswered(texts, rows_post[lonely_out], parent_row, inbound, author)
        brand = brand.copy()
        brand[lonely_out] = guess
    reply_text = _take(texts, rows_reply)
    out = pd.DataFrame(
        {
            "post_id": tweet[rows_post],
            "reply_id": pd.array(np.where(has_reply, tweet[rows_reply], 0), dtype="Int64"),
            "thread_id": tweet[thread_row[rows_post]],
            "brand": brand,
            "channel": "twitter",
            "customer_text": _take(texts, rows_post),
            "customer_at": _utc(at[rows_post]),
            "reply_text": reply_text,
            "reply_at": _utc(np.where(has_reply, at[rows_reply], 0), missing=~has_reply),
            "customer_id": _take(author, rows_post),
            "thread_start": parent[rows_post] < 0,
        }
    )
    out.loc[~has_reply, "reply_id"] = pd.NA
    if agents:
        out.insert(9, "agent", _agents(reply_text))
    if redact:
        out["customer_text"] = redact_series(out["customer_text"])
        out["reply_text"] = redact_series(out["reply_text"])
    out.attrs["twcs"] = {
        "file": file,
        "tweets": n,
        "customer_posts": int(inbound.sum()),
        "brand_replies": int(len(reply_rows)),
        "unanswered_posts": int(len(unanswered_rows)),
        "posts_with_unknown_status": int(len(unknown_rows)),
    }
    if len(unknown_rows):
        warnings.warn(
            f"{file}: {len(unknown_rows)} customer posts list responses that are not in this file, so "
            "whether a brand answered them is unknown; they are left out of the table (see df.attrs['twcs']). "
            "Read the full twcs.csv to include them.",
            DataWarning,
            stacklevel=2,
        )
    return out


def _order_by(first: np.ndarray, second: np.ndarray, third: np.ndarray) -> np.ndarray:
    """Like ``np.lexsort((third, second, first))``, with two stable sorts on packed keys (faster)."""
    by_third = np.argsort(third, kind="stable")
    lo, span = first.min(initial=0), int(second.max(initial=0)) + 1
    if len(first) and second.min() >= 0 and (int(first.max()) - int(lo) + 1) * span < 2**62:
        packed = (first - lo) * span + second
        return by_third[np.argsort(packed[by_third], kind="stable")]
    return np.lexsort((third, second, first))


def _index(tweet: np.ndarray, file):
    """A function mapping tweet ids to their row in the file (-1 where absent); checks ids are unique.

    twcs ids are dense integers, so a direct table (one slot per id) is used when it is no more than
    a few times larger than the file; otherwise a sorted index with binary search.
    """
    n = len(tweet)
    top = int(tweet.max()) + 1 if n else 0
    if n and tweet.min() >= 0 and top <= 8 * n + 1_000_000:
        table = np.full(top, -1, dtype=np.int64)
        table[tweet] = np.arange(n)
        if (table >= 0).sum() != n:
            counts = np.bincount(tweet, minlength=top)
            rows = np.flatnonzero(counts[tweet] > 1)
            _duplicate_ids(tweet, rows, file)

        def lookup(ids):
            inside = (ids >= 0) & (ids < top)
            return np.where(inside, table[np.where(inside, ids, 0)], -1)

        return lookup
    order = np.argsort(tweet, kind="stable")
    sorted_ids = tweet[order]
    dup = sorted_ids[1:] == sorted_ids[:-1]
    if dup.any():
        _duplicate_ids(tweet, np.flatnonzero(np.isin(tweet, sorted_ids[1:][dup])), file)

    def lookup(ids):
        if not n:
            return np.full(len(ids), -1)
        pos = np.clip(np.searchsorted(sorted_ids, ids), 0, n - 1)
        return np.where((ids >= 0) & (sorted_ids[pos] == ids), order[pos], -1)

    return lookup


def _duplicate_ids(tweet, rows, file):
    ids = np.unique(tweet[rows])
    raise DataError(
        f"{len(ids)} tweet ids appear more than once, e.g. {int(ids[0])}",
        file=file,
        column="tweet_id",
        rows=rows,
        fix="remove the duplicated rows (was the file appended to twice?)",
    )


def _take(column: pa.ChunkedArray, rows: np.ndarray) -> pd.Series:
    """Rows of an Arrow string column as a pandas string Series; -1 gives a missing value."""
    indices = pa.array(rows, mask=rows < 0, type=pa.int64())
    return pd.Series(column.take(indices).to_pandas(), dtype="string")


def _utc(seconds: np.ndarray, missing: np.ndarray | None = None) -> pd.Series:
    values = seconds.astype("datetime64[s]").astype("datetime64[ns]")
    if missing is not None:
        values[missing] = np.datetime64("NaT")
    return pd.Series(pd.DatetimeIndex(values).tz_localize("UTC"))


def _arrow_bools(column: pa.ChunkedArray, file) -> np.ndarray:
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(column))
    true = pc.is_in(lowered, pa.array(["true", "1", "1.0"]))
    false = pc.is_in(lowered, pa.array(["false", "0", "0.0"]))
    ok = pc.or_(true, false).to_numpy(zero_copy_only=False)
    if not ok.all():
        return _bools(column.to_pandas(), file)  # names the bad rows
    return true.to_numpy(zero_copy_only=False)


def _twitter_seconds(column: pa.ChunkedArray, file) -> np.ndarray:
    """Seconds since 1970 (UTC) of each created_at; the fixed-width bytes are read in place."""
    arr = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    n = len(arr)
    if n and arr.null_count == 0 and arr.type == pa.string():
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
        if (np.diff(offsets) == 30).all():
            data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
            seconds, valid = _fields_to_seconds(data.reshape(n, 30))
            if valid.all():
                return seconds
    stamps = parse_twitter_dates(pd.Series(arr.to_pandas()), file=file)
    return stamps.dt.tz_convert(None).to_numpy().astype("datetime64[s]").astype(np.int64)


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


def _responses_all_in_file(responses: pa.ChunkedArray, rows: np.ndarray, lookup) -> np.ndarray:
    """For each of ``rows``: are all tweets listed in response_tweet_id present in the file?"""
    listed = responses.take(pa.array(rows, type=pa.int64()))
    lists = pc.split_pattern(pc.fill_null(listed, ""), ",")
    owner = pc.list_parent_indices(lists).to_numpy()
    values = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = pc.not_equal(values, "").to_numpy(zero_copy_only=False)
    values = values.filter(pa.array(keep))
    try:
        ids = pc.cast(values, pa.int64()).to_numpy()
    except pa.ArrowInvalid:  # '3.0' or junk: slower, forgiving path
        ids = pd.to_numeric(pd.Series(values.to_pandas()), errors="coerce").fillna(-1).to_numpy(np.int64)
    missing = np.bincount(owner[keep][lookup(ids) < 0], minlength=len(rows))
    return missing == 0


def _brand_for_unanswered(texts, rows, parent_row, inbound, author) -> np.ndarray:
    """The brand an unanswered post was addressed to: the brand tweet it answers, else its first @brand."""
    brands = np.full(len(rows), None, dtype=object)
    p = parent_row[rows]
    from_parent = p >= 0
    from_parent[from_parent] = ~inbound[p[from_parent]]
    brands[from_parent] = author.take(pa.array(p[from_parent], type=pa.int64())).to_numpy(zero_copy_only=False)
    known = pc.unique(author.filter(pa.array(~inbound)))
    rest = np.flatnonzero(~from_parent)
    if len(rest) and len(known):
        names = pc.utf8_lower(known)
        posts = texts.take(pa.array(rows[rest], type=pa.int64()))
        # the first, second or third @mention that is a brand of the file (case-insensitive)
        for k in range(3):
            pattern = f"^(?:[^@]*@\\w+){{{k}}}[^@]*@(?P<m>\\w+)"
            mention = pc.utf8_lower(pc.struct_field(pc.extract_regex(posts, pattern), [0]))
            hit = pc.index_in(mention, value_set=names).to_numpy(zero_copy_only=False)
            todo = np.array([b is None for b in brands[rest]]) & ~np.isnan(hit.astype(float))
            if todo.any():
                brands[rest[todo]] = known.take(pa.array(hit[todo].astype(np.int64))).to_numpy(zero_copy_only=False)
    return brands


def _agents(replies: pd.Series) -> pd.Series:
    """Agent names from sign-offs: one vectorised match (RE2, in Arrow), then the name of each distinct sign-off."""
    found = pc.extract_regex(pa.array(replies, type=pa.string()), f"(?P<signoff>{SIGNOFF_PATTERN})")
    signoffs = pc.struct_field(found, [0]).dictionary_encode()
    names = pa.array([signoff_name(s) for s in signoffs.dictionary.to_pylist()], type=pa.string())
    agents = names.take(signoffs.indices) if len(names) else pa.nulls(len(replies), pa.string())
    return pd.Series(agents.to_pandas(), index=replies.index, dtype="string")
