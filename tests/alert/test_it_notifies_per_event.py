"""Per-event notifications through a signed webhook and Apprise: past the SLA, answered, stopped answering."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.mute import add_mute
from monitor.alerts.run import run_alerts
from monitor.clock import FakeClock
from monitor.store.db import transaction
from monitor.store.models import AlertNotification
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from monitor.store.repo import expire_deadlines, sync_config
from tests.alert.conftest import Receiver, Request, alert_config
from tests.fixtures.report_seed import NOW, Seeder

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)
KEY = "hook-key-for-tests"  # RW_HOOK_KEY, set by the conftest


def _config(make_config, receiver: Receiver, events: str, extra: str = ""):  # type: ignore[no-untyped-def]
    return alert_config(
        make_config,
        extra=f"""notifications:
  - name: crm
    events: [{events}]
    targets: [shop-b, shop-c]
    sla: 10m{extra}
    notify: ["{receiver.url(path="/people")}"]
    webhooks: [{{url: "http://127.0.0.1:{receiver.port}/crm", secret_env: RW_HOOK_KEY}}]
""",
    )


def _start(factory: sessionmaker[Session], cfg) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        sync_config(s, cfg)


def _answer(factory: sessionmaker[Session], probe_id: int, at, key: str) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        store_reply(
            s,
            IncomingReply(
                channel="email",
                kind="human",
                message_key=key,
                received_at=at,
                detected_at=at,
                sender="manager@shop-b.test",
                excerpt="Да, есть.",
            ),
            MatchResult(probe_id, "address", "exact"),
        )


def _crm(receiver: Receiver) -> list[Request]:
    return [r for r in receiver.ok if r.path == "/crm"]


def _verify(r: Request) -> None:
    """What a receiver does (the README shows the same): HMAC-SHA256 over "<timestamp>.<body>"."""
    ts = r.headers["x-replywatch-timestamp"]
    expected = "sha256=" + hmac.new(KEY.encode(), ts.encode() + b"." + r.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(r.headers["x-replywatch-signature"], expected)
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-replywatch-id"] == r.json["id"] and r.headers["x-replywatch-event"] == r.json["type"]


def test_it_announces_the_missed_sla_then_the_answer_once_each(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = _config(make_config, receiver, "sla_missed, answered")
    _start(factory, cfg)
    with transaction(factory) as s:
        pid = Seeder(s, cfg).probe("shop-b", "form", NOW - timedelta(minutes=5))
    clock = FakeClock(NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    assert receiver.requests == []  # 5 minutes in: within the SLA
    clock.advance(timedelta(minutes=6))
    run_alerts(cfg, factory, clock, policy=FAST)
    (missed,) = _crm(receiver)
    _verify(missed)
    assert missed.headers["x-replywatch-timestamp"] == str(int(clock.now().timestamp()))
    body = missed.json
    assert body["type"] == "probe.sla_missed" and body["id"] == f"probe.sla_missed:{pid}"
    assert (body["target"], body["group"], body["touchpoint"]) == ("shop-b", "competitor", "form")
    assert (
        body["probe"]["id"] == pid
        and body["probe"]["sla_s"] == 600
        and body["probe"]["status"] == "submitted"
    )
    assert body["occurred_at"] == "2026-01-12T12:05:00.000Z"  # when the SLA ran out
    _answer(factory, pid, NOW + timedelta(minutes=7), "<late@shop-b>")
    clock.advance(timedelta(minutes=1))
    run_alerts(cfg, factory, clock, policy=FAST)
    run_alerts(cfg, factory, clock, policy=FAST)
    crm = _crm(receiver)
    assert [r.json["type"] for r in crm] == ["probe.sla_missed", "probe.answered"]
    _verify(crm[1])
    assert (
        crm[1].json["probe"]["latency_s"] == 720.0
        and crm[1].json["probe"]["answered_at"] == "2026-01-12T12:07:00.000Z"
    )
    people = [r.json["title"] for r in receiver.ok if r.path == "/people"]
    assert people == ["replywatch: shop-b missed its 10m SLA (form)", "replywatch: shop-b answered (form)"]


def test_an_answer_in_time_is_not_an_sla_miss_and_old_events_stay_quiet(
    make_config,  # type: ignore[no-untyped-def]
    factory: sessionmaker[Session],
    receiver: Receiver,
) -> None:
    cfg = _config(make_config, receiver, "sla_missed, answered")
    _start(factory, cfg)
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        sd.probe("shop-b", "form", NOW - timedelta(days=3), human=60)  # answered long before the lookback
        quick = sd.probe("shop-c", "form", NOW - timedelta(minutes=30), human=120)
    run_alerts(cfg, factory, FakeClock(NOW), policy=FAST)
    assert [(r.json["type"], r.json["probe"]["id"]) for r in _crm(receiver)] == [("probe.answered", quick)]


def test_it_announces_a_shop_that_stopped_answering_once_per_silence(
    make_config,  # type: ignore[no-untyped-def]
    factory: sessionmaker[Session],
    receiver: Receiver,
) -> None:
    cfg = _config(make_config, receiver, "stopped_answering", "\n    stopped_after: 3")
    _start(factory, cfg)
    clock = FakeClock(NOW)
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        last_answer = sd.probe("shop-c", "form", NOW - timedelta(days=20), human=300)
        for d in (16, 12):
            sd.probe("shop-c", "form", NOW - timedelta(days=d))
        expire_deadlines(s, NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    assert _crm(receiver) == []  # two unanswered in a row: not yet
    with transaction(factory) as s:
        Seeder(s, cfg).probe("shop-c", "form", NOW - timedelta(days=8))
        expire_deadlines(s, NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    clock.advance(timedelta(hours=1))
    run_alerts(cfg, factory, clock, policy=FAST)
    (first,) = _crm(receiver)
    _verify(first)
    assert first.json["type"] == "target.stopped_answering"
    assert (
        first.json["streak"]["unanswered"] == 3
        and first.json["streak"]["last_answered_probe_id"] == last_answer
    )
    with transaction(factory) as s:  # it answers once, then falls silent again: a new silence, a new message
        sd = Seeder(s, cfg)
        sd.n = 100
        again = sd.probe("shop-c", "form", NOW - timedelta(days=7), human=200)
        for d in (6, 5, 4):
            sd.probe("shop-c", "form", NOW - timedelta(days=d))
        expire_deadlines(s, NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    assert [r.json["streak"]["last_answered_probe_id"] for r in _crm(receiver)] == [last_answer, again]


def test_per_event_notifications_during_a_mute_are_dropped(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = _config(make_config, receiver, "answered")
    _start(factory, cfg)
    with transaction(factory) as s:
        add_mute(
            s,
            now=NOW - timedelta(minutes=1),
            length=timedelta(hours=1),
            rule="crm",
            target="shop-b",
            reason="",
            by="dashboard",
        )
        sd = Seeder(s, cfg)
        sd.probe("shop-b", "form", NOW - timedelta(minutes=30), human=60)
        other = sd.probe("shop-c", "form", NOW - timedelta(minutes=30), human=60)
    clock = FakeClock(NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    clock.advance(timedelta(hours=2))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert [r.json["probe"]["id"] for r in _crm(receiver)] == [other]
    with factory() as s:
        states = sorted((n.target, n.state) for n in s.scalars(select(AlertNotification)))
    assert states == [
        ("shop-b", "muted"),
        ("shop-b", "muted"),
        ("shop-c", "delivered"),
        ("shop-c", "delivered"),
    ]
