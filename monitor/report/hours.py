"""Business-hours arithmetic in the target's own time zone.

"Answered in 14 hours" means little if 13 of them were night: shops are judged
on working time too. Business hours come from Target.business_hours
({days, from, to, timezone}); outside them the clock stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from monitor.config import parse_days


@dataclass(frozen=True)
class Hours:
    days: frozenset[int]
    start: time
    end: time
    tz: ZoneInfo


@lru_cache(maxsize=4096)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(name: str | None) -> ZoneInfo:
    return _zone(name or "UTC")


def hours_of(business_hours: dict[str, Any] | None, timezone: str | None) -> Hours | None:
    """Target columns -> Hours, or None when the target has no business hours set."""
    if not business_hours:
        return None
    days = business_hours.get("days", "mon-fri")
    tz = business_hours.get("timezone") or timezone
    return Hours(frozenset(parse_days(days)), time.fromisoformat(business_hours.get("from", "09:00")),
                 time.fromisoformat(business_hours.get("to", "18:00")), zone(tz))


def business_seconds(start: datetime, end: datetime, hours: Hours) -> float:
    """Seconds of [start, end) that fall inside business hours (DST-safe: local wall times)."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(hours.tz).date() - timedelta(days=1)  # an overnight shift may start the day before
    last = end.astimezone(hours.tz).date()
    while day <= last:
        if day.weekday() in hours.days:
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
