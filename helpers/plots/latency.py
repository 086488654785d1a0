"""Charts of response times, each drawn on a given Axes and returned (no global style changes).

Every ``plot_*`` takes ``ax=None`` (a new figure is made when missing), draws, and returns the
Axes. Benchmark lines carry their source and year. Colours are paired with line styles or hatches
so a chart still reads when printed in greyscale.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> frt = pd.DataFrame({"frt_min": [3.0, 12, 40, 200, None], "answered": [True] * 4 + [False],
...                     "problem": ""})
>>> ax = plot_frt_distribution(frt)
>>> ax.get_xscale()
'log'
"""

from __future__ import annotations

import matplotlib
import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.latency.response_times import BAND_COLUMNS, BAND_NAMES
from helpers.plots._style import (
    _BAND_COLOURS,
    _BAND_HATCH,
    _INK,
    _STYLES,
    _TIME_TICKS,
    _axes,
    _fmt_min,
    _require,
    _time_axis,
)

__all__ = ["plot_bands", "plot_case_latency", "plot_frt_distribution", "plot_hour_weekday", "plot_survival"]


def plot_frt_distribution(
    frt: pd.DataFrame, benchmarks: pd.DataFrame | None = None, *, ax=None, title: str = "First response time"
) -> plt.Axes:
    """Histogram of first response times on a log time axis, with benchmark lines.

    ``frt`` is :func:`helpers.latency.response_times.first_response_times` output; ``benchmarks`` has ``minutes`` and
    ``label`` columns (default: the kit's curated lines, ``load_response_benchmarks(chart=True)``).

    Parameters
    ----------
    frt : DataFrame
        :func:`helpers.first_response_times` output (``frt_min``, ``answered``, ``problem``). Posts
        with a problem are left out; unanswered posts are counted in the title.
    benchmarks : DataFrame, optional
        Reference lines: ``minutes`` and ``label`` (the legend text); default: the kit's curated
        lines. Pass an empty frame for none.
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure.
    title : str, default "First response time"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        The chart: histogram of answered posts on a log time axis, one line per benchmark and your
        median.

    Raises
    ------
    DataError
        ``frt`` or ``benchmarks`` lacks a column.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.latency.response_times import first_response_times
    >>> ax = plot_frt_distribution(first_response_times(load_workshop()))
    >>> ax.get_title(loc="left"), ax.get_xscale()
    ('First response time  (22 posts never answered)', 'log')
    >>> legend = [t.get_text() for t in ax.get_legend().get_texts()]
    >>> legend[0], legend[-1]
    ('answered posts (n=198)', 'your median: 32 min')
    >>> plot_frt_distribution(first_response_times(load_workshop()).drop(columns="problem"))
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'problem': plot_frt_distribution: missing column problem. Fix: ...
    >>> plt.close("all")
    """
    _require(frt, ["frt_min", "answered", "problem"], "first_response_times(replies)", "plot_frt_distribution")
    if benchmarks is not None:
        _require(benchmarks, ["minutes", "label"], "load_response_benchmarks(chart=True)", "plot_frt_distribution")
    ax = _axes(ax)
    times = frt.loc[frt["answered"] & (frt["problem"] == ""), "frt_min"].astype(float)
    times = times[times > 0]
    never = int((~frt["answered"] & (frt["problem"] == "")).sum())
    if benchmarks is None:
        from helpers.data.reference import load_response_benchmarks

        benchmarks = load_response_benchmarks(chart=True)
    lo = max(min(times.min() if len(times) else 1, 1) * 0.8, 0.1)
    hi = max(times.max() if len(times) else 60, benchmarks["minutes"].max() if len(benchmarks) else 60) * 1.3
    bins = np.geomspace(lo, hi, 40)
    ax.hist(
        times, bins=bins, color="#4b78a8", edgecolor="white", linewidth=0.5, label=f"answered posts (n={len(times):,})"
    )
    ax.set_xscale("log")
    _time_axis(ax, lo, hi)
    top = ax.get_ylim()[1]
    for i, (_, row) in enumerate(benchmarks.sort_values("minutes").iterrows()):
        ax.axvline(row["minutes"], color=_INK, linestyle=_STYLES[i % len(_STYLES)], linewidth=1.1, label=row["label"])
    if len(times):
        med = float(times.median())
        ax.axvline(med, color="#c2410c", linewidth=2.2, label=f"your median: {_fmt_min(med)}")
    ax.set_ylim(0, top * 1.05)
    ax.set_xlabel("time from the customer's post to the first reply (log scale)")
    ax.set_ylabel("posts")
    ax.set_title(f"{title}" + (f"  ({never:,} posts never answered)" if never else ""), loc="left", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_bands(
    summary: pd.DataFrame, by: str = "brand", *, ax=None, top: int = 15, title: str = "How fast each team answers"
) -> plt.Axes:
    """Stacked horizontal bars: share of posts in each response-time band, one bar per group.

    ``summary`` is :func:`helpers.latency.response_times.latency_summary` output; the ``top`` groups with most posts
    are shown, fastest (largest share within an hour) on top.

    Parameters
    ----------
    summary : DataFrame
        :func:`helpers.latency_summary` output grouped by ``by`` (``posts`` and the band columns).
    by : str, default "brand"
        The column naming the groups (as passed to ``latency_summary``).
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure sized to the number of bars.
    top : int, default 15
        How many groups to show (those with the most posts).
    title : str, default "How fast each team answers"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        One stacked bar per group, labelled with its name and number of posts.

    Raises
    ------
    DataError
        ``summary`` lacks ``posts``, ``by`` or a band column.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.latency.response_times import latency_summary
    >>> ax = plot_bands(latency_summary(load_workshop(), by="channel"), by="channel")
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_xlabel()
    (['facebook  (n=64)', 'instagram  (n=33)', 'twitter  (n=123)'], 'share of customer posts')
    >>> plot_bands(latency_summary(load_workshop(), by="channel"))  # by= must match the summary
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'brand': plot_bands: missing column brand. Fix: pass the output of ...
    >>> plt.close("all")
    """
    _require(summary, ["posts", by, *BAND_COLUMNS], f"latency_summary(replies, by={by!r})", "plot_bands")
    data = summary.nlargest(top, "posts").copy()
    data = data.assign(_fast=data[list(BAND_COLUMNS[:3])].sum(axis=1)).sort_values("_fast")
    ax = _axes(ax, (8, 0.35 * len(data) + 1.6))
    left = np.zeros(len(data))
    names = data[by].astype("object").where(data[by].notna(), "(unknown)").astype(str)
    labels = [f"{g}  (n={n:,})" for g, n in zip(names, data["posts"])]
    for band, colour, hatch in zip(BAND_COLUMNS, _BAND_COLOURS, _BAND_HATCH):
        ax.barh(
            labels,
            data[band],
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            label=BAND_NAMES[band],
        )
        left += data[band].to_numpy()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("share of customer posts")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(ncol=4, loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / max(len(data), 1)), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_survival(
    curve: pd.DataFrame,
    *,
    ax=None,
    label: str = "all posts",
    lines=(60, 120),
    title: str = "Share of customers still waiting for a first reply",
) -> plt.Axes:
    """Kaplan-Meier curve from :func:`helpers.latency.response_times.kaplan_meier`, with reference times marked.

    Parameters
    ----------
    curve : DataFrame
        :func:`helpers.kaplan_meier` output (``minutes``, ``waiting``).
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure. Draw several curves on one Axes to compare them.
    label : str, default "all posts"
        Legend text of the curve.
    lines : sequence of float, default (60, 120)
        Reference times in minutes, drawn as vertical lines.
    title : str, default "Share of customers still waiting for a first reply"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        The step curve of the share still waiting on a log time axis.

    Raises
    ------
    DataError
        ``curve`` lacks ``minutes`` or ``waiting``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.latency.response_times import first_response_times, kaplan_meier
    >>> ax = plot_survival(kaplan_meier(first_response_times(load_workshop())), label="workshop")
    >>> [t.get_text() for t in ax.get_legend().get_texts()], ax.get_ylabel()
    (['workshop', '1.0 h', '2.0 h'], 'still waiting')
    >>> plt.close("all")
    """
    _require(curve, ["minutes", "waiting"], "kaplan_meier(first_response_times(replies))", "plot_survival")
    ax = _axes(ax)
    x = np.maximum(curve["minutes"].to_numpy(dtype=float), 0.1)
    ax.step(
        np.r_[x[0], x], np.r_[1.0, curve["waiting"].to_numpy()], where="post", color="#4b78a8", linewidth=2, label=label
    )
    for i, m in enumerate(lines):
        ax.axvline(m, color=_INK, linestyle=_STYLES[i % len(_STYLES)], linewidth=1, label=f"{_fmt_min(m)}")
    ax.set_xscale("log")
    _time_axis(ax, x.min(), max(x.max(), max(lines)))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("time since the customer's post (log scale)")
    ax.set_ylabel("still waiting")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_hour_weekday(
    frt: pd.DataFrame, *, value: str = "median", tz: str = "UTC", ax=None, min_posts: int = 3, title: str | None = None
) -> plt.Axes:
    """Heatmap of posts by weekday and hour of the customer's post: ``value`` = "median" FRT (log colour
    scale) or "posts" (volume). Cells with fewer than ``min_posts`` answered posts stay blank.

    Parameters
    ----------
    frt : DataFrame
        :func:`helpers.first_response_times` output (``post_id, customer_at, answered, frt_min``).
    value : {"median", "posts"}, default "median"
        What each cell shows: the median time to first reply, or how many posts arrived.
    tz : str, default "UTC"
        Time zone of the hours and weekdays, e.g. the team's ``"Europe/London"``.
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure.
    min_posts : int, default 3
        With ``value="median"``: cells with fewer answered posts stay blank.
    title : str, optional
        The chart's title; default: one that says what ``value`` shows.

    Returns
    -------
    matplotlib Axes
        A 7 x 24 heatmap (Monday on top) with a colour bar.

    Raises
    ------
    DataError
        ``value`` is not a choice, ``tz`` is not a time zone, or ``frt`` lacks a column.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.latency.response_times import first_response_times
    >>> frt = first_response_times(load_workshop())
    >>> ax = plot_hour_weekday(frt, value="posts", tz="Europe/London")
    >>> ax.get_title(loc="left"), ax.get_xlabel()
    ('When customers write', "hour of the customer's post (Europe/London)")
    >>> plot_hour_weekday(frt, tz="Europe/Londres")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: plot_hour_weekday: unknown time zone 'Europe/Londres'. Fix: use an IANA name ...
    >>> plt.close("all")
    """
    if value not in ("median", "posts"):
        raise DataError(
            f"plot_hour_weekday: value={value!r} is not a choice",
            fix='use value="median" (median time to first reply) or value="posts" (how many posts)',
        )
    _require(
        frt, ["post_id", "customer_at", "answered", "frt_min"], "first_response_times(replies)", "plot_hour_weekday"
    )
    try:
        local = frt["customer_at"].dt.tz_convert(tz)
    except (KeyError, ValueError, IndexError):  # zoneinfo's "not found" is a KeyError
        raise DataError(
            f"plot_hour_weekday: unknown time zone {tz!r}",
            fix="use an IANA name such as Europe/London or America/New_York (or UTC)",
        ) from None
    ax = _axes(ax, (10, 3.8))
    d = frt.assign(_day=local.dt.day_of_week, _hour=local.dt.hour)
    if value == "posts":
        grid = d.pivot_table(index="_day", columns="_hour", values="post_id", aggfunc="count")
        cmap, unit = "Blues", "posts"
    else:
        answered = d[d["answered"] & (d["frt_min"] > 0)]
        grid = answered.pivot_table(index="_day", columns="_hour", values="frt_min", aggfunc="median")
        count = answered.pivot_table(index="_day", columns="_hour", values="frt_min", aggfunc="count")
        grid = grid.where(count >= min_posts)
        cmap, unit = "YlOrRd", "median time to first reply"
    grid = grid.reindex(index=range(7), columns=range(24))
    values = grid.to_numpy(dtype=float)
    norm = None
    if value != "posts" and np.isfinite(values).any():
        norm = matplotlib.colors.LogNorm(vmin=max(np.nanmin(values), 1), vmax=max(np.nanmax(values), 2))
    im = ax.imshow(values, aspect="auto", cmap=cmap, interpolation="nearest", norm=norm)
    ax.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    ax.set_xticks(range(0, 24, 3), [f"{h:02d}:00" for h in range(0, 24, 3)])
    ax.set_xlabel(f"hour of the customer's post ({tz})")
    bar = plt.colorbar(im, ax=ax, label=unit, fraction=0.03, pad=0.02)
    if norm is not None:
        ticks = [(v, t) for v, t in _TIME_TICKS if norm.vmin <= v <= norm.vmax]
        bar.set_ticks([v for v, _ in ticks], labels=[t for _, t in ticks])
        bar.ax.yaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_title(
        title or ("When customers write" if value == "posts" else "How long they wait, by hour and day"),
        loc="left",
        fontsize=11,
    )
    return ax


def plot_case_latency(
    cases: pd.DataFrame,
    *,
    limit_min: float = 120,
    ax=None,
    label: str = "title",
    title: str = "How long each customer waited",
) -> plt.Axes:
    """One bar per case (``latency_min``, log scale), coloured by ``verdict``, with the two-hour line
    after which, the source article says, the customer is lost.

    Parameters
    ----------
    cases : DataFrame
        :func:`helpers.load_cases` output, or any table with ``latency_min``, ``verdict``
        (``beauty``, ``beast`` or ``near miss``) and the ``label`` column.
    limit_min : float, default 120
        Where to draw the "customer lost" line, in minutes.
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure sized to the number of cases.
    label : str, default "title"
        The column naming each bar.
    title : str, default "How long each customer waited"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        One horizontal bar per case, fastest on top.

    Raises
    ------
    DataError
        ``cases`` lacks ``latency_min``, ``verdict`` or ``label``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.bundled import load_cases
    >>> ax = plot_case_latency(load_cases())
    >>> len(ax.get_yticklabels()), [t.get_text() for t in ax.get_legend().get_texts()]
    (18, ['beauty', 'beast', 'near miss'])
    >>> plot_case_latency(load_cases(), label="case")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'case': plot_case_latency: missing column case. Fix: ...
    >>> plt.close("all")
    """
    _require(cases, ["latency_min", "verdict", label], "load_cases()", "plot_case_latency")
    d = cases.sort_values("latency_min").reset_index(drop=True)
    ax = _axes(ax, (8, 0.32 * len(d) + 1.4))
    y = np.arange(len(d))
    colours = {"beauty": "#1a9850", "beast": "#d73027", "near miss": "#fdae61"}
    hatches = {"beauty": "", "beast": "//", "near miss": ".."}
    for verdict in colours:
        mask = (d["verdict"] == verdict).to_numpy()
        ax.barh(
            y[mask],
            d.loc[mask, "latency_min"],
            color=colours[verdict],
            hatch=hatches[verdict],
            edgecolor="white",
            label=verdict,
        )
    ax.set_yticks(y, d[label].astype(str), fontsize=8)
    ax.set_xscale("log")
    _time_axis(ax, max(d["latency_min"].min(), 1) * 0.8, d["latency_min"].max() * 1.2)
    ax.axvline(limit_min, color=_INK, linestyle="--", linewidth=1.2)
    ax.text(
        limit_min * 1.05,
        -0.6,
        f"{_fmt_min(limit_min)}: customer lost (CXperience, 2019)",
        fontsize=8,
        va="top",
        color=_INK,
    )
    ax.set_xlabel("time to the brand's reply (log scale)")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.invert_yaxis()
    return ax
