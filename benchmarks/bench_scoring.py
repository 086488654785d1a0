"""Scoring throughput: 1,000,000 replies built from real brand replies, against VADER as a reference.

Texts: the real customer post -> brand reply pairs of ../shared/external/twcs/twcs_head5000.csv,
resampled to N rows and varied the way real traffic varies (new customer handles and links, a
different agent sign-off, an order number): the scorer sees many distinct texts, not one text
repeated. VADER's polarity_scores runs on a random subsample of the same reply texts (it is a
pure-Python per-text loop) and its rate is extrapolated; the subsample size is printed.

The scorer matches each distinct text once, after masking customer handles, links and agent
sign-offs (they carry no marker evidence; sign-offs are noted first): the count is printed.

Goals (issue 3): >= 5x VADER's replies/s; 1M replies in < 30 s on 2 cores; peak memory < 3 GB.
Run: .venv/bin/python benchmarks/bench_scoring.py [N]
"""

from __future__ import annotations

import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.twcs import read_twcs
from helpers.scoring.personalisation import SIGNOFF_PATTERN
from helpers.scoring.scorer import score_replies

TWCS = Path(__file__).resolve().parents[2] / "shared" / "external" / "twcs" / "twcs_head5000.csv"


def build(n: int, seed: int = 0) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        real = read_twcs(TWCS)
    real = real[real["reply_text"].notna()][["customer_text", "reply_text"]].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(real), n)
    handles = pd.Series(rng.integers(100_000, 999_999, n)).astype(str)
    letters = np.array(list("ABCDEFGHIJKLMNOPRSTW"))
    signoffs = pd.Series(letters[rng.integers(0, 20, n)]) + pd.Series(letters[rng.integers(0, 20, n)])
    order = np.where(rng.random(n) < 0.3, " Order " + pd.Series(rng.integers(10_000, 99_999, n)).astype(str), "")
    reply = "@" + handles + " " + real["reply_text"].to_numpy()[pick] + order + " ^" + signoffs
    customer = real["customer_text"].to_numpy()[pick]
    return pd.DataFrame({"customer_text": customer, "reply_text": reply.to_numpy()})


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    if not TWCS.exists():
        sys.exit(f"needs {TWCS} (the public twcs extract); it is not part of the kit")
    t = time.perf_counter()
    df = build(n)
    print(f"built {n:,} replies ({df['reply_text'].nunique():,} distinct texts) in {time.perf_counter() - t:.1f} s")
    masked = df["reply_text"].str.replace(r"@\w+", "@", regex=True).str.replace(SIGNOFF_PATTERN, "", regex=True)
    print(f"distinct after the scorer's normalisation (handles, links and sign-offs masked): {masked.nunique():,}")
    t = time.perf_counter()
    scored = score_replies(df)
    ours = time.perf_counter() - t
    print(f"scorer: {n:,} replies in {ours:.1f} s = {n / ours:,.0f} replies/s (goal: 1M in < 30 s)")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    sample = df["reply_text"].sample(20_000, random_state=1).tolist()
    t = time.perf_counter()
    for text in sample:
        vader.polarity_scores(text)
    v = time.perf_counter() - t
    v_rate = len(sample) / v
    print(
        f"VADER polarity_scores: {len(sample):,} replies in {v:.1f} s = {v_rate:,.0f} replies/s "
        f"(extrapolated to {n:,}: {n / v_rate:.0f} s)"
    )
    print(f"ratio: {n / ours / v_rate:.1f}x VADER (goal >= 5x)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"peak memory: {peak:.2f} GB (goal < 3 GB); median empathy index {scored['empathy_index'].median():.1f}")


if __name__ == "__main__":
    main()
