"""Published and derived benchmark tables shipped in ``datasets/benchmarks/`` (see its data card).

>>> lines = load_response_benchmarks(chart=True)
>>> sorted(lines["id"])[:3]
['A001-30', 'A003-60', 'A004-120']
>>> bool((lines["minutes"] > 0).all())
True
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.errors import DataError

__all__ = ["BENCHMARKS_DIR", "load_empathy_benchmarks", "load_response_benchmarks"]

BENCHMARKS_DIR = Path(__file__).resolve().parents[1] / "datasets" / "benchmarks"


def _read(name: str) -> pd.DataFrame:
    path = BENCHMARKS_DIR / name
    if not path.exists():
        raise DataError("benchmark table not found", file=path,
                        fix="run from a checkout of the kit (datasets/ sits next to helpers/)")
    return pd.read_csv(path)


def load_response_benchmarks(*, chart: bool | None = None, kind: str | None = None) -> pd.DataFrame:
    """Response-time benchmarks: source, year, kind (guidance / expectation / observed), metric, value,
    unit, minutes (for time thresholds), the original wording, URL and evidence level.

    ``chart=True`` keeps the curated lines the kit draws by default; ``kind`` filters on kind.
    """
    table = _read("response_times.csv")
    if chart is not None:
        table = table[(table["chart"] == "yes") == chart]
    if kind is not None:
        table = table[table["kind"] == kind]
    return table.reset_index(drop=True)


def load_empathy_benchmarks() -> pd.DataFrame:
    """Per-brand empathy figures derived from the public Customer Support on Twitter data (2017):
    n replies, empathy index median and quartiles, share of each level per dimension, median FRT.
    Regenerate with ``benchmarks/build_empathy_benchmarks.py`` when the scorer changes."""
    return _read("empathy_by_brand.csv")
