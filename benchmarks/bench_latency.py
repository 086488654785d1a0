"""Latency speed: summaries for 2.8 million tweets in twcs format.

Reads the resampled twcs-format file of bench_import (built from the real extract, new ids and
shifted times), then times the latency work on the canonical table: first and conclusive response
times, the summary by brand, by hour and by weekday, and the Kaplan-Meier curve.

Goal (issue 4): < 10 s on this machine (2 cores) for the summaries.
Run: .venv/bin/python benchmarks/bench_latency.py [N_TWEETS]
"""

from __future__ import annotations

import sys
import time
import warnings

from _twcs_synth import build

from helpers.data.twcs import read_twcs
from helpers.latency.response_times import first_response_times, kaplan_meier, latency_summary


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_811_774
    path = build(n)
    tr = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_twcs(path, agents=True)
    read_s = time.perf_counter() - tr
    print(f"read_twcs: {n:,} tweets -> {len(df):,} rows in {read_s:.1f} s (see bench_import)")
    t0 = time.perf_counter()
    frt = first_response_times(df)
    t1 = time.perf_counter()
    tables = {by: latency_summary(df, by=by, frt=frt) for by in ("brand", "hour", "weekday")}
    t2 = time.perf_counter()
    curve = kaplan_meier(frt)
    t3 = time.perf_counter()
    print(f"first/conclusive response times for {len(frt):,} posts: {t1 - t0:.2f} s")
    print(f"summaries by brand ({len(tables['brand'])} rows), hour, weekday: {t2 - t1:.2f} s")
    print(f"Kaplan-Meier curve ({len(curve):,} steps): {t3 - t2:.2f} s")
    print(
        f"total: {t3 - t0:.2f} s (goal < 10 s); overall median FRT "
        f"{frt.loc[frt['answered'], 'frt_min'].median():.1f} min, reply rate {frt['answered'].mean():.1%}"
    )
    print(f"end to end from the twcs file: {read_s + t3 - t0:.1f} s")


if __name__ == "__main__":
    main()
