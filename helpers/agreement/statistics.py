"""Agreement statistics on arrays: Cohen's kappa, Krippendorff's alpha, Fleiss' kappa, Gwet's AC1/AC2.

Own implementations (the PyPI ``krippendorff`` package is GPL-3.0), checked against published
values. ``np.nan`` means a missing rating. Degenerate inputs (one rater, one item, every rating the
same, no overlap) give ``nan`` with a :class:`AgreementWarning` saying why, never an exception from
inside numpy. Nothing is rounded.

Krippendorff's own worked example (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
4 coders x 12 units with missing values; his results: nominal 0.743, ordinal 0.815, interval 0.849):

>>> nan = np.nan
>>> data = [[1,   2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
...         [1,   2, 3, 3, 2, 2, 4, 1, 2, 5,   nan, 3],
...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5,   1,   nan],
...         [1,   2, 3, 3, 2, 4, 4, 1, 2, 5,   1,   nan]]
>>> round(krippendorff_alpha(data, "nominal"), 3)
0.743
>>> round(krippendorff_alpha(data, "ordinal"), 3)
0.815
>>> round(krippendorff_alpha(data, "interval"), 3)
0.849
"""

from __future__ import annotations

import warnings

import numpy as np

from helpers.data.errors import DataError

__all__ = [
    "AgreementWarning",
    "adjacent_agreement",
    "cohen_kappa",
    "coincidences",
    "fleiss_kappa",
    "gwet_ac",
    "krippendorff_alpha",
    "percent_agreement",
    "spearman",
]

LEVELS = ("nominal", "ordinal", "interval", "ratio")
WEIGHTS = (None, "linear", "quadratic")


class AgreementWarning(UserWarning):
    """A statistic could not be computed from these ratings (the message says why)."""


def _nan(why: str) -> float:
    warnings.warn(why, AgreementWarning, stacklevel=3)
    return float("nan")


def _check_weights(weights, function: str) -> None:
    if weights not in WEIGHTS:
        raise DataError(
            f"{function}: weights must be None, 'linear' or 'quadratic', not {weights!r}",
            fix="use weights=None (unweighted), 'linear' or 'quadratic' (ordered levels: bigger gaps cost more)",
        )


def _check_level(level, function: str) -> None:
    if level not in LEVELS:
        raise DataError(
            f"{function}: level must be one of {', '.join(LEVELS)}, not {level!r}",
            fix="rubric levels 0/1/2 are 'ordinal'; use 'nominal' for unordered categories",
        )


def _check_confidence(confidence, function: str) -> None:
    """A confidence level is a share (0.95), not a percentage (95): say so before numpy fails."""
    if not (isinstance(confidence, (int, float, np.number)) and 0 < confidence <= 1):
        raise DataError(
            f"{function}: confidence={confidence!r} is not a share between 0 and 1",
            fix="write the coverage as a share, e.g. confidence=0.95 for a 95% interval",
        )


def _pairs(a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise DataError(
            f"the two raters' arrays differ in length ({len(a)} and {len(b)})",
            fix="align them by item first, with NaN where a rater did not rate an item",
        )
    ok = ~(np.isnan(a) | np.isnan(b))
    return a[ok], b[ok]


def cohen_kappa(a, b, weights: str | None = None, categories=None) -> float:
    """Cohen's kappa between two raters, unweighted or with linear / quadratic weights.

    Items where either rating is missing are left out. Weights use the positions of the sorted
    categories (``categories`` if given, else the values seen), as scikit-learn does.

    Parameters
    ----------
    a, b : array-like of numbers
        The two raters' ratings of the same items, in the same order; ``np.nan`` (or None) where a
        rater did not rate an item.
    weights : {None, "linear", "quadratic"}, default None
        None: every disagreement counts the same (Cohen's kappa); ``"linear"`` or ``"quadratic"``:
        disagreements cost their distance (or its square) in category positions (weighted kappa;
        quadratic is the QWK of the scorer card).
    categories : sequence of numbers, optional
        Every possible level (e.g. ``[0, 1, 2]``); default: the levels the two raters used.

    Returns
    -------
    float
        1 is perfect agreement, 0 what chance gives, below 0 systematic disagreement; ``nan`` with
        an :class:`AgreementWarning` when the raters share no item or use a single category.

    Raises
    ------
    DataError
        ``a`` and ``b`` differ in length, ``weights`` is not a choice, or a rating is not among
        ``categories``.

    Examples
    --------
    >>> cohen_kappa([0, 1, 2, 2, 1], [0, 1, 2, 1, 1])
    0.6875
    >>> round(cohen_kappa([0, 1, 2, 2, 1], [0, 1, 2, 1, 1], weights="quadratic"), 4)
    0.8
    >>> round(cohen_kappa([0, 1, 2, 2, 1, None], [0, 1, 2, 1, 1, 2], weights="linear"), 4)
    0.7368
    >>> cohen_kappa([0, 1, 2], [0, 1, 1], weights="squared")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: cohen_kappa: weights must be None, 'linear' or 'quadratic', not 'squared'. Fix: ...
    """
    _check_weights(weights, "cohen_kappa")
    a, b = _pairs(a, b)
    if len(a) == 0:
        return _nan("cohen_kappa: the two raters have no item in common")
    cats = np.unique(np.concatenate([a, b])) if categories is None else np.asarray(sorted(categories), dtype=float)
    k = len(cats)
    ia, ib = np.searchsorted(cats, a), np.searchsorted(cats, b)
    if np.any(ia >= k) or np.any(cats[np.minimum(ia, k - 1)] != a) or np.any(cats[np.minimum(ib, k - 1)] != b):
        raise DataError(
            "cohen_kappa: a rating is not among the given categories",
            fix="pass every level the raters used in categories=, or leave it out",
        )
    observed = np.bincount(ia * k + ib, minlength=k * k).reshape(k, k).astype(float)
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    i, j = np.indices((k, k))
    if weights is None:
        w = (i != j).astype(float)
    elif weights == "linear":
        w = np.abs(i - j).astype(float)
    else:  # "quadratic" (checked above)
        w = ((i - j) ** 2).astype(float)
    denom = (w * expected).sum()
    if denom == 0:
        return _nan(
            "cohen_kappa: every rating is the same category, so chance agreement is perfect and kappa is undefined"
        )
    return float(1 - (w * observed).sum() / denom)


def spearman(a, b) -> float:
    """Spearman's rank correlation (midranks for ties) over items both raters rated.

    Parameters
    ----------
    a, b : array-like of numbers
        Two raters' ratings (or a rater's and the scorer's) of the same items, in the same order;
        ``np.nan`` where an item was not rated.

    Returns
    -------
    float
        Between -1 and 1; ``nan`` with an :class:`AgreementWarning` when fewer than two items were
        rated by both or one side gives every item the same rating.

    Raises
    ------
    DataError
        ``a`` and ``b`` differ in length.

    Examples
    --------
    >>> round(spearman([1, 2, 3, 4], [1, 3, 2, 4]), 6)
    0.8
    >>> round(spearman([1, 2, 3, 4, np.nan], [1, 3, 2, 4, 5]), 6)
    0.8
    >>> spearman([1, 2, 3], [1, 2])
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: the two raters' arrays differ in length (3 and 2). Fix: align them by item first, ...
    """
    a, b = _pairs(a, b)
    if len(a) < 2:
        return _nan("spearman: fewer than two items rated by both")
    ra, rb = _midranks(a), _midranks(b)
    sa, sb = ra.std(), rb.std()
    if sa == 0 or sb == 0:
        return _nan("spearman: one side gives every item the same rating, so there is no order to correlate")
    return float(((ra - ra.mean()) * (rb - rb.mean())).mean() / (sa * sb))


def _midranks(x: np.ndarray) -> np.ndarray:
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return (starts + (counts + 1) / 2)[inverse]


def percent_agreement(a, b) -> float:
    """Share of items (rated by both) on which two raters give the same level."""
    a, b = _pairs(a, b)
    return float(np.mean(a == b)) if len(a) else _nan("percent_agreement: no item rated by both")


def adjacent_agreement(a, b, tolerance: float = 1) -> float:
    """Share of items on which two raters are at most ``tolerance`` levels apart."""
    a, b = _pairs(a, b)
    return float(np.mean(np.abs(a - b) <= tolerance)) if len(a) else _nan("adjacent_agreement: no item rated by both")


def _units(data) -> tuple[np.ndarray, np.ndarray]:
    """raters x units array -> (values, units x values count matrix) over pairable units."""
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise DataError(
            f"reliability data must be 2-D, not {x.ndim}-D",
            fix="pass one row per rater and one column per unit (np.nan = missing), "
            "e.g. wide.to_numpy().T of an items x raters table",
        )
    values, inverse = np.unique(x[~np.isnan(x)], return_inverse=True)
    counts = np.zeros((x.shape[1], len(values)))
    unit = np.broadcast_to(np.arange(x.shape[1]), x.shape)[~np.isnan(x)]
    np.add.at(counts, (unit, inverse), 1)
    return values, counts


def coincidences(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidence matrix from a units x values count matrix (unpairable units drop out)."""
    m = counts.sum(1)
    w = np.where(m >= 2, 1.0 / np.maximum(m - 1, 1), 0.0)
    return (counts * w[:, None]).T @ counts - np.diag((counts * w[:, None]).sum(0))


def _delta(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    c, k = np.meshgrid(values, values, indexing="ij")
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((c - k) / (c + k)) ** 2
        return np.nan_to_num(d)
    if level == "ordinal":
        cum = np.cumsum(n_c)
        i, j = np.meshgrid(np.arange(len(values)), np.arange(len(values)), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        between = cum[hi] - np.where(lo > 0, cum[lo - 1], 0)
        return (between - (n_c[i] + n_c[j]) / 2) ** 2
    raise DataError(f"level must be one of {', '.join(LEVELS)}, not {level!r}", fix="use level='ordinal' or 'nominal'")


def _alpha_from(o: np.ndarray, values: np.ndarray, level: str) -> np.ndarray:
    """Alpha from one coincidence matrix (V x V) or a stack of them (B x V x V)."""
    o = np.asarray(o, dtype=float)
    stack = o if o.ndim == 3 else o[None]
    out = np.empty(len(stack))
    for b, ob in enumerate(stack):
        n_c = ob.sum(1)
        n = n_c.sum()
        d = _delta(values, n_c, level)
        d_e = (np.outer(n_c, n_c) * d).sum()
        out[b] = 1 - (n - 1) * (ob * d).sum() / d_e if d_e > 0 else np.nan
    return out if o.ndim == 3 else out[:1]


def krippendorff_alpha(data, level: str = "ordinal") -> float:
    """Krippendorff's alpha for any number of raters, with missing values.

    Parameters
    ----------
    data : array-like, shape (raters, units)
        Ratings, ``np.nan`` where a rater did not rate a unit.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement; rubric levels 0/1/2 are ordinal.

    Returns
    -------
    float
        1 is perfect agreement, 0 is chance, below 0 systematic disagreement; ``nan`` with an
        :class:`AgreementWarning` when no unit was rated twice or every rating is the same.

    Raises
    ------
    DataError
        ``level`` is not a choice, or ``data`` is not 2-D.

    Examples
    --------
    >>> data = [[0, 1, 2, 2, np.nan],  # rater 1 (did not rate the last unit)
    ...         [0, 1, 2, 1, 1],
    ...         [0, 2, 2, 1, 1]]
    >>> round(krippendorff_alpha(data), 4), round(krippendorff_alpha(data, "nominal"), 4)
    (0.7163, 0.5873)
    >>> krippendorff_alpha(data, "ordered")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: krippendorff_alpha: level must be one of nominal, ordinal, interval, ratio, ...
    """
    _check_level(level, "krippendorff_alpha")
    values, counts = _units(data)
    if (counts.sum(1) >= 2).sum() == 0:
        return _nan("krippendorff_alpha: no unit was rated by two or more raters")
    if len(values) < 2:
        return _nan("krippendorff_alpha: every rating is the same value, so there is no variation to agree on")
    alpha = _alpha_from(coincidences(counts), values, level)[0]
    return float(alpha) if np.isfinite(alpha) else _nan("krippendorff_alpha: no variation among pairable values")


def fleiss_kappa(data) -> float:
    """Fleiss' kappa (nominal) for several raters; units with fewer than two ratings are left out.

    Parameters
    ----------
    data : array-like, shape (raters, units)
        Ratings, ``np.nan`` where a rater did not rate a unit.

    Returns
    -------
    float
        1 is perfect agreement, 0 what chance gives; ``nan`` with an :class:`AgreementWarning`
        when no unit was rated twice or every rating is the same category.

    Raises
    ------
    DataError
        ``data`` is not 2-D.

    Examples
    --------
    >>> round(fleiss_kappa([[1, 1, 2, 2], [1, 1, 2, 1], [1, 1, 2, 2]]), 4)
    0.6571
    >>> round(fleiss_kappa([[0, 1, 2, 2, np.nan], [0, 1, 2, 1, 1], [0, 2, 2, 1, 1]]), 4)
    0.5852
    """
    values, counts = _units(data)
    counts = counts[counts.sum(1) >= 2]
    if len(counts) == 0:
        return _nan("fleiss_kappa: no unit was rated by two or more raters")
    n_i = counts.sum(1)
    p_i = ((counts * (counts - 1)).sum(1)) / (n_i * (n_i - 1))
    p_j = counts.sum(0) / n_i.sum()
    p_e = (p_j**2).sum()
    if p_e == 1:
        return _nan("fleiss_kappa: every rating is the same category")
    return float((p_i.mean() - p_e) / (1 - p_e))


def gwet_ac(data, weights: str | None = None, categories=None) -> float:
    """Gwet's AC1 (``weights=None``) or AC2 (``"linear"``/``"quadratic"``) for several raters.

    Stable when one level dominates, where kappa and alpha collapse. ``categories`` is the full
    set of possible levels (e.g. ``[0, 1, 2]``); by default the levels seen.

    Parameters
    ----------
    data : array-like, shape (raters, units)
        Ratings, ``np.nan`` where a rater did not rate a unit.
    weights : {None, "linear", "quadratic"}, default None
        None: AC1 (every disagreement counts the same); ``"linear"`` or ``"quadratic"``: AC2 with
        partial credit for near levels.
    categories : sequence of numbers, optional
        Every possible level (e.g. ``[0, 1, 2]``); default: the levels seen in ``data``.

    Returns
    -------
    float
        1 is perfect agreement, 0 what chance gives; ``nan`` with an :class:`AgreementWarning`
        when there are fewer than two categories or no unit was rated twice.

    Raises
    ------
    DataError
        ``weights`` is not a choice, a rating is not among ``categories``, or ``data`` is not 2-D.

    Examples
    --------
    >>> round(gwet_ac([[1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1, 1]], categories=[1, 2]), 4)
    0.8033
    >>> data = [[0, 1, 2, 2, np.nan], [0, 1, 2, 1, 1], [0, 2, 2, 1, 1]]
    >>> round(gwet_ac(data), 4), round(gwet_ac(data, "quadratic", categories=[0, 1, 2]), 4)
    (0.6104, 0.8193)
    >>> gwet_ac(data, categories=[1, 2])
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: gwet_ac: a rating is not among the given categories. Fix: ...
    """
    _check_weights(weights, "gwet_ac")
    values, counts = _units(data)
    cats = np.asarray(sorted(categories), dtype=float) if categories is not None else values
    if not np.isin(values, cats).all():
        raise DataError(
            "gwet_ac: a rating is not among the given categories",
            fix="pass every level the raters used in categories=, or leave it out",
        )
    full = np.zeros((counts.shape[0], len(cats)))
    full[:, np.searchsorted(cats, values)] = counts
    q = len(cats)
    if q < 2:
        return _nan("gwet_ac: needs at least two possible categories")
    i, j = np.indices((q, q))
    if weights is None:
        w = (i == j).astype(float)
    elif weights == "linear":
        w = 1 - np.abs(i - j) / (q - 1)
    else:  # "quadratic" (checked above)
        w = 1 - ((i - j) / (q - 1)) ** 2
    r_i = full.sum(1)
    paired = full[r_i >= 2]
    if len(paired) == 0:
        return _nan("gwet_ac: no unit was rated by two or more raters")
    r_p = paired.sum(1)
    p_a = ((paired * (paired @ w.T - 1)).sum(1) / (r_p * (r_p - 1))).mean()
    pi = (full[r_i > 0] / r_i[r_i > 0, None]).mean(0)
    p_e = w.sum() / (q * (q - 1)) * (pi * (1 - pi)).sum()
    return float((p_a - p_e) / (1 - p_e))
