"""Build a twcs-format file of any size from the real extract's rows, resampled (shared by benchmarks).

The real 5,000-tweet extract (../shared/external/twcs/twcs_head5000.csv, CC BY-NC-SA 4.0) is
copied with new tweet ids and shifted times, keeping every conversation's links, so the result has
the real texts, the real reply structure and the real latency distribution. Written to
benchmarks/_data/ (gitignored) and reused when it is already there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT.parent / "shared" / "external" / "twcs" / "twcs_head5000.csv"
DATA = ROOT / "benchmarks" / "_data"


def build(n_tweets: int = 2_811_774, seed: int = 0) -> Path:
    """Write (or reuse) a twcs.csv of ``n_tweets`` rows; returns its path."""
    out = DATA / f"twcs_synth_{n_tweets}_{seed}.csv"
    if out.exists():
        return out
    if not EXTRACT.exists():
        sys.exit(f"{EXTRACT} is missing: the benchmark resamples the real extract and needs ../shared/external")
    DATA.mkdir(parents=True, exist_ok=True)
    src = pd.read_csv(EXTRACT, dtype={"response_tweet_id": str})
    src = src.drop(columns=src.columns[0])
    src["at"] = pd.to_datetime(src["created_at"], format="%a %b %d %H:%M:%S %z %Y", utc=True)
    rng = np.random.default_rng(seed)
    copies = -(-n_tweets // len(src))
    span = int(src["tweet_id"].max()) + 1
    chunks = []
    for k in range(copies):
        c = src.copy()
        offset = k * span
        c["tweet_id"] = c["tweet_id"] + offset
        c["in_response_to_tweet_id"] = c["in_response_to_tweet_id"] + offset
        c["response_tweet_id"] = (
            c["response_tweet_id"]
            .str.split(",")
            .map(lambda ids, offset=offset: ",".join(str(int(i) + offset) for i in ids), na_action="ignore")
        )
        shift = pd.Timedelta(days=int(rng.integers(0, 60)), seconds=int(rng.integers(0, 86400)))
        c["created_at"] = (c["at"] + shift).dt.strftime("%a %b %d %H:%M:%S +0000 %Y")
        chunks.append(c.drop(columns="at"))
    full = pd.concat(chunks, ignore_index=True).iloc[:n_tweets]
    full["in_response_to_tweet_id"] = full["in_response_to_tweet_id"].astype("Int64")
    full = full.sample(frac=1, random_state=seed)  # the real file is not ordered by conversation
    full.to_csv(out, index=False)
    return out
