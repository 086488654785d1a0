"""``empathy-kit score``: add the scorer's columns to a file of replies."""

from __future__ import annotations

import sys
import time

import pandas as pd

from helpers import SCORE_COLUMNS, SCORER_VERSION, DataError, read_table, score_replies, write_replies
from helpers.cli._engine import add_engine_options, compute, dask_client, output_folder, require_dask
from helpers.cli.data import _mapping, _read, add_reading_options

__all__ = ["register"]


class _Progress:
    """A one-line progress bar on stderr, shown only for large inputs and only on a terminal or in CI logs."""

    def __init__(self, rows: int, stream=sys.stderr):
        self.stream, self.rows, self.start, self.shown = stream, rows, time.perf_counter(), False

    def __call__(self, done: int, total: int) -> None:
        if self.rows < 20_000 or total == 0:
            return
        width = 30
        filled = int(width * done / total)
        rate = done / max(time.perf_counter() - self.start, 1e-9)
        self.stream.write(
            f"\rscoring {done:>9,}/{total:,} distinct replies [{'#' * filled}{'.' * (width - filled)}] {rate:,.0f}/s"
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")


def _score(args) -> int:
    if args.engine == "dask":
        return _score_dask(args)
    frame = _input(args)
    bar = _Progress(len(frame))
    started = time.perf_counter()
    scored = score_replies(frame, args.rubric, args.markers, mode=args.mode, model=args.model, progress=bar)
    bar.close()
    out = write_replies(scored, args.out)
    answered = scored["empathy_index"].notna()
    print(
        f"scored {int(answered.sum()):,} replies of {len(scored):,} rows in {time.perf_counter() - started:.1f} s "
        f"-> {out}; median empathy index {scored.loc[answered, 'empathy_index'].median():.1f} "
        f"(scorer {SCORER_VERSION}, {_which(args)})"
    )
    return 0


def _input(args, engine: str = "pandas"):
    """The table to score (pandas or Dask), its columns checked: a message log's posts and replies rebuilt
    first, or any table as it is (every column of the input is kept in the output)."""
    if args.preset and args.preset != "table":
        frame, notes = _read(args, engine=engine)
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
    else:
        frame = read_table(args.path, engine=engine)
        mapping = _mapping(args.map)
        if mapping:
            frame = frame.rename(columns=mapping)
    columns = frame.columns
    clash = [c for c in SCORE_COLUMNS if c in columns]
    if clash:
        raise DataError(
            f"the input already has score columns ({', '.join(clash)})",
            file=args.path,
            column=clash[0],
            fix="score the original export, or drop those columns first",
        )
    if "reply_text" not in columns:
        raise DataError(
            "no 'reply_text' column: scoring needs the replies (customer_text is optional)",
            file=args.path,
            column="reply_text",
            fix="rename your column, or pass --map 'YourColumn=reply_text'",
        )
    if "customer_text" not in columns:
        print("note: no customer_text column: replies are scored without their posts, so whether an apology was "
              "due is judged from the reply alone", file=sys.stderr)  # fmt: skip
    return frame


def _score_dask(args) -> int:
    require_dask()
    out = output_folder(args.out)
    frame = _input(args, engine="dask")
    with dask_client(args) as client:
        scored = score_replies(frame, args.rubric, args.markers, mode=args.mode, model=args.model)
        write = scored.to_parquet(out, write_index=False, compute=False)
        _, seconds = compute(client, write, f"scoring {frame.npartitions} partitions of {args.path} -> {out}/")
    index = pd.read_parquet(out, columns=["empathy_index"])["empathy_index"]
    print(
        f"scored {int(index.notna().sum()):,} replies of {len(index):,} rows in {seconds:.1f} s "
        f"({len(index) / seconds:,.0f} rows/s) -> {out}/ ({frame.npartitions} Parquet files); median empathy index "
        f"{index.median():.1f} (scorer {SCORER_VERSION}, {_which(args)})"
    )
    return 0


def _which(args) -> str:
    return f"model {args.model}" if args.model else f"{args.mode} mode"


def register(sub) -> None:
    p = sub.add_parser(
        "score",
        help="add empathy scores and evidence to a file of replies",
        description="Score each reply on the rubric and write the input's columns followed by "
        "acknowledge, personalize, apologize, act, tone, deflect, snark, delight, "
        "empathy_index and evidence.",
    )
    p.add_argument(
        "path",
        help="CSV, Excel or Parquet with customer_text and reply_text columns (with --engine dask: a folder or glob)",
    )
    p.add_argument(
        "-o",
        "--out",
        required=True,
        help="output .csv or .parquet (texts as they are), or .xlsx for spreadsheets; with --engine dask a folder "
        "of Parquet files",
    )
    p.add_argument("--rubric", help="a rubric YAML file (default: the kit's rubric v1)")
    p.add_argument("--markers", action="append", help="an extra marker-rules YAML file (repeatable)")
    p.add_argument(
        "--mode",
        choices=["default", "fast", "rules"],
        default="default",
        help="default: rules + learned layer; fast: learned layer only, for millions of rows; rules: scorer 1",
    )
    p.add_argument("--model", help="a team's own model file from `empathy-kit fit` (replaces --mode)")
    add_reading_options(p)
    add_engine_options(p)
    p.set_defaults(func=_score)
