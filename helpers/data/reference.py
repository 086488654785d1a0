"""Published and derived benchmark tables shipped as package data (data card: ``datasets/reference_tables.md``).

>>> lines = load_response_benchmarks(chart=True)
>>> sorted(lines["id"])[:3]
['A001-30', 'A003-60', 'A004-120']
>>> bool((lines["minutes"] > 0).all())
True
"""

from __future__ import annotations

import pandas as pd

from helpers.data.bundled import package_file

__all__ = ["load_empathy_benchmarks", "load_response_benchmarks"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(package_file("helpers.data", f"files/{name}"))


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
