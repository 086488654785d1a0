"""The Dask engine with 1 and 2 workers: scoring (fast and default mode) and latency summaries.

Data: 10,000,000 replies in 40 Parquet files (250,000 rows each) under benchmarks/_data/ (built
once, gitignored). Every reply and post is two to four sentences of the real replies and posts of
../shared/external/twcs/twcs_head5000.csv, recombined (as in bench_scoring.py), with a fresh
customer handle: the share of distinct reply texts is printed (goal >= 75%). Posts and threads are
drawn from one id space for the whole set and the rows shuffled before they are cut into files, so
threads and posts are split across files as in a month-partitioned archive.

Each measurement starts a fresh LocalCluster (1 or 2 worker processes, one thread each, on the
same machine) and reads the files with ``read_replies(folder, engine="dask")`` (each file parsed
and checked), so reading is part of the work measured. Printed: rows/s with 1 and 2 workers, the
speed-up (goal: 2 workers >= 1.7x one), the scaling efficiency (speed-up / 2), and each worker's
peak memory (VmHWM of its process). The default mode, about 15x slower per reply than the fast
one, is measured on the first N_DEFAULT files. The same run prints the pandas engine's figures on
one file (the reference for what Dask adds per row).

Run: .venv/bin/python benchmarks/bench_dask.py [ROWS] [N_DEFAULT_FILES] [fast,default,latency]
"""

from __future__ import annotations

import os
import resource
import sys
import time
import warnings
from pathlib import Path

import dask
import numpy as np
import pandas as pd

from helpers import latency_summary, read_replies, read_twcs, score_replies
from helpers.cli._engine import local_cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import TWCS, _recombine, _sentences

DATA = Path(__file__).resolve().parent / "_data"
PER_FILE = 250_000
BRANDS = np.array(["AmazonHelp", "AppleSupport", "Uber_Support", "SpotifyCares", "Delta", "Tesco", "comcastcares"])


def build(rows: int, seed: int = 0) -> Path:
    """Write (or reuse) ``rows`` replies in files of PER_FILE rows; returns the folder."""
    folder = DATA / f"dask_{rows}_{seed}"
    files = -(-rows // PER_FILE)
    if folder.is_dir() and len(list(folder.glob("*.parquet"))) == files:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        real = read_twcs(TWCS)
    reply_pool, post_pool = _sentences(real["reply_text"]), _sentences(real["customer_text"])
    rng = np.random.default_rng(seed)
    n_posts = rows * 2 // 3
    post_answered = rng.random(n_posts) > 0.08
    post = rng.integers(0, n_posts, rows + rows // 10)  # about 1.5 rows per post
    first = np.zeros(len(post), bool)
    first[np.unique(post, return_index=True)[1]] = True
    post = post[post_answered[post] | first][:rows]  # an unanswered post is one row
    answered = post_answered[post]
    post_thread = rng.integers(0, n_posts * 2 // 3, n_posts)
    post_at = np.datetime64("2017-01-01T00:00:00") + rng.integers(0, 365 * 86400, n_posts).astype("timedelta64[s]")
    delay = np.exp(rng.normal(7.5, 1.6, rows)).astype(np.int64)  # seconds: a median of half an hour
    for k in range(files):
        rows_k = slice(k * PER_FILE, min((k + 1) * PER_FILE, rows))
        p = post[rows_k]
        n = len(p)
        handles = pd.Series(rng.integers(100_000, 999_999, n)).astype(str).to_numpy(dtype=object)
        reply = "@" + handles + " " + _recombine(reply_pool, n, rng)
        frame = pd.DataFrame(
            {
                "post_id": [f"p{i}" for i in p],
                "reply_id": [f"r{i}" for i in range(rows_k.start, rows_k.stop)],
                "thread_id": [f"t{i}" for i in post_thread[p]],
                "brand": BRANDS[p % len(BRANDS)],
                "channel": "twitter",
                "customer_text": _recombine(post_pool, n, rng),
                "customer_at": pd.to_datetime(post_at[p]).tz_localize("UTC"),
                "reply_text": np.where(answered[rows_k], reply, None),
                "reply_at": pd.to_datetime(post_at[p] + delay[rows_k].astype("timedelta64[s]")).tz_localize("UTC"),
            }
        )
        frame.loc[~answered[rows_k], ["reply_id", "reply_at"]] = None
        frame.to_parquet(folder / f"part-{k:03d}.parquet", index=False)
        print(f"\rbuilt file {k + 1}/{files}", end="", flush=True)
    print()
    return folder


def _peak_rss() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _run(folder: Path, workers: int, what: str, files: list[Path]) -> tuple[float, int, list[int]]:
    from distributed import Client

    with local_cluster(workers) as cluster, Client(cluster) as client:
        ddf = read_replies(files, engine="dask")
        started = time.perf_counter()
        if what == "latency":  # one graph: the response-time pass is shared by both summaries
            dask.compute(latency_summary(ddf, by="brand"), latency_summary(ddf, by=["brand", "month"]))
        else:
            out = folder.parent / f"_scored_{what}_{workers}"
            import shutil

            shutil.rmtree(out, ignore_errors=True)
            score_replies(ddf, mode=what).to_parquet(out, write_index=False)
            shutil.rmtree(out, ignore_errors=True)
        seconds = time.perf_counter() - started
        peaks = sorted(client.run(_peak_rss).values())
    rows = sum(pd.read_parquet(f, columns=["post_id"]).shape[0] for f in files)
    return rows / seconds, rows, peaks


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    n_default = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    only = sys.argv[3].split(",") if len(sys.argv) > 3 else ["fast", "default", "latency"]
    if not TWCS.exists():
        sys.exit(f"needs {TWCS} (the public twcs extract); it is not part of the kit")
    started = time.perf_counter()
    folder = build(rows)
    files = sorted(folder.glob("*.parquet"))
    sample = pd.read_parquet(files[0], columns=["reply_text"])["reply_text"].dropna()
    share = sample.str.replace(r"^@\w+ ", "", regex=True).nunique() / len(sample)
    took = time.perf_counter() - started
    print(f"data: {rows:,} replies in {len(files)} Parquet files ({took:.0f} s to build or find); "
          f"{share:.1%} distinct reply texts (handle removed) in file 1; {os.cpu_count()} cores")  # fmt: skip

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = read_replies(files[0])
    for mode in ("fast", "default"):
        part = one if mode == "fast" else one.head(20_000)
        t = time.perf_counter()
        score_replies(part, mode=mode, threads=1)
        print(f"reference, pandas engine, one thread: {mode:>7} mode {len(part) / (time.perf_counter() - t):>8,.0f} "
              "rows/s (scoring only, no reading)")  # fmt: skip

    jobs = [(what, files[:n_default] if what == "default" else files) for what in only]
    for what, chosen in jobs:
        rates = {}
        for workers in (1, 2):
            rate, n, peaks = _run(folder, workers, what, chosen)
            rates[workers] = rate
            label = f"{what} mode" if what != "latency" else "latency summaries (by brand; by brand and month)"
            print(f"{label:<50} {workers} worker{'s' if workers > 1 else ' '}: {n:>10,} rows in {n / rate:7.1f} s "
                  f"= {rate:>8,.0f} rows/s; peak memory per worker "
                  f"{', '.join(f'{p / 1e9:.2f} GB' for p in peaks)}")  # fmt: skip
        speedup = rates[2] / rates[1]
        print(f"{'':<50} 2 workers / 1 worker = {speedup:.2f}x (goal >= 1.7x), scaling efficiency {speedup / 2:.0%}")


if __name__ == "__main__":
    main()
