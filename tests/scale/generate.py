"""A generated replies table for the Dask tests: the workshop's sentences recombined into any number
of rows, with threads of several posts, unanswered posts, templates sent to many customers, replies
timed before their post and replies without a time, shuffled so threads and posts are split across
partitions on purpose."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import load_workshop

_SPLIT = r"(?<=[.!?])\s+"


def _sentences(texts: pd.Series) -> np.ndarray:
    parts = texts.dropna().str.split(_SPLIT, regex=True).explode()
    return parts[parts.str.len() > 3].to_numpy(dtype=object)


def _recombine(pool: np.ndarray, n: int, rng) -> np.ndarray:
    count = rng.integers(1, 4, n)
    picks = pool[rng.integers(0, len(pool), count.sum())]
    starts = np.concatenate([[0], np.cumsum(count)[:-1]])
    return np.array([" ".join(picks[s : s + c]) for s, c in zip(starts, count)], dtype=object)


def replies_table(rows: int = 200_000, seed: int = 0) -> pd.DataFrame:
    """``rows`` rows of a canonical replies table, in shuffled order."""
    rng = np.random.default_rng(seed)
    work = load_workshop()
    posts_pool, replies_pool = _sentences(work["customer_text"]), _sentences(work["reply_text"])
    templates = work["reply_text"].dropna().drop_duplicates().to_numpy(dtype=object)[:40]
    n_posts = rows * 2 // 3 + rows // 50 + 10  # 1.5 rows per post on average; cut to ``rows`` at the end
    threads = rng.integers(0, n_posts * 2 // 3, n_posts)  # about 1.5 posts per thread
    post_at = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 180 * 86400, n_posts), "s")
    replies_per_post = rng.choice([0, 1, 1, 1, 2, 3], n_posts)
    post_of_row = np.repeat(np.arange(n_posts), np.maximum(replies_per_post, 1))
    answered = np.repeat(replies_per_post > 0, np.maximum(replies_per_post, 1))
    n = len(post_of_row)
    delay = np.exp(rng.normal(7.5, 1.6, n)).astype(np.int64)  # seconds; median about half an hour
    delay[rng.random(n) < 0.004] *= -1  # a reply timed before its post
    reply_at = post_at[post_of_row] + pd.to_timedelta(delay, "s")
    reply_text = _recombine(replies_pool, n, rng)
    is_template = rng.random(n) < 0.15
    names = np.array(["Ana", "Ben", "Cy", "Dee", "Eli"], dtype=object)[rng.integers(0, 5, n)]
    reply_text[is_template] = (
        "Hi " + names[is_template] + ", " + templates[rng.integers(0, len(templates), is_template.sum())]
    )
    brands = work["brand"].dropna().unique()
    df = pd.DataFrame(
        {
            "post_id": pd.array([f"p{i}" for i in post_of_row], dtype="string"),
            "reply_id": pd.array([f"r{i}" for i in range(n)], dtype="string"),
            "thread_id": pd.array([f"t{t}" for t in threads[post_of_row]], dtype="string"),
            "brand": pd.array(brands[post_of_row % len(brands)], dtype="string"),
            "channel": pd.array(np.array(["twitter", "facebook", "instagram"])[post_of_row % 3], dtype="string"),
            "customer_text": pd.array(_recombine(posts_pool, n_posts, rng)[post_of_row], dtype="string"),
            "customer_at": post_at[post_of_row],
            "reply_text": pd.array(np.where(answered, reply_text, None), dtype="string"),
            "reply_at": reply_at.where(answered),
            "agent": pd.array(np.array(["JS", "KM", "TJ", None], dtype=object)[rng.integers(0, 4, n)], dtype="string"),
        }
    )
    df.loc[~answered, "reply_id"] = pd.NA
    no_time = answered & (rng.random(n) < 0.002)
    df.loc[no_time, "reply_at"] = pd.NaT  # a reply without a time
    return df.iloc[rng.permutation(n)[:rows]].reset_index(drop=True)
