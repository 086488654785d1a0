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
from helpers.schema import CANONICAL_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS

try:
    __version__ = _version("empathy-kit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = [
    "__version__", "DataError", "format_rows",
    "CANONICAL_COLUMNS", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS",
]
