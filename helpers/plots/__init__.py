"""Floor 4, presentation: every chart is ``plot_*(..., ax=None) -> Axes``; nothing here changes
global matplotlib style or calls ``plt.show()``. ``latency`` draws response times, ``empathy`` the
scores, ``agreement`` how far raters agree and who rates high or low; shared colours and helpers
live in ``_style``."""

from helpers.plots.agreement import plot_alpha, plot_leniency
from helpers.plots.empathy import plot_empathy_benchmarks, plot_empathy_latency
from helpers.plots.latency import plot_bands, plot_case_latency, plot_frt_distribution, plot_hour_weekday, plot_survival

__all__ = [
    "plot_alpha",
    "plot_bands",
    "plot_case_latency",
    "plot_empathy_benchmarks",
    "plot_empathy_latency",
    "plot_frt_distribution",
    "plot_hour_weekday",
    "plot_leniency",
    "plot_survival",
]
