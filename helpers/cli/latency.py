"""``empathy-kit latency``: response-time summary of a replies file."""
from __future__ import annotations

import pandas as pd

from helpers import BAND_LABELS, business_minutes, first_response_times, latency_summary, load_calendars
from helpers.cli.data import _read

__all__ = ["register"]


def _latency(args) -> int:
    df, notes = _read(args)
    frt = first_response_times(df)
    by = [b.strip() for b in args.by.split(",")] if args.by else None
    table = latency_summary(df, by=by, frt=frt)
    if args.hours:
        cals = load_calendars(args.hours)
        default = cals.get("default")
        parts = []
        for brand, rows in frt.groupby(frt["brand"].fillna("")):
            cal = cals.get(brand, default)
            if cal is not None:
                parts.append(business_minutes(rows["customer_at"], rows["first_reply_at"], cal))
        if parts:
            frt["business_min"] = pd.concat(parts)
            keys = by or []
            med = frt.groupby(keys)["business_min"].median() if keys else pd.Series([frt["business_min"].median()])
            table["business_median_min"] = med.to_numpy() if not keys else table.set_index(keys).index.map(med)
    shown = table.copy()
    for col in ("reply_rate", "within_60min", *BAND_LABELS):
        shown[col] = (shown[col] * 100).round(1).astype(str) + "%"
    for col in [c for c in shown if c.endswith("_min")]:
        shown[col] = shown[col].round(1)
    with pd.option_context("display.width", 200, "display.max_columns", None, "display.max_rows", 500):
        print(shown.to_string(index=False))
    print("\nFRT = time from the customer's post to the brand's first reply (full clock"
          + (", plus business_median_min on the --hours calendars" if args.hours else "") + ").")
    for note in notes:
        print(f"note: {note}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("latency", help="response-time summary: reply rate, median, P90, bands",
                       description="First response time per customer post, summarised per group.")
    p.add_argument("path", help="a replies file (CSV, Excel, Parquet) or a twcs.csv with --format twcs")
    p.add_argument("--format", choices=["table", "twcs"], default="table")
    p.add_argument("--by", default="brand", help="brand, channel, agent, hour, weekday, or several: brand,channel "
                                                 "(empty for one overall row)")
    p.add_argument("--hours", help="YAML file of business-hours calendars per brand (adds business-clock medians)")
    p.add_argument("--map", action="append", metavar="FILE_COLUMN=column")
    p.add_argument("--tz", default="UTC")
    p.add_argument("--date-format", dest="date_format")
    p.set_defaults(func=_latency, redact=False)
