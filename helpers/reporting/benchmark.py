"""The brand empathy benchmark: per brand, how empathetic and how fast its replies are.

What ``datasets``' ``empathy_by_brand.csv`` holds (built by ``benchmarks/build_empathy_benchmarks.py``
from public twcs data) and what a team computes on its own scored replies to compare. Works on a
pandas or a Dask frame with the same figures: level shares are counts, and the quartiles of the
empathy index are taken from each brand's exact values (the index takes few distinct values, so
their counts travel, not the rows).

"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.data.partitioned import expand_counts, import_dask, is_dask
from helpers.latency.response_times import latency_summary
from helpers.scoring.rules import DIMENSIONS

__all__ = ["brand_benchmark"]

_LEVELS = (0, 1, 2)
_LATENCY = {
    "posts": "posts",
    "reply_rate": "reply_rate",
    "median_min": "frt_median_min",
    "within_60min": "within_60min",
}


def _indicators(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per scored reply: its brand and 0/1 columns to be summed per brand."""
    cols = {"brand": scored["brand"], "replies": np.ones(len(scored), np.int64)}
    for dim in DIMENSIONS:
        values = scored[dim]
        cols[f"{dim}_rated"] = values.notna().to_numpy(np.int64)
        for level in _LEVELS:
            cols[f"{dim}_{level}"] = (values == level).to_numpy(np.int64)
    cols["apologize_missing"] = scored["apologize"].isna().to_numpy(np.int64)
    return pd.DataFrame(cols, index=scored.index)


def _finish(counts: pd.DataFrame, index: pd.DataFrame, latency: pd.DataFrame | None, min_replies: int):
    counts = counts.sort_index()
    out = pd.DataFrame({"replies": counts["replies"]})
    grouped = index.groupby("brand")["empathy_index"]
    out["empathy_median"] = grouped.median()
    out["empathy_q1"] = grouped.quantile(0.25)
    out["empathy_q3"] = grouped.quantile(0.75)
    for dim in DIMENSIONS:
        rated = counts[f"{dim}_rated"].where(counts[f"{dim}_rated"] > 0)
        for level in _LEVELS:
            out[f"{dim}_{level}"] = counts[f"{dim}_{level}"] / rated
    out["apologize_na"] = counts["apologize_missing"] / counts["replies"]
    if latency is not None:
        out = out.join(latency.set_index("brand")[list(_LATENCY)].rename(columns=_LATENCY))
    out = out[out["replies"] >= min_replies].rename_axis("brand").reset_index()
    return out


def brand_benchmark(scored, replies=None, *, min_replies: int = 3):
    """Per brand: replies scored, empathy index median and quartiles, share of each level per
    dimension, and (given the replies table) reply rate and first-response times.

    Parameters
    ----------
    scored : DataFrame or dask.dataframe.DataFrame
        :func:`helpers.score_replies` output with ``brand`` (answered replies; rows without a
        score count as replies with missing levels).
    replies : DataFrame or dask.dataframe.DataFrame, optional
        The replies table with unanswered posts, for ``posts, reply_rate, frt_median_min,
        within_60min`` (:func:`helpers.latency_summary` by brand).
    min_replies : int, default 3
        Brands with fewer scored replies are left out.

    Returns
    -------
    DataFrame or dask.dataframe.DataFrame
        One row per brand: ``brand, replies, empathy_median, empathy_q1, empathy_q3``,
        ``acknowledge_0`` ... ``tone_2`` (share of the replies rated on that dimension),
        ``apologize_na`` (share with no apology due), then the latency columns. A Dask input gives a
        one-partition Dask frame with the same figures.

    Examples
    --------
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.scoring.scorer import score_replies
    >>> replies = load_workshop()
    >>> table = brand_benchmark(score_replies(replies[replies["reply_text"].notna()], mode="rules"), replies)
    >>> list(table.columns[:5]), len(table) == replies["brand"].nunique()
    (['brand', 'replies', 'empathy_median', 'empathy_q1', 'empathy_q3'], True)
    """
    missing = [c for c in ("brand", "empathy_index", *DIMENSIONS) if c not in scored.columns]
    if missing:
        raise DataError(
            f"brand_benchmark needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            column=missing,
            fix="pass score_replies(replies) of a table with a brand column",
        )
    if not is_dask(scored):
        counts = _indicators(scored).groupby("brand").sum()
        latency = latency_summary(replies, by="brand") if replies is not None else None
        return _finish(counts, scored[["brand", "empathy_index"]], latency, min_replies)
    import dask

    dd = import_dask()
    meta = _indicators(scored._meta)
    counts = scored.map_partitions(_indicators, meta=meta).groupby("brand").sum()
    index = scored[["brand", "empathy_index"]].dropna(subset=["empathy_index"])
    index_counts = index.groupby(["brand", "empathy_index"]).size()
    latency = latency_summary(replies, by="brand") if replies is not None else None
    finish = dask.delayed(_finish)(counts, dask.delayed(expand_counts)(index_counts), latency, min_replies)
    sample = _finish(
        meta.groupby("brand").sum(),
        scored._meta[["brand", "empathy_index"]],
        latency._meta if latency is not None else None,
        min_replies,
    )
    return dd.from_delayed([finish], meta=sample, verify_meta=False)
