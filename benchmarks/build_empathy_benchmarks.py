"""Regenerate helpers/data/files/empathy_by_brand.csv: the scorer over real brand replies.

Reads the public "Customer Support on Twitter" data (Thought Vector / Kaggle, 2017, CC BY-NC-SA 4.0)
from ../shared/external/twcs/ (or a full twcs.csv given as argument) and writes only derived numbers
per brand (no tweet text, no ids): n replies, empathy index median and quartiles, the share of each
level per dimension, reply rate and first-response median. Run it whenever the scorer changes:

    .venv/bin/python benchmarks/build_empathy_benchmarks.py [path/to/twcs.csv]
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd

from helpers.data.twcs import read_twcs
from helpers.reporting.benchmark import brand_benchmark
from helpers.scoring.scorer import SCORER_VERSION, score_replies

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "external" / "twcs" / "twcs_head5000.csv"
OUT = ROOT / "helpers" / "data" / "files" / "empathy_by_brand.csv"
MIN_REPLIES = 3


def build(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        replies = read_twcs(path)
    out = brand_benchmark(score_replies(replies[replies["reply_text"].notna()]), replies, min_replies=MIN_REPLIES)
    out["data"] = f"Customer Support on Twitter (Thought Vector, Kaggle), {path.name}"
    out["period"] = f"{replies['customer_at'].min():%Y-%m-%d} to {replies['reply_at'].max():%Y-%m-%d}"
    out["scorer_version"] = SCORER_VERSION
    out["scorer_mode"] = "default"
    return out


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    table = build(path)
    table.to_csv(OUT, index=False, float_format="%.4f")
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(table)} brands with >= {MIN_REPLIES} replies "
        f"({int(table['replies'].sum()):,} replies), {table['period'].iloc[0]}"
    )


if __name__ == "__main__":
    main()
