"""Scoring throughput on distinct texts, each mode against VADER on the same texts, in one run.

Texts: the sentences of the real customer posts and brand replies of
../shared/external/twcs/twcs_head5000.csv, recombined: every synthetic reply is two to four
sentences drawn from different real replies (every post likewise), with a fresh customer handle.
Almost every text is new, so nothing a cache of repeated texts could win is measured; the share of
distinct texts is printed (goal >= 75%).

Printed: replies/s of the fast mode on N replies (default 1,000,000), of the default and rules
modes on a part of them, of VADER's ``polarity_scores`` on 20,000 of the same reply texts (a
pure-Python per-text loop), the ratios, the rewrite lab's time from keystroke to new score
(``explain`` on one reply), and peak memory.

Goals (issue 12): fast >= 5x VADER and 1M replies < 60 s on 2 cores, peak < 3 GB; default mode:
10,000 replies in < 60 s and the rewrite lab within 100 ms of a keystroke.
Run: .venv/bin/python benchmarks/bench_scoring.py [N] [N_DEFAULT]
"""

from __future__ import annotations

import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import explain, read_twcs, score_replies

TWCS = Path(__file__).resolve().parents[2] / "shared" / "external" / "twcs" / "twcs_head5000.csv"
_SENTENCE = r"(?<=[.!?])\s+"


def _sentences(texts: pd.Series) -> np.ndarray:
    parts = texts.dropna().str.replace(r"^(?:@\w+\s*)+", "", regex=True).str.split(_SENTENCE, regex=True).explode()
    parts = parts[parts.str.len() > 3]
    return parts.to_numpy(dtype=object)


def _recombine(pool: np.ndarray, n: int, rng) -> np.ndarray:
    count = rng.integers(2, 5, n)
    picks = pool[rng.integers(0, len(pool), count.sum())]
    ends = np.cumsum(count)
    joined = np.empty(n, dtype=object)
    start = 0
    for i, end in enumerate(ends):
        joined[i] = " ".join(picks[start:end])
        start = end
    return joined


def build(n: int, seed: int = 0) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        real = read_twcs(TWCS)
    rng = np.random.default_rng(seed)
    replies = _recombine(_sentences(real["reply_text"]), n, rng)
    posts = _recombine(_sentences(real["customer_text"]), n, rng)
    handles = pd.Series(rng.integers(100_000, 999_999, n)).astype(str).to_numpy(dtype=object)
    return pd.DataFrame({"customer_text": posts, "reply_text": "@" + handles + " " + replies})


def _rate(frame: pd.DataFrame, mode: str) -> float:
    started = time.perf_counter()
    scored = score_replies(frame, mode=mode)
    seconds = time.perf_counter() - started
    print(f"{mode:>8} mode: {len(frame):>9,} replies in {seconds:6.1f} s = {len(frame) / seconds:>9,.0f} replies/s; "
          f"median empathy index {scored['empathy_index'].median():.1f}")  # fmt: skip
    return len(frame) / seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    n_default = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    if not TWCS.exists():
        sys.exit(f"needs {TWCS} (the public twcs extract); it is not part of the kit")
    started = time.perf_counter()
    df = build(n)
    share = df["reply_text"].str.replace(r"^@\w+ ", "", regex=True).nunique() / n
    print(f"built {n:,} replies in {time.perf_counter() - started:.1f} s: {share:.1%} distinct reply texts "
          f"(without the handle), {df['customer_text'].nunique() / n:.1%} distinct posts")  # fmt: skip
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    sample = df["reply_text"].sample(20_000, random_state=1).tolist()
    started = time.perf_counter()
    for text in sample:
        vader.polarity_scores(text)
    vader_rate = len(sample) / (time.perf_counter() - started)
    print(f"   VADER: {len(sample):>9,} replies (polarity_scores) = {vader_rate:>9,.0f} replies/s "
          f"(1M would take {1e6 / vader_rate:.0f} s)")  # fmt: skip
    rates = {"fast": _rate(df, "fast")}
    rates["default"] = _rate(df.head(n_default), "default")
    rates["rules"] = _rate(df.head(n_default), "rules")
    for mode, rate in rates.items():
        print(f"{mode:>8}: {rate / vader_rate:4.1f}x VADER; 1M replies in {1e6 / rate:5.0f} s; "
              f"10,000 in {1e4 / rate:4.1f} s")  # fmt: skip
    lab = []
    post, reply = df["customer_text"].iloc[0], df["reply_text"].iloc[1]
    for k in range(1, 21):  # a reply typed character by character, as in the rewrite lab
        started = time.perf_counter()
        explain(post, reply[: max(len(reply) * k // 20, 1)])._repr_html_()
        lab.append((time.perf_counter() - started) * 1000)
    print(f"rewrite lab, keystroke -> new score and evidence (default mode): median {np.median(lab):.0f} ms, "
          f"max {max(lab):.0f} ms (goal < 100 ms)")  # fmt: skip
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB (goal < 3 GB)")


if __name__ == "__main__":
    main()
