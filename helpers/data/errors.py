"""The one exception type the kit raises for bad input.

A :class:`DataError` says what is wrong, where (file, rows, columns) and how to fix it, so a
CX lead who fed in the wrong export can act on the message without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["DataError", "format_rows"]


def format_rows(rows: Iterable[int], limit: int = 8) -> str:
    """Name rows the way a spreadsheet user counts them (header is row 1, first data row is 2).

    Parameters
    ----------
    rows : iterable of int
        0-based row positions in the table (as ``numpy.flatnonzero`` of a mask gives them).
    limit : int, default 8
        How many rows to name; the rest are counted (``"and 12 more"``).

    Returns
    -------
    str
        ``"row 2"`` or ``"rows 2, 3, 7"``, as a spreadsheet numbers them.

    Examples
    --------
    >>> format_rows([0, 1, 5])
    'rows 2, 3, 7'
    >>> format_rows(range(20), limit=3)
    'rows 2, 3, 4 and 17 more'
    """
    rows = [int(r) + 2 for r in rows]
    shown = ", ".join(str(r) for r in rows[:limit])
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


class DataError(ValueError):
    """Bad input: the message names the file, rows and columns and says how to fix it.

    >>> err = DataError("timestamps could not be read", file="x.csv", column="reply_at",
    ...                 rows=[3], fix="write them as 2024-05-01 14:03:00+00:00")
    >>> print(err)
    x.csv, column 'reply_at', row 5: timestamps could not be read. Fix: write them as 2024-05-01 14:03:00+00:00
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        column: str | Sequence[str] | None = None,
        rows: Iterable[int] | None = None,
        fix: str | None = None,
    ):
        self.problem = problem
        self.file = None if file is None else str(file)
        self.columns = [column] if isinstance(column, str) else list(column or [])
        self.rows = [] if rows is None else [int(r) for r in rows]
        self.fix = fix
        super().__init__(self._message())

    def __reduce__(self):  # keep file, rows and fix when the error crosses processes (Dask workers)
        return _rebuild, (self.problem, self.file, self.columns, self.rows, self.fix)

    def _message(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.columns:
            names = ", ".join(repr(c) for c in self.columns)
            where.append(f"column{'s' if len(self.columns) > 1 else ''} {names}")
        if self.rows:
            where.append(format_rows(self.rows))
        text = (", ".join(where) + ": " if where else "") + self.problem.rstrip(".") + "."
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


def _rebuild(problem, file, columns, rows, fix) -> DataError:
    return DataError(problem, file=file, column=columns, rows=rows, fix=fix)
