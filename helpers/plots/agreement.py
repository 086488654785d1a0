"""Charts of rater agreement: alpha per dimension against Krippendorff's thresholds, and each
rater's leniency (``ax=None`` -> Axes; no global style changes).

Both read the tables of :mod:`helpers.agreement.tables` and recompute nothing: ``plot_alpha``
draws the ``alpha_ordinal`` rows of :func:`~helpers.agreement.tables.agreement_summary`,
``plot_leniency`` the ``leniency`` column of :func:`~helpers.agreement.tables.rater_diagnostics`.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> summary = pd.DataFrame({"dimension": ["tone", "act"], "statistic": "alpha_ordinal",
...                         "estimate": [0.48, 0.86], "ci_low": [0.29, 0.75], "ci_high": [0.67, 0.93], "n": 48})
>>> [t.get_text() for t in plot_alpha(summary).get_yticklabels()]
['tone  (n=48)', 'act  (n=48)']
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.agreement.tables import LABEL_COLUMNS, rater_diagnostics
from helpers.data.errors import DataError
from helpers.plots._style import _INK, _MUTED, _SERIES_COLOURS, _SERIES_HATCH, _axes, _require

__all__ = ["plot_alpha", "plot_leniency"]

# Krippendorff (2004), Content Analysis, 2nd ed., p. 241; see docs/agreement_cards.md
_THRESHOLDS = ((0.667, "α = 0.667: tentative conclusions only", "--"), (0.8, "α = 0.8: reliable", "-"))
_SOURCE = "(Krippendorff, 2004)"
_NOT_ENOUGH = "not enough labels"


def plot_alpha(
    summary: pd.DataFrame,
    *,
    ax=None,
    statistic: str = "alpha_ordinal",
    title: str = "How far your raters agree, per dimension",
) -> plt.Axes:
    """Krippendorff's alpha of each dimension with its confidence interval, against the 0.667
    ("tentative conclusions") and 0.8 ("reliable") lines.

    Parameters
    ----------
    summary : DataFrame
        :func:`helpers.agreement_summary` output (``dimension, statistic, estimate, ci_low,
        ci_high, n``); only the ``statistic`` rows are drawn, in the order of the table (the
        rubric's order), first on top.
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure sized to the number of dimensions.
    statistic : str, default "alpha_ordinal"
        Which rows of ``summary`` to draw.
    title : str, default "How far your raters agree, per dimension"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        One row per dimension: a point at the estimate with its value written beside it and a
        bar across its interval. A dimension whose alpha could not be computed (fewer than two
        items rated by two raters) keeps its row, marked "not enough labels"; one with an estimate
        but no interval (``n_boot=0``, or a single item) shows the point alone.

    Raises
    ------
    DataError
        ``summary`` lacks a column or has no ``statistic`` rows.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.agreement.tables import agreement_summary
    >>> from helpers.data.bundled import load_example_labels
    >>> ax = plot_alpha(agreement_summary(load_example_labels(), n_boot=200))
    >>> [t.get_text() for t in ax.get_yticklabels()]  # doctest: +NORMALIZE_WHITESPACE
    ['acknowledge  (n=48)', 'personalize  (n=48)', 'apologize  (n=35)', 'act  (n=48)', 'tone  (n=48)']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]  # doctest: +NORMALIZE_WHITESPACE
    ['alpha and its confidence interval', 'α = 0.667: tentative conclusions only (Krippendorff, 2004)',
     'α = 0.8: reliable (Krippendorff, 2004)']
    >>> plot_alpha(load_example_labels())  # the labels themselves, not their summary
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: columns 'statistic', ... plot_alpha: missing columns ... Fix: pass the output of ...
    >>> plt.close("all")
    """
    _require(
        summary,
        ["dimension", "statistic", "estimate", "ci_low", "ci_high", "n"],
        "agreement_summary(labels)",
        "plot_alpha",
    )
    rows = summary[summary["statistic"] == statistic].reset_index(drop=True)
    if rows.empty:
        found = ", ".join(map(str, summary["statistic"].drop_duplicates())) or "none"
        raise DataError(
            f"plot_alpha: summary has no {statistic!r} rows (statistics found: {found})",
            column="statistic",
            fix="pass agreement_summary(labels) whole, or name one of its statistics with statistic=",
        )
    est = rows["estimate"].to_numpy(dtype=float)
    lo, hi = rows["ci_low"].to_numpy(dtype=float), rows["ci_high"].to_numpy(dtype=float)
    has_ci = np.isfinite(est) & np.isfinite(lo) & np.isfinite(hi)
    ok = np.isfinite(est)
    ax = _axes(ax, (8, 0.5 * len(rows) + 1.8))
    y = np.arange(len(rows))
    left = min(0.0, np.nanmin(np.r_[est[ok], lo[has_ci], 0.0]) - 0.05)
    ax.axvspan(left, 0.667, color="#fde2d6", zorder=0, linewidth=0)
    ax.axvspan(0.667, 0.8, color="#fdf3c4", zorder=0, linewidth=0)
    ax.axvspan(0.8, 1.02, color="#dcefdc", zorder=0, linewidth=0)
    ax.errorbar(
        est[ok],
        y[ok],
        xerr=np.vstack([est - np.where(has_ci, lo, est), np.where(has_ci, hi, est) - est])[:, ok],
        fmt="D",
        color=_INK,
        ecolor=_INK,
        elinewidth=2.2,
        capsize=4,
        markersize=7,
        label="alpha and its confidence interval" if has_ci.any() else "alpha (no interval)",
        zorder=3,
    )
    for x, label, style in _THRESHOLDS:
        ax.axvline(x, color=_INK, linestyle=style, linewidth=1.2, label=f"{label} {_SOURCE}", zorder=2)
    for i in y:
        if not ok[i]:
            ax.text(0.02, i, _NOT_ENOUGH, va="center", ha="left", fontsize=9, color=_MUTED, style="italic")
            continue
        note = "" if has_ci[i] else "  (no interval)"
        ax.annotate(
            f"{est[i]:.2f}{note}",
            (est[i], i),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=_INK,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75),
        )
    zone = ax.get_xaxis_transform()  # x in data, y in axes: the zones' names just above the chart
    kw = dict(transform=zone, fontsize=8, color=_MUTED, style="italic", va="bottom")
    ax.text(0.655, 1.0, "not reliable yet", ha="right", **kw)
    ax.text((0.667 + 0.8) / 2, 1.0, "tentative", ha="center", **kw)
    ax.text(0.91, 1.0, "reliable", ha="center", **kw)
    n = rows["n"].to_numpy()
    ax.set_yticks(y, [f"{d}  (n={int(k) if pd.notna(k) else '?'})" for d, k in zip(rows["dimension"], n)])
    for tick, good in zip(ax.get_yticklabels(), ok):
        if not good:
            tick.set_color(_MUTED)
    ax.set_ylim(len(rows) - 0.4, -0.75)  # first dimension on top, room for the value above it
    ax.set_xlim(left, 1.02)
    ax.set_xlabel("Krippendorff's alpha (ordinal): 1 = perfect agreement, 0 = no better than chance")
    ax.set_title(title, loc="left", fontsize=11, pad=16)
    handles, texts = ax.get_legend_handles_labels()
    first = [i for i, t in enumerate(texts) if t.startswith("alpha")] + [i for i, t in enumerate(texts) if t[0] == "α"]
    ax.legend(
        [handles[i] for i in first],
        [texts[i] for i in first],
        loc="upper left",
        bbox_to_anchor=(0, -0.16 - 0.5 / max(len(rows), 1)),
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_leniency(
    labels: pd.DataFrame,
    *,
    ax=None,
    by_dimension: bool = True,
    title: str = "Who rates higher or lower than the rest of the team",
) -> plt.Axes:
    """Each rater's leniency: how many levels above (> 0) or below (< 0) the other raters'
    consensus they rate the same replies, on average, per dimension and over all dimensions.

    The numbers are :func:`helpers.rater_diagnostics`' ``leniency`` (rater minus the median of
    the other raters on each item, half-levels rounded up); the "all dimensions" value is their
    mean weighted by the items compared.

    Parameters
    ----------
    labels : DataFrame
        Long labels of two or more raters: ``item, rater, dimension, value`` (see
        :func:`helpers.agreement_summary`), e.g. ``LabelStore("labels.db").current()``.
    ax : matplotlib Axes, optional
        Where to draw; default: a new figure sized to the number of raters.
    by_dimension : bool, default True
        Draw one bar per dimension for each rater, with the overall value as a diamond; with
        False, one bar per rater (all dimensions together).
    title : str, default "Who rates higher or lower than the rest of the team"
        The chart's title (left-aligned).

    Returns
    -------
    matplotlib Axes
        One group of bars per rater, most lenient on top, around a line at 0 (rates like the
        others). A rater with no item in common with the others is marked "not enough labels".

    Raises
    ------
    DataError
        ``labels`` lacks a column, is not a valid labels frame, or has fewer than two raters.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from helpers.data.bundled import load_example_labels
    >>> ax = plot_leniency(load_example_labels())
    >>> [t.get_text() for t in ax.get_yticklabels()]  # ben is lenient, cy strict
    ['ben  (+0.34)', 'ana  (+0.07)', 'cy  (-0.41)']
    >>> [t.get_text() for t in ax.get_legend().get_texts()][-1]
    'all dimensions'
    >>> plot_leniency(load_example_labels().query("rater == 'ana'"))
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'rater': plot_leniency: labels of 1 rater (ana); ... Fix: pass the labels ...
    >>> plt.close("all")
    """
    _require(labels, list(LABEL_COLUMNS), "LabelStore.current() or load_example_labels()", "plot_leniency")
    raters = labels["rater"].dropna().drop_duplicates()
    if len(raters) < 2:
        raise DataError(
            f"plot_leniency: labels of {len(raters)} rater{'' if len(raters) == 1 else 's'}"
            + (f" ({', '.join(map(str, raters))})" if len(raters) else "")
            + "; leniency compares raters",
            column="rater",
            fix="pass the labels of two or more raters who labelled the same replies",
        )
    diag = rater_diagnostics(labels)
    dims = diag["dimension"].drop_duplicates().tolist()
    table = diag.pivot(index="rater", columns="dimension", values="leniency").reindex(columns=dims)
    counts = diag.pivot(index="rater", columns="dimension", values="n").reindex(columns=dims)
    weights = counts.where(table.notna(), 0).to_numpy(dtype=float)
    total = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = pd.Series(
            np.where(total > 0, np.nansum(table.to_numpy(dtype=float) * weights, axis=1) / total, np.nan),
            index=table.index,
        )
    order = overall.sort_values(ascending=False, na_position="last").index  # most lenient on top
    table, overall = table.loc[order], overall.loc[order]
    per = len(dims) if by_dimension else 1
    ax = _axes(ax, (8, (0.22 * per + 0.35) * len(order) + 1.8))
    y = np.arange(len(order))
    finite = np.r_[overall.to_numpy(dtype=float), table.to_numpy(dtype=float).ravel() if by_dimension else []]
    finite = finite[np.isfinite(finite)]
    reach = max(0.5, float(np.abs(finite).max()) * 1.2 if len(finite) else 0.5)
    if by_dimension:
        height = 0.8 / per
        for j, dim in enumerate(dims):
            offset = (j - (per - 1) / 2) * height
            ax.barh(
                y + offset,
                table[dim].fillna(0),
                height=height * 0.92,
                color=_SERIES_COLOURS[j % len(_SERIES_COLOURS)],
                hatch=_SERIES_HATCH[j % len(_SERIES_HATCH)],
                edgecolor="white",
                linewidth=0.5,
                label=str(dim),
                zorder=2,
            )
        ax.scatter(overall, y, marker="D", s=46, color=_INK, edgecolor="white", zorder=4, label="all dimensions")
    else:
        ax.barh(y, overall.fillna(0), height=0.6, color="#4b78a8", label="all dimensions", zorder=2)
    for i, value in enumerate(overall):
        if not np.isfinite(value):
            ax.text(reach * 0.03, i, _NOT_ENOUGH, va="center", ha="left", fontsize=9, color=_MUTED, style="italic")
    ax.axvline(0, color=_INK, linewidth=1, zorder=3)
    ax.set_xlim(-reach, reach)
    ax.set_yticks(y, [f"{r}  ({v:+.2f})" if np.isfinite(v) else f"{r}  (n/a)" for r, v in overall.items()])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel("levels above (+) or below (−) the other raters' consensus, on average per reply")
    kw = dict(transform=ax.transAxes, fontsize=8, color=_MUTED, style="italic", va="bottom")
    ax.text(0.01, 1.0, "← rates lower (stricter)", ha="left", **kw)
    ax.text(0.99, 1.0, "rates higher (more lenient) →", ha="right", **kw)
    ax.set_title(title, loc="left", fontsize=11, pad=16)
    handles, texts = ax.get_legend_handles_labels()
    last = sorted(range(len(texts)), key=lambda i: texts[i] == "all dimensions")  # the dimensions, then overall
    ax.legend(
        [handles[i] for i in last],
        [texts[i] for i in last],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax
