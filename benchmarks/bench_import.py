"""Import throughput: read_twcs on a twcs-format file the size of the full dataset (2.8M tweets).

Goal (issue 2): >= 400,000 tweets/s and < 4 GB peak memory on a 2-core machine.
Run: .venv/bin/python benchmarks/bench_import.py [N_TWEETS]
"""

from __future__ import annotations

import resource
import sys
import time
import warnings

from _twcs_synth import build

from helpers.data.twcs import read_twcs


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_811_774
    t0 = time.perf_counter()
    path = build(n)
    print(f"file: {path.name}, {path.stat().st_size / 1e6:,.0f} MB (built/reused in {time.perf_counter() - t0:.1f} s)")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = read_twcs(path)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"tweets: {n:,}; pairs+unanswered rows: {len(df):,}; brand replies: {df.attrs['twcs']['brand_replies']:,}")
    print(f"read_twcs: best {best:.2f} s of {len(timings)} (all: {', '.join(f'{t:.2f}' for t in timings)})")
    print(f"throughput: {n / best:,.0f} tweets/s (goal >= 400,000)")
    print(f"peak memory (max RSS of this process): {peak_gb:.2f} GB (goal < 4 GB)")


if __name__ == "__main__":
    main()
