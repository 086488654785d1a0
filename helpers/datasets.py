"""The datasets shipped with the kit, loaded as tables (see datasets/README.md for their data cards).

>>> cases = load_cases()
>>> len(cases) >= 16, str(cases["customer_at"].dt.tz)
(True, 'UTC')
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.io import read_replies

__all__ = ["DATASETS_DIR", "load_cases", "load_example_labels", "load_workshop"]

DATASETS_DIR = Path(__file__).resolve().parents[1] / "datasets"


def load_cases() -> pd.DataFrame:
    """The beauties-and-beasts cases, with timestamps parsed and ``latency_min`` added."""
    cases = pd.read_csv(DATASETS_DIR / "beauties_and_beasts.csv")
    for col in ("customer_at", "reply_at"):
        cases[col] = pd.to_datetime(cases[col], utc=True)
    cases["latency_min"] = (cases["reply_at"] - cases["customer_at"]).dt.total_seconds() / 60
    return cases


def load_workshop() -> pd.DataFrame:
    """The workshop replies (written for the kit) as a canonical replies table."""
    return read_replies(DATASETS_DIR / "workshop_replies.csv")


def load_example_labels() -> pd.DataFrame:
    """Simulated labels of three raters on 48 workshop replies (for practising calibration)."""
    return pd.read_csv(DATASETS_DIR / "example_labels.csv", keep_default_na=True)
