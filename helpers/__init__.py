"""empathy-kit: measure and improve the empathy and speed of a brand's social-media replies.

Floors (a lower floor never imports a higher one):

1. data: :mod:`helpers.schema`, :mod:`helpers.errors`, :mod:`helpers.io`, :mod:`helpers.twcs`,
   :mod:`helpers.validate`, :mod:`helpers.redact`
2. analysis: :mod:`helpers.rubric`, :mod:`helpers.cues`, :mod:`helpers.markers`, :mod:`helpers.personal`,
   :mod:`helpers.scoring`, :mod:`helpers.latency`, :mod:`helpers.business_hours`,
   :mod:`helpers.reliability`, :mod:`helpers.agreement`, :mod:`helpers.stats`, :mod:`helpers.benchmarks`,
   :mod:`helpers.datasets`, :mod:`helpers.provenance`, :mod:`helpers.envcheck`
3. store: :mod:`helpers.labels`
4. presentation: :mod:`helpers.widgets`, :mod:`helpers.charts`
5. entry points: :mod:`helpers.cli` and :mod:`helpers.report`

The data floor is imported with the package; everything above it is imported on first use
(``helpers.score_replies`` works, but ``import helpers`` stays fast for the command line).
"""
from importlib.metadata import PackageNotFoundError, version as _version

from helpers.errors import DataError, format_rows
from helpers.io import neutralise_formulas, read_replies, read_table, safe_csv, to_canonical, write_replies
from helpers.redact import redact, redact_series
from helpers.schema import CANONICAL_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from helpers.twcs import read_twcs
from helpers.validate import DataWarning, Finding, validate_replies

try:
    __version__ = _version("empathy-kit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

_LAZY = {
    "load_rubric": "rubric", "empathy_index": "rubric",
    "detect_cues": "cues", "describe_needs": "cues", "load_markers": "markers",
    "score_replies": "scoring", "explain": "scoring", "validate_scorer": "scoring",
    "first_response_times": "latency", "latency_summary": "latency", "kaplan_meier": "latency",
    "BusinessCalendar": "business_hours", "business_minutes": "business_hours", "sla_breach_at": "business_hours",
    "sla_attainment": "business_hours", "load_calendars": "business_hours",
    "cohen_kappa": "reliability", "krippendorff_alpha": "reliability", "fleiss_kappa": "reliability",
    "gwet_ac": "reliability", "spearman": "reliability",
    "agreement_summary": "agreement", "pairwise_agreement": "agreement", "human_ceiling": "agreement",
    "rater_diagnostics": "agreement", "disagreements": "agreement", "median_ci": "stats",
    "load_response_benchmarks": "benchmarks", "load_empathy_benchmarks": "benchmarks",
    "load_cases": "datasets", "load_workshop": "datasets", "load_example_labels": "datasets",
    "provenance": "provenance", "environment_check": "envcheck", "LabelStore": "labels",
    "label": "widgets", "rewrite_lab": "widgets", "workshop_app": "widgets", "run_report": "report",
    **{f"plot_{n}": "charts" for n in ("bands", "case_latency", "empathy_benchmarks", "empathy_latency",
                                       "frt_distribution", "hour_weekday", "survival")},
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"helpers.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


__all__ = [
    "__version__",
    # 1. data
    "DataError", "DataWarning", "Finding", "format_rows",
    "CANONICAL_COLUMNS", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS",
    "read_replies", "read_table", "read_twcs", "to_canonical", "validate_replies",
    "write_replies", "safe_csv", "neutralise_formulas", "redact", "redact_series",
    # 2-5: imported on first use
    *_LAZY,
]
