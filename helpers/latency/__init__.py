"""Floor 2, analysis: response times (first and conclusive), bands, survival curves, and the
business clock (opening hours, holidays, SLA breach times and attainment)."""
from helpers.latency.business_hours import (BusinessCalendar, business_minutes, load_calendars, sla_attainment,
                                            sla_breach_at)
from helpers.latency.response_times import BANDS, BAND_LABELS, first_response_times, kaplan_meier, latency_summary

__all__ = ["BANDS", "BAND_LABELS", "BusinessCalendar", "business_minutes", "first_response_times", "kaplan_meier",
           "latency_summary", "load_calendars", "sla_attainment", "sla_breach_at"]
