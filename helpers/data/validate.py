"""Check a replies table against the canonical schema, with findings people can act on.

Problems that make the table unusable (missing columns, unreadable timestamps, duplicate ids)
raise :class:`~helpers.data.errors.DataError`. Problems worth knowing but not worth losing data over
(replies dated before their post, empty texts) are *findings*: the rows are kept, a warning is
issued and the findings are stored in ``df.attrs["findings"]``.
"""

from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data.errors import DataError, format_rows
from helpers.data.schema import REQUIRED_COLUMNS, TIME_COLUMNS

__all__ = ["Finding", "DataWarning", "check_columns", "parse_timestamps", "validate_replies"]

ISO_HINT = "ISO 8601 with a UTC offset, e.g. 2024-05-01 14:03:00+00:00"
_EXTRA_FORMATS = ("%a %b %d %H:%M:%S %z %Y",)  # the twcs export: Tue Oct 31 22:10:47 +0000 2017


class DataWarning(UserWarning):
    """A problem in the data that was kept, not fixed: see ``df.attrs['findings']``."""


@dataclass(frozen=True)
class Finding:
    """One thing worth knowing about a table: what, where (0-based row positions) and what to do.

    Parameters
    ----------
    code : str
        A stable identifier of the kind of finding, e.g. ``"reply_before_post"``.
    message : str
        What is wrong and what to do about it.
    rows : tuple of int, default ()
        0-based positions of the rows concerned (shown as spreadsheet rows, see :func:`format_rows`).
    column : str, optional
        The column concerned.

    Examples
    --------
    >>> finding = Finding("empty_customer_text", "empty customer post (kept)", (0, 3), "customer_text")
    >>> print(finding)
    column 'customer_text', rows 2, 5: empty customer post (kept)
    >>> print(Finding("note", "nothing to report"))
    nothing to report
    """

    code: str
    message: str
    rows: tuple[int, ...] = field(default_factory=tuple)
    column: str | None = None

    def __str__(self) -> str:
        where = f"column {self.column!r}, " if self.column else ""
        return f"{where}{format_rows(self.rows)}: {self.message}" if self.rows else self.message


def check_columns(columns, required, *, file=None, mapping_hint=True) -> None:
    """Raise :class:`DataError` naming every missing column and the closest name the file has.

    >>> check_columns(["post_id", "custmer_text"], ["post_id", "customer_text"], file="x.csv")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: x.csv, column 'customer_text': missing column (did you mean 'custmer_text'?). Fix: rename the column in the file, or map it: columns={'custmer_text': 'customer_text'}
    """  # noqa: E501 (doctest output)
    have = [str(c) for c in columns]
    missing = [c for c in required if c not in have]
    if not missing:
        return
    hints, mapping = [], {}
    spare = [h for h in have if h not in required]  # a column already in use is no candidate
    for name in missing:
        close = difflib.get_close_matches(name, spare, n=1, cutoff=0.6)
        if not close:  # e.g. "Customer Text" for customer_text: compare without case and separators
            flat = {h.lower().replace(" ", "_"): h for h in spare}
            close = [flat[c] for c in difflib.get_close_matches(name, list(flat), n=1, cutoff=0.6)]
        if close:
            hints.append(f"did you mean {close[0]!r}?")
            mapping[close[0]] = name
    problem = "missing column" + ("s" if len(missing) > 1 else "")
    if hints:
        problem += f" ({'; '.join(hints)})"
    if mapping and mapping_hint:
        fix = (
            "rename the column in the file, or map it: columns={"
            + ", ".join(f"{k!r}: {v!r}" for k, v in mapping.items())
            + "}"
        )
    elif mapping:
        fix = "rename " + ", ".join(f"{k!r} to {v!r}" for k, v in mapping.items())
    else:
        fix = f"the file has {have[:12]}; add the missing column or rename one of these to {missing[0]!r}"
        if mapping_hint:
            fix += f" (or map it: columns={{'Your name': {missing[0]!r}}})"
    raise DataError(problem, file=file, column=missing, fix=fix)


def parse_timestamps(
    values: pd.Series, *, column: str, file=None, tz: str = "UTC", date_format: str | None = None
) -> pd.Series:
    """Parse a column of timestamps to timezone-aware UTC; naive values are taken as ``tz``.

    Empty cells become NaT; any other value that cannot be read raises a :class:`DataError`
    listing the rows, the bad values and the expected format.

    >>> parse_timestamps(pd.Series(["2024-05-01 14:03", "2024-05-01T16:03:00+02:00", None]),
    ...                  column="customer_at").tolist()  # doctest: +NORMALIZE_WHITESPACE
    [Timestamp('2024-05-01 14:03:00+0000', tz='UTC'), Timestamp('2024-05-01 14:03:00+0000', tz='UTC'), NaT]
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_dtype(values.dtype):  # Excel cells, naive
        return values.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    text = values.astype("string").str.strip()
    empty = text.isna() | (text == "")
    text = text.mask(empty)
    formats = [date_format] if date_format else ["ISO8601", *_EXTRA_FORMATS]
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    todo = ~empty
    aware = text.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True).fillna(False)
    for fmt in formats:
        for has_offset in (True, False):
            part = todo & (aware == has_offset)
            if not part.any():
                continue
            parsed = pd.to_datetime(text[part], format=fmt, errors="coerce", utc=has_offset)
            if not has_offset:
                parsed = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
            parsed = parsed.dt.tz_convert("UTC")
            ok = parsed.notna()
            result[ok[ok].index] = parsed[ok]
        todo = todo & result.isna()
    if todo.any():
        positions = np.flatnonzero(todo.to_numpy())
        bad = text[todo].head(3).tolist()
        raise DataError(
            f"{len(positions)} timestamp(s) could not be read, e.g. {bad}",
            file=file,
            column=column,
            rows=positions,
            fix=f"write them as {ISO_HINT}"
            + ("" if date_format else ", or pass date_format= with the file's own format (e.g. '%d/%m/%Y %H:%M')"),
        )
    return result


def validate_replies(df: pd.DataFrame, *, file=None, warn: bool = True) -> list[Finding]:
    """Validate a table already in canonical form; raise on what makes it unusable.

    Returns the findings (also stored in ``df.attrs["findings"]``), and issues one
    :class:`DataWarning` per finding when ``warn`` is true.

    Parameters
    ----------
    df : DataFrame
        A table with the canonical columns and timezone-aware timestamps (as
        :func:`helpers.read_replies` and :func:`helpers.to_canonical` give it). Its
        ``attrs["findings"]`` is set; nothing else is changed.
    file : str, optional
        Where the table came from, named in error messages and warnings.
    warn : bool, default True
        Issue one :class:`DataWarning` per finding.

    Returns
    -------
    list of Finding
        Codes ``missing_customer_at``, ``reply_before_post``, ``reply_without_time``,
        ``empty_customer_text`` and ``empty_reply_text``, each with the rows concerned; empty when
        all is well.

    Raises
    ------
    DataError
        A required column is missing, a timestamp column is not timezone-aware, a post id is empty,
        a reply id is repeated or an unanswered post appears twice.

    Examples
    --------
    >>> t = pd.Timestamp("2024-05-01 10:00", tz="UTC")
    >>> df = pd.DataFrame({"post_id": ["p1", "p2"], "reply_id": ["r1", None], "thread_id": ["p1", "p2"],
    ...     "brand": "Acme", "channel": "twitter", "customer_text": ["Where is my parcel?", ""],
    ...     "customer_at": [t, t], "reply_text": ["Let me check.", None],
    ...     "reply_at": [t - pd.Timedelta("5min"), pd.NaT]})
    >>> [f.code for f in validate_replies(df, warn=False)]
    ['reply_before_post', 'empty_customer_text']
    >>> validate_replies(df.assign(reply_id="r1"), file="export.csv")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: export.csv, column 'reply_id', rows 2, 3: 2 rows share a reply id, e.g. 'r1'...
    """
    check_columns(df.columns, REQUIRED_COLUMNS, file=file)
    for col in TIME_COLUMNS:
        if not isinstance(df[col].dtype, pd.DatetimeTZDtype):
            raise DataError(
                "timestamps must be timezone-aware datetimes",
                file=file,
                column=col,
                fix="read the file with helpers.read_replies, which parses them",
            )
    findings: list[Finding] = []
    _check_ids(df, file)

    pos = np.arange(len(df))
    answered = df["reply_at"].notna() | _filled(df["reply_text"]) | _filled(df["reply_id"])

    def add(code, mask, message, column=None):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            findings.append(Finding(code, message, tuple(int(i) for i in pos[mask]), column))

    add(
        "missing_customer_at",
        df["customer_at"].isna(),
        "no customer timestamp: these rows are left out of latency figures; fill in customer_at",
        "customer_at",
    )
    add(
        "reply_before_post",
        (df["reply_at"] < df["customer_at"]).fillna(False),
        "the reply is dated before the post it answers (kept, and shown as negative latency): "
        "check the time zones of the export",
        "reply_at",
    )
    add(
        "reply_without_time",
        answered & df["reply_at"].isna(),
        "a reply without reply_at: it counts as answered but has no latency; fill in reply_at",
        "reply_at",
    )
    add(
        "empty_customer_text",
        ~_filled(df["customer_text"]),
        "empty customer post (kept): the scorer cannot judge whether an apology was due",
        "customer_text",
    )
    add(
        "empty_reply_text",
        df["reply_at"].notna() & ~_filled(df["reply_text"]),
        "a reply with a time but no text (kept): was the text lost in the export?",
        "reply_text",
    )
    df.attrs["findings"] = findings
    if warn:
        for f in findings:
            warnings.warn(f"{file + ': ' if file else ''}{f}", DataWarning, stacklevel=3)
    return findings


def _filled(values: pd.Series) -> pd.Series:
    return values.notna() & (values.astype("string").str.strip() != "").fillna(False)


def _check_ids(df: pd.DataFrame, file) -> None:
    empty = ~_filled(df["post_id"])
    if empty.any():
        raise DataError(
            "empty post ids",
            file=file,
            column="post_id",
            rows=np.flatnonzero(empty.to_numpy()),
            fix="give every customer post an id (any unique text or number)",
        )
    replied = _filled(df["reply_id"])
    dup = df.loc[replied, "reply_id"].duplicated(keep=False)
    if dup.any():
        rows = np.flatnonzero(replied.to_numpy())[dup.to_numpy()]
        raise DataError(
            f"{int(dup.sum())} rows share a reply id, e.g. {df.loc[dup[dup].index[0], 'reply_id']!r}",
            file=file,
            column="reply_id",
            rows=rows,
            fix="remove rows exported twice, or give each reply its own id",
        )
    lonely = df.loc[~replied, "post_id"]
    dup = lonely.duplicated(keep=False)
    if dup.any():
        rows = np.flatnonzero((~replied).to_numpy())[dup.to_numpy()]
        raise DataError(
            "the same unanswered post appears more than once",
            file=file,
            column="post_id",
            rows=rows,
            fix="remove the repeated rows",
        )
