"""Floor 2, analysis: response times (first and conclusive), bands, survival curves, and the
business clock (opening hours, holidays, SLA breach times and attainment)."""

from helpers.latency.business_hours import (
    BusinessCalendar,
    business_frt,
    business_minutes,
    load_calendars,
    sla_attainment,
    sla_breach_at,
)
from helpers.latency.response_times import (
    BAND_COLUMNS,
    BAND_NAMES,
    BANDS,
    first_response_times,
    kaplan_meier,
    latency_summary,
)

__all__ = [
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
]
