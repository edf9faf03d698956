"""Business-hours arithmetic in the target's own time zone.

"Answered in 14 hours" means little if 13 of them were night: shops are judged
on working time too. Business hours come from Target.business_hours
({days, from, to, timezone}); outside them the clock stops, and on the target
country's public holidays too, while moved working days (a worked Saturday)
count (monitor/workdays.py).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from monitor.config import parse_days
from monitor.workdays import calendar_of, is_working_day


@dataclass(frozen=True)
class Hours:
    days: frozenset[int]
    start: time
    end: time
    tz: ZoneInfo
    # Precomputed for the O(1) path: open second of day, open seconds per day / per week,
    # and business seconds in the week before each weekday (Monday = 0).
    open_s: int = 0
    daily: int = 0
    week: int = 0
    prefix: tuple[int, ...] = (0,) * 7
    country: str | None = None  # ISO 3166: its holidays close, its moved working days open


def _make_hours(
    days: frozenset[int], start: time, end: time, tz: ZoneInfo, country: str | None = None
) -> Hours:
    open_s = start.hour * 3600 + start.minute * 60 + start.second
    daily = end.hour * 3600 + end.minute * 60 + end.second - open_s
    prefix, acc = [], 0
    for d in range(7):
        prefix.append(acc)
        acc += daily if d in days else 0
    return Hours(days, start, end, tz, open_s, daily, acc, tuple(prefix), country)


@lru_cache(maxsize=4096)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(name: str | None) -> ZoneInfo:
    return _zone(name or "UTC")


def hours_of(
    business_hours: dict[str, Any] | None, timezone: str | None, country: str | None = None
) -> Hours | None:
    """Target columns -> Hours, or None when the target has no business hours set."""
    if not business_hours:
        return None
    days = business_hours.get("days", "mon-fri")
    tz = business_hours.get("timezone") or timezone
    return _make_hours(
        frozenset(parse_days(days)),
        time.fromisoformat(business_hours.get("from", "09:00")),
        time.fromisoformat(business_hours.get("to", "18:00")),
        zone(tz),
        country,
    )


_EPOCH_ORD = date(2001, 1, 1).toordinal()  # a Monday


def _cumulative(local: datetime, h: Hours) -> float:
    """Business seconds from the epoch to a local wall-clock time."""
    weeks, dow = divmod(local.toordinal() - _EPOCH_ORD, 7)
    total = float(weeks * h.week + h.prefix[dow])
    if dow in h.days:
        sod = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        total += min(max(sod - h.open_s, 0.0), float(h.daily))
    return total


@lru_cache(maxsize=1024)
def _deltas(country: str, days: frozenset[int], year: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Dates of a year whose openness differs from the weekday rule: (ordinals, running sum of +1/-1)."""
    off, moved = calendar_of(country, year)
    marks = sorted(
        [(d.toordinal(), -1) for d in off if d.weekday() in days]
        + [(d.toordinal(), 1) for d in moved if d.weekday() not in days]
    )
    sums, acc = [], 0
    for _, v in marks:
        acc += v
        sums.append(acc)
    return tuple(o for o, _ in marks), tuple(sums)


def _delta_before(ordinal: int, year: int, h: Hours) -> int:
    """Sum of openness corrections on dates of ``year`` before ``ordinal``."""
    ords, sums = _deltas(str(h.country), h.days, year)
    i = bisect_left(ords, ordinal)
    return sums[i - 1] if i else 0


def _delta_on(day: date, h: Hours) -> int:
    return int(is_working_day(day, h.days, h.country)) - int(day.weekday() in h.days)


def _partial(local: datetime, h: Hours) -> float:
    sod = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return min(max(sod - h.open_s, 0.0), float(h.daily))


def _holiday_correction(a: datetime, b: datetime, h: Hours) -> float:
    """What holidays and moved working days change in [a, b) (local times) against the weekday rule."""
    if not h.country:
        return 0.0
    da, db = a.date(), b.date()
    if da.year == db.year:  # the hot path: no holiday or moved day in [da, db] means nothing to correct
        ords = _deltas(str(h.country), h.days, da.year)[0]
        if bisect_left(ords, da.toordinal()) == bisect_left(ords, db.toordinal() + 1):
            return 0.0
    whole = 0
    for year in range(da.year, db.year + 1):
        lo = da.toordinal() if year == da.year else date(year, 1, 1).toordinal()
        hi = db.toordinal() if year == db.year else date(year + 1, 1, 1).toordinal()
        whole += _delta_before(hi, year, h) - _delta_before(lo, year, h)
    return whole * h.daily + _delta_on(db, h) * _partial(b, h) - _delta_on(da, h) * _partial(a, h)


def business_seconds(start: datetime, end: datetime, hours: Hours) -> float:
    """Seconds of [start, end) that fall inside business hours, counted on the target's wall clock.

    O(1) per probe for day shifts (a DST jump inside opening hours, which
    practically never happens, would be off by its size); overnight shifts
    walk the days.
    """
    if end <= start:
        return 0.0
    if hours.daily > 0:
        a, b = start.astimezone(hours.tz), end.astimezone(hours.tz)
        return max(0.0, _cumulative(b, hours) - _cumulative(a, hours) + _holiday_correction(a, b, hours))
    return _walk_days(start, end, hours)


def business_seconds_epoch(start: float, end: float, hours: Hours) -> float:
    """business_seconds() for epoch seconds, as reports stream them (the hot path over a million rows)."""
    if end <= start:
        return 0.0
    if hours.daily > 0:
        a, b = datetime.fromtimestamp(start, hours.tz), datetime.fromtimestamp(end, hours.tz)
        return max(0.0, _cumulative(b, hours) - _cumulative(a, hours) + _holiday_correction(a, b, hours))
    return _walk_days(datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC), hours)


def _walk_days(start: datetime, end: datetime, hours: Hours) -> float:
    total = 0.0
    day = start.astimezone(hours.tz).date() - timedelta(days=1)  # an overnight shift may start the day before
    last = end.astimezone(hours.tz).date()
    while day <= last:
        if is_working_day(day, hours.days, hours.country):
            open_ = datetime.combine(day, hours.start, hours.tz)
            close = datetime.combine(day, hours.end, hours.tz)
            if hours.end <= hours.start:  # overnight shift, e.g. 20:00-02:00
                close += timedelta(days=1)
            # Compare and subtract in UTC: same-zone arithmetic in Python ignores DST shifts.
            lo = max(start.astimezone(UTC), open_.astimezone(UTC))
            hi = min(end.astimezone(UTC), close.astimezone(UTC))
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total
