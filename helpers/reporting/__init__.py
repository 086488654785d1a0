"""Around the floors: provenance of every result, the environment check for workshop machines, and
the evaluation report (floor 5, an entry point: it runs the evaluation playbook)."""

from helpers.reporting.benchmark import brand_benchmark
from helpers.reporting.environment import environment_check
from helpers.reporting.evaluation import prepare_evaluation
from helpers.reporting.records import format_provenance, provenance
from helpers.reporting.report import run_report

__all__ = [
    "brand_benchmark",
    "environment_check",
    "format_provenance",
    "prepare_evaluation",
    "provenance",
    "run_report",
]
