"""Business-hours latency stops on the target country's public holidays and runs on moved working days."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from monitor.report.hours import business_seconds, business_seconds_epoch, hours_of

MSK = ZoneInfo("Europe/Moscow")
BH = {"days": "mon-fri", "from": "09:00", "to": "18:00"}


def test_it_does_not_count_the_new_year_holidays() -> None:
    ru = hours_of(BH, "Europe/Moscow", "RU")
    plain = hours_of(BH, "Europe/Moscow")
    assert ru and plain
    a, b = datetime(2025, 12, 30, 17, 0, tzinfo=MSK), datetime(2026, 1, 12, 10, 0, tzinfo=MSK)
    # Dec 30 17-18 and Jan 12 9-10: Dec 31 and Jan 1-11 are days off in Russia
    assert business_seconds(a, b, ru) == 2 * 3600
    assert business_seconds(a, b, plain) == 74 * 3600
    assert business_seconds_epoch(a.timestamp(), b.timestamp(), ru) == 2 * 3600


def test_it_counts_a_moved_working_saturday_and_skips_the_moved_day_off() -> None:
    ru = hours_of(BH, "Europe/Moscow", "RU")
    assert ru
    # Fri Oct 31 17:00 -> Tue Nov 4 10:00: Fri 1 h + Sat Nov 1 (worked) 9 h; Nov 3 (moved off) and Nov 4 (holiday) 0
    a, b = datetime(2025, 10, 31, 17, 0, tzinfo=MSK), datetime(2025, 11, 4, 10, 0, tzinfo=MSK)
    assert business_seconds(a, b, ru) == 10 * 3600
    inside = business_seconds(
        datetime(2025, 11, 1, 10, 0, tzinfo=MSK), datetime(2025, 11, 1, 12, 30, tzinfo=MSK), ru
    )
    assert inside == 2.5 * 3600


def test_it_skips_holidays_for_overnight_shifts_too() -> None:
    night = hours_of({"days": "mon-sun", "from": "20:00", "to": "02:00"}, "Europe/Moscow", "RU")
    assert night
    a, b = datetime(2026, 1, 6, 12, 0, tzinfo=MSK), datetime(2026, 1, 7, 12, 0, tzinfo=MSK)
    assert business_seconds(a, b, night) == 0.0  # Jan 6 is a holiday (the shift starting on it is closed)
