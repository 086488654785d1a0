"""Labelling latency on the Python side, for a 10,000-item set.

Measures, for a click on a level button (the widget's own callback, as a browser click triggers it):
- time until the label is durable (the SQLite transaction with synchronous=FULL has committed);
- time until the next item is shown (the click that completes an item advances and redraws).
Goal (issue 6): < 50 ms each. Run: .venv/bin/python benchmarks/bench_labelling.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import label
from helpers.labelling.store import LabelStore


def main(n: int = 10_000, clicks: int = 300) -> None:
    rng = np.random.default_rng(0)
    replies = pd.DataFrame(
        {
            "reply_id": [f"r{i}" for i in range(n)],
            "brand": "Skyline Air",
            "channel": "twitter",
            "customer_text": [f"My bag {i} never arrived" for i in range(n)],
            "reply_text": [f"Sorry about bag {i}, I've traced it" for i in range(n)],
            "customer_at": pd.Timestamp("2024-05-03", tz="UTC"),
            "reply_at": pd.Timestamp("2024-05-03 00:20", tz="UTC"),
        }
    )
    folder = Path(__file__).resolve().parent / "_data"
    folder.mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=folder)) / "bench.db"  # on the project disk, not a RAM-backed /tmp
    store = LabelStore(path)
    store.import_labels(
        pd.DataFrame(
            {
                "item": [f"r{i}" for i in range(5000) for _ in range(5)],
                "rater": "others",
                "value": rng.integers(0, 3, 25000),
                "dimension": ["acknowledge", "personalize", "apologize", "act", "tone"] * 5000,
            }
        )
    )
    t = time.perf_counter()
    ui = label(replies, rater="ana", store=store)
    print(
        f"widget for {n:,} items over a store of {len(store.events()):,} events built in "
        f"{(time.perf_counter() - t) * 1000:.0f} ms"
    )
    durable, advance = [], []
    dims = list(ui.buttons)
    for _ in range(clicks):
        item = ui.items[ui.position]
        for j, dim in enumerate(dims):
            t = time.perf_counter()
            ui.buttons[dim].value = str(rng.integers(0, 3))
            elapsed = time.perf_counter() - t
            (advance if j == len(dims) - 1 else durable).append(elapsed)
        assert ui.items[ui.position] != item and not ui.errors.value
    check = LabelStore(path).current()
    assert (check["rater"] == "ana").sum() == clicks * len(dims)
    for name, xs in (("click -> label durable", durable), ("click -> next item shown", advance)):
        xs = np.array(xs) * 1000
        print(
            f"{name}: median {np.median(xs):.1f} ms, p95 {np.percentile(xs, 95):.1f} ms, max {xs.max():.1f} ms "
            f"(n={len(xs)}; goal < 50 ms)"
        )


if __name__ == "__main__":
    main()
