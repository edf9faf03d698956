"""Quiet hours hold messages to people (then one summary); mutes hold alerts and drop what cleared meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.mute import add_mute, lift_mute, quiet_until
from monitor.alerts.run import run_alerts
from monitor.clock import FakeClock
from monitor.config import QuietHours
from monitor.store.db import transaction
from monitor.store.models import AlertEvent, AlertNotification
from tests.alert.conftest import Receiver, alert_config
from tests.fixtures.report_seed import NOW, Seeder, seed

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)
EVENING = datetime(2026, 1, 12, 20, 30, tzinfo=UTC)  # 23:30 in Moscow (shop-a's zone)


def _people(receiver: Receiver) -> list[dict]:  # type: ignore[type-arg]
    return [r.json for r in receiver.ok if r.path == "/people"]


def _crm(receiver: Receiver) -> list[dict]:  # type: ignore[type-arg]
    return [r.json for r in receiver.ok if r.path == "/crm"]


def _states(factory: sessionmaker[Session]) -> list[tuple[str, str, str | None]]:
    with factory() as s:
        return [
            (n.kind, n.state, n.hold)
            for n in s.scalars(select(AlertNotification).order_by(AlertNotification.id))
        ]


def test_quiet_hours_follow_the_time_zone_and_span_midnight() -> None:
    q = QuietHours.model_validate({"from": "22:00", "to": "08:00"})
    assert quiet_until(q, "Europe/Moscow", EVENING) == datetime(2026, 1, 13, 5, 0, tzinfo=UTC)
    assert quiet_until(q, "UTC", EVENING) is None  # 20:30 in UTC: not quiet yet
    assert quiet_until(q, "Europe/Moscow", datetime(2026, 1, 13, 4, 59, tzinfo=UTC)) is not None
    assert quiet_until(q, "Europe/Moscow", datetime(2026, 1, 13, 5, 0, tzinfo=UTC)) is None
    weekend = QuietHours.model_validate(
        {"from": "00:00", "to": "00:00", "days": "sat,sun", "timezone": "UTC"}
    )
    assert quiet_until(weekend, "Europe/Moscow", datetime(2026, 1, 10, 12, tzinfo=UTC)) == datetime(
        2026, 1, 11, 0, 0, tzinfo=UTC
    )  # a whole Saturday, in the rule's own zone
    assert quiet_until(weekend, "UTC", datetime(2026, 1, 12, 12, tzinfo=UTC)) is None


def test_quiet_hours_hold_people_not_webhooks_and_summarise(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = alert_config(
        make_config,
        f"""
  - name: slow-mail
    when: "median_first_reply > 1h"
    window: 30d
    targets: [shop-a]
    touchpoints: [email]
    quiet_hours: {{from: "22:00", to: "08:00"}}
    notify: ["{receiver.url(path="/people")}"]
    webhooks: [{{url: "http://127.0.0.1:{receiver.port}/crm", secret_env: RW_HOOK_KEY}}]
""",
    )
    seed(factory, cfg)
    clock = FakeClock(EVENING)
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == [] and [m["type"] for m in _crm(receiver)] == ["alert.fired"]
    with transaction(factory) as s:  # two quick answers: the median is fast again, the alert clears
        sd = Seeder(s, cfg)
        sd.n = 100  # message keys apart from the seed's
        for delay in (60, 90):
            sd.probe("shop-a", "email", NOW - timedelta(days=1), human=delay)
    clock.advance(timedelta(hours=2))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == [] and [m["type"] for m in _crm(receiver)] == [
        "alert.fired",
        "alert.resolved",
    ]
    clock.set(datetime(2026, 1, 13, 4, 59, tzinfo=UTC))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == []
    clock.set(datetime(2026, 1, 13, 5, 0, tzinfo=UTC))
    run_alerts(cfg, factory, clock, policy=FAST)
    (digest,) = _people(receiver)
    assert digest["title"] == "replywatch: 2 messages from quiet hours"
    assert "slow-mail: shop-a/email: median_first_reply is never" in digest["message"]
    assert "resolved slow-mail" in digest["message"]
    assert [s[:2] for s in _states(factory)] == [("alert.fired", "delivered")] * 2 + [
        ("alert.resolved", "delivered")
    ] * 2


RULE = """
  - {{name: slow, when: "median_first_reply > 1h", window: 30d, touchpoints: [form], notify: ["{url}"]}}
"""


def test_a_mute_holds_an_alert_until_it_ends(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = alert_config(make_config, RULE.format(url=receiver.url(path="/people")))
    seed(factory, cfg)
    clock = FakeClock(NOW)
    with transaction(factory) as s:
        add_mute(
            s, now=NOW, length=timedelta(hours=2), rule="slow", target="shop-b", reason="site move", by="cli"
        )
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == [] and _states(factory) == [("alert.fired", "pending", "muted")]
    clock.advance(timedelta(hours=1))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == []
    clock.advance(timedelta(hours=1))  # the mute is over and shop-b is still slow
    run_alerts(cfg, factory, clock, policy=FAST)
    assert [m["title"] for m in _people(receiver)] == ["replywatch: slow: shop-b/form"]


def test_an_alert_that_clears_during_a_mute_is_never_sent(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = alert_config(
        make_config,
        RULE.format(url=receiver.url(path="/people"))
        + """mutes:
  - {from: "2026-01-12T14:00", until: "2026-01-12T16:00", timezone: Europe/Moscow, rules: [slow], reason: upgrade}
""",
    )
    seed(factory, cfg)
    clock = FakeClock(NOW)  # 15:00 in Moscow: inside the configured window
    run_alerts(cfg, factory, clock, policy=FAST)
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        for delay in (60, 90, 120):
            sd.probe("shop-b", "form", NOW - timedelta(days=1), human=delay)
    clock.advance(timedelta(minutes=30))
    run_alerts(cfg, factory, clock, policy=FAST)
    clock.advance(timedelta(hours=3))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == []
    assert _states(factory) == [("alert.fired", "muted", "muted")]
    with factory() as s:
        assert s.scalars(select(AlertEvent)).one().resolved_at is not None


def test_unmuting_early_releases_what_was_held(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = alert_config(make_config, RULE.format(url=receiver.url(path="/people")))
    seed(factory, cfg)
    clock = FakeClock(NOW)
    with transaction(factory) as s:
        mute_id = add_mute(
            s, now=NOW, length=timedelta(days=1), rule=None, target=None, reason="", by="cli"
        ).id
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _people(receiver) == []
    clock.advance(timedelta(minutes=5))
    with transaction(factory) as s:
        assert lift_mute(s, mute_id, clock.now())
        assert not lift_mute(s, mute_id, clock.now())  # once
    run_alerts(cfg, factory, clock, policy=FAST)
    assert [m["title"] for m in _people(receiver)] == ["replywatch: slow: shop-b/form"]
