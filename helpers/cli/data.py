"""``empathy-kit validate`` and ``empathy-kit import``: bring an export into the kit."""

from __future__ import annotations

import argparse
import warnings

from helpers import DataError, DataWarning, read_replies, read_twcs, write_replies

__all__ = ["register"]


def _mapping(pairs: list[str] | None) -> dict | None:
    if not pairs:
        return None
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise DataError(
                f"--map {pair!r} is not FILE_COLUMN=canonical_column", fix="write it as --map 'Message=customer_text'"
            )
        src, dst = pair.split("=", 1)
        out[src.strip()] = dst.strip()
    return out


def _summary(df) -> str:
    answered = df["reply_at"].notna()
    posts = df["post_id"].nunique()
    lines = [
        f"rows            {len(df):,}",
        f"customer posts  {posts:,}",
        f"brand replies   {int(answered.sum()):,}",
        f"unanswered      {int((~df['reply_id'].notna()).sum()):,}",
        f"brands          {df['brand'].nunique():,}",
        f"channels        {', '.join(sorted(map(str, df['channel'].dropna().unique())))}",
    ]
    if df["customer_at"].notna().any():
        lines.append(
            f"posts from      {df['customer_at'].min():%Y-%m-%d %H:%M} to {df['customer_at'].max():%Y-%m-%d %H:%M} UTC"
        )
    return "\n".join(lines)


def _read(args) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        if getattr(args, "format", "table") == "twcs":
            df = read_twcs(args.path, redact=args.redact)
        else:
            df = read_replies(
                args.path,
                columns=_mapping(args.map),
                redact=getattr(args, "redact", False),
                tz=args.tz,
                date_format=args.date_format,
            )
    notes = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    return df, notes


def _validate(args) -> int:
    df, notes = _read(args)
    print(f"{args.path}: a valid replies table\n{_summary(df)}")
    for note in notes:
        print(f"warning: {note}")
    return 1 if (notes and args.strict) else 0


def _import(args) -> int:
    df, notes = _read(args)
    for note in notes:
        print(f"warning: {note}")
    path = write_replies(df, args.output)
    print(f"wrote {len(df):,} rows to {path}\n{_summary(df)}")
    return 0


def _add_table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--map",
        action="append",
        metavar="FILE_COLUMN=COLUMN",
        help="map one of the file's columns to a canonical one (repeatable), e.g. --map 'Message=customer_text'",
    )
    p.add_argument("--tz", default="UTC", help="time zone of timestamps written without an offset (default UTC)")
    p.add_argument("--date-format", help="strptime format when timestamps are not ISO 8601, e.g. '%%d/%%m/%%Y %%H:%%M'")


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check that a file is a usable replies table",
        description="Read a CSV/Excel/Parquet export, check it against the canonical replies "
        "table and print a summary, or say exactly what to fix.",
    )
    p.add_argument("path", help="the export to check")
    p.add_argument(
        "--format",
        choices=["table", "twcs"],
        default="table",
        help="'twcs' for the Kaggle Customer Support on Twitter file",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    _add_table_options(p)
    p.set_defaults(func=_validate, redact=False)

    p = sub.add_parser(
        "import",
        help="convert an export into the canonical replies table",
        description="Read an export and write the canonical replies table as CSV (spreadsheet-safe) or Parquet.",
    )
    p.add_argument(
        "format",
        choices=["twcs", "table"],
        help="'twcs' for the Kaggle twcs.csv; 'table' for any CSV/Excel/Parquet export",
    )
    p.add_argument("path", help="the file to import")
    p.add_argument("-o", "--output", required=True, help="where to write (.csv or .parquet)")
    p.add_argument(
        "--redact", action="store_true", help="mask e-mail addresses, phone, card and order numbers in the texts"
    )
    _add_table_options(p)
    p.set_defaults(func=_import)
