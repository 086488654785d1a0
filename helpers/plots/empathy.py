"""Charts of empathy: the empathy x latency map and the brand benchmark chart (``ax=None`` -> Axes).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> ax = plot_empathy_benchmarks(pd.DataFrame({"brand": ["A", "B"], "empathy_q1": [20, 40],
...     "empathy_median": [30, 55], "empathy_q3": [45, 70], "replies": [10, 12]}), ours={"Us": [60, 70, 80]})
>>> [t.get_text() for t in ax.get_yticklabels()]
['A (n=10)', 'B (n=12)', 'Us (n=3)']
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.plots._style import _INK, _MUTED, _axes, _fmt_min, _require, _time_axis

__all__ = ["plot_empathy_benchmarks", "plot_empathy_latency"]


def plot_empathy_latency(
    data: pd.DataFrame,
    *,
    fast_min: float = 60,
    warm_index: float = 60,
    ax=None,
    label: str | None = None,
    annotate: int = 4,
    title: str = "Beauties and beasts: empathy against speed",
) -> plt.Axes:
    """The empathy x latency map: FRT (log) across, empathy index up, quadrants at the thresholds.

    ``data`` needs ``frt_min`` and ``empathy_index`` (e.g. scored replies joined with their FRT); with
    ``label``, the ``annotate`` most extreme points are named.

    Parameters
    ----------
    data : DataFrame
        One row per reply: ``frt_min`` (minutes) and ``empathy_index`` (0-100); rows missing
        either, or with no positive FRT, are left out.
    fast_min : float, default 60
        The speed threshold, in minutes (vertical line).
    warm_index : float, default 60
        The empathy threshold (horizontal line).
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure.
    label : str, optional
        A column naming the points; the most extreme point of each quadrant is annotated with it.
    annotate : int, default 4
        How many quadrants' extreme points to name (0: none).
    title : str, default "Beauties and beasts: empathy against speed"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        The scatter map with its four named quadrants.

    Raises
    ------
    DataError
        ``data`` lacks ``frt_min``, ``empathy_index`` or ``label``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> data = pd.DataFrame({"frt_min": [5, 30, 300, 2000], "empathy_index": [80, 20, 75, 10],
    ...                      "case": ["quick and kind", "quick, curt", "kind, late", "late, curt"]})
    >>> ax = plot_empathy_latency(data, label="case")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('first response time (log scale; line at 1.0 h)', 'empathy index (line at 60)')
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in data["case"].tolist())
    ['kind, late', 'late, curt', 'quick and kind', 'quick, curt']
    >>> plot_empathy_latency(data.drop(columns="empathy_index"))
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'empathy_index': plot_empathy_latency: missing column empathy_index. Fix: ...
    >>> plt.close("all")
    """
    _require(
        data,
        ["frt_min", "empathy_index", *([label] if label else [])],
        "score_replies(replies) merged with first_response_times(replies) on post_id",
        "plot_empathy_latency",
    )
    ax = _axes(ax, (8, 5.5))
    d = data.dropna(subset=["frt_min", "empathy_index"])
    d = d[d["frt_min"] > 0]
    x = d["frt_min"].astype(float)
    lo, hi = min(x.min() if len(x) else 1, fast_min / 4), max(x.max() if len(x) else 1000, fast_min * 8)
    beauty = (x <= fast_min) & (d["empathy_index"] >= warm_index)
    size, alpha = (28, 0.8) if len(d) <= 300 else (10, 0.45)
    ax.scatter(
        x[beauty],
        d.loc[beauty, "empathy_index"],
        s=size,
        color="#1a9850",
        marker="o",
        alpha=alpha,
        label="beauty: fast and warm",
        zorder=3,
    )
    ax.scatter(
        x[~beauty],
        d.loc[~beauty, "empathy_index"],
        s=size,
        color="#d73027",
        marker="^",
        alpha=alpha,
        label="beast or near miss: slow or cold",
        zorder=3,
    )
    ax.axvline(fast_min, color=_MUTED, linestyle="--", linewidth=1)
    ax.axhline(warm_index, color=_MUTED, linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlim(lo * 0.7, hi * 1.4)
    ax.set_ylim(-5, 108)
    _time_axis(ax, lo * 0.7, hi * 1.4)
    kw = dict(fontsize=9, color=_MUTED, style="italic")
    ax.text(lo * 0.75, 104, "fast and warm", ha="left", va="top", **kw)
    ax.text(hi * 1.3, 104, "kind but late", ha="right", va="top", **kw)
    ax.text(lo * 0.75, -3, "fast but cold", ha="left", va="bottom", **kw)
    ax.text(hi * 1.3, -3, "slow and cold", ha="right", va="bottom", **kw)
    if label and label in d and annotate:
        # name the most extreme point of each quadrant, so labels never pile up in one corner
        score = np.abs(np.log(x / fast_min)) + np.abs(d["empathy_index"] - warm_index) / 25
        quadrant = (x > fast_min).astype(int) * 2 + (d["empathy_index"] < warm_index).astype(int)
        picks = score.groupby(quadrant).idxmax().to_numpy()[:annotate]
        for idx in picks:
            right = x[idx] > fast_min
            ax.annotate(
                str(d.at[idx, label])[:28],
                (x[idx], d.at[idx, "empathy_index"]),
                xytext=(-6 if right else 6, 6),
                textcoords="offset points",
                fontsize=8,
                color=_INK,
                ha="right" if right else "left",
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8),
            )
    ax.set_xlabel(f"first response time (log scale; line at {_fmt_min(fast_min)})")
    ax.set_ylabel(f"empathy index (line at {warm_index:g})")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_empathy_benchmarks(
    benchmarks: pd.DataFrame,
    ours: dict | None = None,
    *,
    ax=None,
    top: int = 25,
    title: str = "Empathy index of real brands on Twitter (2017)",
) -> plt.Axes:
    """Median and quartiles of the empathy index per brand (``load_empathy_benchmarks()``), with your
    team(s) added: ``ours = {"Our team": [scores...]}``.

    Parameters
    ----------
    benchmarks : DataFrame
        :func:`helpers.load_empathy_benchmarks` output (``brand, empathy_q1, empathy_median,
        empathy_q3, replies``).
    ours : dict, optional
        Your team(s): name -> empathy indices of its replies (missing values left out); drawn in
        a stronger colour and bold.
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure sized to the number of rows.
    top : int, default 25
        How many benchmark brands to show (those with the most replies).
    title : str, default "Empathy index of real brands on Twitter (2017)"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        One row per brand and team, sorted by median (lowest at the bottom).

    Raises
    ------
    DataError
        ``benchmarks`` lacks a column.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.reference import load_empathy_benchmarks
    >>> ax = plot_empathy_benchmarks(load_empathy_benchmarks(), ours={"Our team": [40, 55, 62, 70]}, top=5)
    >>> [t.get_text() for t in ax.get_yticklabels()]  # doctest: +NORMALIZE_WHITESPACE
    ['Uber_Support (n=111)', 'AppleSupport (n=139)', 'Delta (n=110)', 'AmazonHelp (n=191)', 'Our team (n=4)',
     'ChipotleTweets (n=208)']
    >>> plt.close("all")
    """
    _require(
        benchmarks,
        ["brand", "empathy_q1", "empathy_median", "empathy_q3", "replies"],
        "load_empathy_benchmarks()",
        "plot_empathy_benchmarks",
    )
    rows = benchmarks.nlargest(top, "replies")[["brand", "empathy_q1", "empathy_median", "empathy_q3", "replies"]]
    rows = rows.assign(kind="benchmark")
    for name, scores in (ours or {}).items():
        s = pd.Series(scores, dtype=float).dropna()
        rows = pd.concat(
            [
                rows,
                pd.DataFrame(
                    [
                        {
                            "brand": name,
                            "empathy_q1": s.quantile(0.25),
                            "empathy_median": s.median(),
                            "empathy_q3": s.quantile(0.75),
                            "replies": len(s),
                            "kind": "ours",
                        }
                    ]
                ),
            ]
        )
    rows = rows.sort_values("empathy_median").reset_index(drop=True)
    ax = _axes(ax, (8, 0.28 * len(rows) + 1.5))
    y = np.arange(len(rows))
    mine = rows["kind"].eq("ours").to_numpy()
    ax.hlines(y, rows["empathy_q1"], rows["empathy_q3"], color=np.where(mine, "#c2410c", "#9ca3af"), linewidth=3)
    ax.scatter(
        rows["empathy_median"], y, color=np.where(mine, "#c2410c", _INK), s=np.where(mine, 60, 22), marker="D", zorder=3
    )
    ax.set_yticks(y, [f"{b} (n={n})" for b, n in zip(rows["brand"], rows["replies"])], fontsize=8)
    for tick, m in zip(ax.get_yticklabels(), mine):
        if m:
            tick.set_fontweight("bold")
    ax.set_xlim(0, 100)
    ax.set_xlabel("empathy index (median, bar = middle half of replies)")
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
