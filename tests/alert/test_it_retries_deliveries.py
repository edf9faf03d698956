"""Deliveries that fail are retried (in the run, then on later runs), recorded, and never leak a secret."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.run import run_alerts
from monitor.clock import FakeClock
from monitor.store.models import AlertDeliveryAttempt, AlertEvent, AlertNotification
from tests.alert.conftest import Receiver, alert_config
from tests.fixtures.report_seed import NOW, seed

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)
RULE = '{name: silent, when: "unanswered >= 1", targets: [shop-b], touchpoints: [form], notify_env: RW_ALERT_URLS}\n'


def _rows(factory: sessionmaker[Session]) -> list[AlertNotification]:
    with factory() as s:
        return list(s.scalars(select(AlertNotification).order_by(AlertNotification.id)))


def _attempts(factory: sessionmaker[Session]) -> list[AlertDeliveryAttempt]:
    with factory() as s:
        return list(s.scalars(select(AlertDeliveryAttempt).order_by(AlertDeliveryAttempt.id)))


def test_it_retries_within_a_run_with_every_attempt_recorded(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RW_ALERT_URLS", receiver.url())
    cfg = alert_config(make_config, "  - " + RULE)
    seed(factory, cfg)
    receiver.fail_next = 2
    run_alerts(cfg, factory, FakeClock(NOW), policy=FAST)
    assert len(receiver.requests) == 3 and len(receiver.ok) == 1
    (row,) = _rows(factory)
    assert (row.state, row.attempts, row.last_error) == ("delivered", 3, None)
    tries = _attempts(factory)
    assert [a.ok for a in tries] == [False, False, True]
    assert all(a.label == f"json://127.0.0.1:{receiver.port}" for a in tries)
    assert tries[0].error and "503" in tries[0].error


def test_it_resends_an_undelivered_message_on_a_later_run(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RW_ALERT_URLS", receiver.url())
    cfg = alert_config(make_config, "  - " + RULE)
    seed(factory, cfg)
    clock = FakeClock(NOW)
    receiver.fail_next = 3  # the whole first run fails
    run_alerts(cfg, factory, clock, policy=FAST)
    (row,) = _rows(factory)
    assert row.state == "pending" and row.due_at == NOW + timedelta(minutes=1) and row.attempts == 3
    with factory() as s:
        assert s.scalars(select(AlertEvent)).one().delivered is False
    clock.advance(30)
    run_alerts(cfg, factory, clock, policy=FAST)  # not due yet: backoff
    assert len(receiver.requests) == 3
    clock.advance(31)
    run_alerts(cfg, factory, clock, policy=FAST)
    assert len(receiver.ok) == 1 and receiver.messages()[0]["title"] == "replywatch: silent: shop-b/form"
    (row,) = _rows(factory)
    assert (row.state, row.attempts) == ("delivered", 4)
    with factory() as s:
        ev = s.scalars(select(AlertEvent)).one()
        assert ev.delivered and ev.delivery_error is None
    clock.advance(timedelta(hours=2))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert len(receiver.requests) == 4  # delivered once, never again


def test_it_backs_off_then_gives_up_without_leaking_the_secret(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    dead_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RW_ALERT_URLS", f"json://user:s3cr3t-t0ken@127.0.0.1:{dead_port}/")
    cfg = alert_config(make_config, "  - " + RULE)
    seed(factory, cfg)
    clock = FakeClock(NOW)
    pauses = []
    for _ in range(8):
        run_alerts(cfg, factory, clock, policy=FAST)
        (row,) = _rows(factory)
        pauses.append(row.due_at - clock.now())
        clock.set(row.due_at)
    assert [p.total_seconds() / 60 for p in pauses] == [1, 2, 4, 8, 16, 32, 60, 60]
    clock.set(NOW + timedelta(hours=24))
    run_alerts(cfg, factory, clock, policy=FAST)
    (row,) = _rows(factory)
    assert row.state == "failed" and row.attempts == 27
    for text in [
        row.last_error or "",
        *(a.error or "" for a in _attempts(factory)),
        row.label,
        row.destination,
    ]:
        assert "s3cr3t" not in text and "user" not in text
    assert row.label == f"json://127.0.0.1:{dead_port}"
    with factory() as s:
        ev = s.scalars(select(AlertEvent)).one()
        assert not ev.delivered and ev.delivery_error and "s3cr3t" not in ev.delivery_error


def test_one_dead_destination_does_not_hold_up_another(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
    dead_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RW_ALERT_URLS", f"json://127.0.0.1:{dead_port}/ {receiver.url('form')}")
    cfg = alert_config(
        make_config,
        """
  - {name: slow, when: "median_first_reply > 1h", window: 30d, notify_env: RW_ALERT_URLS}
""",
    )
    seed(factory, cfg)
    run_alerts(cfg, factory, FakeClock(NOW), policy=FAST)
    states = sorted((r.label.split(":")[0], r.state) for r in _rows(factory))
    assert states == [("form", "delivered"), ("form", "delivered"), ("json", "pending"), ("json", "pending")]
    assert len(receiver.ok) == 2  # form:// posts a form body; both alerts reached it
    assert b"shop-b%2Fform" in b"".join(r.body for r in receiver.ok) or b"shop-b/form" in b"".join(
        r.body for r in receiver.ok
    )
    # The dead destination burned its tries on the first message only; the second waits for the next run.
    assert len(_attempts(factory)) == 3 + 2
