"""Write tables back out: spreadsheet-safe CSV (formulas neutralised, and undone on read) and Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.errors import DataError

__all__ = ["neutralise_formulas", "restore_formulas", "safe_csv", "write_replies"]

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    Customer text is untrusted input: ``=HYPERLINK(...)`` in a tweet must not become a live
    formula when an analyst opens the export in Excel (OWASP "CSV injection").

    Parameters
    ----------
    df : DataFrame
        Any table; only text columns (object or string dtype) are looked at. It is not changed.

    Returns
    -------
    DataFrame
        A copy in which every text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return has a leading apostrophe; other cells and columns are as they were.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"t": ["=1+1", "+44 20", "fine", "@brand hi", None]}))["t"].tolist()
    ["'=1+1", "'+44 20", 'fine', "'@brand hi", nan]
    """
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
            continue
        text = values.map(lambda v: v if isinstance(v, str) or pd.api.types.is_scalar(v) and pd.isna(v) else str(v))
        risky = text.astype("string").str.startswith(_FORMULA_START).fillna(False)
        if risky.any():
            out[col] = text.astype("object").where(~risky, "'" + text.astype("string").astype("object"))
    return out


def restore_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralise_formulas`, so a CSV the kit wrote reads back exactly as it was.

    Parameters
    ----------
    df : DataFrame
        A table read from a CSV the kit wrote (:func:`helpers.read_table` calls this for every CSV).

    Returns
    -------
    DataFrame
        A copy in which the apostrophe is removed from text cells where it guards a formula
        character (``'=...``, ``'@...``); any other leading apostrophe is kept.

    Examples
    --------
    >>> restore_formulas(pd.DataFrame({"t": ["'=1+1", "'@brand hi", "'quoted", None]}))["t"].tolist()
    ['=1+1', '@brand hi', "'quoted", nan]
    """
    out = df.copy()
    pattern = "^'(?=[" + "".join(_FORMULA_START).replace("-", "\\-") + "])"
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col].dtype) or pd.api.types.is_string_dtype(out[col].dtype):
            text = out[col].astype("string")
            marked = text.str.contains(pattern, regex=True).fillna(False)
            if marked.any():
                out[col] = out[col].where(~marked, text.str.slice(1).astype(object))
    return out


def safe_csv(df: pd.DataFrame, path) -> Path:
    """Write ``df`` as UTF-8 CSV that is safe to open in a spreadsheet; returns the path.

    Parameters
    ----------
    df : DataFrame
        The table to write (without its index). Formula-like text is neutralised
        (:func:`neutralise_formulas`); timezone-aware timestamps are written as
        ``2024-05-01 14:03:00+00:00``.
    path : str or Path
        The CSV file to write; missing folders are created, an existing file is replaced.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> df = pd.DataFrame({"text": ["=HYPERLINK(1)", "fine"], "at": pd.to_datetime(["2024-05-01 14:03"] * 2, utc=True)})
    >>> path = safe_csv(df, Path(tempfile.mkdtemp()) / "out" / "safe.csv")
    >>> print(path.read_text(encoding="utf-8"))
    text,at
    '=HYPERLINK(1),2024-05-01 14:03:00+00:00
    fine,2024-05-01 14:03:00+00:00
    <BLANKLINE>
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = neutralise_formulas(df)
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.strftime("%Y-%m-%d %H:%M:%S%z").str.replace(r"(\d\d)(\d\d)$", r"\1:\2", regex=True)
    out.to_csv(path, index=False, encoding="utf-8")
    return path


def write_replies(df: pd.DataFrame, path) -> Path:
    """Write a replies table to ``.csv`` (spreadsheet-safe) or ``.parquet`` (types kept).

    Parameters
    ----------
    df : DataFrame
        A replies table (or any table). In Parquet, cells holding lists, tuples or dicts (such as
        evidence columns) are written as their text.
    path : str or Path
        The file to write: ``.csv``, ``.tsv`` or ``.txt`` (via :func:`safe_csv`), ``.parquet`` or
        ``.pq``. Missing folders are created.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    DataError
        ``path`` has another extension (or none).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.data.read import read_replies
    >>> folder = Path(tempfile.mkdtemp())
    >>> replies = load_workshop().head(3)
    >>> back = read_replies(write_replies(replies, folder / "replies.csv"))
    >>> back["reply_text"].equals(replies["reply_text"]), back["reply_at"].equals(replies["reply_at"])
    (True, True)
    >>> write_replies(replies, folder / "replies.xlsx")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: ...replies.xlsx: cannot write .xlsx. Fix: name the output .csv or .parquet
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        path.parent.mkdir(parents=True, exist_ok=True)
        out = df.copy()
        for col in out.columns:  # lists of evidence and other objects: keep them readable
            if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (list, tuple, dict))).any():
                out[col] = out[col].map(lambda v: None if v is None else str(v))
        out.to_parquet(path, index=False)
        return path
    if suffix in TEXT_SUFFIXES:
        return safe_csv(df, path)
    raise DataError(
        f"cannot write {suffix or 'a file without an extension'}",
        file=str(path),
        fix="name the output .csv or .parquet",
    )
