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

    Parameters
    ----------
    chart : bool, optional
        True: only the curated lines the kit's charts draw by default (``chart == "yes"``); False:
        only the others; None (default): every row.
    kind : str, optional
        Keep one kind of figure: ``"guidance"``, ``"expectation"``, ``"observed"`` or
        ``"industry practice"``; None (default) keeps all. A kind that is not in the table gives an
        empty table.

    Returns
    -------
    DataFrame
        One row per benchmark, index reset: ``id, source, year, kind, population, metric, value,
        unit, minutes, original, url, evidence_level, chart, label`` (``label`` is the legend text
        of a chart line).

    Examples
    --------
    >>> len(load_response_benchmarks()), len(load_response_benchmarks(chart=True))
    (40, 6)
    >>> load_response_benchmarks(kind="guidance")[["id", "minutes"]].head(2).to_dict("records")
    [{'id': 'A001-15', 'minutes': 15.0}, {'id': 'A001-30', 'minutes': 30.0}]
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
    Regenerate with ``benchmarks/build_empathy_benchmarks.py`` when the scorer changes.

    Returns
    -------
    DataFrame
        One row per brand: ``brand, replies, empathy_median, empathy_q1, empathy_q3``, the share
        of replies at each level of each dimension (``acknowledge_0`` ... ``tone_2``,
        ``apologize_na``), ``posts, reply_rate, frt_median_min, within_60min`` and the
        ``data, period, scorer_version`` they were computed from.

    Examples
    --------
    >>> bench = load_empathy_benchmarks()
    >>> len(bench), bench["brand"].head(2).tolist()
    (60, ['ATVIAssist', 'AdobeCare'])
    >>> bench.loc[bench["brand"] == "AmazonHelp", ["replies", "empathy_median"]].to_dict("records")
    [{'replies': 191, 'empathy_median': 50.0}]
    """
    return _read("empathy_by_brand.csv")
