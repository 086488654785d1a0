"""Read exports (CSV, Excel, Parquet) into the canonical replies table.

Typical use::

    df = read_replies("export.xlsx", columns={"Message": "customer_text", "Answer": "reply_text"})
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.data.partitioned import read_partitioned, wants_dask
from helpers.data.redaction import redact_series
from helpers.data.schema import ANALYSES, CANONICAL_COLUMNS, ID_COLUMNS, REQUIRED_COLUMNS, TEXT_COLUMNS, TIME_COLUMNS
from helpers.data.validate import (
    DataWarning,
    Finding,
    check_columns,
    close_names,
    parse_timestamps,
    validate_replies,
    warn_findings,
)
from helpers.data.write import PARQUET_SUFFIXES

__all__ = ["read_table", "read_replies", "to_canonical"]

_EXCEL = {".xlsx", ".xlsm", ".xls"}


def read_table(path, *, encoding: str | None = None, sheet=0, engine: str = "pandas"):
    """Read a CSV, TSV, Excel or Parquet file as text-first columns, with errors people can act on.

    CSV files are read as UTF-8 (a byte-order mark is fine), or UTF-16 when they start with its
    byte-order mark (Excel's "Unicode text"); a file that is neither is read as Windows-1252 (what
    Excel on Windows writes) with a :class:`DataWarning` naming the first line that was not UTF-8.
    Pass ``encoding`` to choose. Texts come back exactly as the file holds them.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.tsv`` or ``.txt`` file (the separator, comma, semicolon, tab or bar, is
        detected from the header), an Excel workbook (``.xlsx``, ``.xlsm``, ``.xls``) or Parquet
        (``.parquet``, ``.pq``).
    encoding : str, optional
        Encoding of a text file, e.g. ``"cp1252"``; default: UTF-8, else Windows-1252 with a warning.
    sheet : int or str, default 0
        The Excel sheet to read (position or name); ignored for other formats.
    engine : {"pandas", "dask"}
        ``"dask"``: ``path`` may be a folder, glob or list of files, read as one Dask DataFrame
        with a partition per file (needs ``pip install 'empathy-kit[dask]'``); every file must
        have the same columns.

    Returns
    -------
    DataFrame
        The file's columns as they are named there. CSV cells are read as text (empty cells are
        missing); the index column pandas writes with ``to_csv()`` is dropped.

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.
    DataError
        The file is empty or has a header but no rows, is not a table, is in another encoding than
        ``encoding``, its rows do not line up, a cell is longer than :data:`MAX_CELL_CHARS` (an
        unclosed quote), or it is a damaged workbook or Parquet file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text("Message;Answer\\nWhere is my parcel?;=on its way\\n", encoding="utf-16")
    >>> read_table(path).to_dict("records")
    [{'Message': 'Where is my parcel?', 'Answer': '=on its way'}]
    >>> _ = path.write_text("")
    >>> read_table(path)
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: ...export.csv: the file is empty. Fix: export the table again
    """
    if wants_dask(engine):
        return read_partitioned(read_table, path, encoding=encoding, sheet=sheet)
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "No such file", str(path))
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        try:
            df = pd.read_parquet(path)
        except Exception as err:  # pyarrow raises several types for a damaged file
            raise DataError(
                f"not a readable Parquet file ({err})", file=str(path), fix="re-export the table as Parquet or CSV"
            ) from None
    elif suffix in _EXCEL:
        try:
            df = pd.read_excel(path, sheet_name=sheet, dtype=object)
        except Exception as err:
            raise DataError(
                f"not a readable Excel workbook ({type(err).__name__}: {err})",
                file=str(path),
                fix="open it in Excel and save as .xlsx, or export CSV (UTF-8)",
            ) from None
    else:
        df = _read_csv(path, encoding)
    if df.empty:
        raise DataError(
            f"the file has a header ({', '.join(map(str, df.columns[:6]))}) but no rows",
            file=str(path),
            fix="export again with a date range that holds messages",
        )
    _check_cell_sizes(df, path)
    return df


def _read_csv(path: Path, encoding: str | None) -> pd.DataFrame:
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not encoding:
        encoding = "utf-16"  # Excel's "Unicode text": UTF-16 with a byte-order mark, usually tab-separated
    if not raw.strip() or not raw.lstrip(b"\xef\xbb\xbf\xff\xfe\x00\r\n\t ").strip():
        raise DataError("the file is empty", file=str(path), fix="export the table again")
    if b"\x00" in raw[:65536] and encoding != "utf-16":
        hint = " (it looks like an Excel workbook: name it .xlsx)" if raw[:2] == b"PK" else ""
        raise DataError(
            f"this is not a text table{hint}",
            file=str(path),
            fix="export the data as CSV (UTF-8), Excel (.xlsx) or Parquet",
        )
    text = _decode(raw, path, encoding)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|")
        sep = dialect.delimiter
    except csv.Error:
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        df = pd.read_csv(
            _io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""], skipinitialspace=False
        )
    except pd.errors.ParserError as err:
        line = _parser_line(str(err))
        detail = " ".join(str(err).split()).replace("Error tokenizing data. C error: ", "")
        raise DataError(
            f"the table's rows do not line up ({detail})",
            file=str(path),
            rows=[line - 2] if line else None,
            fix="check for an unquoted separator or quote inside a text cell on that line; "
            "re-export with every text cell quoted",
        ) from None
    unnamed = [c for c in df.columns if str(c).startswith("Unnamed: 0")]
    if unnamed and df[unnamed[0]].fillna("").str.fullmatch(r"\d*").all():
        df = df.drop(columns=unnamed[0])  # the index column pandas writes with to_csv()
    return df


MAX_CELL_CHARS = 100_000  # about 50 pages of text: far beyond any message; more is a broken export


def _check_cell_sizes(df: pd.DataFrame, path: Path) -> None:
    """Refuse a cell longer than :data:`MAX_CELL_CHARS`: an unclosed quote that swallowed the rows after it."""
    for col in df.columns:
        lengths = df[col].astype("string").str.len()
        big = (lengths > MAX_CELL_CHARS).fillna(False)
        if big.any():
            rows = np.flatnonzero(big.to_numpy())
            raise DataError(
                f"a cell of {int(lengths.max()):,} characters (the limit is {MAX_CELL_CHARS:,}): a quote opened "
                "in this cell was probably never closed, so it swallowed the rows after it",
                file=str(path),
                column=str(col),
                rows=rows,
                fix="look for a stray double quote in that cell and re-export with every text cell quoted",
            )


def _decode(raw: bytes, path: Path, encoding: str | None) -> str:
    if encoding:
        try:
            text = raw.decode(encoding)
            return text[1:] if text.startswith("\ufeff") else text
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise DataError(
                f"not valid {encoding} at byte {err.start} (line {line})",
                file=str(path),
                fix="pass the file's real encoding, e.g. encoding='cp1252'",
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(
                f"neither UTF-8 nor Windows-1252 (first bad byte on line {line})",
                file=str(path),
                fix="save the file as CSV UTF-8, or pass encoding=",
            ) from None
        warnings.warn(
            f"{path}: not UTF-8 (first at line {line}); read as Windows-1252 (cp1252). "
            "Check accented characters; pass encoding= to choose another.",
            DataWarning,
            stacklevel=4,
        )
        return text


def _parser_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def read_replies(
    path,
    columns: dict | None = None,
    *,
    redact: bool = False,
    tz: str | None = None,
    date_format: str | None = None,
    defaults: dict | None = None,
    encoding: str | None = None,
    warn: bool = True,
    engine: str = "pandas",
    id_prefix: str = "",
):
    """Read an export of customer posts and brand replies into the canonical replies table.

    Parameters
    ----------
    path : str or Path
        CSV / TSV (any common separator), Excel (.xlsx) or Parquet. With ``engine="dask"`` also a
        folder, a glob or a list of such files (see :func:`helpers.data.partitioned.partition_files`).
    columns : dict, optional
        The file's column names mapped to canonical ones, e.g. ``{"Message": "customer_text"}``.
    redact : bool
        Mask e-mails, phone, card and order numbers in the texts (:func:`helpers.data.redaction.redact`).
    tz : str, optional
        Time zone of timestamps written without a UTC offset, e.g. ``"Europe/London"``. Required
        when the file has such timestamps (the kit never guesses); not needed when they carry an
        offset (``2024-05-01 14:03:00+01:00``, ``...Z``).
    date_format : str, optional
        strptime format of the timestamps when they are not ISO 8601.
    defaults : dict, optional
        Values for canonical columns the file lacks, e.g. ``{"channel": "facebook", "brand": "Acme"}``.
    encoding : str, optional
        Encoding of a text file (see :func:`read_table`); default: UTF-8, else Windows-1252 with a warning.
    warn : bool, default True
        Issue a :class:`~helpers.data.validate.DataWarning` for each finding (they are stored in
        ``df.attrs["findings"]`` either way).
    engine : {"pandas", "dask"}
        ``"dask"``: a Dask DataFrame with one partition per file, each file read and checked as
        here when the frame is computed (needs ``pip install 'empathy-kit[dask]'``).
    id_prefix : str
        Put before generated post ids (``row-2`` becomes ``{id_prefix}row-2``); the Dask engine
        uses the file's name so ids stay unique across files.

    A file needs only the columns of the analyses it is for (:data:`~helpers.data.schema.ANALYSES`:
    scoring needs ``reply_text``, latency ``customer_at`` and ``reply_at``); :func:`readiness` tells
    what a table can do. Ids the file lacks are generated (``post_id`` from the row number,
    ``thread_id`` from ``post_id``, ``reply_id`` from the post id and the reply's order) and other
    missing canonical columns are left empty, each said in a finding. Extra columns are kept after
    the canonical ones. Problems that lose no data (a reply dated before its post, an empty text)
    are kept and reported as :class:`~helpers.data.validate.DataWarning` and in ``df.attrs["findings"]``.

    Returns
    -------
    DataFrame
        The canonical replies table (see :mod:`helpers.data.schema`): ``post_id, reply_id, thread_id,
        brand, channel, customer_text, customer_at, reply_text, reply_at``, then ``agent`` and
        ``customer_id`` when present, then any other column of the file. Texts and ids are strings,
        timestamps timezone-aware UTC; ``attrs["findings"]`` lists the findings.

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.
    DataError
        The file cannot be read as a table (see :func:`read_table`), a key of ``columns`` is not a
        column of the file, no analysis can use the table (the message names the closest column the
        file has), a timestamp cannot be read or has no offset and ``tz`` is not given, or ids are
        empty or repeated.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text("Post,Message,Posted,Answer,Answered\\n"
    ...                     "p1,Where is my parcel?,2024-05-01 09:00,Sorry! Let me check.,2024-05-01 09:12\\n"
    ...                     "p2,Do you open on Sundays?,2024-05-01 10:00,,\\n")
    >>> df = read_replies(path, columns={"Post": "post_id", "Message": "customer_text", "Posted": "customer_at",
    ...                                  "Answer": "reply_text", "Answered": "reply_at"},
    ...                   defaults={"brand": "Acme", "channel": "facebook"}, tz="Europe/Paris")
    >>> df[["post_id", "reply_id", "thread_id", "brand"]].iloc[0].to_dict()
    {'post_id': 'p1', 'reply_id': 'p1-r1', 'thread_id': 'p1', 'brand': 'Acme'}
    >>> df["reply_id"].isna().tolist(), df["reply_at"].isna().tolist()
    ([False, True], [False, True])
    >>> str(df.loc[0, "customer_at"]), df.attrs["findings"]
    ('2024-05-01 07:00:00+00:00', [])
    >>> scoring_only = read_replies(path, columns={"Message": "customer_text", "Answer": "reply_text"}, warn=False)
    >>> scoring_only["post_id"].tolist(), [f.code for f in scoring_only.attrs["findings"]]
    (['row-2', 'row-3'], ['generated_ids', 'missing_columns'])
    >>> read_replies(path, columns={"Post": "post_id"})
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: ...export.csv, columns 'reply_text', 'customer_at', 'reply_at': no analysis can...
    """
    if wants_dask(engine):
        kwargs = dict(columns=columns, redact=redact, tz=tz, date_format=date_format, defaults=defaults)
        return read_partitioned(read_replies, path, **kwargs, encoding=encoding)
    file = str(path)
    df = read_table(path, encoding=encoding)
    df.columns = [str(c).strip() for c in df.columns]
    if columns:
        unknown = [k for k in columns if k not in df.columns]
        if unknown:
            check_columns(df.columns, unknown, file=file, mapping_hint=False)
        df = df.rename(columns=columns)
    for name, value in (defaults or {}).items():
        if name not in df.columns:
            df[name] = value
    df, notes = complete_columns(df, file=file, id_prefix=id_prefix)
    out = to_canonical(df, file=file, redact=redact, tz=tz, date_format=date_format, warn=False)
    findings = notes + out.attrs["findings"]
    out.attrs["findings"] = findings
    if warn:
        warn_findings(findings, file, stacklevel=2)
    return out


def complete_columns(df: pd.DataFrame, *, file=None, id_prefix: str = "") -> tuple[pd.DataFrame, list[Finding]]:
    """Give a table every canonical column, saying what was made up and what each analysis lacks.

    Ids the file lacks are generated (``post_id`` from the spreadsheet row number, ``thread_id``
    from the post, ``reply_id`` from the post and the reply's order); other missing canonical
    columns are added empty. Returns the completed copy and the findings that say so; raises
    :class:`DataError` when no analysis could use the table.
    """
    have = set(df.columns)
    if not any(set(needs) <= have for needs in ANALYSES.values()):
        needs = "; ".join(f"{name} needs {', '.join(cols)}" for name, cols in ANALYSES.items())
        try:
            check_columns(df.columns, ("reply_text",), file=file)
        except DataError as err:
            raise DataError(
                f"no analysis can use this table ({needs})"
                + (f": {err.problem}" if "did you mean" in err.problem else ""),
                file=file,
                column=[c for c in ("reply_text", "customer_at", "reply_at") if c not in have],
                fix=err.fix,
            ) from None
    notes = []
    df = df.copy()
    if "post_id" not in have:
        df["post_id"] = [f"{id_prefix}row-{i + 2}" for i in range(len(df))]
        notes.append(
            Finding(
                "generated_ids",
                "no post_id column: each row is taken as its own customer post, with ids row-2, row-3, ... "
                "(the spreadsheet row); map your post id column to group several replies under one post",
            )
        )
    if "thread_id" not in have:
        df["thread_id"] = df["post_id"]
    if "reply_id" not in have:
        replied = pd.Series(False, index=df.index)
        for col in ("reply_text", "reply_at"):
            if col in have:
                replied |= df[col].notna() & (df[col].astype("string").str.strip() != "").fillna(False)
        order = df.groupby("post_id").cumcount() + 1
        df["reply_id"] = (df["post_id"].astype("string") + "-r" + order.astype("string")).where(replied)
    absent = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    for col in absent:
        df[col] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]") if col in TIME_COLUMNS else pd.NA
    if absent:
        close = close_names(have, absent, REQUIRED_COLUMNS)
        hint = "; ".join(f"did you mean {v!r}? map it: columns={{{v!r}: {k!r}}}" for k, v in close.items())
        notes.append(
            Finding(
                "missing_columns",
                f"no {', '.join(absent)} column(s): left empty"
                + (f" ({hint})" if hint else "")
                + "; `empathy-kit validate` says what each analysis can do without them",
                column=absent[0] if len(absent) == 1 else None,
            )
        )
    return df, notes


def to_canonical(
    df: pd.DataFrame,
    *,
    file=None,
    redact: bool = False,
    tz: str | None = None,
    date_format: str | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Type, order and validate the columns of a frame that already has the canonical names.

    Parameters
    ----------
    df : DataFrame
        A table with (at least) the required canonical columns, e.g. built in code or read from a
        database. It is not changed.
    file : str, optional
        Where the table came from, named in error messages and warnings.
    redact : bool, default False
        Mask e-mails, phone, card and order numbers in ``customer_text`` and ``reply_text``.
    tz : str, optional
        Time zone of timestamps written without a UTC offset (required when there are any).
    date_format : str, optional
        strptime format of text timestamps that are not ISO 8601.
    warn : bool, default True
        Issue a :class:`~helpers.data.validate.DataWarning` for each finding.

    Returns
    -------
    DataFrame
        The canonical replies table: canonical columns first (ids, brand and channel as trimmed
        strings, texts exactly as given, empty cells missing; timestamps UTC), other columns after them, index reset;
        ``attrs["findings"]`` as :func:`validate_replies` gives them.

    Raises
    ------
    DataError
        A required column is missing, a timestamp cannot be read, or ids are empty or repeated.

    Examples
    --------
    >>> df = pd.DataFrame({"post_id": ["p1"], "reply_id": ["r1"], "thread_id": ["p1"], "brand": ["Acme"],
    ...     "channel": ["twitter"], "customer_text": ["My card 4111 1111 1111 1111 was charged twice"],
    ...     "customer_at": ["2024-05-01 14:03Z"], "reply_text": ["Sorry! DM us."],
    ...     "reply_at": ["2024-05-01T16:10:00+02:00"]})
    >>> out = to_canonical(df, redact=True)
    >>> out.loc[0, "customer_text"], str(out.loc[0, "reply_at"] - out.loc[0, "customer_at"])
    ('My card [CARD] was charged twice', '0 days 00:07:00')
    >>> to_canonical(df.drop(columns="brand"))
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'brand': missing column. Fix: the file has [...]; add the missing column ...
    """
    check_columns(df.columns, REQUIRED_COLUMNS, file=file)
    df = df.copy()
    for col in TIME_COLUMNS:
        df[col] = parse_timestamps(df[col], column=col, file=file, tz=tz, date_format=date_format)
    for col in (*ID_COLUMNS, "brand", "channel", "agent", "customer_id"):
        if col in df.columns and not pd.api.types.is_integer_dtype(df[col].dtype):
            df[col] = df[col].astype("string").str.strip().replace("", pd.NA)
    for col in TEXT_COLUMNS:  # texts stay exactly as written; only an empty cell is a missing text
        df[col] = df[col].astype("string").replace("", pd.NA)
    if redact:
        for col in TEXT_COLUMNS:
            df[col] = redact_series(df[col])
    order = [c for c in CANONICAL_COLUMNS if c in df.columns]
    df = df[order + [c for c in df.columns if c not in order]].reset_index(drop=True)
    validate_replies(df, file=file, warn=warn)
    return df
