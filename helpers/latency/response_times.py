"""Response times on the canonical replies table: first and conclusive response, bands, survival.

Definitions (the kit states its own and can reproduce vendors' through ``helpers.latency.business_hours``):

- **first response time (FRT)**: time from the customer's post to the brand's earliest reply to it;
- **conclusive response time (CRT)**: time from the post to the brand's last reply in the thread;
- **unanswered** posts are kept: they count in the reply rate, in the ``never`` band and, as
  censored observations, in the Kaplan-Meier time-to-first-reply curve;
- replies timed before their post and missing timestamps are flagged in ``problem`` and left out
  of the time statistics, never dropped silently.

Examples
--------
>>> t = pd.Timestamp("2024-05-03 16:45", tz="UTC")
>>> df = pd.DataFrame({"post_id": ["p1", "p1", "p2", "p3"], "thread_id": ["p1", "p1", "p2", "p3"],
...     "brand": "Acme", "channel": "twitter", "reply_id": ["r1", "r2", None, "r3"],
...     "customer_at": [t, t, t, t],
...     "reply_at": [t + pd.Timedelta("10min"), t + pd.Timedelta("3h"), pd.NaT, t + pd.Timedelta("50min")]})
>>> frt = first_response_times(df)
>>> frt[["post_id", "answered", "frt_min", "crt_min"]].to_dict("records")
[{'post_id': 'p1', 'answered': True, 'frt_min': 10.0, 'crt_min': 180.0}, {'post_id': 'p2', 'answered': False, 'frt_min': nan, 'crt_min': nan}, {'post_id': 'p3', 'answered': True, 'frt_min': 50.0, 'crt_min': 50.0}]
>>> latency_summary(df, by=None)[["posts", "reply_rate", "median_min", "le_15min", "le_60min", "never"]].round(3).to_dict("records")
[{'posts': 3, 'reply_rate': 0.667, 'median_min': 30.0, 'le_15min': 0.333, 'le_60min': 0.333, 'never': 0.333}]
"""  # noqa: E501 (doctest output)

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.data.partitioned import is_dask

__all__ = ["BANDS", "BAND_COLUMNS", "BAND_NAMES", "first_response_times", "kaplan_meier", "latency_summary"]

#: Upper edges of the response-time bands, in minutes (the last two bands are "later" and "never").
BANDS = (15, 30, 60, 120, 360, 1440)
#: One column per band in :func:`latency_summary`: ``le_X`` holds the posts first answered after the
#: previous edge and within X (``le_30min``: more than 15 and at most 30 minutes), ``gt_24h`` those
#: answered later than a day, ``never`` the unanswered ones.
BAND_COLUMNS = ("le_15min", "le_30min", "le_60min", "le_2h", "le_6h", "le_24h", "gt_24h", "never")
#: How each band is written on charts and in printed tables.
BAND_NAMES = dict(
    zip(BAND_COLUMNS, ("≤ 15 min", "15–30 min", "30–60 min", "1–2 h", "2–6 h", "6–24 h", "> 24 h", "never"))
)
#: keys :func:`latency_summary` derives from the customer's post time (UTC)
DERIVED_KEYS = {
    "month": lambda t: t.dt.strftime("%Y-%m"),
    "hour": lambda t: t.dt.hour,
    "weekday": lambda t: t.dt.day_name().str[:3],
}


def first_response_times(df: pd.DataFrame) -> pd.DataFrame:
    """One row per customer post: its first reply, FRT and CRT, and any timing problem.

    Parameters
    ----------
    df : DataFrame or dask.dataframe.DataFrame
        The canonical replies table (``post_id``, ``customer_at``, ``reply_at``; ``thread_id``,
        ``brand``, ``channel``, ``agent`` used when present). A Dask frame gives a Dask frame with
        the same rows in another order; posts and threads may be split across its partitions
        (``docs/scale.md``).

    Returns
    -------
    DataFrame
        post_id, brand, channel, agent (of the first reply), customer_at, first_reply_at,
        last_reply_at (last brand reply in the thread), replies, answered, frt, crt (Timedelta),
        frt_min, crt_min (float minutes), early_replies (replies timed before the post, not used),
        problem ("" when none; such posts are left out of time statistics and counted apart).

    Raises
    ------
    DataError
        ``post_id``, ``customer_at`` or ``reply_at`` is missing, or a timestamp column is not
        timezone-aware.

    Examples
    --------
    >>> from helpers.data.bundled import load_workshop
    >>> frt = first_response_times(load_workshop())
    >>> len(frt), int(frt["answered"].sum()), round(float(frt["frt_min"].median()), 1)
    (220, 198, 32.1)
    >>> first_response_times(load_workshop().drop(columns="reply_at"))
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'reply_at': no 'reply_at' column. Fix: read the export with ...
    """
    if is_dask(df):
        from helpers.latency.partitioned import first_response_times_partitioned

        return first_response_times_partitioned(df)
    check_frt_input(df)
    return post_table(df).drop(columns="thread_id")


def check_frt_input(df) -> None:
    """The columns :func:`first_response_times` needs, timezone-aware (works on a Dask frame's meta too)."""
    need = [c for c in ("post_id", "customer_at", "reply_at") if c not in df.columns]
    if need:
        raise DataError(
            f"no '{need[0]}' column",
            column=need[0],
            fix="read the export with helpers.read_replies or read_twcs, which build the canonical table",
        )
    for col in ("customer_at", "reply_at"):
        if not isinstance(df[col].dtype, pd.DatetimeTZDtype):
            raise DataError(
                f"'{col}' is not a time-zone-aware timestamp column",
                column=col,
                fix="read the file with helpers.read_replies (it parses and converts to UTC)",
            )


#: the columns of the replies table that response times read
FRT_INPUT = ("post_id", "thread_id", "brand", "channel", "agent", "customer_at", "reply_at")


def valid_replies(work: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Rows with a reply, and those replies timed before their post (left out of the times)."""
    replied = work["reply_at"].notna()
    early = replied & work["customer_at"].notna() & (work["reply_at"] < work["customer_at"])
    return replied, early


def post_table(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`first_response_times` with each post's ``thread_id`` kept (the Dask engine replaces the
    last reply of threads that span partitions by joining on it)."""
    cols = [c for c in FRT_INPUT if c in df]
    work = df[cols].copy()
    if "thread_id" not in work:
        work["thread_id"] = work["post_id"]
    replied, early = valid_replies(work)
    valid = work[replied & ~early].sort_values(["post_id", "reply_at"], kind="stable")
    first = valid.drop_duplicates("post_id", keep="first").set_index("post_id")
    counts = work[replied].groupby("post_id", sort=False).size()
    last_in_thread = work[replied & ~early].groupby("thread_id", sort=False)["reply_at"].max()

    posts = work.drop_duplicates("post_id", keep="first").set_index("post_id")
    out = pd.DataFrame(index=posts.index)
    for col in ("brand", "channel"):
        if col in posts:
            out[col] = posts[col]
    out["agent"] = first["agent"].reindex(out.index) if "agent" in first else pd.NA
    out["customer_at"] = posts["customer_at"]
    out["first_reply_at"] = first["reply_at"].reindex(out.index)
    out["last_reply_at"] = last_in_thread.reindex(posts["thread_id"]).array  # (.map fails on empty frames)
    out["replies"] = counts.reindex(out.index).fillna(0).astype(int)
    out["answered"] = out["first_reply_at"].notna()
    out["frt"] = out["first_reply_at"] - out["customer_at"]
    out["crt"] = conclusive(out)
    out["frt_min"] = out["frt"].dt.total_seconds() / 60
    out["crt_min"] = out["crt"].dt.total_seconds() / 60
    early_per_post = work.loc[early, "post_id"].value_counts()
    out["early_replies"] = early_per_post.reindex(out.index).fillna(0).astype(int)
    problem = pd.Series("", index=out.index, dtype=object)
    problem[(out["early_replies"] > 0) & ~out["answered"]] = "reply timed before its post"
    if "reply_id" in df:
        no_time = set(df.loc[df["reply_at"].isna() & df["reply_id"].notna(), "post_id"])
        problem[out.index.isin(no_time) & ~out["answered"]] = "reply without reply_at"
    problem[out["customer_at"].isna()] = "missing customer_at"
    out["problem"] = problem
    out["thread_id"] = posts["thread_id"]
    return out.reset_index()


def conclusive(out: pd.DataFrame) -> pd.Series:
    """CRT from ``last_reply_at``: never shorter than the FRT."""
    crt = out["last_reply_at"] - out["customer_at"]
    crt[crt < out["frt"]] = out["frt"]
    return crt


def band_indicators(frt_min: pd.Series, answered: pd.Series) -> pd.DataFrame:
    """One 0/1 column per band (:data:`BAND_COLUMNS`) for each post."""
    edges = np.array(BANDS, dtype=float)
    idx = np.searchsorted(edges, frt_min.to_numpy(dtype=float), side="left")
    idx = np.where(answered.to_numpy(), idx, len(BANDS) + 1)
    return pd.DataFrame(np.eye(len(BAND_COLUMNS), dtype=float)[idx], columns=BAND_COLUMNS, index=frt_min.index)


def latency_summary(
    df: pd.DataFrame, by="brand", *, frt: pd.DataFrame | None = None, calendars: dict | None = None
) -> pd.DataFrame:
    """Per group: posts, answered, reply rate, median and P90 FRT (minutes), share in each band.

    Parameters
    ----------
    df : DataFrame or dask.dataframe.DataFrame
        The canonical replies table (or pass ``frt`` from :func:`first_response_times` to reuse it).
        A Dask frame gives a one-partition Dask frame with the same figures (exact medians and P90;
        ``docs/scale.md``).
    by : str, list of str or None
        ``brand``, ``channel``, ``agent``, ``month`` (``2024-05``), ``hour`` or ``weekday`` (of the
        customer's post, UTC), or several; None for one overall row.
    frt : DataFrame, optional
        :func:`first_response_times` of ``df``, when it was already computed.
    calendars : dict, optional
        Business-hours calendars by brand (``"default"`` for the others), e.g. from
        :func:`helpers.load_calendars`: adds ``business_median_min``, the median FRT counted on each
        brand's business clock (see :func:`helpers.latency.business_hours.business_frt`).

    Returns
    -------
    DataFrame
        One row per group: posts, answered, reply_rate, median_min, p90_min, one column per band
        (:data:`BAND_COLUMNS`: ``le_15min``, ``le_30min``, ``le_60min``, ``le_2h``, ``le_6h``,
        ``le_24h``, ``gt_24h``, ``never``; shares of posts, summing to 1), within_60min, and
        problems (posts left out of the time statistics, see ``first_response_times``).

    Examples
    --------
    >>> from helpers import load_workshop
    >>> s = latency_summary(load_workshop(), by="channel")
    >>> s[["channel", "posts", "reply_rate"]].round(2).to_dict("records")[0]
    {'channel': 'facebook', 'posts': 64, 'reply_rate': 0.92}
    """
    if is_dask(df if frt is None else frt):
        from helpers.latency.partitioned import latency_summary_partitioned

        return latency_summary_partitioned(df, by, frt=frt, calendars=calendars)
    table = first_response_times(df) if frt is None else frt  # not changed below: with_derived_keys makes a new frame
    keys = summary_keys(table, by)
    table = with_derived_keys(table, keys)
    ok = table["problem"] == ""
    usable = table[ok]
    bands = band_indicators(usable["frt_min"], usable["answered"])
    frame = pd.concat([usable[keys + ["answered", "frt_min"]], bands], axis=1)
    if not keys:
        frame["_all"] = "all"
        keys_ = ["_all"]
    else:
        keys_ = keys
    grouped = frame.groupby(keys_, sort=True, dropna=False)
    out = pd.DataFrame(
        {
            "posts": grouped.size(),
            "answered": grouped["answered"].sum().astype(int),
        }
    )
    out["reply_rate"] = out["answered"] / out["posts"]
    out["median_min"] = grouped["frt_min"].median()
    out["p90_min"] = grouped["frt_min"].quantile(0.9)
    out = out.join(grouped[list(BAND_COLUMNS)].mean())
    out["within_60min"] = out[["le_15min", "le_30min", "le_60min"]].sum(axis=1)
    if calendars:
        from helpers.latency.business_hours import business_frt

        business = business_frt(usable, calendars).rename("business_median_min")
        out = out.join(
            pd.concat([frame[keys_], business], axis=1)
            .groupby(keys_, sort=True, dropna=False)["business_median_min"]
            .median()
        )
    bad = table[~ok].assign(_all="all")
    problems = bad.groupby(keys_, sort=True, dropna=False).size()
    out["problems"] = problems.reindex(out.index).fillna(0).astype(int)
    out = out.reset_index()
    return out.drop(columns="_all") if not keys else out


def summary_keys(table, by) -> list[str]:
    """The grouping columns of :func:`latency_summary`, checked against ``table``'s columns."""
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for key in keys:
        if key not in DERIVED_KEYS and key not in table.columns:
            raise DataError(
                f"cannot group by '{key}': no such column",
                column=key,
                fix="use brand, channel, agent, month, hour or weekday",
            )
    return keys


def with_derived_keys(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``table`` with the keys derived from the post time (month, hour, weekday) added (a new frame)."""
    derived = {key: DERIVED_KEYS[key](table["customer_at"]) for key in keys if key in DERIVED_KEYS}
    return table.assign(**derived) if derived else table  # a new frame: Dask may share the input between tasks


def kaplan_meier(frt: pd.DataFrame, end: pd.Timestamp | None = None) -> pd.DataFrame:
    """Time-to-first-reply survival curve, unanswered posts censored at the end of observation.

    Own implementation (a few lines of NumPy; no extra dependency needed for a product-limit
    estimator without covariates). ``end`` defaults to the last timestamp in the data.

    Parameters
    ----------
    frt : DataFrame or dask.dataframe.DataFrame
        :func:`first_response_times` output (``answered, frt_min, customer_at, problem``;
        ``first_reply_at`` when present). Posts with a ``problem`` are left out. A Dask frame gives
        a one-partition Dask frame with the same curve.
    end : Timestamp, optional
        End of observation (timezone-aware): an unanswered post is censored after waiting from its
        post until ``end``. Default: the last post or first reply in ``frt``.

    Returns
    -------
    DataFrame
        minutes, at_risk, replied, censored, waiting (share of posts still without a reply).
        ``waiting`` crosses 0.5 at the median time to first reply.

    Examples
    --------
    >>> frt = pd.DataFrame({"answered": [True, True, False, True], "frt_min": [10.0, 30.0, None, 30.0],
    ...     "customer_at": pd.to_datetime(["2024-01-01 10:00"] * 4, utc=True), "problem": ""})
    >>> kaplan_meier(frt, end=pd.Timestamp("2024-01-01 10:20", tz="UTC"))["waiting"].round(3).tolist()
    [0.75, 0.75, 0.0]
    >>> kaplan_meier(frt.drop(columns="problem"))
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'problem': kaplan_meier needs the column problem. Fix: pass the output of ...
    """
    missing = [c for c in ("answered", "frt_min", "customer_at", "problem") if c not in frt.columns]
    if missing:
        raise DataError(
            f"kaplan_meier needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            column=missing,
            fix="pass the output of first_response_times(replies)",
        )
    if is_dask(frt):
        from helpers.latency.partitioned import kaplan_meier_partitioned

        return kaplan_meier_partitioned(frt, end)
    ok = frt[frt["problem"] == ""]
    if end is None:
        end = pd.concat([ok["customer_at"], ok.get("first_reply_at", pd.Series(dtype="datetime64[ns, UTC]"))]).max()
    time, event = waiting_times(ok, end)
    return km_table(time, event)


def waiting_times(ok: pd.DataFrame, end: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Each post's minutes to its first reply, or until ``end`` when unanswered (censored), and
    whether it was answered."""
    censor = (end - ok["customer_at"]).dt.total_seconds() / 60
    time = np.where(ok["answered"], ok["frt_min"], censor.clip(lower=0))
    return np.asarray(time, dtype=float), ok["answered"].to_numpy(dtype=bool)


def km_table(time: np.ndarray, event: np.ndarray) -> pd.DataFrame:
    """The product-limit table from each post's waiting time and whether it ended in a reply."""
    order = np.argsort(time, kind="stable")
    time, event = time[order], event[order]
    uniq, first = np.unique(time, return_index=True)
    replied = np.add.reduceat(event.astype(int), first) if len(time) else np.array([], int)
    total = np.diff(np.append(first, len(time)))
    censored = total - replied
    at_risk = len(time) - first
    with np.errstate(invalid="ignore", divide="ignore"):
        waiting = np.cumprod(1 - replied / at_risk)
    return pd.DataFrame(
        {"minutes": uniq, "at_risk": at_risk, "replied": replied, "censored": censored, "waiting": waiting}
    )
