"""Small statistics shared by the playbooks and the report: a median with a bootstrap CI.

>>> float(median_ci(pd.Series([1.0, 2, 3, 4, 100]), n_boot=200, seed=0)["estimate"])
3.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.agreement.statistics import _check_confidence

__all__ = ["median_ci"]


def median_ci(values, *, n_boot: int = 1000, seed: int = 0, confidence: float = 0.95) -> pd.Series:
    """Median of ``values`` (missing left out) with a seeded percentile-bootstrap CI and n.

    Parameters
    ----------
    values : array-like of numbers
        E.g. first response times in minutes or empathy indices; missing values are left out.
    n_boot : int, default 1000
        Bootstrap replicates (0: no interval, ``ci_low`` and ``ci_high`` are NaN).
    seed : int, default 0
        Seed of the resampling: the same seed gives the same interval.
    confidence : float, default 0.95
        Coverage of the interval, as a share (0.95: the 2.5th and 97.5th percentiles).

    Returns
    -------
    Series
        ``estimate`` (the median), ``ci_low``, ``ci_high`` and ``n`` (values used); all NaN and
        ``n == 0`` when there is no value.

    Raises
    ------
    DataError
        ``confidence`` is not a share between 0 and 1 (e.g. 95 instead of 0.95).

    Examples
    --------
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.latency.response_times import first_response_times
    >>> frt = first_response_times(load_workshop())["frt_min"]
    >>> median_ci(frt, n_boot=500).round(1).to_dict()
    {'estimate': 32.1, 'ci_low': 29.1, 'ci_high': 36.7, 'n': 198.0}
    >>> median_ci([np.nan]).to_dict()
    {'estimate': nan, 'ci_low': nan, 'ci_high': nan, 'n': 0.0}
    >>> median_ci(frt, confidence=95)
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: median_ci: confidence=95 is not a share between 0 and 1. Fix: ...
    """
    _check_confidence(confidence, "median_ci")
    x = pd.Series(values, dtype=float).dropna().to_numpy()
    if len(x) == 0:
        return pd.Series({"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": 0})
    rng = np.random.default_rng(seed)
    boots = np.median(x[rng.integers(0, len(x), size=(n_boot, len(x)))], axis=1) if n_boot > 0 else np.array([np.nan])
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(boots, [tail, 100 - tail])
    return pd.Series({"estimate": float(np.median(x)), "ci_low": float(lo), "ci_high": float(hi), "n": len(x)})
