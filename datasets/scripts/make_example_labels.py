"""Build helpers/data/files/example_labels.csv: SIMULATED labels of three raters on 48 workshop replies.

They exist so the calibration playbook has something to work on before a team has its own labels.
They are not human ratings. How they are made:
1. a reference level per rubric dimension for each kind of reply in the workshop set, written by the
   kit's developers from the rubric (PROFILE below; e.g. a cold template: acknowledge 1, personalize 0);
2. three simulated raters start from that reference and differ the way real raters do: "ana" follows
   it with occasional one-level disagreements, "ben" is lenient (+1 more often), "cy" is strict and
   noisier, and drifts stricter over the session. Seeded, so the file is reproducible:
    .venv/bin/python datasets/scripts/make_example_labels.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2] / "helpers" / "data" / "files"
SEED = 7
DIMS = ["acknowledge", "personalize", "apologize", "act", "tone"]
NA = np.nan
PROFILE = {  # acknowledge, personalize, apologize, act, tone
    "beauty": (2, 2, 2, 2, 2),
    "good": (1, 2, 1, 2, 2),
    "late": (2, 2, 2, 2, 2),
    "generic": (1, 0, 1, 1, 1),
    "cold": (1, 0, 1, 1, 1),
    "beast": (0, 0, 0, 0, 0),
    "praise": (2, 2, NA, 1, 2),
    "question": (0, 2, NA, 2, 2),
    "burst": (1, 0, 1, 2, 1),
    "follow-up": (1, 2, NA, 2, 2),
}
RATERS = {
    "ana": dict(shift=0.0, noise=0.15, drift=0.0),
    "ben": dict(shift=0.35, noise=0.2, drift=0.0),
    "cy": dict(shift=-0.3, noise=0.3, drift=-0.3),
}


def build() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    replies = pd.read_csv(ROOT / "workshop_replies.csv").dropna(subset=["reply_id"])
    picks = []
    for kind, group in replies.groupby("kind"):
        picks.append(group.sample(min(len(group), 8 if kind in ("burst", "cold") else 5), random_state=SEED))
    items = pd.concat(picks).sample(frac=1, random_state=SEED).head(48)
    rows = []
    for rater, style in RATERS.items():
        start = pd.Timestamp("2024-05-20T09:00:00+00:00") + pd.Timedelta(minutes=int(rng.integers(0, 20)))
        for order, (_, item) in enumerate(items.iterrows()):
            ref = PROFILE[item["kind"]]
            at = start + pd.Timedelta(seconds=int(order * rng.integers(40, 90)))
            progress = order / len(items)
            for dim, level in zip(DIMS, ref):
                if np.isnan(level):
                    value = NA if rng.random() > 0.1 else 1.0  # someone sometimes sees an apology as due
                else:
                    nudge = style["shift"] + style["drift"] * progress + rng.normal(0, style["noise"] * 2)
                    value = float(np.clip(np.round(level + nudge), 0, 2))
                rows.append(dict(item=item["reply_id"], rater=rater, dimension=dim, value=value, at=at))
    return pd.DataFrame(rows)


if __name__ == "__main__":
    table = build()
    table.to_csv(ROOT / "example_labels.csv", index=False, na_rep="NA")
    print(f"wrote example_labels.csv: {table['item'].nunique()} items x {table['rater'].nunique()} raters")
