"""Write tables back out, with every text exactly as it was.

- CSV (``.csv``, ``.tsv``) and Parquet: for analysis. Texts are written unchanged, so pandas and the kit
  read back what was written, byte for byte; timestamps keep their UTC offset.
- Excel (``.xlsx``): for opening in a spreadsheet. Every text is stored as a text cell, so a customer's
  ``=HYPERLINK(...)`` is shown, never run (OWASP "CSV injection"), and the texts stay unchanged too.
- :func:`safe_csv`: a CSV for spreadsheet users who cannot take ``.xlsx``: formula-like texts get a
  leading apostrophe (:func:`neutralise_formulas`). That alters the data: not for analysis.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.errors import DataError

__all__ = ["neutralise_formulas", "restore_formulas", "safe_csv", "write_replies"]

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
EXCEL_SUFFIXES = {".xlsx"}
EXCEL_CELL_CHARS = 32_767  # Excel's limit on the text of one cell
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
        A table read from a CSV written by :func:`safe_csv` (or by the kit's first release, which
        neutralised every CSV it wrote).

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
    """Write ``df`` as a UTF-8 CSV for spreadsheet users who cannot take ``.xlsx``; returns the path.

    Formula-like texts get a leading apostrophe, which changes them: for analysis write
    :func:`write_replies` (``.csv``, ``.parquet``), for spreadsheets preferably ``.xlsx``. A table read
    back from this file gets its texts back with :func:`restore_formulas`.

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
            out[col] = _iso(out[col])
    out.to_csv(path, index=False, encoding="utf-8")
    return path


def write_replies(df: pd.DataFrame, path) -> Path:
    """Write a replies table (or any table) to CSV or Parquet for analysis, or to Excel for people.

    Parameters
    ----------
    df : DataFrame
        The table (its index is not written). Cells holding lists, tuples or dicts (such as evidence
        columns) are written as their text.
    path : str or Path
        ``.csv`` / ``.txt`` (comma) or ``.tsv`` (tab): UTF-8, texts exactly as they are, timestamps
        as ``2024-05-01 14:03:00+00:00``; ``.parquet`` / ``.pq``: types kept; ``.xlsx``: one sheet,
        every text a text cell (no formula can run), timestamps as text with their offset. Missing
        folders are created; an existing file is replaced.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    DataError
        ``path`` has another extension (or none), or a text does not fit an Excel cell (more than
        32,767 characters, or a control character Excel cannot store): the message names the row.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> df = pd.DataFrame({"reply_text": ["=1+1 is two", "@anna hi", "+44 20 7946 0000"]})
    >>> back = pd.read_csv(write_replies(df, folder / "replies.csv"))
    >>> back["reply_text"].tolist() == df["reply_text"].tolist()
    True
    >>> import openpyxl
    >>> sheet = openpyxl.load_workbook(write_replies(df, folder / "replies.xlsx")).active
    >>> [(c.value, c.data_type) for c in sheet["A"][1:3]]
    [('=1+1 is two', 's'), ('@anna hi', 's')]
    >>> write_replies(df, folder / "replies.json")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: ...replies.json: cannot write .json. Fix: name the output .csv, .parquet or .xlsx
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PARQUET_SUFFIXES | TEXT_SUFFIXES | EXCEL_SUFFIXES:
        raise DataError(
            f"cannot write {suffix or 'a file without an extension'}",
            file=str(path),
            fix="name the output .csv, .parquet or .xlsx",
        )
    out = df.copy()
    for col in out.columns:  # lists of evidence and other objects: keep them readable
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (list, tuple, dict))).any():
            out[col] = out[col].map(lambda v: None if v is None else str(v))
    if suffix in EXCEL_SUFFIXES:
        _check_excel_cells(out, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in PARQUET_SUFFIXES:
        out.attrs = _json_safe(df.attrs)  # Parquet keeps attrs as JSON: findings become plain records
        out.to_parquet(path, index=False)
        return path
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = _iso(out[col])
    if suffix in EXCEL_SUFFIXES:
        _write_xlsx(out, path)
    else:
        out.to_csv(path, index=False, encoding="utf-8", sep="\t" if suffix == ".tsv" else ",")
    return path


def _json_safe(attrs: dict) -> dict:
    """``df.attrs`` as JSON can hold them: dataclasses (findings) as dicts, anything else unknown as text."""
    import dataclasses
    import json

    def plain(value):
        return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else str(value)

    return json.loads(json.dumps(attrs, default=plain))


def _iso(values: pd.Series) -> pd.Series:
    """Timestamps as ``2024-05-01 14:03:00+00:00`` (ISO 8601 with the offset's colon); NaT stays missing."""
    return values.dt.strftime("%Y-%m-%d %H:%M:%S%z").str.replace(r"(\d\d)(\d\d)$", r"\1:\2", regex=True)


def _check_excel_cells(df: pd.DataFrame, path: Path) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for col in df.columns:
        if not (pd.api.types.is_object_dtype(df[col].dtype) or pd.api.types.is_string_dtype(df[col].dtype)):
            continue
        text = df[col].astype("string")
        too_long = (text.str.len() > EXCEL_CELL_CHARS).fillna(False)
        illegal = text.str.contains(ILLEGAL_CHARACTERS_RE.pattern, regex=True).fillna(False)
        for mask, problem in ((too_long, f"longer than Excel's {EXCEL_CELL_CHARS:,} characters per cell"),
                              (illegal, "holds control characters an Excel file cannot store")):  # fmt: skip
            if mask.any():
                raise DataError(
                    f"a text {problem}; writing it to Excel would change it",
                    file=str(path),
                    column=str(col),
                    rows=np.flatnonzero(mask.to_numpy()),
                    fix="write .csv or .parquet instead, which keep every text as it is",
                )


def _write_xlsx(df: pd.DataFrame, path: Path) -> None:
    """One sheet; text cells are typed as text, so nothing in them is taken for a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("replies")

    def cell(value):
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            return None
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, float, np.integer, np.floating)):
            return value.item() if hasattr(value, "item") else value
        c = WriteOnlyCell(sheet, value=str(value))
        c.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        return c

    sheet.append([cell(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        sheet.append([cell(v) for v in row])
    book.save(path)
