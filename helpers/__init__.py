"""empathy-kit: measure and improve the empathy and speed of a brand's social-media replies.

The package is a house of floors; a lower floor never imports a higher one
(``tests/test_architecture.py`` checks it):

1. data: :mod:`helpers.data` (read, validate, write and redact replies tables; the twcs reader; the
   bundled datasets and reference tables) and :mod:`helpers.text` (the one home of text patterns)
2. analysis: :mod:`helpers.scoring` (rubric, marker rules, cues, the scorer),
   :mod:`helpers.latency` (response times, business clock), :mod:`helpers.agreement` (statistics,
   label tables, bootstrap)
3. store: :mod:`helpers.labelling.store`
4. presentation: :mod:`helpers.labelling` (widget, workshop app, rewrite lab in `rewriting`), :mod:`helpers.plots`
5. entry points: :mod:`helpers.cli` and :mod:`helpers.reporting`

Everything a playbook or an analyst needs is importable from here (``helpers.read_replies``,
``helpers.score_replies``...). The data floor is imported with the package; the rest on first use,
so ``import helpers`` stays fast for the command line.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from helpers import data as _data
from helpers.data import *  # noqa: F403 -- floor 1 is imported with the package; its __all__ is the list

try:
    __version__ = _version("empathy-kit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

_LAZY = {
    "scoring": (
        "SCORE_COLUMNS",
        "SCORER_VERSION",
        "describe_needs",
        "detect_cues",
        "empathy_index",
        "explain",
        "fit_scorer",
        "load_markers",
        "load_model",
        "load_rubric",
        "score_replies",
        "scorer_fingerprint",
        "train_scorer",
        "validate_scorer",
    ),
    "latency": (
        "BAND_COLUMNS",
        "BAND_NAMES",
        "BANDS",
        "BusinessCalendar",
        "business_frt",
        "business_minutes",
        "first_response_times",
        "kaplan_meier",
        "latency_summary",
        "load_calendars",
        "sla_attainment",
        "sla_breach_at",
    ),
    "agreement": (
        "AgreementWarning",
        "agreement_summary",
        "alpha_ci",
        "cohen_kappa",
        "disagreements",
        "fleiss_kappa",
        "gwet_ac",
        "human_ceiling",
        "krippendorff_alpha",
        "median_ci",
        "pairwise_agreement",
        "rater_diagnostics",
        "spearman",
    ),
    "labelling": ("LabelStore", "Room", "label", "rewrite_lab", "room_key", "serve_room", "workshop_app"),
    "plots": (
        "plot_alpha",
        "plot_bands",
        "plot_case_latency",
        "plot_empathy_benchmarks",
        "plot_empathy_latency",
        "plot_frt_distribution",
        "plot_hour_weekday",
        "plot_leniency",
        "plot_survival",
    ),
    "reporting": (
        "brand_benchmark",
        "environment_check",
        "format_provenance",
        "prepare_evaluation",
        "provenance",
        "run_report",
    ),
}
_WHERE = {name: sub for sub, names in _LAZY.items() for name in names}


def __getattr__(name):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"helpers.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)


__all__ = ["__version__", *_data.__all__, *_WHERE]  # 1. data, then 2-5 (imported on first use)
