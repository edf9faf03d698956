"""Which local dates a shop works: weekdays from its hours, minus public holidays, plus moved working days.

Shops in the seed's markets close for the New Year and May holidays, and the
RU/BY/KZ calendars move working days onto Saturdays (RU 2025-11-01 worked, 2025-11-03
off). The `holidays` package knows both: its country calendars list days off
(including substituted ones) and ``weekend_workdays`` lists moved working days.
Ukraine has had no public holidays off since 2022 (martial law), and the package
reflects that. A country the package does not know has no holidays (weekdays only).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=512)
def calendar_of(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, moved working days) of one country's year; empty for countries the package lacks."""
    try:
        cal = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return frozenset(), frozenset()
    days_off = frozenset(d for d in cal if d.year == year)
    moved = frozenset(d for d in getattr(cal, "weekend_workdays", ()) if d.year == year)
    return days_off, moved


def is_working_day(day: date, weekdays: Iterable[int], country: str | None) -> bool:
    """A holiday closes even a working weekday; a moved working day opens even a weekend day."""
    if country:
        off, moved = calendar_of(country, day.year)
        if day in off:
            return False
        if day in moved:
            return True
    return day.weekday() in set(weekdays)
