"""empathy-kit: measure and improve the empathy and speed of a brand's social-media replies.

Floors (a lower floor never imports a higher one):

1. data: :mod:`helpers.schema`, :mod:`helpers.errors`, :mod:`helpers.io`, :mod:`helpers.twcs`,
   :mod:`helpers.validate`, :mod:`helpers.redact`
2. analysis: rubric, scoring, latency, agreement, benchmarks (pure functions on DataFrames)
3. store: the label store
4. presentation: widgets and charts
5. entry points: :mod:`helpers.cli` and the report runner
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

__all__ = [
    "__version__",
    # 1. data
    "DataError", "DataWarning", "Finding", "format_rows",
    "CANONICAL_COLUMNS", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS",
    "read_replies", "read_table", "read_twcs", "to_canonical", "validate_replies",
    "write_replies", "safe_csv", "neutralise_formulas", "redact", "redact_series",
]
