"""Many webhooks answering one probe at once, on PostgreSQL: every one stored, no deadlock, one verdict."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store import repo
from monitor.store.db import session_factory, transaction
from monitor.store.models import Probe, Reply
from monitor.watch.calls import CallEvent, record_with_reason
from tests.calls.conftest import CONFIG, SECRETS

pytestmark = pytest.mark.postgres


def test_concurrent_calls_to_one_probe_do_not_deadlock(
    make_config,
    pg_engine: Engine,
    pg_url: str,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    cfg: Config = make_config(CONFIG.replace("{public_url}", "").replace("sqlite:///rw.db", pg_url))
    factory = session_factory(pg_engine)
    clock = FakeClock()
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        tp = next(t for t in repo.touchpoints_for(s, cfg, None) if t.target.name == "shopA")
        p = repo.create_probe(s, cfg, tp, scheduled_at=clock.now(), deadline=timedelta(hours=1))
        repo.claim_probe(s, p.id, "w", clock.now())
        repo.mark_submitted(s, p.id, submitted_at=clock.now(), evidence=[], details={}, message_id=None)
        pid = p.id
    errors: list[BaseException] = []
    start = threading.Barrier(12)

    def post(i: int) -> None:
        ev = CallEvent(
            "call", "+73431112233", "+79123456701", clock.now() + timedelta(seconds=10 + i), f"c{i}"
        )
        start.wait()
        try:
            with transaction(factory) as s:
                record_with_reason(s, ev, now=clock.now(), region="RU")
        except BaseException as exc:  # a deadlock surfaces as OperationalError
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Session(pg_engine) as s:
        assert s.query(Reply).filter(Reply.probe_id == pid).count() == 12
        assert s.get(Probe, pid).latency_ms == 10_000  # type: ignore[union-attr]  # the earliest call wins
