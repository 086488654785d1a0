"""Response times on a Dask DataFrame, equal to the pandas results: the global passes made explicit.

- **Posts split across partitions** (a post in January's file, its reply in February's): the rows
  are shuffled by ``post_id`` so each post's rows meet in one partition, in the order they had in
  the dataset (the partition, then the row), and the pandas code runs there.
- **Threads split across partitions**: the last reply of each thread (for the CRT) is a separate
  reduction over all rows by ``thread_id``, joined back to the posts (a second shuffle).
- **Exact medians and P90**: per group, the distinct FRT values and how often each occurs are
  counted across partitions (a tree reduction; response times repeat a lot at second resolution);
  the final step rebuilds each group's values from those counts and takes pandas' own median and
  quantile of them, so the figures are identical, not approximated by a sketch.
- **Kaplan-Meier**: the end of observation is a global maximum; the event table is the count of
  (waiting time, replied) pairs across partitions, turned into the curve by the pandas code.

The summaries come back as one-partition Dask frames (lazy until ``.compute()``), so a pipeline is
built first and run once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.partitioned import expand_counts, import_dask
from helpers.latency.response_times import (
    BAND_COLUMNS,
    FRT_INPUT,
    band_indicators,
    check_frt_input,
    conclusive,
    first_response_times,
    km_table,
    latency_summary,
    post_table,
    summary_keys,
    valid_replies,
    waiting_times,
    with_derived_keys,
)

__all__ = ["first_response_times_partitioned", "kaplan_meier_partitioned", "latency_summary_partitioned"]

_ORDER = ["_part", "_row"]


def _with_order(part: pd.DataFrame, partition_info=None) -> pd.DataFrame:
    number = partition_info["number"] if partition_info else 0
    return part.assign(_part=np.int64(number), _row=np.arange(len(part), dtype=np.int64))


def _posts_of(part: pd.DataFrame) -> pd.DataFrame:
    part = part.sort_values(_ORDER, kind="stable").drop(columns=_ORDER)
    return post_table(part)


def _thread_last(part: pd.DataFrame) -> pd.DataFrame:
    replied, early = valid_replies(part)
    return part.loc[replied & ~early, ["thread_id", "reply_at"]]


def _with_thread_last(posts: pd.DataFrame) -> pd.DataFrame:
    posts = posts.copy()
    posts["last_reply_at"] = posts.pop("_last")
    posts["crt"] = conclusive(posts)
    posts["crt_min"] = posts["crt"].dt.total_seconds() / 60
    return posts.drop(columns="thread_id")


def first_response_times_partitioned(ddf):
    """:func:`~helpers.latency.response_times.first_response_times` of a Dask frame (lazy).

    One row per post, as in pandas, in another order (sort by ``post_id`` to compare).
    """
    import_dask()
    check_frt_input(ddf._meta)
    cols = [c for c in (*FRT_INPUT, "reply_id") if c in ddf.columns]
    work = ddf[cols]
    if "thread_id" not in work.columns:
        work = work.assign(thread_id=work["post_id"])
    work = work.map_partitions(_with_order, meta=_with_order(work._meta))
    by_post = work.shuffle(on="post_id")
    posts = by_post.map_partitions(_posts_of, meta=post_table(work._meta.drop(columns=_ORDER)))
    last = (
        work.map_partitions(_thread_last, meta=work._meta[["thread_id", "reply_at"]])
        .groupby("thread_id")["reply_at"]
        .max(split_out=max(1, ddf.npartitions // 4))
        .rename("_last")
        .to_frame()
    )
    joined = posts.merge(last, how="left", left_on="thread_id", right_index=True)
    meta = first_response_times(ddf._meta)
    return joined.map_partitions(_with_thread_last, meta=meta)[list(meta.columns)]


def _group_counts(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group in one partition: posts, answered, posts per band, problems."""
    ok = table["problem"] == ""
    usable = table[ok]
    frame = pd.concat(
        [usable[keys], usable[["answered"]].astype(np.int64), band_indicators(usable["frt_min"], usable["answered"])],
        axis=1,
    )
    frame["posts"] = np.int64(1)
    frame["problems"] = np.int64(0)
    bad = table.loc[~ok, keys].assign(posts=np.int64(0), answered=np.int64(0), problems=np.int64(1))
    for col in BAND_COLUMNS:
        bad[col] = 0.0
    return pd.concat([frame, bad[frame.columns]], ignore_index=True)


def _frt_values(table: pd.DataFrame, keys: list[str], calendars) -> pd.DataFrame:
    """Answered, usable posts: the group keys and the FRT (and the business-clock FRT)."""
    usable = table[(table["problem"] == "") & table["answered"]]
    out = usable[keys].assign(frt_min=usable["frt_min"].to_numpy())
    if calendars:
        from helpers.latency.business_hours import business_frt

        out["business_min"] = business_frt(usable, calendars).to_numpy()
    return out


def _finish_summary(counts: pd.DataFrame, frt_counts: pd.Series, business_counts, keys: list[str], keys_: list[str]):
    grouped = counts.groupby(keys_, sort=True, dropna=False)
    sums = grouped.sum()
    usable = sums["posts"]
    out = pd.DataFrame({"posts": usable, "answered": sums["answered"].astype(int)})
    out = out[out["posts"] > 0]
    out["reply_rate"] = out["answered"] / out["posts"]
    values = expand_counts(frt_counts).groupby(keys_, sort=True, dropna=False)["frt_min"]
    out["median_min"] = values.median().reindex(out.index)
    out["p90_min"] = values.quantile(0.9).reindex(out.index)
    out = out.join(sums.loc[out.index, list(BAND_COLUMNS)].div(out["posts"], axis=0))
    out["within_60min"] = out[["le_15min", "le_30min", "le_60min"]].sum(axis=1)
    if business_counts is not None:
        business = expand_counts(business_counts)
        out["business_median_min"] = (
            business.groupby(keys_, sort=True, dropna=False)["business_min"].median().reindex(out.index)
        )
    out["problems"] = sums["problems"].reindex(out.index).fillna(0).astype(int)
    out = out.reset_index()
    return out.drop(columns="_all") if not keys else out


def latency_summary_partitioned(ddf, by="brand", *, frt=None, calendars=None):
    """:func:`~helpers.latency.response_times.latency_summary` of a Dask frame: a one-partition
    Dask frame with the same figures (exact medians and P90), computed when asked."""
    import dask

    dd = import_dask()
    table = first_response_times(ddf) if frt is None else frt
    keys = summary_keys(table, by)
    table = table.map_partitions(with_derived_keys, keys, meta=with_derived_keys(table._meta, keys))
    keys_ = keys or ["_all"]
    if not keys:
        table = table.assign(_all="all")
    counts = table.map_partitions(_group_counts, keys_, meta=_group_counts(table._meta, keys_))
    partial = counts.groupby(keys_, dropna=False).sum()
    values = table.map_partitions(_frt_values, keys_, calendars, meta=_frt_values(table._meta, keys_, calendars))
    frt_counts = values.groupby([*keys_, "frt_min"], dropna=False).size()
    business_counts = values.groupby([*keys_, "business_min"], dropna=False).size() if calendars else None
    finish = dask.delayed(_finish_summary)(partial.reset_index(), frt_counts, business_counts, keys, keys_)
    meta = latency_summary(ddf._meta if frt is None else None, by, frt=None if frt is None else frt._meta)
    meta = meta if not calendars else meta.assign(business_median_min=np.float64(0))[_summary_columns(meta)]
    return dd.from_delayed([finish], meta=meta, verify_meta=False)


def _summary_columns(meta: pd.DataFrame) -> list[str]:
    cols = list(meta.columns)
    return [*cols[:-1], "business_median_min", cols[-1]]


def _km_rows(ok: pd.DataFrame, end) -> pd.DataFrame:
    time, event = waiting_times(ok, end)
    return pd.DataFrame({"time": time, "event": event})


def _km_from_counts(counts: pd.Series) -> pd.DataFrame:
    rows = expand_counts(counts.sort_index())
    return km_table(rows["time"].to_numpy(float), rows["event"].to_numpy(bool))


def _latest(*stamps):
    stamps = [s for s in stamps if not pd.isna(s)]
    return max(stamps) if stamps else pd.NaT


def kaplan_meier_partitioned(frt, end=None):
    """:func:`~helpers.latency.response_times.kaplan_meier` of a Dask frame (one partition, lazy)."""
    import dask

    dd = import_dask()
    ok = frt[frt["problem"] == ""]
    if end is None:
        stamps = [ok["customer_at"].max()]
        if "first_reply_at" in ok.columns:
            stamps.append(ok["first_reply_at"].max())
        end = dask.delayed(_latest)(*stamps)
    rows = ok.map_partitions(
        _km_rows, end, meta=pd.DataFrame({"time": pd.Series(dtype=float), "event": pd.Series(dtype=bool)})
    )
    counts = rows.groupby(["time", "event"]).size()
    meta = km_table(np.zeros(0), np.zeros(0, bool))
    return dd.from_delayed([dask.delayed(_km_from_counts)(counts)], meta=meta, verify_meta=False)
