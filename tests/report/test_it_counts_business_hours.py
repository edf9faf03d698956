from __future__ import annotations

from datetime import UTC, datetime

from monitor.report.hours import business_seconds, hours_of

MSK = hours_of({"days": "mon-fri", "from": "09:00", "to": "18:00"}, "Europe/Moscow")


def test_it_stops_the_clock_at_night_and_on_weekends() -> None:
    assert MSK is not None
    fri_17 = datetime(2026, 1, 9, 14, 0, tzinfo=UTC)  # 17:00 Moscow, Friday
    mon_10 = datetime(2026, 1, 12, 7, 0, tzinfo=UTC)  # 10:00 Moscow, Monday
    assert business_seconds(fri_17, mon_10, MSK) == 7200
    sat = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    assert business_seconds(sat, sat.replace(hour=15), MSK) == 0


def test_it_handles_dst_and_overnight_shifts() -> None:
    night = hours_of({"days": "mon-sun", "from": "20:00", "to": "02:00", "timezone": "Europe/Berlin"}, None)
    assert night is not None
    # 2026-03-29: Berlin springs forward at 02:00 — the shift from Saturday 20:00 to 02:00 local is 6 h long.
    start = datetime(2026, 3, 28, 18, 0, tzinfo=UTC)  # 19:00 CET
    end = datetime(2026, 3, 29, 3, 0, tzinfo=UTC)  # 05:00 CEST
    assert business_seconds(start, end, night) == 6 * 3600 - 0  # 20:00 CET .. 02:00 (= 01:00Z)
    assert hours_of(None, "UTC") is None


def test_it_agrees_with_walking_the_days() -> None:
    import random
    from datetime import timedelta

    from monitor.report.hours import _walk_days

    rnd = random.Random(5)
    for spec, tz in (
        ({"days": "mon-fri", "from": "09:00", "to": "18:30"}, "Europe/Moscow"),
        ({"days": "mon,wed,sat", "from": "08:15", "to": "20:00"}, "America/New_York"),
    ):
        h = hours_of(spec, tz)
        assert h is not None
        for _ in range(2000):
            a = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rnd.uniform(0, 3e7))
            b = a + timedelta(seconds=rnd.lognormvariate(8, 2))
            assert abs(business_seconds(a, b, h) - _walk_days(a, b, h)) < 1e-3
