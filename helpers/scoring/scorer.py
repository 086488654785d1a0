"""The empathy scorer: rubric levels for a brand's reply, with the evidence behind them.

Scorer 2 has two layers. The **rule layer** (:mod:`helpers.scoring.rules`) finds evidence: named
marker rules (``markers.yaml``) in the reply, cues in the customer's post, personalisation signals.
The **learned layer** (:mod:`helpers.scoring.learned`) decides the levels: linear heads trained on
independent raters' labels (``empathy-kit train``) read that evidence together with the shape of
the reply and static sentence vectors of post and reply. ``explain`` shows the evidence and, for
each level, what moved it most.

Modes (recorded in provenance):

- ``"default"``: both layers; the figures in ``docs/scorer_card.md``;
- ``"fast"``: the learned layer without marker rules, for millions of replies (no evidence column;
  ``explain`` a reply to see its evidence);
- ``"rules"``: scorer 1's hand-set decision table alone (as in kit 0.1).

Examples
--------
>>> df = pd.DataFrame({
...     "customer_text": ["My parcel shows delivered but it never arrived. So frustrating!"] * 2,
...     "reply_text": ["Sorry for any inconvenience. Please DM us.",
...                    "Oh no, that sounds so frustrating! I'm sorry your parcel hasn't turned up. "
...                    "I've sent a replacement today, or I can refund you now if you prefer. -Sam"]})
>>> scored = score_replies(df)
>>> bool(scored["empathy_index"].iloc[1] > scored["empathy_index"].iloc[0])
True
>>> score_replies(df, mode="rules")[["acknowledge", "personalize", "apologize", "act", "tone"]].to_numpy().tolist()
[[0.0, 0.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0, 2.0]]
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.bundled import package_file
from helpers.data.errors import DataError
from helpers.data.partitioned import is_dask
from helpers.scoring.embedding import Vocabulary
from helpers.scoring.explanation import Explanation, explain
from helpers.scoring.learned import ScorerModel, design_matrix, file_digest, mode_embedder
from helpers.scoring.markers import MarkerSet
from helpers.scoring.rubric import Rubric, empathy_index, load_rubric
from helpers.scoring.rules import DIMENSIONS, FLAGS, require_texts, rule_signals

__all__ = [
    "MODES",
    "SCORE_COLUMNS",
    "SCORER_VERSION",
    "Explanation",
    "explain",
    "load_model",
    "score_replies",
    "scorer_fingerprint",
    "validate_scorer",
]

#: bumped with every change that moves scores (rules, model files, features); in every provenance record
SCORER_VERSION = "2.4.0"
MODES = ("default", "fast", "rules")
_CHUNK = 10_000  # rows per block of the learned layer: the n-grams of 10,000 replies take ~0.3 GB
_WORKERS = min(2, os.cpu_count() or 1)  # blocks scored at once (memory grows with each)
SCORE_COLUMNS = (*DIMENSIONS, *FLAGS, "empathy_index", "evidence")


def _model_path(mode: str) -> Path:
    return package_file("helpers.scoring", f"model/scorer_{mode}.npz")


@lru_cache(maxsize=8)
def _load(path: str, stamp: float) -> ScorerModel:
    return ScorerModel.load(path)


def load_model(model: str | Path | ScorerModel = "default") -> ScorerModel:
    """The learned layer: the kit's model for a mode (``"default"``, ``"fast"``), or a team's model file.

    Parameters
    ----------
    model : str, path or ScorerModel
        A mode name, or the path of a file written by ``fit_scorer(...)[0].save(path)`` /
        ``empathy-kit fit``.

    Returns
    -------
    ScorerModel

    Examples
    --------
    >>> m = load_model("fast")
    >>> m.mode, "rules" in m.meta["trained_on"] or "items" in m.meta["trained_on"]
    ('fast', True)
    """
    if isinstance(model, ScorerModel):
        return model
    if str(model) in ("default", "fast"):
        path = _model_path(str(model))
    else:
        path = Path(model)
        if not path.is_file():
            raise DataError(
                "scorer model file not found",
                file=str(path),
                fix="pass 'default', 'fast', or a file written by `empathy-kit fit`",
            )
    return _load(str(path), path.stat().st_mtime)


def scorer_fingerprint(mode: str = "default", model=None) -> dict:
    """What produced a score: scorer version, mode, and a sha256 of the model and rule files.

    Parameters
    ----------
    mode : str
        ``"default"``, ``"fast"`` or ``"rules"``.
    model : path, optional
        A team's model file, hashed instead of the kit's.

    Examples
    --------
    >>> fp = scorer_fingerprint("rules")
    >>> fp["scorer_version"], fp["scorer_mode"], len(fp["scorer_files_sha256"])
    ('2.4.0', 'rules', 64)
    """
    files = [package_file("helpers.scoring", "markers.yaml")]
    if mode != "rules":
        files += [package_file("helpers.scoring", "model/static_vectors.npz")]
        files += [Path(model) if isinstance(model, (str, Path)) and str(model) not in MODES else _model_path(mode)]
    return {"scorer_version": SCORER_VERSION, "scorer_mode": mode, "scorer_files_sha256": file_digest(*files)}


def score_replies(
    df: pd.DataFrame,
    rubric: Rubric | str | None = None,
    markers: MarkerSet | str | list | None = None,
    *,
    mode: str = "default",
    model: str | Path | ScorerModel | None = None,
    reasons: bool = False,
    progress=None,
    threads: int | None = None,
    template_counts: pd.Series | None = None,
) -> pd.DataFrame:
    """Score each reply on the rubric's dimensions, with evidence.

    Parameters
    ----------
    df : DataFrame or dask.dataframe.DataFrame
        Needs ``reply_text``; ``customer_text`` is optional (other columns are passed through). Rows
        without a reply (unanswered posts) get missing scores. An empty or absent ``customer_text``
        is allowed: the scorer then cannot tell whether an apology was due and scores only what the
        reply does.
        A Dask frame is scored partition by partition after one global pass that counts templates
        across all partitions; a Dask frame with the same scores comes back (``docs/scale.md``).
    rubric : Rubric, path or None
        Weights and dimensions for ``empathy_index`` (default: rubric v1). Dimensions the scorer
        does not know are left missing, with a warning.
    markers : MarkerSet, path or list of paths, optional
        Extra marker files (added to the kit's rules; same id replaces).
    mode : {"default", "fast", "rules"}
        Which scorer (see the module's description); recorded by :func:`scorer_fingerprint`.
    model : path or ScorerModel, optional
        A team's own learned layer (``empathy-kit fit``); its mode replaces ``mode``.
    reasons : bool
        Also add ``why_<dimension>`` columns: the rule that decided each level (``"rules"``) or the
        three features that moved it most (learned modes; one explanation per row, so slower).
    progress : callable, optional
        Called as ``progress(done, total)`` while distinct reply texts are matched (for progress bars).
    threads : int, optional
        Blocks of 10,000 rows scored at once (default: 2, or 1 on a one-core machine). The Dask
        engine uses 1 in each task: its workers are the parallelism.
    template_counts : Series, optional
        Answered replies per template skeleton in the corpus ``df`` belongs to
        (:func:`helpers.scoring.rules.template_keys`; the Dask engine counts them across
        partitions). Default: counted within ``df``.

    Returns
    -------
    DataFrame
        The input's columns, then ``acknowledge, personalize, apologize, act, tone`` (0/1/2 as floats;
        ``apologize`` missing when no apology was due), ``deflect, snark`` (0/1/2), ``delight`` (0/1),
        ``empathy_index`` (0-100, unrounded, higher is more empathetic) and ``evidence``.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_text": ["My order never came"], "reply_text": ["So sorry! I've resent it today."]})
    >>> s = score_replies(df, mode="fast")
    >>> list(s.columns[2:8]), bool(0 <= s["empathy_index"].iloc[0] <= 100)
    (['acknowledge', 'personalize', 'apologize', 'act', 'tone', 'deflect'], True)
    """
    if is_dask(df):
        from helpers.scoring.partitioned import score_partitioned

        return score_partitioned(df, rubric, markers, mode=mode, model=model, reasons=reasons)
    rubric = load_rubric(rubric)
    learned = load_model(model) if model is not None else None
    mode = learned.mode if learned is not None else mode
    if mode not in MODES:
        raise DataError(f"unknown scoring mode {mode!r}", fix=f"use one of {', '.join(MODES)}")
    out = df.copy()
    if "customer_text" not in df.columns and "reply_text" in df.columns:
        df = df.assign(customer_text=pd.NA)  # no posts: every reply is scored as if its post were empty
    require_texts(df)
    signals = rule_signals(df, markers, progress=progress, template_counts=template_counts) if mode != "fast" else None
    if signals is None:  # Arrow's whitespace is str.strip's, character for character
        reply = pa.array(df["reply_text"], type=pa.large_string(), from_pandas=True)
        answered = np.asarray(pc.fill_null(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(reply)), 0), False))
    else:
        answered = signals.answered
    if mode == "rules":
        levels, why = signals.levels, signals.why
    else:
        learned = learned or load_model(mode)
        levels = {t: np.full(len(df), np.nan) for t in (*DIMENSIONS, "due")}
        why = {dim: np.full(len(df), "", dtype=object) for dim in DIMENSIONS} if reasons else {}
        embedder = mode_embedder(learned.mode)
        vocabulary = Vocabulary(embedder)  # each word tokenised once per run, whichever chunk meets it first

        def score_chunk(start: int) -> None:
            rows = np.arange(start, min(start + _CHUNK, len(df)))
            part = None if signals is None else signals.take(rows)
            frame = df.iloc[start : start + _CHUNK]
            features = design_matrix(
                frame, mode, markers=markers, embedder=embedder, signals=part, vocabulary=vocabulary
            )
            for name, values in learned.predict(features, None if part is None else part.features).items():
                levels[name][rows] = values
            if reasons:
                for dim in DIMENSIONS:
                    why[dim][rows] = [
                        "; ".join(learned.reasons(features, i, "due" if dim == "apologize" and np.isnan(lv) else dim))
                        for i, lv in enumerate(levels[dim][rows])
                    ]

        # bounded memory on millions of rows; Arrow, numpy and scipy release the GIL, so chunks overlap
        with ThreadPoolExecutor(threads or _WORKERS) as pool:
            list(pool.map(score_chunk, range(0, len(df), _CHUNK)))
        for flag in FLAGS:
            levels[flag] = signals.levels[flag] if signals is not None else np.full(len(df), np.nan)
        if reasons:
            if signals is not None:
                why.update({flag: signals.why[flag] for flag in FLAGS})
    for name in (*DIMENSIONS, *FLAGS):
        out[name] = np.where(answered, levels[name], np.nan)
    out["empathy_index"] = _index(out, rubric)
    out["evidence"] = signals.evidence.to_pandas().set_axis(df.index) if signals is not None else ""
    for name, values in why.items():
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

    Parameters
    ----------
    human_labels : DataFrame
        The long frame ``item, rater, dimension, value``.
    scores : DataFrame
        :func:`score_replies` output with a column matching the labels' items.
    item : str
        That column's name (e.g. ``reply_id``).
    n_boot, seed, confidence
        The bootstrap, as in :func:`helpers.agreement.tables.human_ceiling`.

    Returns
    -------
    DataFrame
        dimension, who (each rater and ``scorer``), statistic, estimate, ci_low, ci_high, n.

    Examples
    --------
    >>> import helpers
    >>> labels, replies = helpers.load_example_labels(), helpers.load_workshop()
    >>> scored = score_replies(replies[replies["reply_id"].isin(labels["item"])])
    >>> table = validate_scorer(labels, scored, item="reply_id", n_boot=50)
    >>> sorted(table["who"].unique())
    ['ana', 'ben', 'cy', 'scorer']
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
