"""``empathy-kit validate`` and ``empathy-kit import``: bring an export into the kit."""

from __future__ import annotations

import argparse
import warnings

from helpers import (
    PRESETS,
    DataError,
    DataWarning,
    describe_presets,
    read_messages,
    read_replies,
    readiness,
    write_replies,
)

__all__ = ["register"]


def _pairs(pairs: list[str] | None, flag: str, example: str) -> dict:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise DataError(f"{flag} {pair!r} is not LEFT=RIGHT", fix=f"write it as {flag} '{example}'")
        left, right = pair.split("=", 1)
        out[left.strip()] = right.strip()
    return out


def _mapping(pairs: list[str] | None) -> dict | None:
    """``--map 'FILE_COLUMN=name'`` options as a dict (None when there are none)."""
    return _pairs(pairs, "--map", "Message=customer_text") or None


def _summary(df) -> str:
    answered = df["reply_id"].notna()
    lines = [
        f"rows            {len(df):,}",
        f"customer posts  {df['post_id'].nunique():,}",
        f"brand replies   {int(answered.sum()):,}",
        f"unanswered      {int((~answered).sum()):,}",
        f"brands          {df['brand'].nunique():,}",
        f"channels        {', '.join(sorted(map(str, df['channel'].dropna().unique()))) or '-'}",
    ]
    if df["customer_at"].notna().any():
        lines.append(
            f"posts from      {df['customer_at'].min():%Y-%m-%d %H:%M} to {df['customer_at'].max():%Y-%m-%d %H:%M} UTC"
        )
    left_out = df.attrs.get("messages", {}).get("left_out")
    if left_out and any(left_out.values()):
        lines.append("left out        " + ", ".join(f"{v:,} {k}" for k, v in left_out.items() if v))
    return "\n".join(lines)


def _readiness(df) -> str:
    lines = ["what the kit can do with it:"]
    for row in readiness(df).itertuples():
        lines.append(f"  {row.analysis:<10} {'ready' if row.ready else 'NOT READY':<10} {row.detail}")
    return "\n".join(lines)


def _read(args, engine: str = "pandas") -> tuple:
    """The replies table of ``args.path`` (a preset's message log, or a replies table) and its warnings."""
    preset = getattr(args, "preset", None) or ("twcs" if getattr(args, "format", None) == "twcs" else None)
    mapping = _pairs(args.map, "--map", "Your column=reply_text")
    defaults = _pairs(getattr(args, "default", None), "--default", "brand=Acme")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        if preset and preset != "table":
            df = read_messages(
                args.path,
                preset,
                columns={field: header for header, field in mapping.items()} or None,
                tz=args.tz,
                senders=_pairs(getattr(args, "sender", None), "--sender", "Page=agent") or None,
                defaults=defaults or None,
                redact=getattr(args, "redact", False),
                engine=engine,
            )
        else:
            df = read_replies(
                args.path,
                columns=mapping or None,
                redact=getattr(args, "redact", False),
                tz=args.tz,
                date_format=args.date_format,
                defaults=defaults or None,
                engine=engine,
            )
    notes = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    return df, notes


def _need(df, analysis: str, path) -> None:
    """Stop with the reason when ``analysis`` cannot run on ``df``."""
    row = readiness(df).set_index("analysis").loc[analysis]
    if not row["ready"]:
        raise DataError(f"{analysis} is not possible: {row['detail']}", file=str(path))


def _validate(args) -> int:
    df, notes = _read(args)
    print(f"{args.path}: read as {'a ' + args.preset + ' export' if args.preset else 'a replies table'}")
    print(_summary(df))
    print(_readiness(df))
    for note in notes:
        print(f"warning: {note}")
    return 1 if (notes and args.strict) else 0


def _import(args) -> int:
    if args.list:
        print(describe_presets())
        print("\n'table' reads a replies table (one row per reply) with --map for its column names.")
        return 0
    if not args.preset or not args.path or not args.output:
        raise DataError(
            "import needs a preset, a file and -o OUTPUT",
            fix="empathy-kit import hootsuite messages.csv -o replies.parquet --tz Europe/London "
            "(empathy-kit import --list shows the presets)",
        )
    df, notes = _read(args)
    for note in notes:
        print(f"warning: {note}")
    if notes and args.strict:
        print("nothing written (--strict and there are warnings)")
        return 1
    path = write_replies(df, args.output)
    print(f"wrote {len(df):,} rows to {path}\n{_summary(df)}")
    print(_readiness(df))
    return 0


def add_reading_options(p: argparse.ArgumentParser, *, preset_flag: bool = True) -> None:
    """The options every command that reads an export shares."""
    if preset_flag:
        p.add_argument(
            "--preset",
            choices=[*PRESETS, "table"],
            help="read a message log exported by this tool (see `empathy-kit import --list`); default: a replies table",
        )
    p.add_argument(
        "--map",
        action="append",
        metavar="FILE_COLUMN=NAME",
        help="map one of the file's columns to a kit column (or, with a preset, to a field such as text), "
        "repeatable: --map 'Message=customer_text'",
    )
    p.add_argument("--tz", help="time zone of timestamps written without a UTC offset, e.g. Europe/London")
    p.add_argument("--date-format", help="strptime format when timestamps are not ISO 8601, e.g. '%%d/%%m/%%Y %%H:%%M'")
    p.add_argument(
        "--sender", action="append", metavar="VALUE=ROLE", help="a sender value's role: customer, agent, ..."
    )
    p.add_argument(
        "--default", action="append", metavar="COLUMN=VALUE", help="a value for a missing column: brand=Acme"
    )


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check a file and say what the kit can do with it",
        description="Read an export (a replies table, or a message log with --preset), print a summary and, "
        "per analysis, whether it is ready and why not; or say exactly what to fix.",
    )
    p.add_argument("path", help="the export to check")
    p.add_argument("--format", choices=["table", "twcs"], help=argparse.SUPPRESS)  # 0.1's spelling of --preset twcs
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    add_reading_options(p)
    p.set_defaults(func=_validate, redact=False)

    p = sub.add_parser(
        "import",
        help="convert an export into the replies table",
        description="Read an export with a preset and write the replies table: .csv or .parquet for analysis "
        "(texts exactly as they are), .xlsx to open in a spreadsheet (texts as text: no formula runs).",
    )
    p.add_argument("preset", nargs="?", choices=[*PRESETS, "table"], help="the tool that made the export")
    p.add_argument("path", nargs="?", help="the file to import")
    p.add_argument("-o", "--output", help="where to write (.csv, .parquet or .xlsx)")
    p.add_argument("--list", action="store_true", help="list the presets, their columns and sources")
    p.add_argument("--strict", action="store_true", help="write nothing and exit 1 when there are warnings")
    p.add_argument(
        "--redact", action="store_true", help="mask e-mail addresses, phone, card and order numbers in the texts"
    )
    add_reading_options(p, preset_flag=False)
    p.set_defaults(func=_import)
