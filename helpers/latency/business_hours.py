"""Business hours: a calendar per brand, the business clock, SLA attainment and breach times.

The business clock counts only minutes when the team is open, in the team's own time zone (wall
clock, so a daylight-saving change never adds or loses an opening hour). It is vectorised: each
timestamp is turned into "business minutes since the calendar's first day" with a cumulative table
of opening minutes per day, and a response time is the difference of two such readings.

Vendors define response time differently (see the kit's domain notes, section 4); the presets in
:data:`PRESETS` reproduce them:

- ``full_clock`` (Orlo, and the kit's default): every minute counts, day and night;
- ``sprout``: Sprout Social's default, 09:00-17:00 Monday to Friday in the team's time zone;
- ``hootsuite``: the SLA clock pauses outside business hours (09:00-17:00 Monday to Friday).
  Hootsuite's own example has a Friday 16:45 post breaching a 30-minute SLA at Monday 09:16: it
  counts whole minutes inclusively. The kit counts exact elapsed time, so the same post breaches at
  Monday 09:15:00.

Examples
--------
>>> cal = BusinessCalendar("Europe/London", hours={d: "09:00-17:00" for d in WEEKDAYS[:5]})
>>> post = pd.Series(pd.to_datetime(["2024-05-03 16:45"]).tz_localize("Europe/London"))
>>> sla_breach_at(post, 30, cal).dt.tz_convert("Europe/London").dt.strftime("%a %H:%M").tolist()
['Mon 09:15']
>>> reply = pd.Series(pd.to_datetime(["2024-05-06 09:10"]).tz_localize("Europe/London"))
>>> business_minutes(post, reply, cal).tolist()
[25.0]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import yaml

from helpers.data.errors import DataError

__all__ = [
    "WEEKDAYS",
    "PRESETS",
    "BusinessCalendar",
    "business_frt",
    "business_minutes",
    "load_calendars",
    "sla_attainment",
    "sla_breach_at",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_EPOCH = dt.date(1970, 1, 1)


def _parse_hours(value, day: str, where: str) -> tuple[tuple[int, int], ...]:
    if value in (None, "", "closed", False):
        return ()
    if value in ("24h", "open", True):
        return ((0, 1440),)
    spans = []
    for part in str(value).split(","):
        try:
            start, end = (p.strip() for p in part.split("-"))
            sm = int(start[:2]) * 60 + int(start[3:5])
            em = int(end[:2]) * 60 + int(end[3:5])
        except (ValueError, IndexError):
            raise DataError(
                f"{where}: {day} hours {value!r} are not like '09:00-17:00'",
                fix="write opening hours as HH:MM-HH:MM, several separated by commas, or 'closed'",
            ) from None
        if not 0 <= sm < em <= 1440:
            raise DataError(
                f"{where}: {day} hours {part.strip()!r} close before they open",
                fix="overnight shifts are two spans: '00:00-02:00,18:00-24:00'",
            )
        spans.append((sm, em))
    return tuple(sorted(spans))


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours per weekday, a time zone and holidays.

    Parameters
    ----------
    timezone : str
        IANA name, e.g. ``Europe/London``, ``America/New_York``.
    hours : dict
        Weekday (``mon`` ... ``sun``) -> ``"09:00-17:00"`` (several spans separated by commas),
        ``"24h"`` or ``"closed"``. Days not given are closed.
    holidays : iterable of dates, default ()
        Days the team is closed (dates or ``"2024-12-25"`` strings, in the team's time zone).
    name : str, default "calendar"
        What error messages call the calendar (:func:`load_calendars` uses ``"file: brand"``).

    The default calendar is open around the clock in UTC (the full clock). :data:`PRESETS` holds
    the vendors' calendars.

    Raises
    ------
    DataError
        An unknown time zone or weekday, or opening hours not written like ``"09:00-17:00"`` or
        closing before they open.

    Examples
    --------
    >>> cal = BusinessCalendar("Europe/London", hours={"mon": "09:00-17:00", "tue": "09:00-12:00,13:00-17:00"},
    ...                        holidays=["2024-05-27"], name="Acme")
    >>> posted = pd.Series(pd.to_datetime(["2024-05-06 16:30", "2024-05-27 10:00"]).tz_localize("Europe/London"))
    >>> replied = posted + pd.Timedelta("1D")
    >>> business_minutes(posted, replied, cal).tolist()  # Mon 16:30 -> Tue 16:30; a bank holiday -> Tue 10:00
    [420.0, 60.0]
    >>> BusinessCalendar("Europe/Londres")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: calendar: unknown time zone 'Europe/Londres'. Fix: use an IANA name such as ...
    """

    timezone: str = "UTC"
    hours: dict = field(default_factory=lambda: {d: "24h" for d in WEEKDAYS})
    holidays: tuple = ()
    name: str = "calendar"

    def __post_init__(self):
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise DataError(
                f"{self.name}: unknown time zone {self.timezone!r}",
                fix="use an IANA name such as Europe/London or America/New_York",
            ) from None
        unknown = set(self.hours) - set(WEEKDAYS)
        if unknown:
            raise DataError(
                f"{self.name}: unknown weekday(s) {', '.join(sorted(unknown))}", fix=f"use {', '.join(WEEKDAYS)}"
            )
        spans = {d: _parse_hours(self.hours.get(d), d, self.name) for d in WEEKDAYS}
        object.__setattr__(self, "_spans", spans)
        object.__setattr__(self, "_holidays", frozenset(pd.to_datetime(list(self.holidays)).date))

    def _table(self, first: dt.date, last: dt.date):
        """Per local day from ``first`` to ``last``: open spans and business minutes before the day."""
        days = pd.date_range(first, last, freq="D")
        width = max((len(s) for s in self._spans.values()), default=0) or 1
        starts = np.zeros((len(days), width))
        ends = np.zeros((len(days), width))
        for i, day in enumerate(days):
            if day.date() in self._holidays:
                continue
            for j, (s, e) in enumerate(self._spans[WEEKDAYS[day.weekday()]]):
                starts[i, j], ends[i, j] = s, e
        per_day = (ends - starts).sum(1)
        before = np.concatenate([[0.0], np.cumsum(per_day)[:-1]])
        return days, starts, ends, before

    def clock(self, times: pd.Series, first: dt.date, last: dt.date) -> np.ndarray:
        """Business minutes from the start of ``first`` (local) to each timestamp."""
        local = times.dt.tz_convert(self.timezone)
        day = (local.dt.normalize().dt.tz_localize(None) - pd.Timestamp(first)).dt.days.to_numpy()
        minute = (local.dt.hour * 60 + local.dt.minute + local.dt.second / 60 + local.dt.microsecond / 6e7).to_numpy(
            dtype=float
        )
        _, starts, ends, before = self._table(first, last)
        ok = ~np.isnan(minute)
        d = np.where(ok, day, 0).astype(int)
        inside = np.clip(minute[:, None] - starts[d], 0, ends[d] - starts[d]).sum(1)
        return np.where(ok, before[d] + inside, np.nan)


PRESETS = {
    "full_clock": BusinessCalendar("UTC", name="full_clock"),
    "sprout": BusinessCalendar("UTC", {d: "09:00-17:00" for d in WEEKDAYS[:5]}, name="sprout"),
    "hootsuite": BusinessCalendar("UTC", {d: "09:00-17:00" for d in WEEKDAYS[:5]}, name="hootsuite"),
}


def _check_times(times, name: str) -> None:
    """Business-clock readings need timezone-aware timestamps: say so instead of failing inside pandas."""
    if not isinstance(getattr(times, "dtype", None), pd.DatetimeTZDtype):
        found = getattr(times, "dtype", type(times).__name__)
        raise DataError(
            f"{name} must be a Series of time-zone-aware timestamps, not {found}",
            column=getattr(times, "name", None) if isinstance(getattr(times, "name", None), str) else None,
            fix="pass a column of the replies table (helpers.read_replies gives UTC timestamps), "
            "or localise it first: times.dt.tz_localize('UTC')",
        )


def _need_columns(frame: pd.DataFrame, columns, function: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{function} needs the columns {', '.join(missing)}",
            column=missing,
            fix="pass the output of first_response_times(replies)",
        )


def _span(*series: pd.Series, tz: str) -> tuple[dt.date, dt.date]:
    allv = pd.concat([s.dropna().dt.tz_convert(tz) for s in series])
    if allv.empty:
        today = dt.date.today()
        return today, today
    return allv.min().date() - dt.timedelta(days=1), allv.max().date() + dt.timedelta(days=400)


def business_minutes(start: pd.Series, end: pd.Series, calendar: BusinessCalendar) -> pd.Series:
    """Minutes between two timestamps that fall inside the calendar's opening hours (NaN if either is missing).

    Parameters
    ----------
    start : Series of timezone-aware timestamps
        When each clock starts, e.g. the customer's post (``customer_at``).
    end : Series of timezone-aware timestamps
        When each clock stops, e.g. the first reply; aligned with ``start`` by position.
    calendar : BusinessCalendar
        Opening hours, time zone and holidays of the team.

    Returns
    -------
    Series
        ``business_min`` (float minutes, index of ``end``): the opening minutes between the two
        timestamps, counted on the team's wall clock; NaN where either is missing.

    Raises
    ------
    DataError
        ``start`` or ``end`` is not a Series of timezone-aware timestamps.

    Examples
    --------
    >>> posted = pd.Series(pd.to_datetime(["2024-05-03 16:45", "2024-05-06 08:00", None], utc=True))  # Fri, Mon
    >>> replied = pd.Series(pd.to_datetime(["2024-05-06 09:10", "2024-05-06 10:00", None], utc=True))
    >>> business_minutes(posted, replied, PRESETS["sprout"]).tolist()  # 09:00-17:00 on weekdays, UTC
    [25.0, 60.0, nan]
    >>> business_minutes(posted.dt.tz_localize(None), replied, PRESETS["sprout"])
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: start must be a Series of time-zone-aware timestamps, not datetime64[...]. Fix: ...
    """
    _check_times(start, "start")
    _check_times(end, "end")
    first, last = _span(start, end, tz=calendar.timezone)
    a = calendar.clock(start, first, last)
    b = calendar.clock(end, first, last)
    return pd.Series(b - a, index=end.index, name="business_min")


def business_frt(frt: pd.DataFrame, calendars: dict) -> pd.Series:
    """First response time of each post on its brand's business clock, in minutes.

    Parameters
    ----------
    frt : DataFrame
        :func:`helpers.first_response_times` output (``brand, customer_at, first_reply_at``).
    calendars : dict
        Brand -> :class:`BusinessCalendar` (from :func:`load_calendars`); the calendar named
        ``"default"`` serves brands without their own.

    Returns
    -------
    Series
        ``business_min`` aligned with ``frt``: missing for unanswered posts and for brands with no
        calendar (and no default).

    Examples
    --------
    >>> posted = pd.Timestamp("2024-05-03 16:45", tz="UTC")  # a Friday
    >>> frt = pd.DataFrame({"brand": ["Acme", "Other"], "customer_at": [posted, posted],
    ...                     "first_reply_at": [posted + pd.Timedelta("3D"), posted + pd.Timedelta("1h")]})
    >>> business_frt(frt, {"Acme": PRESETS["hootsuite"]}).tolist()  # Fri 16:45 -> Mon 16:45 on 09-17: 15 + 465
    [480.0, nan]
    """
    missing = [c for c in ("brand", "customer_at", "first_reply_at") if c not in frt.columns]
    if missing:
        raise DataError(
            f"business_frt needs the columns {', '.join(missing)}",
            column=missing,
            fix="pass the output of first_response_times(replies)",
        )
    out = pd.Series(np.nan, index=frt.index, name="business_min")
    default = calendars.get("default")
    for brand, rows in frt.groupby(frt["brand"].fillna(""), sort=False):
        calendar = calendars.get(brand, default)
        if calendar is not None and len(rows):
            out.loc[rows.index] = business_minutes(rows["customer_at"], rows["first_reply_at"], calendar).to_numpy()
    return out


def sla_breach_at(posted: pd.Series, sla_minutes: float, calendar: BusinessCalendar) -> pd.Series:
    """The moment (UTC) each post breaches an SLA of ``sla_minutes`` business minutes.

    Parameters
    ----------
    posted : Series of timezone-aware timestamps
        When each customer posted (``customer_at``).
    sla_minutes : float
        The SLA, in business minutes of ``calendar``.
    calendar : BusinessCalendar
        Opening hours, time zone and holidays of the team.

    Returns
    -------
    Series
        The breach time of each post (UTC, index of ``posted``): the moment ``sla_minutes`` opening
        minutes have passed since the post; NaT where ``posted`` is missing.

    Raises
    ------
    DataError
        ``posted`` is not a Series of timezone-aware timestamps.

    Examples
    --------
    >>> posted = pd.Series(pd.to_datetime(["2024-05-03 16:45", "2024-05-06 08:00", None], utc=True))  # Fri, Mon
    >>> sla_breach_at(posted, 30, PRESETS["sprout"]).dt.strftime("%a %H:%M").tolist()
    ['Mon 09:15', 'Mon 09:30', nan]
    >>> sla_breach_at(posted, 30, PRESETS["full_clock"]).dt.strftime("%a %H:%M").tolist()
    ['Fri 17:15', 'Mon 08:30', nan]
    """
    _check_times(posted, "posted")
    first, last = _span(posted, tz=calendar.timezone)
    days, starts, ends, before = calendar._table(first, last)
    target = calendar.clock(posted, first, last) + sla_minutes
    after = before + (ends - starts).sum(1)
    d = np.searchsorted(after, target, side="left")
    d = np.minimum(d, len(days) - 1)
    remaining = target - before[d]
    lengths = ends[d] - starts[d]
    cum = np.cumsum(lengths, axis=1)
    j = np.minimum((cum < remaining[:, None]).sum(1), lengths.shape[1] - 1)
    prior = np.where(j > 0, np.take_along_axis(cum, np.maximum(j - 1, 0)[:, None], 1)[:, 0], 0)
    minute = np.take_along_axis(starts[d], j[:, None], 1)[:, 0] + remaining - prior
    local = pd.Series(days[d]) + pd.to_timedelta(minute, unit="min")
    out = local.dt.tz_localize(calendar.timezone, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    out.index = posted.index
    return out.where(posted.notna())


def sla_attainment(
    frt: pd.DataFrame, sla_minutes: float, calendar: BusinessCalendar | str = "full_clock"
) -> pd.DataFrame:
    """Per post: business-clock FRT, breach time and whether the SLA was met (unanswered: met only
    if the breach time is still in the future of the data). Takes ``first_response_times`` output.

    Parameters
    ----------
    frt : DataFrame
        :func:`helpers.first_response_times` output (``post_id, customer_at, first_reply_at``).
    sla_minutes : float
        The SLA, in business minutes of ``calendar``.
    calendar : BusinessCalendar or str, default "full_clock"
        The team's calendar, or the name of a preset: ``"full_clock"`` (every minute counts),
        ``"sprout"`` or ``"hootsuite"`` (09:00-17:00 Monday to Friday, UTC).

    Returns
    -------
    DataFrame
        One row per post of ``frt``: ``post_id, customer_at, first_reply_at``, ``business_frt_min``
        (FRT on the calendar's clock, NaN when unanswered), ``breach_at`` (UTC) and ``met`` (bool).

    Raises
    ------
    DataError
        ``calendar`` names no preset, or ``frt`` lacks one of its three columns.

    Examples
    --------
    >>> from helpers.data.bundled import load_workshop
    >>> from helpers.latency.response_times import first_response_times
    >>> frt = first_response_times(load_workshop())
    >>> sla = sla_attainment(frt, 60)
    >>> list(sla.columns)
    ['post_id', 'customer_at', 'first_reply_at', 'business_frt_min', 'breach_at', 'met']
    >>> round(float(sla["met"].mean()), 3), round(float(sla_attainment(frt, 60, "sprout")["met"].mean()), 3)
    (0.682, 0.845)
    >>> sla_attainment(frt, 60, "office_hours")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: sla_attainment: unknown calendar 'office_hours'. Fix: use one of full_clock, ...
    """
    if isinstance(calendar, str) and calendar not in PRESETS:
        raise DataError(
            f"sla_attainment: unknown calendar {calendar!r}",
            fix=f"use one of {', '.join(PRESETS)}, or pass a BusinessCalendar",
        )
    _need_columns(frt, ("post_id", "customer_at", "first_reply_at"), "sla_attainment")
    cal = PRESETS[calendar] if isinstance(calendar, str) else calendar
    out = frt[["post_id", "customer_at", "first_reply_at"]].copy()
    out["business_frt_min"] = business_minutes(frt["customer_at"], frt["first_reply_at"], cal)
    out["breach_at"] = sla_breach_at(frt["customer_at"], sla_minutes, cal)
    end = pd.concat([frt["customer_at"], frt["first_reply_at"]]).max()
    answered = frt["first_reply_at"].notna()
    out["met"] = np.where(answered, out["business_frt_min"] <= sla_minutes, out["breach_at"] > end)
    return out


def load_calendars(path) -> dict[str, BusinessCalendar]:
    """Calendars from a YAML/JSON file: ``{brand: {timezone, hours: {mon: "09:00-17:00", ...}, holidays}}``.

    A ``default`` entry applies to brands not listed; a value may name a preset (``sprout``).

    Parameters
    ----------
    path : str or Path
        A YAML (or JSON) file mapping brand names to calendars: ``timezone`` (IANA name, default
        UTC), ``hours`` (weekday -> ``"09:00-17:00"``, ``"24h"`` or ``"closed"``; day names may be
        written in full) and ``holidays`` (dates), or to the name of a preset.

    Returns
    -------
    dict of str to BusinessCalendar
        One calendar per brand (and ``"default"`` when the file has it), ready for
        :func:`business_frt` and :func:`helpers.latency_summary`.

    Raises
    ------
    DataError
        The file is missing, not valid YAML, not a mapping of brands, names an unknown preset, or a
        calendar is invalid (see :class:`BusinessCalendar`).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "hours.yaml"
    >>> _ = path.write_text("Acme:\\n  timezone: Europe/London\\n  hours: {Monday: 09:00-17:00, tue: 09:00-17:00}\\n"
    ...                     "  holidays: [2024-12-25]\\ndefault: sprout\\n")
    >>> calendars = load_calendars(path)
    >>> sorted(calendars), calendars["Acme"].timezone, calendars["Acme"].hours
    (['Acme', 'default'], 'Europe/London', {'mon': '09:00-17:00', 'tue': '09:00-17:00'})
    >>> calendars["default"] is PRESETS["sprout"]
    True
    """
    path = Path(path)
    if not path.exists():
        raise DataError("hours file not found", file=path, fix="check the path passed to --hours")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({exc})".replace("\n", " "), file=path, fix="check indentation") from None
    if not isinstance(raw, dict) or not raw:
        raise DataError(
            "an hours file maps brand names to calendars",
            file=path,
            fix="e.g. 'Acme: {timezone: Europe/London, hours: {mon: 09:00-17:00}}'",
        )
    out = {}
    for brand, spec in raw.items():
        where = f"{path.name}: {brand}"
        if isinstance(spec, str):
            if spec not in PRESETS:
                raise DataError(f"{where}: unknown preset {spec!r}", file=path, fix=f"use one of {', '.join(PRESETS)}")
            out[str(brand)] = PRESETS[spec]
            continue
        if not isinstance(spec, dict):
            raise DataError(f"{where}: expected timezone, hours and holidays", file=path, fix="see the README example")
        hours = {str(k).lower()[:3]: v for k, v in (spec.get("hours") or {}).items()}
        out[str(brand)] = BusinessCalendar(
            str(spec.get("timezone", "UTC")), hours, tuple(spec.get("holidays") or ()), name=where
        )
    return out
