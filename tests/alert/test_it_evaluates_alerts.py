"""Rules -> events -> messages at a real local receiver: fire, hold, remind, resolve."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.run import run_alerts
from monitor.alerts.samples import Sample
from monitor.clock import FakeClock
from monitor.report.metrics import latency_stats
from monitor.store.db import transaction
from monitor.store.models import AlertEvent, AlertNotification
from monitor.store.repo import expire_deadlines
from tests.alert.conftest import Receiver, alert_config
from tests.fixtures.report_seed import NOW, Seeder, seed

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)


def _events(factory: sessionmaker[Session]) -> list[AlertEvent]:
    with factory() as s:
        return list(s.scalars(select(AlertEvent).order_by(AlertEvent.id)))


def _kinds(factory: sessionmaker[Session]) -> list[tuple[str, str]]:
    with factory() as s:
        return [
            (n.kind, n.state) for n in s.scalars(select(AlertNotification).order_by(AlertNotification.id))
        ]


def test_it_fires_holds_reminds_and_resolves(
    make_config, factory: sessionmaker[Session], receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    cfg = alert_config(
        make_config,
        f"""
  - name: low-answer-rate
    when: "answer_rate < 60%"
    window: 30d
    touchpoints: [form]
    cooldown: 6h
    repeat: 1d
    notify: ["{receiver.url()}"]
""",
    )
    seed(factory, cfg)
    clock = FakeClock(NOW)
    out = run_alerts(cfg, factory, clock, policy=FAST)
    # shop-b's form: 1 answered, 1 unanswered = 50%; shop-a (3 of 3 decided) and shop-c (1 of 1) are fine.
    assert [(e.scope, e.value, e.reference) for e in out.opened] == [("shop-b/form", 0.5, 0.6)]
    (msg,) = receiver.messages()
    assert "shop-b/form" in msg["message"] and "50%" in msg["message"] and receiver.ok[0].path == "/hook"
    clock.advance(timedelta(hours=1))
    assert run_alerts(cfg, factory, clock, policy=FAST).opened == []  # still open: no repeat yet
    assert len(receiver.messages()) == 1
    clock.advance(timedelta(days=1))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert len(receiver.messages()) == 2 and receiver.messages()[1]["title"].startswith("replywatch: still")
    with transaction(factory) as s:  # two more answers: 3 of 4 = 75%
        sd = Seeder(s, cfg)
        sd.probe("shop-b", "form", NOW - timedelta(days=1), human=600)
        sd.probe("shop-b", "form", NOW - timedelta(days=1), human=900)
    run_alerts(cfg, factory, clock, policy=FAST)
    (ev,) = _events(factory)
    assert ev.resolved_at == clock.now() and ev.resolved_value == 0.75 and ev.delivered
    third = receiver.messages()[2]
    assert third["title"] == "replywatch: resolved low-answer-rate: shop-b/form" and "75%" in third["message"]
    assert _kinds(factory) == [
        ("alert.fired", "delivered"),
        ("alert.reminder", "delivered"),
        ("alert.resolved", "delivered"),
    ]


def test_it_waits_out_the_cooldown_before_firing_again(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = alert_config(
        make_config,
        f"""
  - {{name: low, when: "answer_rate < 60%", window: 30d, touchpoints: [form], cooldown: 6h, notify: ["{receiver.url()}"]}}
""",
    )
    seed(factory, cfg)
    clock = FakeClock(NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        for delay in (600, 900):
            sd.probe("shop-b", "form", NOW - timedelta(days=1), human=delay)
    clock.advance(timedelta(minutes=10))
    run_alerts(cfg, factory, clock, policy=FAST)  # resolved
    with transaction(factory) as s:  # it breaks again within the cooldown: no new event yet
        sd = Seeder(s, cfg)
        for _ in range(3):
            sd.probe("shop-b", "form", NOW - timedelta(days=4))
        expire_deadlines(s, clock.now())
    clock.advance(timedelta(hours=1))
    assert run_alerts(cfg, factory, clock, policy=FAST).opened == []
    clock.advance(timedelta(hours=5))
    again = run_alerts(cfg, factory, clock, policy=FAST).opened
    assert [e.scope for e in again] == ["shop-b/form"] and len(_events(factory)) == 2
    assert [m["title"].split(":")[1].strip() for m in receiver.messages()] == ["low", "resolved low", "low"]


def test_it_counts_never_answered_as_slow(
    make_config, factory: sessionmaker[Session], receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    cfg = alert_config(
        make_config,
        f"""
  - {{name: slow, when: "median_first_reply > 1h", window: 30d, notify: ["{receiver.url()}"]}}
""",
    )
    seed(factory, cfg)
    fired = run_alerts(cfg, factory, FakeClock(NOW), policy=FAST).opened
    # shop-a email: only an auto-reply, deadline passed -> never; shop-b form: 2 h and never;
    # shop-a form: median of 300, 1800, 61200 s = 30 min (the waiting probe is not judged yet).
    assert sorted(e.scope for e in fired) == ["shop-a/email", "shop-b/form"]
    assert all(e.delivered for e in _events(factory)) and len(receiver.messages()) == 2
    assert any("never (no answer)" in m["message"] for m in receiver.messages())


def test_it_needs_enough_probes_before_judging(
    make_config, factory: sessionmaker[Session], receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    cfg = alert_config(
        make_config,
        f"""
  - {{name: slow, when: "median_first_reply > 1h", window: 30d, min_probes: 2, notify: ["{receiver.url()}"]}}
""",
    )
    seed(factory, cfg)
    fired = run_alerts(cfg, factory, FakeClock(NOW), policy=FAST).opened
    assert [e.scope for e in fired] == ["shop-b/form"]  # shop-a/email has one decided probe only


def test_alerts_and_reports_share_one_percentile_definition() -> None:
    lat = [10.0, 20.0, 30.0, 40.0, 100.0]
    s = Sample(reached=5, answered=5, latencies_s=lat)
    stats = latency_stats([v * 1000 for v in lat])
    assert s.value("p90_first_reply") == stats.p90_s == 76.0  # interpolated, not the nearest rank (100)
    assert s.value("median_first_reply") == stats.median_s == 30.0
    waiting = Sample(reached=5, answered=2, unanswered=2, latencies_s=[1.0, 2.0])
    assert waiting.value("answer_rate") == 0.5
    assert waiting.value("median_first_reply") == math.inf  # half the decided probes never answered
    assert (
        Sample(reached=3, answered=2, unanswered=1, latencies_s=[1.0, 3.0]).value("median_first_reply") == 3.0
    )
    assert Sample(reached=1).value("answer_rate") is None
