"""``empathy-kit latency``: response-time summary of a replies file."""

from __future__ import annotations

import argparse

import pandas as pd

from helpers import BAND_COLUMNS, BAND_NAMES, first_response_times, latency_summary, load_calendars
from helpers.cli._engine import add_engine_options, compute, dask_client, require_dask
from helpers.cli.data import _need, _read, add_reading_options

__all__ = ["register"]


def _latency(args) -> int:
    by = [b.strip() for b in args.by.split(",")] if args.by else None
    calendars = load_calendars(args.hours) if args.hours else None
    if args.engine == "dask":
        require_dask()
        df, notes = _read(args, engine="dask")
        _need(df.head(1000), "latency", args.path)  # the first file: the rest are checked as they are read
        with dask_client(args) as client:
            summary = latency_summary(df, by=by, calendars=calendars)
            table, seconds = compute(client, summary, f"response times of {df.npartitions} partitions of {args.path}")
        print(f"({df.npartitions} partitions in {seconds:.1f} s; medians and P90 exact)\n")
    else:
        df, notes = _read(args)
        _need(df, "latency", args.path)
        table = latency_summary(df, by=by, frt=first_response_times(df), calendars=calendars)
    shown = table.copy()
    for col in ("reply_rate", "within_60min", *BAND_COLUMNS):
        shown[col] = (shown[col] * 100).round(1).astype(str) + "%"
    shown = shown.rename(columns=BAND_NAMES)
    for col in [c for c in shown if c.endswith("_min")]:
        shown[col] = shown[col].round(1)
    with pd.option_context("display.width", 200, "display.max_columns", None, "display.max_rows", 500):
        print(shown.to_string(index=False))
    print(
        "\nFRT = time from the customer's post to the brand's first reply (full clock"
        + (", plus business_median_min on the --hours calendars" if args.hours else "")
        + ")."
    )
    for note in notes:
        print(f"note: {note}")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "latency",
        help="response-time summary: reply rate, median, P90, bands",
        description="First response time per customer post, summarised per group.",
    )
    p.add_argument("path", help="a replies file (CSV, Excel, Parquet), or a message log with --preset")
    p.add_argument("--format", choices=["table", "twcs"], help=argparse.SUPPRESS)  # 0.1's spelling of --preset twcs
    p.add_argument(
        "--by",
        default="brand",
        help="brand, channel, agent, month, hour, weekday, or several: brand,channel (empty for one overall row)",
    )
    p.add_argument("--hours", help="YAML file of business-hours calendars per brand (adds business-clock medians)")
    add_reading_options(p)
    add_engine_options(p)
    p.set_defaults(func=_latency, redact=False)
