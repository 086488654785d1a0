"""Build helpers/data/files/workshop_replies.csv from the hand-written texts in workshop_texts.py.

The texts are written for the kit; this script only adds the metadata a real export has (ids,
channels, agents, customer handles, timestamps), seeded so the file is reproducible:

    .venv/bin/python datasets/scripts/make_workshop_replies.py

Latency model: each kind of reply has its own typical speed (a lognormal around a median: beauties
and templates fast, "late" replies hours later); posts made at night (22:00-07:00 UTC) or at weekends
wait for the morning shift; in a burst the queue grows, so later posts wait longer.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workshop_texts import BRANDS, BURSTS, FOLLOW_UPS, POSTS

OUT = Path(__file__).resolve().parents[2] / "helpers" / "data" / "files" / "workshop_replies.csv"
SEED = 20240506
MEDIAN_MIN = {
    "beauty": 9,
    "good": 22,
    "generic": 50,
    "cold": 14,
    "late": 600,
    "beast": 35,
    "praise": 70,
    "question": 25,
}
CHANNELS = ["twitter", "twitter", "twitter", "facebook", "facebook", "instagram"]
ADJ = ["sunny", "quiet", "blue", "lucky", "busy", "tiny", "brave", "rainy", "crafty", "sleepy", "jolly", "swift"]
NOUN = ["otter", "fern", "pixel", "kettle", "robin", "maple", "comet", "biscuit", "harbour", "tulip", "badger", "lark"]
SIGNOFF = re.compile(r"(?:\^|-)([A-Z][a-z]+)\s*$")


def _shift_to_shift(t: pd.Timestamp, rng) -> pd.Timestamp:
    """Nights and weekends: the reply waits for the next morning shift (07:30-09:30 on a weekday)."""
    if t.hour >= 22 or t.hour < 7 or t.weekday() >= 5:
        day = t.normalize() + pd.Timedelta(days=1 if t.hour >= 22 else 0)
        while day.weekday() >= 5:
            day += pd.Timedelta(days=1)
        return day + pd.Timedelta(minutes=int(rng.integers(450, 570)))
    return t


def build() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    rows, n_post, n_reply = [], 0, 0
    start = pd.Timestamp("2024-05-06T00:00:00+00:00")

    def handle():
        return f"@{rng.choice(ADJ)}{rng.choice(NOUN)}{rng.integers(10, 99)}"

    def add(brand, kind, customer, reply, posted, latency_min, follow=None):
        nonlocal n_post, n_reply
        n_post += 1
        post_id = f"WS-P{n_post:04d}"
        info = BRANDS[brand]
        base = dict(
            post_id=post_id,
            thread_id=post_id,
            brand=brand,
            industry=info["industry"],
            channel=rng.choice(CHANNELS),
            customer_id=handle(),
            customer_text=customer,
            customer_at=posted,
            kind=kind,
        )
        if reply is None:
            rows.append({**base, "reply_id": None, "reply_text": None, "reply_at": pd.NaT, "agent": None})
            return
        text = info["template"] if reply == "TEMPLATE" else reply
        replied = posted + pd.Timedelta(minutes=float(latency_min))
        if kind not in ("late", "burst") and latency_min > 20:
            replied = (
                _shift_to_shift(replied, rng)
                if replied.hour >= 22 or replied.hour < 7 or replied.weekday() >= 5
                else replied
            )
        signed = SIGNOFF.search(text)
        agent = signed.group(1) if signed and signed.group(1) in info["agents"] else str(rng.choice(info["agents"]))
        n_reply += 1
        rows.append({**base, "reply_id": f"WS-R{n_reply:04d}", "reply_text": text, "reply_at": replied, "agent": agent})
        if follow:
            n_reply += 1
            later = replied + pd.Timedelta(minutes=float(rng.integers(60, 480)))
            signed = SIGNOFF.search(follow)
            rows.append(
                {
                    **base,
                    "reply_id": f"WS-R{n_reply:04d}",
                    "reply_text": follow,
                    "reply_at": later,
                    "agent": signed.group(1) if signed else agent,
                    "kind": "follow-up",
                }
            )

    for brand, posts in POSTS.items():
        for i, (kind, customer, reply) in enumerate(posts):
            minute = int(rng.integers(0, 14 * 1440))
            hour_weights = np.array([1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 9, 8, 9, 9, 8, 8, 8, 9, 10, 10, 9, 7, 4, 2], float)
            hour = int(rng.choice(24, p=hour_weights / hour_weights.sum()))
            posted = (start + pd.Timedelta(minutes=minute)).normalize() + pd.Timedelta(
                hours=hour, minutes=int(rng.integers(0, 60)), seconds=int(rng.integers(0, 60))
            )
            latency = MEDIAN_MIN.get(kind, 30) * float(np.exp(rng.normal(0, 0.6)))
            add(brand, kind, customer, reply, posted, latency, FOLLOW_UPS.get((brand, i)))
    for brand, burst in BURSTS.items():
        t0 = pd.Timestamp(burst["start"])
        posts = burst["posts"]
        silent = set(rng.choice(len(posts), size=burst["unanswered"], replace=False).tolist())
        offsets = np.sort(rng.uniform(0, burst["hours"] * 60, len(posts)))
        for j, (customer, offset) in enumerate(zip(posts, offsets)):
            posted = t0 + pd.Timedelta(minutes=float(offset), seconds=int(rng.integers(0, 60)))
            queue = 6 + 2.5 * j + float(rng.exponential(10))  # the queue grows as the burst goes on
            add(brand, "burst", customer, None if j in silent else burst["reply"], posted, queue)
    df = pd.DataFrame(rows).sort_values(["customer_at", "reply_at"], kind="stable").reset_index(drop=True)
    cols = [
        "post_id",
        "reply_id",
        "thread_id",
        "brand",
        "industry",
        "channel",
        "customer_id",
        "customer_text",
        "customer_at",
        "reply_text",
        "reply_at",
        "agent",
        "kind",
    ]
    return df[cols]


if __name__ == "__main__":
    table = build()
    from helpers import write_replies

    write_replies(table, OUT)
    replies = table["reply_id"].notna().sum()
    print(
        f"wrote {OUT.name}: {len(table)} rows, {replies} replies, {table['post_id'].nunique()} posts, "
        f"{table['reply_id'].isna().sum()} unanswered, {table['brand'].nunique()} brands"
    )
