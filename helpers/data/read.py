"""Read exports (CSV, Excel, Parquet) into the canonical replies table.

Typical use::

    df = read_replies("export.xlsx", columns={"Message": "customer_text", "Answer": "reply_text"})
"""

from __future__ import annotations

import csv
import io as _io
import re
import warnings
from pathlib import Path

import pandas as pd

from helpers.data.errors import DataError
from helpers.data.redaction import redact_series
from helpers.data.schema import CANONICAL_COLUMNS, ID_COLUMNS, REQUIRED_COLUMNS, TEXT_COLUMNS, TIME_COLUMNS
from helpers.data.validate import DataWarning, check_columns, parse_timestamps, validate_replies
from helpers.data.write import PARQUET_SUFFIXES, restore_formulas

__all__ = ["read_table", "read_replies", "to_canonical"]

_EXCEL = {".xlsx", ".xlsm", ".xls"}


def read_table(path, *, encoding: str | None = None, sheet=0) -> pd.DataFrame:
    """Read a CSV, TSV, Excel or Parquet file as text-first columns, with errors people can act on.

    CSV files are read as UTF-8 (a byte-order mark is fine); a file that is not UTF-8 is read as
    Windows-1252 (what Excel on Windows writes) with a :class:`DataWarning` naming the first
    line that was not UTF-8. Pass ``encoding`` to choose.

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

    Returns
    -------
    DataFrame
        The file's columns as they are named there. CSV cells are read as text (empty cells are
        missing) with spreadsheet-safe formulas undone (:func:`helpers.restore_formulas`); the index
        column pandas writes with ``to_csv()`` is dropped.

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.
    DataError
        The file is empty, not a table, in another encoding than ``encoding``, its rows do not
        line up, or it is a damaged workbook or Parquet file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text("Message;Answer\\nWhere is my parcel?;'=on its way\\n", encoding="utf-8")
    >>> read_table(path).to_dict("records")
    [{'Message': 'Where is my parcel?', 'Answer': '=on its way'}]
    >>> _ = path.write_text("")
    >>> read_table(path)
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: ...export.csv: the file is empty. Fix: export the table again
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "No such file", str(path))
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        try:
            return pd.read_parquet(path)
        except Exception as err:  # pyarrow raises several types for a damaged file
            raise DataError(
                f"not a readable Parquet file ({err})", file=str(path), fix="re-export the table as Parquet or CSV"
            ) from None
    if suffix in _EXCEL:
        try:
            return pd.read_excel(path, sheet_name=sheet, dtype=object)
        except Exception as err:
            raise DataError(
                f"not a readable Excel workbook ({type(err).__name__}: {err})",
                file=str(path),
                fix="open it in Excel and save as .xlsx, or export CSV (UTF-8)",
            ) from None
    return _read_csv(path, encoding)


def _read_csv(path: Path, encoding: str | None) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError("the file is empty", file=str(path), fix="export the table again")
    if b"\x00" in raw[:65536]:
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
    return restore_formulas(df)


def _decode(raw: bytes, path: Path, encoding: str | None) -> str:
    if encoding:
        try:
            return raw.decode(encoding)
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
    tz: str = "UTC",
    date_format: str | None = None,
    defaults: dict | None = None,
    encoding: str | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Read an export of customer posts and brand replies into the canonical replies table.

    Parameters
    ----------
    path : str or Path
        CSV / TSV (any common separator), Excel (.xlsx) or Parquet.
    columns : dict, optional
        The file's column names mapped to canonical ones, e.g. ``{"Message": "customer_text"}``.
    redact : bool
        Mask e-mails, phone, card and order numbers in the texts (:func:`helpers.data.redaction.redact`).
    tz : str
        Time zone of timestamps written without an offset (default UTC).
    date_format : str, optional
        strptime format of the timestamps when they are not ISO 8601.
    defaults : dict, optional
        Values for canonical columns the file lacks, e.g. ``{"channel": "facebook", "brand": "Acme"}``.
    encoding : str, optional
        Encoding of a text file (see :func:`read_table`); default: UTF-8, else Windows-1252 with a warning.
    warn : bool, default True
        Issue a :class:`~helpers.data.validate.DataWarning` for each finding (they are stored in
        ``df.attrs["findings"]`` either way).

    Missing ``thread_id`` is taken from ``post_id``; a missing ``reply_id`` is made from the
    post id and the reply's order. Extra columns are kept after the canonical ones. Problems
    that lose no data (a reply dated before its post, an empty text) are kept and reported as
    :class:`~helpers.data.validate.DataWarning` and in ``df.attrs["findings"]``.

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
        The file cannot be read as a table (see :func:`read_table`), a key of ``columns`` or a
        required column is missing (the message names the closest column the file has), a timestamp
        cannot be read, or ids are empty or repeated.

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
    ...                   defaults={"brand": "Acme", "channel": "facebook"})
    >>> df[["post_id", "reply_id", "thread_id", "brand"]].iloc[0].to_dict()
    {'post_id': 'p1', 'reply_id': 'p1-r1', 'thread_id': 'p1', 'brand': 'Acme'}
    >>> df["reply_id"].isna().tolist(), df["reply_at"].isna().tolist()
    ([False, True], [False, True])
    >>> str(df["reply_at"].dt.tz), df.attrs["findings"]
    ('UTC', [])
    >>> read_replies(path, columns={"Post": "post_id"})
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: ...export.csv, columns 'reply_id', 'brand', 'channel', ...: missing columns...
    """
    file = str(path)
    df = read_table(path, encoding=encoding)
    if df.shape[1] < 2:
        raise DataError(
            f"found a single column {list(df.columns)[:1]}: this does not look like a table",
            file=file,
            fix="export the data as CSV with a header row and one column per field",
        )
    df.columns = [str(c).strip() for c in df.columns]
    if columns:
        unknown = [k for k in columns if k not in df.columns]
        if unknown:
            check_columns(df.columns, unknown, file=file, mapping_hint=False)
        df = df.rename(columns=columns)
    for name, value in (defaults or {}).items():
        if name not in df.columns:
            df[name] = value
    if "post_id" in df.columns and "thread_id" not in df.columns:
        df["thread_id"] = df["post_id"]
    if "post_id" in df.columns and "reply_id" not in df.columns and "reply_text" in df.columns:
        has_reply = df["reply_text"].notna() & (df["reply_text"].astype("string").str.strip() != "")
        order = df.groupby("post_id").cumcount() + 1
        df["reply_id"] = (df["post_id"].astype("string") + "-r" + order.astype("string")).where(has_reply)
    check_columns(df.columns, REQUIRED_COLUMNS, file=file)
    return to_canonical(df, file=file, redact=redact, tz=tz, date_format=date_format, warn=warn)


def to_canonical(
    df: pd.DataFrame,
    *,
    file=None,
    redact: bool = False,
    tz: str = "UTC",
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
    tz : str, default "UTC"
        Time zone of timestamps written without an offset.
    date_format : str, optional
        strptime format of text timestamps that are not ISO 8601.
    warn : bool, default True
        Issue a :class:`~helpers.data.validate.DataWarning` for each finding.

    Returns
    -------
    DataFrame
        The canonical replies table: canonical columns first (ids, brand, channel and texts as
        strings, blank cells missing; timestamps UTC), other columns after them, index reset;
        ``attrs["findings"]`` as :func:`validate_replies` gives them.

    Raises
    ------
    DataError
        A required column is missing, a timestamp cannot be read, or ids are empty or repeated.

    Examples
    --------
    >>> df = pd.DataFrame({"post_id": ["p1"], "reply_id": ["r1"], "thread_id": ["p1"], "brand": ["Acme"],
    ...     "channel": ["twitter"], "customer_text": ["My card 4111 1111 1111 1111 was charged twice "],
    ...     "customer_at": ["2024-05-01 14:03"], "reply_text": ["Sorry! DM us."],
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
    for col in (*ID_COLUMNS, "brand", "channel", *TEXT_COLUMNS, "agent", "customer_id"):
        if col in df.columns and not pd.api.types.is_integer_dtype(df[col].dtype):
            df[col] = df[col].astype("string").str.strip().replace("", pd.NA)
    if redact:
        for col in TEXT_COLUMNS:
            df[col] = redact_series(df[col])
    order = [c for c in CANONICAL_COLUMNS if c in df.columns]
    df = df[order + [c for c in df.columns if c not in order]].reset_index(drop=True)
    validate_replies(df, file=file, warn=warn)
    return df
