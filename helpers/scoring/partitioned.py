"""The scorer on a Dask DataFrame: one global pass for templates, then each partition on its own.

Every score of a reply depends on its own post and reply, except one thing: whether the reply is a
template, i.e. how many customers got the same reply (``copies`` in the rule layer, the
``template: same reply to N`` evidence and, in the default mode, a feature of the learned layer).
That count needs the whole corpus, so it is an explicit global pass: each partition gives its
replies' template keys, the keys are counted across partitions (a shuffle by key), and only the
keys seen more than once come back to every task. A key that is not among them was seen at most
once in the corpus, so counting it inside its partition gives the same number: the scores equal
those of :func:`~helpers.scoring.scorer.score_replies` on the whole frame in pandas.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.partitioned import import_dask
from helpers.scoring.learned import ScorerModel
from helpers.scoring.rules import template_keys
from helpers.scoring.scorer import load_model, score_replies

__all__ = ["score_partitioned", "template_counts"]


def template_counts(ddf, split_out: int | None = None):
    """Answered replies per template key across all partitions, keys seen at least twice (lazy).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        With ``reply_text``.
    split_out : int, optional
        Partitions of the count (default: one per 4 input partitions): the keys are shuffled there,
        so no worker holds all of them.

    Returns
    -------
    dask.delayed.Delayed
        Computes to a pandas Series: template key -> count.
    """
    import dask

    keys = ddf.map_partitions(template_keys, meta=pd.Series(dtype=object, name="template"))
    counts = keys.dropna().value_counts(split_out=split_out or max(1, ddf.npartitions // 4))
    repeated = counts[counts >= 2]
    return dask.delayed(_concat)(repeated.to_delayed())


def _concat(parts: list[pd.Series]) -> pd.Series:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts) if parts else pd.Series(dtype="int64")


def _score_partition(part: pd.DataFrame, templates, **kwargs) -> pd.DataFrame:
    return score_replies(part, **kwargs, threads=1, template_counts=templates)


def score_partitioned(ddf, rubric=None, markers=None, *, mode: str = "default", model=None, reasons: bool = False):
    """:func:`~helpers.scoring.scorer.score_replies` on a Dask DataFrame (lazy; same scores as pandas).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        With ``reply_text`` (``customer_text`` optional), any number of partitions.
    rubric, markers, mode, model, reasons
        As in :func:`~helpers.scoring.scorer.score_replies`.

    Returns
    -------
    dask.dataframe.DataFrame
        The same partitions, each with the score columns added.
    """
    import dask

    import_dask()
    kwargs = dict(rubric=rubric, markers=markers, mode=mode, model=model, reasons=reasons)
    if model is not None:
        mode = load_model(model).mode
    if isinstance(model, ScorerModel):  # sent to each worker once, not inside every task
        kwargs["model"] = dask.delayed(model, pure=True)
    templates = template_counts(ddf) if mode != "fast" else None
    meta = score_replies(ddf._meta, rubric=rubric, markers=markers, mode=mode, model=model, reasons=reasons)
    return ddf.map_partitions(_score_partition, templates, **kwargs, meta=meta, align_dataframes=False)
