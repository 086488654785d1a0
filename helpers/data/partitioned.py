"""Partitioned data: a folder or glob of exports read as one Dask DataFrame, one partition per file.

Dask is an optional extra (``pip install 'empathy-kit[dask]'``): nothing here imports it until a
Dask frame is asked for, and the workshop install does without it. Every file is read by the same
reader as a single file (the same checks, the same errors naming that file), so a partition with a
bad row stops the run with the kit's :class:`~helpers.data.errors.DataError` for that file.
``docs/scale.md`` says what the analyses do with such a frame.

Examples
--------
>>> is_dask(pd.DataFrame())
False
"""

from __future__ import annotations

import functools
import glob
import inspect
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.data.schema import CANONICAL_COLUMNS, OPTIONAL_COLUMNS

__all__ = ["DASK_FIX", "expand_counts", "import_dask", "is_dask", "partition_files", "read_partitioned", "wants_dask"]

#: what to do when the Dask engine is asked for and not installed
DASK_FIX = "install the optional extra: pip install 'empathy-kit[dask]' (or uv pip install 'empathy-kit[dask]')"
#: the file types a folder is searched for
SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".txt", ".xlsx")


def is_dask(obj) -> bool:
    """Whether ``obj`` is a Dask collection (checked without importing Dask)."""
    return type(obj).__module__.split(".", 1)[0] == "dask"


def wants_dask(engine: str) -> bool:
    """Whether a reader's ``engine=`` asks for Dask (``"dask"``) or not (``"pandas"``); anything else is
    a DataError."""
    if engine not in ("pandas", "dask"):
        raise DataError(f"unknown engine {engine!r}", fix="use engine='pandas' (default) or engine='dask'")
    return engine == "dask"


def expand_counts(counts: pd.Series) -> pd.DataFrame:
    """The rows behind a count of distinct rows (a Series indexed by the rows' values, e.g. a
    ``groupby(...).size()``): each row repeated as often as it was counted, in the order of ``counts``.

    How the Dask engine gets exact medians and quantiles: partitions send counts of distinct values,
    the last step rebuilds the values and lets pandas compute the statistic.

    Examples
    --------
    >>> counts = pd.Series([2, 1], index=pd.Index(["a", "b"], name="key"))
    >>> expand_counts(counts)["key"].tolist()
    ['a', 'a', 'b']
    """
    flat = counts.reset_index(name="_n")
    rows = np.repeat(np.arange(len(flat)), flat["_n"].to_numpy())
    return flat.drop(columns="_n").iloc[rows].reset_index(drop=True)


def import_dask():
    """``dask.dataframe``, or an ImportError that says how to install it."""
    try:
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - the test extras install Dask
        raise ImportError(f"the Dask engine needs Dask. Fix: {DASK_FIX}") from exc
    return dd


def partition_files(path) -> list[Path]:
    """The files of a partitioned dataset, in a stable order.

    Parameters
    ----------
    path : str, Path or list
        A folder (searched recursively, so Hive-style ``month=2024-01/part-0.parquet`` folders
        work), a glob pattern (``"exports/2024-*.csv"``), or a list of files.

    Returns
    -------
    list of Path
        Sorted by path; hidden files and folders (``.``, ``_``: ``_SUCCESS``, ``.crc``) left out.

    Raises
    ------
    DataError
        Nothing matches, or a listed file does not exist.

    Examples
    --------
    >>> partition_files("/no/such/folder")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: /no/such/folder: no .parquet, .pq, .csv, .tsv, .txt or .xlsx files found...
    """
    if isinstance(path, (list, tuple)):
        files = [Path(p) for p in path]
        for f in files:
            if not f.is_file():
                raise DataError("file not found", file=str(f), fix="check the path, or pass a folder or a glob")
        return files
    text = str(path)
    root = Path(text)
    if root.is_dir():
        found = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES]
        found = [p for p in found if not any(part[:1] in "._" for part in p.relative_to(root).parts)]
    elif root.is_file():
        found = [root]
    else:
        found = [Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file()]
    if not found:
        kinds = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
        raise DataError(
            f"no {kinds} files found",
            file=text,
            fix="pass a folder of exports, a glob such as 'exports/*.parquet', or a list of files",
        )
    return sorted(found)


def read_partitioned(read_one, path, **kwargs):
    """Read every file of ``path`` with ``read_one(file, **kwargs)`` into one Dask DataFrame.

    The first file is read at once to learn the columns and types (and to fail early on a wrong
    mapping); the others are read when the frame is computed. Canonical columns a file lacks are
    added empty; a file with other columns than the first is an error naming both. Ids generated
    from row numbers are prefixed with the file's name so they stay unique across files.

    Parameters
    ----------
    read_one : callable
        ``read_replies``, ``read_messages`` or ``read_table`` (``warn=False`` and ``id_prefix`` are
        passed when it takes them).
    path : str, Path or list
        See :func:`partition_files`.
    **kwargs
        Passed to ``read_one`` (``columns``, ``tz``, ``preset``...).

    Returns
    -------
    dask.dataframe.DataFrame
        One partition per file, in :func:`partition_files` order.
    """
    dd = import_dask()
    files = partition_files(path)
    first = _read_file(files[0], read_one, kwargs, None)
    meta = first.iloc[:0]
    return dd.from_map(
        functools.partial(_read_file, read_one=read_one, kwargs=kwargs, like=meta),
        files,
        meta=meta,
        label=f"read-{getattr(read_one, '__name__', 'file')}",
        enforce_metadata=False,
    )


def _read_file(file: Path, read_one, kwargs: dict, like: pd.DataFrame | None) -> pd.DataFrame:
    accepts = inspect.signature(read_one).parameters
    extra = {"warn": False} if "warn" in accepts else {}
    if "id_prefix" in accepts:
        extra["id_prefix"] = f"{file.name}:"
    df = read_one(file, **kwargs, **extra)
    df.attrs = {}  # findings stay with the file (``empathy-kit validate`` lists them); partitions carry data only
    return df if like is None else _conform(df, like, file)


def _conform(df: pd.DataFrame, meta: pd.DataFrame, file: Path) -> pd.DataFrame:
    """Give ``df`` the columns and types of the first file (``meta``), or say why it cannot."""
    optional = set(CANONICAL_COLUMNS) | set(OPTIONAL_COLUMNS)
    extra = [c for c in df.columns if c not in meta.columns]
    lacking = [c for c in meta.columns if c not in df.columns and c not in optional]
    if extra or lacking:
        what = []
        if extra:
            what.append(f"has {', '.join(map(repr, extra))}")
        if lacking:
            what.append(f"lacks {', '.join(map(repr, lacking))}")
        raise DataError(
            f"this file {' and '.join(what)}, unlike the dataset's first file",
            file=str(file),
            column=extra + lacking,
            fix="give every file of a partitioned dataset the same columns (or map them with columns=)",
        )
    for col in meta.columns:
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index).astype(meta[col].dtype)
        elif df[col].dtype != meta[col].dtype:
            try:
                df[col] = df[col].astype(meta[col].dtype)
            except (TypeError, ValueError) as exc:
                raise DataError(
                    f"values of type {df[col].dtype} where the dataset's first file has {meta[col].dtype} ({exc})",
                    file=str(file),
                    column=col,
                    fix="write this column the same way in every file",
                ) from exc
    return df[list(meta.columns)]
