"""Floor 1, data: the replies table (schema, reading, validation, writing, redaction), the twcs
reader, and the datasets and reference tables shipped with the kit. Imports nothing above itself."""

from helpers.data.bundled import load_cases, load_example_labels, load_workshop, package_file
from helpers.data.errors import DataError, format_rows
from helpers.data.messages import PRESETS, Preset, describe_presets, read_messages
from helpers.data.read import read_replies, read_table, to_canonical
from helpers.data.redaction import redact, redact_series
from helpers.data.reference import load_empathy_benchmarks, load_response_benchmarks
from helpers.data.schema import CANONICAL_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from helpers.data.twcs import read_twcs
from helpers.data.validate import DataWarning, Finding, readiness, validate_replies
from helpers.data.write import neutralise_formulas, restore_formulas, safe_csv, write_replies

__all__ = [
    "PRESETS",
    "Preset",
    "describe_presets",
    "read_messages",
    "CANONICAL_COLUMNS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "DataError",
    "DataWarning",
    "Finding",
    "format_rows",
    "load_cases",
    "load_empathy_benchmarks",
    "load_example_labels",
    "load_response_benchmarks",
    "load_workshop",
    "neutralise_formulas",
    "package_file",
    "read_replies",
    "readiness",
    "read_table",
    "read_twcs",
    "redact",
    "redact_series",
    "restore_formulas",
    "safe_csv",
    "to_canonical",
    "validate_replies",
    "write_replies",
]
