"""Rater agreement on a long labels frame (``item, rater, dimension, value``), with CIs.

The frame is what :class:`helpers.labelling.store.LabelStore` gives and what a spreadsheet export looks
like after melting: one row per item, rater and dimension; a missing value means "not rated" or
N/A. Every function returns a tidy DataFrame; the statistics themselves live in
:mod:`helpers.agreement.statistics`.

Examples
--------
>>> labels = pd.DataFrame({
...     "item": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4],
...     "rater": ["ana", "ben", "cy"] * 4,
...     "dimension": "tone",
...     "value": [2, 2, 1, 0, 0, 0, 1, 2, 1, 2, 2, 2]})
>>> summary = agreement_summary(labels, n_boot=200)
>>> summary.set_index("statistic")["estimate"].round(3).to_dict()
{'alpha_ordinal': 0.694, 'fleiss_kappa': 0.467, 'gwet_ac2': 0.778, 'percent': 0.667, 'adjacent': 1.0}
>>> disagreements(labels, top=1)[["item", "dimension", "spread"]].to_dict("records")
[{'item': 1, 'dimension': 'tone', 'spread': 1.0}]
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd

from helpers.agreement.statistics import (
    AgreementWarning,
    _alpha_from,
    _check_confidence,
    _check_level,
    _units,
    adjacent_agreement,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac,
    krippendorff_alpha,
    percent_agreement,
    spearman,
)
from helpers.data.errors import DataError

__all__ = [
    "agreement_summary",
    "check_labels",
    "disagreements",
    "human_ceiling",
    "pairwise_agreement",
    "rater_diagnostics",
    "wide_labels",
]

LABEL_COLUMNS = ("item", "rater", "dimension", "value")
CEILING_COLUMNS = ["dimension", "who", "statistic", "estimate", "ci_low", "ci_high", "n"]


def check_labels(labels: pd.DataFrame, *, file=None) -> pd.DataFrame:
    """Validate a long labels frame; values become floats (``NA``/blank -> missing)."""
    missing = [c for c in LABEL_COLUMNS if c not in labels.columns]
    if missing:
        raise DataError(
            f"labels need the columns {', '.join(LABEL_COLUMNS)}; missing {', '.join(missing)}",
            file=file,
            column=missing[0],
            fix="one row per item, rater and dimension; melt a wide sheet with DataFrame.melt",
        )
    out = labels.copy()
    raw = out["value"]
    values = pd.to_numeric(raw.replace({"NA": np.nan, "N/A": np.nan, "na": np.nan, "": np.nan}), errors="coerce")
    bad = values.isna() & raw.notna() & ~raw.astype("string").str.strip().str.upper().isin(["NA", "N/A", ""])
    if bad.any():
        raise DataError(
            f"values that are not numbers: {', '.join(map(repr, raw[bad].unique()[:5]))}",
            file=file,
            column="value",
            rows=list(out.index[bad]),
            fix="use the rubric's numeric levels, or NA for not applicable",
        )
    out["value"] = values.astype(float)
    dup = out.duplicated(["item", "rater", "dimension"], keep=False)
    if dup.any():
        raise DataError(
            "the same rater labelled the same item and dimension twice",
            file=file,
            column="item",
            rows=list(out.index[dup]),
            fix="keep the latest label only (LabelStore.current() does)",
        )
    return out


def wide_labels(labels: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Items x raters table of one dimension's values (NaN = not rated)."""
    one = labels[labels["dimension"] == dimension]
    return one.pivot(index="item", columns="rater", values="value").astype(float)


def _consensus(wide: np.ndarray) -> np.ndarray:
    """Median per item, half-values rounded up (ties between two raters go to the higher level)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(wide, axis=1)
    return np.floor(med + 0.5)


def agreement_summary(
    labels: pd.DataFrame, *, n_boot: int = 1000, seed: int = 0, confidence: float = 0.95, categories=None
) -> pd.DataFrame:
    """Per dimension: Krippendorff's alpha (ordinal, with a bootstrap CI), Fleiss' kappa, Gwet's AC2,
    percent and adjacent agreement over rater pairs. Columns: dimension, statistic, estimate, ci_low,
    ci_high (alpha only), n (items rated by two or more raters), raters.

    Parameters
    ----------
    labels : DataFrame
        Long labels ``item, rater, dimension, value`` (one row per item, rater and dimension; a
        missing value or ``"NA"`` is not rated / not applicable), e.g. ``LabelStore.current()``.
    n_boot : int, default 1000
        Bootstrap replicates of the alpha interval (0: no interval).
    seed : int, default 0
        Seed of the resampling: the same seed gives the same interval.
    confidence : float, default 0.95
        Coverage of the alpha interval, as a share.
    categories : sequence of numbers, optional
        Every possible level (e.g. ``[0, 1, 2]``) for Gwet's AC2; default: the levels seen.

    Returns
    -------
    DataFrame
        Five rows per dimension (in order of first appearance), ``statistic`` one of
        ``alpha_ordinal, fleiss_kappa, gwet_ac2, percent, adjacent``; columns ``dimension,
        statistic, estimate, ci_low, ci_high, n, raters``.

    Raises
    ------
    DataError
        A label column is missing, a value is not a number, an item is labelled twice by the same
        rater on the same dimension, or ``confidence`` is not a share.

    Examples
    --------
    >>> from helpers.data.bundled import load_example_labels
    >>> summary = agreement_summary(load_example_labels(), n_boot=200)
    >>> summary.shape, summary["dimension"].unique().tolist()
    ((25, 7), ['acknowledge', 'personalize', 'apologize', 'act', 'tone'])
    >>> tone = summary[summary["dimension"] == "tone"].set_index("statistic")
    >>> tone.loc["alpha_ordinal", ["estimate", "ci_low", "ci_high", "n", "raters"]].astype(float).round(3).to_dict()
    {'estimate': 0.483, 'ci_low': 0.305, 'ci_high': 0.668, 'n': 48.0, 'raters': 3.0}
    """
    _check_confidence(confidence, "agreement_summary")
    labels = check_labels(labels)
    rows = []
    for dim in labels["dimension"].drop_duplicates():
        wide = wide_labels(labels, dim)
        data = wide.to_numpy().T
        n = int((wide.notna().sum(axis=1) >= 2).sum())
        alpha = alpha_ci(data, "ordinal", n_boot=n_boot, seed=seed, confidence=confidence)
        pairs = list(itertools.combinations(range(data.shape[0]), 2))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AgreementWarning)
            pct = np.nanmean([percent_agreement(data[i], data[j]) for i, j in pairs]) if pairs else np.nan
            adj = np.nanmean([adjacent_agreement(data[i], data[j]) for i, j in pairs]) if pairs else np.nan
        for stat, value, ci in (
            ("alpha_ordinal", alpha["estimate"], (alpha["ci_low"], alpha["ci_high"])),
            ("fleiss_kappa", fleiss_kappa(data), (np.nan, np.nan)),
            ("gwet_ac2", gwet_ac(data, "quadratic", categories), (np.nan, np.nan)),
            ("percent", pct, (np.nan, np.nan)),
            ("adjacent", adj, (np.nan, np.nan)),
        ):
            rows.append((dim, stat, float(value), ci[0], ci[1], n, data.shape[0]))
    return pd.DataFrame(rows, columns=["dimension", "statistic", "estimate", "ci_low", "ci_high", "n", "raters"])


def alpha_ci(data, level: str = "ordinal", *, n_boot: int = 1000, seed: int = 0, confidence: float = 0.95) -> pd.Series:
    """Krippendorff's alpha with a percentile bootstrap CI, resampling units (seeded, reproducible).

    Each unit's contribution to the coincidence matrix is computed once; a bootstrap replicate is a
    weighted sum of them, so 1,000 replicates cost one matrix product.

    Parameters
    ----------
    data : array-like, shape (raters, units)
        Ratings; ``np.nan`` means missing (as :func:`krippendorff_alpha`).
    level : {"nominal", "ordinal", "interval", "ratio"}
        The level of measurement.
    n_boot : int
        Bootstrap replicates (0: no interval).
    seed : int
        Seed of the resampling.
    confidence : float
        Coverage of the interval (0.95: the 2.5th and 97.5th percentiles).

    Returns
    -------
    Series
        ``estimate, ci_low, ci_high, n`` (n = units rated by two or more raters).

    Examples
    --------
    >>> alpha_ci([[1, 2, 3, 3, 2, 1, 4, 1, 2], [1, 2, 3, 3, 2, 2, 4, 1, 2]], n_boot=200).round(3).to_dict()
    {'estimate': 0.923, 'ci_low': 0.66, 'ci_high': 1.0, 'n': 9.0}
    """
    _check_level(level, "alpha_ci")
    _check_confidence(confidence, "alpha_ci")
    values, counts = _units(data)
    counts = counts[counts.sum(1) >= 2]
    estimate = krippendorff_alpha(data, level) if len(counts) else np.nan
    out = pd.Series({"estimate": estimate, "ci_low": np.nan, "ci_high": np.nan, "n": len(counts)}, dtype=float)
    if len(counts) < 2 or len(values) < 2 or n_boot <= 0:
        return out
    m = counts.sum(1)
    v = len(values)
    per_unit = (counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(v)) / (m - 1)[:, None, None]
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(counts), np.full(len(counts), 1 / len(counts)), size=n_boot).astype(float)
    stack = (weights @ per_unit.reshape(len(counts), v * v)).reshape(n_boot, v, v)
    alphas = _alpha_from(stack, values, level)
    alphas = alphas[np.isfinite(alphas)]
    if len(alphas):
        tail = (1 - confidence) / 2 * 100
        out["ci_low"], out["ci_high"] = np.percentile(alphas, [tail, 100 - tail])
    return out


_PAIR_STATS = {
    "qwk": lambda a, b, cats: cohen_kappa(a, b, "quadratic", categories=cats),
    "kappa": lambda a, b, cats: cohen_kappa(a, b, None, categories=cats),
    "spearman": lambda a, b, cats: spearman(a, b),
    "exact": lambda a, b, cats: percent_agreement(a, b),
    "adjacent": lambda a, b, cats: adjacent_agreement(a, b),
}


def pairwise_agreement(
    labels: pd.DataFrame, statistics=("qwk", "kappa", "spearman", "exact", "adjacent")
) -> pd.DataFrame:
    """Every pair of raters on every dimension: dimension, rater_a, rater_b, statistic, estimate, n.

    Parameters
    ----------
    labels : DataFrame
        Long labels ``item, rater, dimension, value`` (see :func:`agreement_summary`).
    statistics : sequence of str, default ("qwk", "kappa", "spearman", "exact", "adjacent")
        Which statistics to compute, in this order: ``"qwk"`` (quadratic-weighted kappa),
        ``"kappa"`` (Cohen's), ``"spearman"``, ``"exact"`` (share of items with the same level)
        and ``"adjacent"`` (share at most one level apart). Kappas use the levels seen on the
        dimension.

    Returns
    -------
    DataFrame
        One row per dimension, pair of raters (in order of the sorted rater names) and statistic:
        ``dimension, rater_a, rater_b, statistic, estimate, n`` (items both raters rated).

    Raises
    ------
    DataError
        A statistic is not one of the choices, or ``labels`` is not a valid labels frame.

    Examples
    --------
    >>> from helpers.data.bundled import load_example_labels
    >>> pairs = pairwise_agreement(load_example_labels(), statistics=["qwk", "exact"])
    >>> pairs.shape
    (30, 6)
    >>> pairs.head(2).round(3).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'dimension': 'acknowledge', 'rater_a': 'ana', 'rater_b': 'ben', 'statistic': 'qwk', 'estimate': 0.686, 'n': 48},
     {'dimension': 'acknowledge', 'rater_a': 'ana', 'rater_b': 'ben', 'statistic': 'exact', 'estimate': 0.688, 'n': 48}]
    >>> pairwise_agreement(load_example_labels(), statistics=["alpha"])
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: pairwise_agreement: unknown statistic 'alpha'. Fix: choose among qwk, kappa, ...
    """
    if isinstance(statistics, str):
        raise DataError(
            f"pairwise_agreement: statistics={statistics!r} is one name, not a list of them",
            fix=f"pass a list, e.g. statistics=[{statistics!r}]",
        )
    unknown = [stat for stat in statistics if stat not in _PAIR_STATS]
    if unknown:
        raise DataError(
            f"pairwise_agreement: unknown statistic{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
            fix=f"choose among {', '.join(_PAIR_STATS)}, as a list: statistics=['qwk', 'exact']",
        )
    labels = check_labels(labels)
    rows = []
    for dim in labels["dimension"].drop_duplicates():
        wide = wide_labels(labels, dim)
        cats = sorted(np.unique(wide.to_numpy()[~np.isnan(wide.to_numpy())]))
        for ra, rb in itertools.combinations(wide.columns, 2):
            a, b = wide[ra].to_numpy(), wide[rb].to_numpy()
            n = int((~np.isnan(a) & ~np.isnan(b)).sum())
            for stat in statistics:
                rows.append((dim, ra, rb, stat, _PAIR_STATS[stat](a, b, cats), n))
    return pd.DataFrame(rows, columns=["dimension", "rater_a", "rater_b", "statistic", "estimate", "n"])


def _boot_stats(a: np.ndarray, c: np.ndarray, idx: np.ndarray, cats: np.ndarray) -> dict[str, np.ndarray]:
    """qwk, spearman and exact agreement of (a, c) on every bootstrap row of ``idx`` at once.

    Row 0 of ``idx`` must be the identity (the point estimate)."""
    k = len(cats)
    ok = ~(np.isnan(a) | np.isnan(c))
    ia = np.searchsorted(cats, np.where(ok, a, cats[0]))
    ic = np.searchsorted(cats, np.where(ok, c, cats[0]))
    okb, iab, icb = ok[idx], ia[idx], ic[idx]
    nb = okb.sum(1)
    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        out["exact"] = ((iab == icb) & okb).sum(1) / nb
        b = np.broadcast_to(np.arange(len(idx))[:, None], idx.shape)
        conf = np.bincount((b * k * k + iab * k + icb)[okb], minlength=len(idx) * k * k).reshape(len(idx), k, k)
        i, j = np.indices((k, k))
        w = ((i - j) ** 2).astype(float)
        expected = conf.sum(2)[:, :, None] * conf.sum(1)[:, None, :] / nb[:, None, None]
        out["qwk"] = 1 - (w * conf).sum((1, 2)) / (w * expected).sum((1, 2))
        # midranks per replicate from level counts (ratings are discrete levels)
        rank = {}
        for name, col in (("a", iab), ("c", icb)):
            cnt = np.stack([((col == v) & okb).sum(1) for v in range(k)], axis=1)
            mid = np.cumsum(cnt, axis=1) - cnt + (cnt + 1) / 2
            rank[name] = np.take_along_axis(mid, col, axis=1)
        ra, rc = np.where(okb, rank["a"], 0.0), np.where(okb, rank["c"], 0.0)
        ma, mc = ra.sum(1) / nb, rc.sum(1) / nb
        da, dc = np.where(okb, ra - ma[:, None], 0), np.where(okb, rc - mc[:, None], 0)
        out["spearman"] = (da * dc).sum(1) / np.sqrt((da**2).sum(1) * (dc**2).sum(1))
    return out


def human_ceiling(
    labels: pd.DataFrame,
    scores: pd.DataFrame | None = None,
    *,
    dimension=None,
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each rater against the consensus of the others, and the scorer against the same consensuses.

    For rater *r*, the consensus is the median of the other raters on each item (half-values
    rounded up). The automatic scorer (``scores``: a long frame ``item, dimension, value``) is
    compared with every one of those leave-one-out consensuses and its statistics averaged over
    them, so both sides face the same yardstick. CIs are percentile bootstraps over items, with the
    same resamples for raters and scorer.

    Parameters
    ----------
    labels : DataFrame
        Long labels of two or more raters: ``item, rater, dimension, value`` (see
        :func:`agreement_summary`).
    scores : DataFrame, optional
        The automatic scorer's levels as a long frame ``item, dimension, value`` (a ``rater``
        column, if any, is kept); adds ``who == "scorer"`` rows.
    dimension : str or list of str, optional
        The dimension(s) to compare; default: every dimension of ``labels``. A dimension with fewer
        than two raters, or a single level throughout, is skipped with an :class:`AgreementWarning`.
    n_boot : int, default 1000
        Bootstrap replicates over items (0: no intervals).
    seed : int, default 0
        Seed of the resampling.
    confidence : float, default 0.95
        Coverage of the intervals, as a share.

    Returns
    -------
    DataFrame
        dimension, who (rater name or ``"scorer"``), statistic (qwk, spearman, exact), estimate,
        ci_low, ci_high, n (items compared); sorted by dimension, statistic (in that order), who.

    Raises
    ------
    DataError
        ``labels`` or ``scores`` is not a valid labels frame, or ``confidence`` is not a share.

    Examples
    --------
    >>> from helpers.data.bundled import load_example_labels
    >>> labels = load_example_labels()
    >>> ceiling = human_ceiling(labels, dimension="tone", n_boot=200)
    >>> ceiling[ceiling["statistic"] == "qwk"][["who", "estimate", "ci_low", "ci_high"]].round(3).to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'who': 'ana', 'estimate': 0.823, 'ci_low': 0.663, 'ci_high': 0.938},
     {'who': 'ben', 'estimate': 0.711, 'ci_low': 0.516, 'ci_high': 0.869},
     {'who': 'cy', 'estimate': 0.29, 'ci_low': 0.088, 'ci_high': 0.503}]

    Pretend ana's labels were the scorer's, against the consensus of ben and cy:

    >>> scores = labels[labels["rater"] == "ana"][["item", "dimension", "value"]]
    >>> vs = human_ceiling(labels[labels["rater"] != "ana"], scores, dimension="tone", n_boot=200)
    >>> vs.loc[vs["who"] == "scorer", ["statistic", "estimate"]].round(3).to_dict("records")
    [{'statistic': 'qwk', 'estimate': 0.64}, {'statistic': 'spearman', 'estimate': 0.693}, {'statistic': 'exact', 'estimate': 0.698}]
    """  # noqa: E501 (doctest output)
    _check_confidence(confidence, "human_ceiling")
    labels = check_labels(labels)
    if scores is not None:
        scores = check_labels(scores.assign(rater="scorer") if "rater" not in scores else scores)
    dims = (
        labels["dimension"].drop_duplicates().tolist()
        if dimension is None
        else ([dimension] if isinstance(dimension, str) else list(dimension))
    )
    rng = np.random.default_rng(seed)
    tail = (1 - confidence) / 2 * 100
    rows = []
    for dim in dims:
        wide = wide_labels(labels, dim)
        if wide.shape[1] < 2:
            warnings.warn(f"human_ceiling: dimension {dim!r} has fewer than two raters", AgreementWarning, stacklevel=2)
            continue
        x = wide.to_numpy()
        s = None
        if scores is not None:
            s = scores[scores["dimension"] == dim].set_index("item")["value"].reindex(wide.index).to_numpy(dtype=float)
        allv = np.concatenate([x[~np.isnan(x)], [] if s is None else s[~np.isnan(s)]])
        cats = np.unique(allv)
        if len(cats) < 2:
            warnings.warn(f"human_ceiling: every rating of {dim!r} is the same", AgreementWarning, stacklevel=2)
            continue
        n_items = len(x)
        idx = np.vstack([np.arange(n_items), rng.integers(0, n_items, size=(max(n_boot, 0), n_items))])
        scorer_runs = []
        for r, name in enumerate(wide.columns):
            others = np.delete(x, r, axis=1)
            consensus = np.where((~np.isnan(others)).sum(1) >= 1, _consensus(others), np.nan)
            stats = _boot_stats(x[:, r], consensus, idx, cats)
            n = int((~np.isnan(x[:, r]) & ~np.isnan(consensus)).sum())
            rows += [_row(dim, name, st, v, n, tail) for st, v in stats.items()]
            if s is not None:
                scorer_runs.append(
                    (_boot_stats(s, consensus, idx, cats), int((~np.isnan(s) & ~np.isnan(consensus)).sum()))
                )
        if scorer_runs:
            for st in scorer_runs[0][0]:
                mean = np.nanmean(np.stack([run[st] for run, _ in scorer_runs]), axis=0)
                rows.append(_row(dim, "scorer", st, mean, max(n for _, n in scorer_runs), tail))
    out = pd.DataFrame(rows, columns=CEILING_COLUMNS)
    order = {"qwk": 0, "spearman": 1, "exact": 2}
    return out.sort_values(
        ["dimension", "statistic", "who"], key=lambda c: c.map(order) if c.name == "statistic" else c, kind="stable"
    ).reset_index(drop=True)


def _row(dim, who, stat, values: np.ndarray, n: int, tail: float) -> tuple:
    boot = values[1:][np.isfinite(values[1:])]
    lo, hi = np.percentile(boot, [tail, 100 - tail]) if len(boot) else (np.nan, np.nan)
    return (dim, who, stat, float(values[0]), float(lo), float(hi), n)


def rater_diagnostics(labels: pd.DataFrame, order: str | None = None) -> pd.DataFrame:
    """Per dimension and rater: n, leniency (the rater's level minus the other raters' mean level on
    the same item, averaged over items; > 0 is lenient), alpha (ordinal) of the team without this
    rater, and drift (Spearman between labelling order and that difference; needs an ``order``
    column such as a timestamp). The others' *mean*, not a rounded median: rounding half-levels up
    would make every rater look stricter than they are.

    Parameters
    ----------
    labels : DataFrame
        Long labels ``item, rater, dimension, value`` (see :func:`agreement_summary`), with the
        ``order`` column when drift is wanted.
    order : str, optional
        A column of ``labels`` giving the order in which each rater labelled (e.g. ``"at"``, the
        timestamp of ``LabelStore.current()``). Without it (or when ``labels`` has no such column)
        ``drift`` is NaN.

    Returns
    -------
    DataFrame
        One row per dimension and rater: ``dimension, rater, n`` (items also labelled by another
        rater), ``leniency``, ``alpha_without`` (NaN with fewer than two other raters),
        ``drift``.

    Raises
    ------
    DataError
        ``labels`` is not a valid labels frame.

    Examples
    --------
    >>> from helpers.data.bundled import load_example_labels
    >>> diagnostics = rater_diagnostics(load_example_labels(), order="at")
    >>> tone = diagnostics[diagnostics["dimension"] == "tone"].drop(columns="dimension")
    >>> tone.round(3).to_dict("records")  # cy is strict; the team agrees best without cy
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'rater': 'ana', 'n': 48, 'leniency': 0.115, 'alpha_without': 0.229, 'drift': 0.13},
     {'rater': 'ben', 'n': 48, 'leniency': 0.365, 'alpha_without': 0.501, 'drift': -0.058},
     {'rater': 'cy', 'n': 48, 'leniency': -0.479, 'alpha_without': 0.736, 'drift': -0.07}]
    """
    labels = check_labels(labels)
    rows = []
    for dim in labels["dimension"].drop_duplicates():
        wide = wide_labels(labels, dim)
        x = wide.to_numpy()
        for r, name in enumerate(wide.columns):
            others = np.delete(x, r, axis=1)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # an item no other rater labelled: NaN
                diff = x[:, r] - np.nanmean(others, axis=1)
            ok = ~np.isnan(diff)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", AgreementWarning)
                without = krippendorff_alpha(others.T, "ordinal") if others.shape[1] >= 2 else np.nan
                drift = np.nan
                if order is not None and order in labels.columns:
                    when = labels[(labels["dimension"] == dim) & (labels["rater"] == name)].set_index("item")[order]
                    rank = pd.Series(when).reindex(wide.index).rank().to_numpy(dtype=float)
                    drift = spearman(rank, diff)
            rows.append((dim, name, int(ok.sum()), float(np.mean(diff[ok])) if ok.any() else np.nan, without, drift))
    return pd.DataFrame(rows, columns=["dimension", "rater", "n", "leniency", "alpha_without", "drift"])


def disagreements(labels: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The item-dimension pairs raters disagree on most (largest spread, then spread of values),
    with every rater's value beside them: a calibration agenda.

    Parameters
    ----------
    labels : DataFrame
        Long labels ``item, rater, dimension, value`` (see :func:`agreement_summary`).
    top : int, default 10
        How many item-dimension pairs to return.

    Returns
    -------
    DataFrame
        Up to ``top`` rows, most disputed first, of pairs rated by two or more raters: ``item,
        dimension, raters, low, high, sd, spread`` (high minus low), then one column per rater
        with their value (NaN: not rated or N/A).

    Raises
    ------
    DataError
        ``labels`` is not a valid labels frame.

    Examples
    --------
    >>> from helpers.data.bundled import load_example_labels
    >>> agenda = disagreements(load_example_labels(), top=3)
    >>> agenda[["item", "dimension", "spread", "ana", "ben", "cy"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'item': 'WS-R0099', 'dimension': 'tone', 'spread': 2.0, 'ana': 2.0, 'ben': 2.0, 'cy': 0.0},
     {'item': 'WS-R0017', 'dimension': 'personalize', 'spread': 2.0, 'ana': 2.0, 'ben': 2.0, 'cy': 0.0},
     {'item': 'WS-R0001', 'dimension': 'apologize', 'spread': 2.0, 'ana': 2.0, 'ben': 2.0, 'cy': 0.0}]
    """
    labels = check_labels(labels)
    grouped = labels.dropna(subset=["value"]).groupby(["item", "dimension"], sort=False)["value"]
    stats = grouped.agg(raters="count", low="min", high="max", sd="std").reset_index()
    stats = stats[stats["raters"] >= 2]
    stats["spread"] = stats["high"] - stats["low"]
    stats = stats.sort_values(["spread", "sd"], ascending=False, kind="stable").head(top)
    values = labels.pivot_table(index=["item", "dimension"], columns="rater", values="value", aggfunc="first")
    return stats.merge(values.reset_index(), on=["item", "dimension"], how="left").reset_index(drop=True)
