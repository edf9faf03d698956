"""Pure planning: round times, spread, jitter, hours, weekends, min_gap and blackout, no clock or sleeps."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.config import ScheduleConfig
from monitor.schedule import (
    Busy,
    Hours,
    Rules,
    Slot,
    due_round,
    fire_after,
    next_round,
    plan_round,
    round_times,
)
from monitor.sites import registrable_domain, site_domain, site_keys

MSK = ZoneInfo("Europe/Moscow")
MON = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


def slots(n: int, *, per_domain: int = 1, tz: str = "Europe/Moscow") -> list[Slot]:
    return [
        Slot(i, f"shop{i // per_domain}", f"k{i}", f"shop{i // per_domain}.ru", Hours(tz=tz))
        for i in range(n)
    ]


def test_it_fires_interval_rounds_from_the_last_one_and_coalesces_a_backlog() -> None:
    sch = ScheduleConfig(interval="10m")
    assert due_round(sch, None, MON, "UTC", anchor=MON) == MON
    assert due_round(sch, MON, MON + timedelta(minutes=9), "UTC", anchor=MON) is None
    assert due_round(sch, MON, MON + timedelta(minutes=10), "UTC", anchor=MON) == MON + timedelta(minutes=10)
    # down for 95 minutes: one round, on the grid, not nine
    assert due_round(sch, MON, MON + timedelta(minutes=95), "UTC", anchor=MON) == MON + timedelta(minutes=90)
    assert next_round(sch, MON, MON + timedelta(minutes=1), "UTC") == MON + timedelta(minutes=10)


def test_it_skips_blackout_days_when_telling_the_next_round() -> None:
    sch = ScheduleConfig(cron="0 10 * * *")
    nxt = next_round(
        sch, None, MON, "Europe/Moscow", blackout=frozenset({date(2026, 1, 6), date(2026, 1, 7)})
    )
    assert nxt == datetime(2026, 1, 8, 7, 0, tzinfo=UTC)


def test_it_fires_cron_rounds_in_the_campaign_time_zone() -> None:
    sch = ScheduleConfig(cron="0 10 * * mon-fri")
    # 10:00 Moscow is 07:00 UTC
    first = fire_after(sch, MON, "Europe/Moscow")
    assert first == datetime(2026, 1, 6, 7, 0, tzinfo=UTC)
    assert due_round(sch, None, first - timedelta(seconds=1), "Europe/Moscow", anchor=MON) is None
    assert due_round(sch, None, first, "Europe/Moscow", anchor=MON) == first
    # Friday's round, then Monday's: the weekend is skipped
    fri = datetime(2026, 1, 9, 7, 0, tzinfo=UTC)
    assert fire_after(sch, fri, "Europe/Moscow") == datetime(2026, 1, 12, 7, 0, tzinfo=UTC)
    times = round_times(sch, MON, MON + timedelta(days=14), "Europe/Moscow")
    assert len(times) == 10 and all(t.astimezone(MSK).hour == 10 for t in times)
    assert all(t.astimezone(MSK).weekday() < 5 for t in times)


def test_it_spreads_a_round_over_the_window_instead_of_bursting() -> None:
    rules = Rules(spread=timedelta(hours=1), min_gap=timedelta(0))
    planned, skipped = plan_round(slots(60), MON, rules, rng=random.Random(1))
    assert not skipped and len(planned) == 60
    offs = sorted((p.scheduled_at - MON).total_seconds() for p in planned)
    assert offs[0] >= 0 and offs[-1] < 3600
    # stratified: every one-minute bucket of the hour holds exactly one probe
    assert sorted(int(o // 60) for o in offs) == list(range(60))


def test_it_keeps_jitter_within_its_bounds_and_varies_it() -> None:
    rules = Rules(jitter=timedelta(minutes=5), min_gap=timedelta(0))
    seen = set()
    for seed in range(30):
        planned, _ = plan_round(slots(3), MON, rules, rng=random.Random(seed))
        for p in planned:
            off = (p.scheduled_at - MON).total_seconds()
            assert 0 <= off <= 300
            seen.add(int(off))
    assert len(seen) > 50


def test_it_samples_only_inside_business_hours_in_the_target_zone() -> None:
    rules = Rules(spread=timedelta(days=7), hours="business", min_gap=timedelta(0))
    planned, skipped = plan_round(slots(200), MON, rules, rng=random.Random(2))
    assert not skipped and len(planned) == 200
    for p in planned:
        local = p.scheduled_at.astimezone(MSK)
        assert local.weekday() < 5 and time(9) <= local.time() < time(18), local


def test_it_samples_nights_and_weekends_for_off_hours() -> None:
    rules = Rules(spread=timedelta(days=7), hours="off", min_gap=timedelta(0))
    planned, _ = plan_round(slots(300), MON, rules, rng=random.Random(3))
    assert len(planned) == 300
    weekend = night = 0
    for p in planned:
        local = p.scheduled_at.astimezone(MSK)
        inside = local.weekday() < 5 and time(9) <= local.time() < time(18)
        assert not inside, local
        weekend += local.weekday() >= 5
        night += local.time() < time(6)
    assert weekend > 50 and night > 20


def test_it_uses_each_targets_own_business_hours_and_zone() -> None:
    vlad = Hours(days=(0, 1, 2, 3, 4, 5), start=time(10), end=time(12), tz="Asia/Vladivostok")
    s = [Slot(i, f"far{i}", "form", f"far{i}.ru", vlad) for i in range(40)]
    planned, _ = plan_round(s, MON, Rules(spread=timedelta(days=3), hours="business"), rng=random.Random(4))
    for p in planned:
        local = p.scheduled_at.astimezone(ZoneInfo("Asia/Vladivostok"))
        assert time(10) <= local.time() < time(12)


def test_it_moves_a_round_outside_allowed_hours_to_the_next_allowed_moment() -> None:
    # Saturday 12:00 Moscow, business-hours campaign with no spread: Monday 09:00 Moscow
    sat = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    planned, _ = plan_round(slots(1), sat, Rules(hours="business"), rng=random.Random(0))
    assert planned[0].scheduled_at == datetime(2026, 1, 12, 6, 0, tzinfo=UTC)


def test_it_never_plans_two_probes_to_one_site_within_min_gap() -> None:
    # 4 touchpoints per target, 3 targets sharing one domain, all due at once
    s = [Slot(i, f"t{i // 4}", f"k{i}", "mall.ru" if i < 12 else f"own{i}.ru") for i in range(20)]
    rules = Rules(min_gap=timedelta(seconds=30))
    planned, _ = plan_round(s, MON, rules, rng=random.Random(5))
    assert len(planned) == 20
    mall = sorted(p.scheduled_at for p in planned if p.slot.domain == "mall.ru")
    assert all((b - a) >= timedelta(seconds=30) for a, b in zip(mall, mall[1:], strict=False))
    for target in ("t3", "t4"):  # own domains, but one target: still min_gap apart
        times = sorted(p.scheduled_at for p in planned if p.slot.target == target)
        assert times[0] == MON  # not delayed by the mall's queue
        assert all((b - a) >= timedelta(seconds=30) for a, b in zip(times, times[1:], strict=False))


def test_it_respects_probes_already_planned_on_the_same_site() -> None:
    busy = Busy()
    busy.add(["target:shop0", "domain:shop0.ru"], MON.timestamp() + 10)
    planned, _ = plan_round(
        slots(1), MON, Rules(min_gap=timedelta(seconds=30)), rng=random.Random(0), busy=busy
    )
    assert planned[0].scheduled_at == MON + timedelta(seconds=40)


def test_it_skips_blackout_dates_in_the_target_zone() -> None:
    rules = Rules(spread=timedelta(days=3), blackout=frozenset({date(2026, 1, 6)}), min_gap=timedelta(0))
    planned, _ = plan_round(slots(100), MON, rules, rng=random.Random(6))
    assert len(planned) == 100
    assert all(p.scheduled_at.astimezone(MSK).date() != date(2026, 1, 6) for p in planned)
    # a round entirely inside a blackout moves to the next allowed day
    rules = Rules(blackout=frozenset({date(2026, 1, 5)}))
    planned, _ = plan_round(slots(1), MON, rules, rng=random.Random(0))
    assert planned[0].scheduled_at.astimezone(MSK) == datetime(2026, 1, 6, 0, 0, tzinfo=MSK)


def test_it_skips_a_slot_that_has_no_allowed_time_at_all() -> None:
    never = Hours(days=(), tz="UTC")
    planned, skipped = plan_round(
        [Slot(1, "x", "form", "x.ru", never)], MON, Rules(hours="business"), rng=random.Random(0)
    )
    assert not planned and "no allowed time" in skipped[0][1]


def test_it_derives_one_rate_limit_key_per_site() -> None:
    assert registrable_domain("https://www.Shop.ru/contacts") == "shop.ru"
    assert registrable_domain("http://m.shop.com.ua/") == "shop.com.ua"
    assert registrable_domain("http://127.0.10.1:8080/x") == "127.0.10.1"
    assert registrable_domain("https://www.Магазин.рф/") == registrable_domain("магазин.рф")
    assert registrable_domain("https://www.Магазин.рф/").endswith(".xn--p1ai")


def test_it_takes_the_site_from_the_touchpoint_unless_it_is_email() -> None:
    assert site_domain("form", "https://www.other.ru/ask", "https://shop.ru") == "other.ru"
    assert site_domain("form", None, "https://shop.ru") == "shop.ru"
    assert site_domain("email", "https://www.other.ru/ask", "https://shop.ru") == "shop.ru"
    assert site_keys("shop01", "shop.ru") == ("target:shop01", "domain:shop.ru")
