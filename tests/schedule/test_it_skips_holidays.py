"""`hours: business|off` sampling follows the target country's calendar: holidays closed, moved working days open."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.schedule import Hours, Rules, Slot, plan_round
from monitor.workdays import calendar_of, is_working_day

MSK = ZoneInfo("Europe/Moscow")


def _slots(n: int, country: str | None) -> list[Slot]:
    return [
        Slot(i, f"s{i}", "form", f"s{i}.ru", Hours(tz="Europe/Moscow", country=country)) for i in range(n)
    ]


def test_it_knows_moved_working_days_of_the_seed_markets() -> None:
    # Russia 2025: Saturday 1 November worked, Monday 3 November off (the holidays package's calendar).
    assert is_working_day(date(2025, 11, 1), range(5), "RU")
    assert not is_working_day(date(2025, 11, 3), range(5), "RU")
    assert not is_working_day(date(2026, 1, 5), range(5), "RU")  # New Year holidays
    assert is_working_day(date(2026, 1, 5), range(5), None)
    # Belarus and Kazakhstan move working days too; the package lists them.
    assert calendar_of("BY", 2025)[1] and calendar_of("KZ", 2025)[1]
    assert calendar_of("ZZ", 2025) == (frozenset(), frozenset())  # unknown country: weekdays only


def test_it_never_samples_business_hours_on_new_year_holidays() -> None:
    start = datetime(2025, 12, 31, 6, 0, tzinfo=UTC)
    rules = Rules(spread=timedelta(days=14), hours="business", min_gap=timedelta(0))
    planned, skipped = plan_round(_slots(150, "RU"), start, rules, rng=random.Random(5))
    assert not skipped and len(planned) == 150
    days = {p.scheduled_at.astimezone(MSK).date() for p in planned}
    assert all(d >= date(2026, 1, 12) for d in days), sorted(days)[:3]
    # without a country the same round lands on the first weekdays of January
    planned0, _ = plan_round(_slots(150, None), start, rules, rng=random.Random(5))
    assert min(p.scheduled_at.astimezone(MSK).date() for p in planned0) < date(2026, 1, 9)


def test_it_samples_a_worked_saturday_in_business_hours_and_a_holiday_as_off_hours() -> None:
    sat = datetime(2025, 11, 1, 5, 0, tzinfo=UTC)  # 08:00 Moscow on the worked Saturday
    rules = Rules(spread=timedelta(hours=12), hours="business", min_gap=timedelta(0))
    planned, _ = plan_round(_slots(40, "RU"), sat, rules, rng=random.Random(6))
    for p in planned:
        local = p.scheduled_at.astimezone(MSK)
        assert local.date() == date(2025, 11, 1) and time(9) <= local.time() < time(18), local
    mon = datetime(2025, 11, 3, 6, 0, tzinfo=UTC)  # 09:00 Moscow, a day off
    off = Rules(spread=timedelta(hours=9), hours="off", min_gap=timedelta(0))
    planned, _ = plan_round(_slots(40, "RU"), mon, off, rng=random.Random(7))
    assert any(time(9) <= p.scheduled_at.astimezone(MSK).time() < time(18) for p in planned)
