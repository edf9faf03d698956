from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alert import evaluate_alerts, metric_value
from monitor.clock import FakeClock
from monitor.config import Config
from monitor.report.model import Metrics
from monitor.store.db import transaction
from monitor.store.models import AlertEvent
from monitor.store.repo import expire_deadlines
from tests.alert.conftest import Sink
from tests.fixtures.report_seed import CONFIG, NOW, Seeder, seed


def _cfg(make_config, alerts: str) -> Config:  # type: ignore[no-untyped-def]
    return make_config(CONFIG + "alerts:\n" + alerts)  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")


def _events(factory: sessionmaker[Session]) -> list[AlertEvent]:
    with factory() as s:
        return list(s.scalars(select(AlertEvent).order_by(AlertEvent.id)))


def test_it_fires_delivers_holds_and_resolves(make_config, factory: sessionmaker[Session], sink: Sink) -> None:  # type: ignore[no-untyped-def]
    cfg = _cfg(make_config, f"""
  - name: low-answer-rate
    when: "answer_rate < 60%"
    window: 30d
    touchpoints: [form]
    cooldown: 6h
    notify: ["json://127.0.0.1:{sink.port}/hook"]
""")
    seed(factory, cfg)
    clock = FakeClock(NOW)
    fired = evaluate_alerts(cfg, factory, clock)
    # shop-b's form: 1 answered, 1 unanswered = 50%; shop-a (3 of 3 decided) and shop-c (1 of 1) are fine.
    assert [(e.scope, e.value, e.delivered) for e in fired] == [("shop-b/form", 0.5, True)]
    assert len(sink.messages) == 1 and sink.paths == ["/hook"]
    assert "shop-b/form" in sink.messages[0]["message"] and "50%" in sink.messages[0]["message"]
    clock.advance(timedelta(hours=1))
    assert evaluate_alerts(cfg, factory, clock) == []  # still open: no repeat message
    assert len(sink.messages) == 1
    with transaction(factory) as s:  # two more answers: 3 of 4 = 75%
        sd = Seeder(s, cfg)
        sd.probe("shop-b", "form", NOW - timedelta(days=1), human=600)
        sd.probe("shop-b", "form", NOW - timedelta(days=1), human=900)
    assert evaluate_alerts(cfg, factory, clock) == []
    (ev,) = _events(factory)
    assert ev.resolved_at == clock.now()
    with transaction(factory) as s:  # it breaks again within the cooldown: no new event yet
        sd = Seeder(s, cfg)
        for _ in range(3):
            sd.probe("shop-b", "form", NOW - timedelta(days=4))
        expire_deadlines(s, clock.now())
    clock.advance(timedelta(hours=1))
    assert evaluate_alerts(cfg, factory, clock) == []
    clock.advance(timedelta(hours=5))
    again = evaluate_alerts(cfg, factory, clock)
    assert [e.scope for e in again] == ["shop-b/form"] and len(sink.messages) == 2
    assert len(_events(factory)) == 2


def test_it_counts_never_answered_as_slow(make_config, factory: sessionmaker[Session], sink: Sink) -> None:  # type: ignore[no-untyped-def]
    cfg = _cfg(make_config, f"""
  - name: slow
    when: "median_first_reply > 1h"
    window: 30d
    notify: ["json://127.0.0.1:{sink.port}/"]
""")
    seed(factory, cfg)
    fired = evaluate_alerts(cfg, factory, FakeClock(NOW))
    # shop-a email: only an auto-reply, deadline passed -> never; shop-b form: 2 h and never;
    # shop-a form: median of 300, 1800, 61200 s = 30 min (the waiting probe is not judged yet).
    assert sorted(e.scope for e in fired) == ["shop-a/email", "shop-b/form"]
    assert all(e.delivered for e in fired)


def test_it_records_a_failed_delivery_without_the_secret(make_config, factory: sessionmaker[Session],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("RW_ALERT_URLS", f"json://user:s3cr3t-t0ken@127.0.0.1:{port}/")
    cfg = _cfg(make_config, """
  - name: silent
    when: "unanswered >= 1"
    notify_env: RW_ALERT_URLS
""")
    seed(factory, cfg)
    fired = evaluate_alerts(cfg, factory, FakeClock(NOW))
    assert fired and not any(e.delivered for e in fired)
    for e in _events(factory):
        assert e.delivery_error and "s3cr3t" not in e.delivery_error and "s3cr3t" not in e.message


def test_it_uses_a_given_notifier(make_config, factory: sessionmaker[Session]) -> None:  # type: ignore[no-untyped-def]
    cfg = _cfg(make_config, """
  - name: few
    when: "probes < 2"
    notify: ["json://127.0.0.1:9/"]
""")
    seed(factory, cfg)
    sent: list[tuple[list[str], str, str]] = []
    fired = evaluate_alerts(cfg, factory, FakeClock(NOW), notifier=lambda u, t, b: sent.append((u, t, b)))
    assert sorted(e.scope for e in fired) == ["shop-a/email", "shop-b/email", "shop-c/form"]
    assert len(sent) == 3 and sent[0][0] == ["json://127.0.0.1:9/"]


def test_it_computes_metrics_over_decided_probes() -> None:
    m = Metrics(reached=5, answered=2, unanswered=2, waiting=1)
    assert metric_value("answer_rate", m, [1000, 2000]) == 0.5
    assert metric_value("median_first_reply", m, [1000, 2000]) == float("inf")  # half the decided probes never answered
    assert metric_value("p90_first_reply", m, [1000, 2000]) == float("inf")
    assert metric_value("median_first_reply", Metrics(reached=3, answered=2, unanswered=1), [1000, 3000]) == 3.0
    assert metric_value("answer_rate", Metrics(reached=1, waiting=1), []) is None
