"""Shared look of the kit's charts: ink colours, band colours and hatches, time ticks, new Axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from helpers.data.errors import DataError

_INK = "#1f2937"
_MUTED = "#6b7280"
_STYLES = ["--", ":", "-.", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1))]
_BAND_COLOURS = ["#1a9850", "#66bd63", "#a6d96a", "#fee08b", "#fdae61", "#f46d43", "#d73027", "#7f7f7f"]
_BAND_HATCH = ["", "", "..", "..", "//", "//", "xx", "\\\\"]
_SERIES_COLOURS = ["#4b78a8", "#c2410c", "#1a9850", "#7c3aed", "#9ca3af", "#b45309"]  # one per series (dimension)
_SERIES_HATCH = ["", "//", "..", "xx", "\\\\", "--"]  # paired with the colours, for greyscale print
_TIME_TICKS = [(1, "1 min"), (10, "10 min"), (60, "1 h"), (240, "4 h"), (1440, "1 day"), (10080, "1 week")]


def _require(frame, columns, source: str, chart: str) -> None:
    """A chart's input must have its columns; otherwise say which and where they come from."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{chart}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            column=missing,
            fix=f"pass the output of {source}",
        )


def _axes(ax, size=(8, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _time_axis(ax, lo: float, hi: float, axis: str = "x") -> None:
    ticks = [(v, t) for v, t in _TIME_TICKS if lo <= v <= hi] or _TIME_TICKS[:3]
    setter = ax.set_xticks if axis == "x" else ax.set_yticks
    setter([v for v, _ in ticks], [t for _, t in ticks])
    (ax.xaxis if axis == "x" else ax.yaxis).set_minor_formatter(plt.NullFormatter())


def _fmt_min(m: float) -> str:
    if not np.isfinite(m):
        return "n/a"
    if m < 60:
        return f"{m:.0f} min"
    if m < 1440:
        return f"{m / 60:.1f} h"
    return f"{m / 1440:.1f} days"
