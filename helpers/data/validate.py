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

__all__ = ["Finding", "DataWarning", "check_columns", "parse_timestamps", "validate_replies", "readiness"]

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
    mapping = {close: name for name, close in close_names(have, missing, required).items()}
    hints = [f"did you mean {close!r}?" for close in mapping]
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


def close_names(have, missing, taken=()) -> dict:
    """For each missing column, the file's column most like it (``{"customer_text": "Customer Text"}``).

    Columns in ``taken`` (already used under their own name) are no candidates.
    """
    spare = [str(h) for h in have if h not in taken]
    flat = {h.lower().replace(" ", "_"): h for h in spare}
    found = {}
    for name in missing:
        close = difflib.get_close_matches(name, spare, n=1, cutoff=0.6)
        if not close:  # e.g. "Customer Text" for customer_text: compare without case and separators
            close = [flat[c] for c in difflib.get_close_matches(name, list(flat), n=1, cutoff=0.6)]
        if close:
            found[name] = close[0]
    return found


def parse_timestamps(
    values: pd.Series, *, column: str, file=None, tz: str | None = None, date_format: str | None = None
) -> pd.Series:
    """Parse a column of timestamps to timezone-aware UTC.

    Values with a UTC offset (``2024-05-01 14:03+02:00``, ``...Z``) are exact. Values without one
    are local times of a zone only the export knows: they need ``tz`` (e.g. ``"Europe/London"``),
    and without it a :class:`DataError` names the column and asks for the zone (the kit never
    guesses UTC). A column that mixes both kinds is refused too: its rows come from two clocks.
    Excel date cells (datetimes, or day serial numbers such as ``45413.5``) are local times as well.
    Empty cells become NaT; any other value that cannot be read raises a :class:`DataError` listing
    the rows, the bad values and the expected format.

    >>> parse_timestamps(pd.Series(["2024-05-01 14:03", "2024-05-01 18:03", None]), column="customer_at",
    ...                  tz="Europe/London").tolist()  # doctest: +NORMALIZE_WHITESPACE
    [Timestamp('2024-05-01 13:03:00+0000', tz='UTC'), Timestamp('2024-05-01 17:03:00+0000', tz='UTC'), NaT]
    >>> parse_timestamps(pd.Series(["2024-05-01 14:03"]), column="customer_at", file="x.csv")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: x.csv, column 'customer_at', row 2: ...without a UTC offset... Fix: pass tz=...
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_dtype(values.dtype) or _excel_serials(values):  # Excel date cells: local time
        local = values if pd.api.types.is_datetime64_dtype(values.dtype) else _from_serials(values)
        if local.notna().any():
            _need_zone(tz, column, file, np.flatnonzero(local.notna().to_numpy())[:8], "Excel date cells")
            return local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    text = values.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v).astype("string").str.strip()
    empty = text.isna() | (text == "")
    text = text.mask(empty)
    aware = text.str.contains(_OFFSET, regex=True) | text.str.contains(r" [+-]\d{4} ", regex=True)
    aware = aware.fillna(False)
    formats = [date_format] if date_format else ["ISO8601", *_EXTRA_FORMATS]
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    local = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")  # naive: placed once the zone is known
    todo = ~empty
    for fmt in formats:
        for has_offset in (True, False):
            part = todo & (aware == has_offset)
            if not part.any():
                continue
            parsed = pd.to_datetime(text[part], format=fmt, errors="coerce", utc=has_offset)
            ok = parsed.notna()
            if has_offset:
                result[ok[ok].index] = parsed[ok].dt.tz_convert("UTC")
            else:
                local[ok[ok].index] = parsed[ok]
        todo = todo & result.isna() & local.isna()
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
    naive = local.notna()
    if naive.any() and result.notna().any():
        raise DataError(
            f"mixed time zones: {int(result.notna().sum())} timestamps carry a UTC offset and "
            f"{int(naive.sum())} do not (e.g. {text[naive].iloc[0]!r} next to {text[result.notna()].iloc[0]!r})",
            file=file,
            column=column,
            rows=np.flatnonzero(naive.to_numpy()),
            fix="export every timestamp in one form: all with their offset (best), "
            "or all in one local zone and pass tz=",
        )
    if naive.any():
        _need_zone(tz, column, file, np.flatnonzero(naive.to_numpy()), "timestamps without a UTC offset")
        placed = local[naive].dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
        skipped = placed.isna()
        if skipped.any():  # a local time the clock skipped or showed twice (daylight saving): no single instant
            raise DataError(
                f"{int(skipped.sum())} local time(s) do not exist or are ambiguous in {tz} (a daylight-saving "
                f"change), e.g. {text[naive][skipped].head(2).tolist()}",
                file=file,
                column=column,
                rows=np.flatnonzero(naive.to_numpy())[skipped.to_numpy()],
                fix="check tz= is the zone of the export; export with UTC offsets to avoid the ambiguity",
            )
        result[naive] = placed.dt.tz_convert("UTC")
    return result


_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_EXCEL_DAYS = (20_000, 80_000)  # 1954 .. 2119 as Excel day numbers: no Unix time or year falls in here


def _excel_serials(values: pd.Series) -> bool:
    """Is this a column of Excel day numbers (a date column formatted as a number)?"""
    if pd.api.types.is_bool_dtype(values.dtype):
        return False
    numbers = pd.to_numeric(values, errors="coerce")
    filled = values.notna() & (values.astype("string").str.strip() != "").fillna(False)
    return bool(filled.any() and numbers[filled].notna().all() and numbers[filled].between(*_EXCEL_DAYS).all())


def _from_serials(values: pd.Series) -> pd.Series:
    days = pd.to_numeric(values, errors="coerce")
    return pd.Timestamp("1899-12-30") + pd.to_timedelta((days * 86_400).round(), unit="s")


def _need_zone(tz, column, file, rows, what: str) -> None:
    if tz is not None:
        return
    raise DataError(
        f"{what}: in which time zone were they written? The kit does not guess (UTC would shift every "
        "response time by the zone's offset)",
        file=file,
        column=column,
        rows=rows,
        fix="pass tz= with the zone the export was made in, e.g. tz='Europe/London' (CLI: --tz Europe/London)",
    )


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
        if column is not None and df[column].isna().all() and code != "reply_before_post":
            return  # a column the file did not have: said once by the reader, not once per row
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
        answered & df["reply_at"].isna() & df["reply_at"].notna().any(),
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
        warn_findings(findings, file, stacklevel=3)
    return findings


def warn_findings(findings, file=None, *, stacklevel: int = 2) -> None:
    """One :class:`DataWarning` per finding, prefixed with the file (``stacklevel`` as seen by the caller)."""
    for f in findings:
        warnings.warn(f"{file + ': ' if file else ''}{f}", DataWarning, stacklevel=stacklevel + 1)


def readiness(df: pd.DataFrame) -> pd.DataFrame:
    """What each analysis of the kit can do with a replies table, and why not when it cannot.

    Parameters
    ----------
    df : DataFrame
        A canonical replies table (:func:`helpers.read_replies` or :func:`helpers.read_messages`).

    Returns
    -------
    DataFrame
        One row per analysis of :data:`~helpers.data.schema.ANALYSES`: ``analysis``, ``ready``
        (bool) and ``detail`` (what will be measured, what is missing and how to add it).

    Examples
    --------
    >>> df = pd.DataFrame({"reply_text": ["Sorry! Checking now.", "Done."], "customer_text": pd.NA,
    ...                    "customer_at": pd.NaT, "reply_at": pd.NaT, "brand": pd.NA})
    >>> readiness(df)[["analysis", "ready"]].to_dict("records")
    [{'analysis': 'scoring', 'ready': True}, {'analysis': 'latency', 'ready': False}, {'analysis': 'labelling', 'ready': True}]
    """  # noqa: E501 (doctest output)
    rows = []

    def column(name):
        return df[name] if name in df.columns else pd.Series(pd.NA, index=df.index, dtype="object")

    replies = int(_filled(column("reply_text")).sum())
    posts = int(_filled(column("customer_text")).sum())
    if replies:
        detail = f"{replies:,} replies to score"
        detail += (
            f"; {posts:,} with the customer's post"
            if posts
            else "; no customer posts, so whether an apology was due is judged from the reply alone "
            "(add customer_text to judge it from the post)"
        )
    else:
        detail = "no reply texts: add a reply_text column (or map yours: --map 'Your column=reply_text')"
    rows.append(("scoring", bool(replies), detail))
    posted, replied = column("customer_at").notna(), column("reply_at").notna()
    if posted.any() and replied.any():
        answered = int((posted & replied).sum())
        detail = f"{int(posted.sum()):,} rows with a post time, {answered:,} answered with a reply time"
        if not column("brand").notna().any():
            detail += "; no brand column, so one overall group (add one, or --default brand=Name)"
    else:
        lacking = [c for c, ok in (("customer_at", posted.any()), ("reply_at", replied.any())) if not ok]
        detail = f"no {' and no '.join(lacking)} times: add the post and reply timestamps (with offsets, or tz=)"
    rows.append(("latency", bool(posted.any() and replied.any()), detail))
    rows.append(("labelling", bool(replies), f"{replies:,} replies to label" if replies else "no reply texts to label"))
    return pd.DataFrame(rows, columns=["analysis", "ready", "detail"])


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
