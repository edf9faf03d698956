"""Report filters from user input (CLI options, dashboard query strings)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from monitor.config import parse_duration
from monitor.store.reportq import ReportFilter


def parse_when(value: str | None, now: datetime, tz: str) -> datetime | None:
    """'2026-01-05', '2026-01-05T10:00', '...Z' (naive = the config's zone) or a look-back like '7d'."""
    if not value:
        return None
    try:
        return now - parse_duration(value)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"expected a date, a date-time or a duration like 7d, found {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=ZoneInfo(tz))


def make_filter(
    *,
    campaigns: Sequence[str] = (),
    groups: Sequence[str] = (),
    targets: Sequence[str] = (),
    kinds: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    now: datetime,
    tz: str,
) -> ReportFilter:
    def clean(values: Sequence[str]) -> tuple[str, ...]:
        return tuple(v.strip() for v in values if v and v.strip())

    return ReportFilter(
        clean(campaigns),
        clean(groups),
        clean(targets),
        clean(kinds),
        parse_when(since, now, tz),
        parse_when(until, now, tz),
    )
