"""The same alert round on the real PostgreSQL: bulk outbox inserts, retries, resolution, per-event messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.run import run_alerts
from monitor.clock import FakeClock
from monitor.store.db import session_factory, transaction
from monitor.store.models import AlertDeliveryAttempt, AlertEvent, AlertNotification
from tests.alert.conftest import Receiver, alert_config
from tests.fixtures.report_seed import NOW, Seeder, seed

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)


@pytest.mark.postgres
def test_a_whole_alert_round_on_postgres(make_config, pg_engine: Engine, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    factory = session_factory(pg_engine)
    cfg = alert_config(
        make_config,
        f"""
  - {{name: low, when: "answer_rate < 60%", window: 30d, touchpoints: [form], notify: ["{receiver.url()}"]}}
""",
        extra=f"""notifications:
  - name: crm
    events: [answered]
    webhooks: [{{url: "http://127.0.0.1:{receiver.port}/crm", secret_env: RW_HOOK_KEY}}]
""",
    )
    seed(factory, cfg)
    clock = FakeClock(NOW)
    receiver.fail_next = 3  # the alert's first run fails entirely
    out = run_alerts(cfg, factory, clock, policy=FAST)
    assert [e.scope for e in out.opened] == ["shop-b/form"]
    run_alerts(cfg, factory, clock, policy=FAST)  # queued twice? no: one row per event and destination
    with factory() as s:
        assert (
            len(s.scalars(select(AlertNotification).where(AlertNotification.kind == "alert.fired")).all())
            == 1
        )
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        sd.n = 100
        for delay in (600, 900):
            sd.probe("shop-b", "form", NOW - timedelta(hours=3), human=delay)
    clock.advance(timedelta(minutes=2))
    run_alerts(cfg, factory, clock, policy=FAST)
    titles = [m["title"] for m in receiver.messages()]
    assert titles.count("replywatch: low: shop-b/form") == 1
    assert "replywatch: resolved low: shop-b/form" in titles
    assert sum(1 for r in receiver.ok if r.path == "/crm") == 2  # the two new answers, once each
    with factory() as s:
        ev = s.scalars(select(AlertEvent)).one()
        assert ev.resolved_at == clock.now() and ev.delivered
        assert len(s.scalars(select(AlertDeliveryAttempt)).all()) == 3 + 1 + 1 + 2
