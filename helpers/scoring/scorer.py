"""The transparent empathy scorer: rubric levels for a brand's reply, with the evidence behind them.

Scorer 1 (``mode="rules"``): every level comes from named marker rules (``markers.yaml``), customer
cues and personalisation signals (:mod:`helpers.scoring.rules`), combined by a hand-set decision
table. ``explain`` shows each rule that fired and the reason for each level.

Examples
--------
>>> df = pd.DataFrame({
...     "customer_text": ["My parcel shows delivered but it never arrived. So frustrating!",
...                       "My parcel shows delivered but it never arrived. So frustrating!"],
...     "reply_text": ["Sorry for any inconvenience. Please DM us.",
...                    "Oh no, that sounds so frustrating! I'm sorry your parcel hasn't turned up. "
...                    "I've sent a replacement today, or I can refund you now if you prefer. -Sam"]})
>>> scored = score_replies(df)
>>> scored[["acknowledge", "personalize", "apologize", "act", "tone"]].to_numpy().tolist()
[[0.0, 0.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0, 2.0]]
>>> scored["empathy_index"].tolist()
[30.0, 100.0]
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.scoring.explanation import Explanation, explain
from helpers.scoring.markers import MarkerSet
from helpers.scoring.rubric import Rubric, empathy_index, load_rubric
from helpers.scoring.rules import DIMENSIONS, FLAGS, rule_signals

__all__ = ["SCORE_COLUMNS", "SCORER_VERSION", "Explanation", "explain", "score_replies", "validate_scorer"]

SCORER_VERSION = "1.0.0"
SCORE_COLUMNS = (*DIMENSIONS, *FLAGS, "empathy_index", "evidence")


def score_replies(
    df: pd.DataFrame,
    rubric: Rubric | str | None = None,
    markers: MarkerSet | str | list | None = None,
    *,
    reasons: bool = False,
    progress=None,
) -> pd.DataFrame:
    """Score each reply on the rubric's dimensions, with evidence.

    Parameters
    ----------
    df : DataFrame
        Needs ``customer_text`` and ``reply_text`` (other columns are passed through). Rows without a
        reply (unanswered posts) get missing scores. An empty ``customer_text`` is allowed: the
        scorer then cannot tell whether an apology was due and scores only what the reply does.
    rubric : Rubric, path or None
        Weights and dimensions for ``empathy_index`` (default: rubric v1). Dimensions the scorer
        does not know are left missing, with a warning.
    markers : MarkerSet, path or list of paths, optional
        Extra marker files (added to the kit's rules; same id replaces).
    reasons : bool
        Also add ``why_<dimension>`` columns saying which rule decided each level.
    progress : callable, optional
        Called as ``progress(done, total)`` while distinct reply texts are matched (for progress bars).

    Returns
    -------
    DataFrame
        The input's columns, then ``acknowledge, personalize, apologize, act, tone`` (0/1/2 as floats;
        ``apologize`` missing when no apology was due), ``deflect, snark`` (0/1/2), ``delight`` (0/1),
        ``empathy_index`` (0-100, unrounded, higher is more empathetic) and ``evidence``.
    """
    rubric = load_rubric(rubric)
    signals = rule_signals(df, markers, progress=progress)
    answered = signals.answered
    out = df.copy()
    for name in (*DIMENSIONS, *FLAGS):
        out[name] = np.where(answered, signals.levels[name], np.nan)
    out["empathy_index"] = _index(out, rubric)
    out["evidence"] = signals.evidence.to_pandas().set_axis(df.index)
    if reasons:
        for name, values in signals.why.items():
            out[f"why_{name}"] = np.where(answered, values, "no reply")
    return out


def _index(scored: pd.DataFrame, rubric: Rubric) -> pd.Series:
    unknown = [d for d in rubric.ids if d not in DIMENSIONS and d not in scored.columns]
    if unknown:
        warnings.warn(
            f"the automatic scorer does not rate {', '.join(unknown)}; the index leaves them out", stacklevel=3
        )
    frame = scored.reindex(columns=list(dict.fromkeys([*rubric.ids, "deflect", "snark"])))
    return empathy_index(frame, rubric)


def validate_scorer(
    human_labels: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    item: str = "item",
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The scorer against people: per dimension, each rater against the consensus of the others and
    the scorer against the same leave-one-out consensuses (QWK, Spearman, exact; bootstrap CIs).

    ``human_labels`` is the long frame (item, rater, dimension, value); ``scores`` is
    :func:`score_replies` output with an ``item`` column matching the labels' items. The statistics
    are those of :func:`helpers.agreement.tables.human_ceiling`.
    """
    from helpers.agreement.tables import human_ceiling

    if item not in scores.columns:
        raise DataError(
            f"the scores have no '{item}' column to match the labels' items",
            column=item,
            fix="pass item='reply_id' (or the column that holds the labels' item ids)",
        )
    long = scores.melt(
        id_vars=[item],
        value_vars=[d for d in DIMENSIONS if d in scores.columns],
        var_name="dimension",
        value_name="value",
    ).rename(columns={item: "item"})
    long["item"] = long["item"].astype(str)
    labels = human_labels.assign(item=human_labels["item"].astype(str))
    return human_ceiling(labels, long, n_boot=n_boot, seed=seed, confidence=confidence)
