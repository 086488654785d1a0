"""Import throughput: the twcs preset on a twcs-format file the size of the full dataset (2.8M tweets),
next to pandas' own ``read_csv`` of the same file in the same run (parsing only: the limit an importer
that also pairs posts with replies cannot beat by much).

Goals: >= 400,000 tweets/s and < 4 GB peak memory on a 2-core machine (issue 2); no slower than before
the message-log reader (issue 13).
Run: .venv/bin/python benchmarks/bench_import.py [N_TWEETS]
"""

from __future__ import annotations

import resource
import sys
import time
import warnings

import pandas as pd
from _twcs_synth import build

from helpers import read_messages


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_811_774
    t0 = time.perf_counter()
    path = build(n)
    print(f"file: {path.name}, {path.stat().st_size / 1e6:,.0f} MB (built/reused in {time.perf_counter() - t0:.1f} s)")
    timings, parse = [], []
    for _ in range(3):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = read_messages(path, "twcs")
        timings.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw = pd.read_csv(path)  # the reference: pandas' C parser, no pairing, no validation
        parse.append(time.perf_counter() - start)
        del raw
    best, reference = min(timings), min(parse)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    info = df.attrs["messages"]
    print(f"tweets: {n:,}; pairs+unanswered rows: {len(df):,}; brand replies: {info['brand_replies']:,}")
    print(f"read_messages(preset='twcs'): best {best:.2f} s of 3 (all: {', '.join(f'{t:.2f}' for t in timings)})")
    print(f"pandas.read_csv (parse only): best {reference:.2f} s of 3 (all: {', '.join(f'{t:.2f}' for t in parse)})")
    print(f"throughput: twcs preset {n / best:,.0f} tweets/s; pandas read_csv {n / reference:,.0f} tweets/s; "
          f"the preset (parse, pair, validate) takes {best / reference:.2f}x the time of read_csv's parse alone "
          "(goal >= 400,000 tweets/s)")  # fmt: skip
    print(f"peak memory (max RSS of this process): {peak_gb:.2f} GB (goal < 4 GB)")


if __name__ == "__main__":
    main()
