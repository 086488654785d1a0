"""Small statistics shared by the playbooks and the report: a median with a bootstrap CI.

>>> float(median_ci(pd.Series([1.0, 2, 3, 4, 100]), n_boot=200, seed=0)["estimate"])
3.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["median_ci"]


def median_ci(values, *, n_boot: int = 1000, seed: int = 0, confidence: float = 0.95) -> pd.Series:
    """Median of ``values`` (missing left out) with a seeded percentile-bootstrap CI and n."""
    x = pd.Series(values, dtype=float).dropna().to_numpy()
    if len(x) == 0:
        return pd.Series({"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": 0})
    rng = np.random.default_rng(seed)
    boots = np.median(x[rng.integers(0, len(x), size=(n_boot, len(x)))], axis=1) if n_boot > 0 else np.array([np.nan])
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(boots, [tail, 100 - tail])
    return pd.Series({"estimate": float(np.median(x)), "ci_low": float(lo), "ci_high": float(hi), "n": len(x)})
