"""The business clock: weekends, nights, holidays, daylight saving, posts outside hours, SLA breaches."""

import pandas as pd
import pytest

from helpers.data.errors import DataError
from helpers.latency.business_hours import (
    PRESETS,
    WEEKDAYS,
    BusinessCalendar,
    business_minutes,
    load_calendars,
    sla_breach_at,
)

NINE_TO_FIVE = {d: "09:00-17:00" for d in WEEKDAYS[:5]}


def at(text, tz):
    return pd.Series(pd.to_datetime([text])).dt.tz_localize(tz)


def minutes(start, end, cal):
    return business_minutes(at(start, cal.timezone), at(end, cal.timezone), cal).iloc[0]


def breach(start, sla, cal):
    return (
        sla_breach_at(at(start, cal.timezone), sla, cal)
        .dt.tz_convert(cal.timezone)
        .iloc[0]
        .strftime("%a %Y-%m-%d %H:%M")
    )


def test_friday_afternoon_post_breaches_on_monday_morning():
    cal = BusinessCalendar("Europe/London", NINE_TO_FIVE)
    assert breach("2024-05-03 16:45", 30, cal) == "Mon 2024-05-06 09:15"
    assert minutes("2024-05-03 16:45", "2024-05-06 09:15", cal) == 30


def test_weekend_and_overnight_do_not_count():
    cal = BusinessCalendar("America/New_York", NINE_TO_FIVE)
    assert minutes("2024-05-04 10:00", "2024-05-05 20:00", cal) == 0  # Saturday to Sunday night
    assert minutes("2024-05-07 16:00", "2024-05-08 10:00", cal) == 120  # overnight
    assert minutes("2024-05-07 20:00", "2024-05-08 08:00", cal) == 0  # posted and answered outside hours
    assert breach("2024-05-07 22:00", 60, cal) == "Wed 2024-05-08 10:00"  # clock starts at opening


def test_holiday_is_closed():
    cal = BusinessCalendar("Europe/London", NINE_TO_FIVE, holidays=("2024-12-25", "2024-12-26"))
    assert minutes("2024-12-24 16:30", "2024-12-27 09:30", cal) == 60
    assert breach("2024-12-24 16:50", 20, cal) == "Fri 2024-12-27 09:10"


@pytest.mark.parametrize(
    "tz, before, after",
    [
        ("Europe/London", "2024-03-29 16:00", "2024-04-01 10:00"),  # clocks go forward Sun 31 Mar
        ("America/New_York", "2024-11-01 16:00", "2024-11-04 10:00"),  # clocks go back Sun 3 Nov
    ],
)
def test_daylight_saving_change_keeps_wall_clock_hours(tz, before, after):
    cal = BusinessCalendar(tz, NINE_TO_FIVE)
    assert minutes(before, after, cal) == 120
    start, end = at(before, tz), at(after, tz)
    elapsed = (end - start).dt.total_seconds().iloc[0] / 60  # true elapsed time: one hour less or more
    assert elapsed != (pd.Timestamp(after) - pd.Timestamp(before)).total_seconds() / 60
    assert business_minutes(start, end, PRESETS["full_clock"]).iloc[0] == elapsed


def test_night_shift_spans_midnight():
    cal = BusinessCalendar("UTC", {d: "00:00-02:00,20:00-24:00" for d in WEEKDAYS})
    assert minutes("2024-05-07 23:00", "2024-05-08 01:00", cal) == 120
    assert minutes("2024-05-07 03:00", "2024-05-07 21:00", cal) == 60


def test_calendars_from_a_file(tmp_path):
    path = tmp_path / "hours.yaml"
    path.write_text(
        "Acme:\n  timezone: Europe/London\n  hours: {mon: 09:00-17:00, tue: 09:00-17:00}\n"
        "  holidays: [2024-12-25]\ndefault: sprout\n"
    )
    cals = load_calendars(path)
    assert cals["default"] is PRESETS["sprout"] and cals["Acme"].timezone == "Europe/London"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Acme: {timezone: Mars/Olympus}\n", "unknown time zone 'Mars/Olympus'"),
        ("Acme: {hours: {mon: '9 to 5'}}\n", "mon hours '9 to 5' are not like '09:00-17:00'"),
        ("Acme: {hours: {mon: '17:00-09:00'}}\n", "close before they open"),
        ("Acme: {hours: {funday: '09:00-17:00'}}\n", "unknown weekday(s) fun"),
        ("Acme: nine-to-five\n", "unknown preset 'nine-to-five'"),
    ],
)
def test_bad_hours_files(tmp_path, body, expected):
    path = tmp_path / "hours.yaml"
    path.write_text(body)
    with pytest.raises(DataError) as err:
        load_calendars(path)
    assert expected in str(err.value)
