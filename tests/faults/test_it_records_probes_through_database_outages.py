"""A database outage around a submission: the shop's copy and the recorded verdict must agree.

Found by the PostgreSQL-restart fault run (bench/bench_faults_outages.py): a probe
whose SMTP DATA succeeded while the database was restarting stayed `running` with no
`submitted_at`, and one whose submit-start mark failed ended `failed: error`. Now the
verdict is recorded once the database is back, and a probe that cannot mark its
submit start is not submitted at all (it is retried later).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

import monitor.runner as runner
import monitor.store.outage as outage
from monitor.clock import SystemClock
from monitor.config import Config
from monitor.runner import make_env, run_probe
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe
from tests.fixtures.schedule_smtp import ShopSmtp, SmtpServer

CONFIG = """
database: sqlite:///rw.db
timezone: UTC
shopper:
  mailbox:
    smtp: {{host: 127.0.0.1, port: {port}, starttls: false}}
    address_template: "{{first}}.{{token}}@shopper.test"
  personas:
    - {{first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}}
  questions: ["Здравствуйте! Есть ли доставка?"]
targets:
  - {{name: shop, url: "http://127.0.20.1/", touchpoints: [{{kind: email, to: "info@shop.test"}}]}}
"""


@pytest.fixture
def shop() -> Iterator[tuple[ShopSmtp, SmtpServer]]:
    handler = ShopSmtp()
    with SmtpServer(handler) as server:
        yield handler, server


def new_probe(cfg: Config, factory: sessionmaker[Session]) -> int:
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        tp = repo.touchpoints_for(s, cfg, None)[0]
        return repo.create_probe(s, cfg, tp, scheduled_at=datetime.now(UTC)).id


def down(times: int, real: object) -> object:
    """``transaction`` that fails ``times`` times as a restarting server does, then works."""
    left = {"n": times}

    def fake(factory):  # type: ignore[no-untyped-def]
        if left["n"] > 0:
            left["n"] -= 1
            raise OperationalError(
                "COMMIT", {}, Exception("terminating connection due to administrator command")
            )
        return real(factory)  # type: ignore[operator]

    return fake


async def test_it_records_a_submission_made_while_the_database_restarts(
    shop: tuple[ShopSmtp, SmtpServer],
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, server = shop
    cfg = make_config(CONFIG.format(port=server.port))
    pid = new_probe(cfg, factory)
    monkeypatch.setattr(
        outage.time, "sleep", lambda s: None
    )  # the retry's back-off, not the outage, is mocked
    email_probe = type(runner.get_probe("email"))
    real_submit = email_probe.submit

    async def submit_then_outage(self, task, env):  # type: ignore[no-untyped-def]
        sub = await real_submit(self, task, env)
        monkeypatch.setattr(runner, "transaction", down(3, transaction))  # the next three commits fail
        return sub

    monkeypatch.setattr(email_probe, "submit", submit_then_outage)
    assert await run_probe(cfg, factory, SystemClock(), pid, make_env(cfg)) == "submitted"
    with factory() as s:
        p = s.get(Probe, pid)
        assert p is not None and p.status == "submitted" and p.submitted_at is not None and p.message_id
    assert len(handler.messages) == 1


async def test_it_does_not_submit_when_it_cannot_mark_the_submission_start(
    shop: tuple[ShopSmtp, SmtpServer],
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, server = shop
    cfg = make_config(CONFIG.format(port=server.port))
    pid = new_probe(cfg, factory)
    monkeypatch.setattr(outage.time, "sleep", lambda s: None)
    real_submit_started = runner.ProbeEnv.submit_started

    async def outage_at_mark(self):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(runner, "transaction", down(1, transaction))  # only the mark's commit fails
        await real_submit_started(self)

    monkeypatch.setattr(runner.ProbeEnv, "submit_started", outage_at_mark)
    assert await run_probe(cfg, factory, SystemClock(), pid, make_env(cfg)) == "scheduled"
    await asyncio.sleep(0.2)
    assert handler.messages == []  # nothing reached the shop ...
    with factory() as s:
        p = s.get(Probe, pid)
        assert (
            p is not None and p.status == "scheduled" and p.submit_started_at is None
        )  # ... so it is retried
        assert "database unavailable before submitting" in (p.reason or "")


@pytest.mark.postgres
async def test_it_stores_what_a_hostile_site_sent_back_on_postgresql(
    shop: tuple[ShopSmtp, SmtpServer],
    make_config,
    pg_engine,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A NUL in a failure's reason (the site's own words) gave psycopg.DataError and left the probe `running`."""
    from monitor.store.db import session_factory
    from probes.base import ProbeFailed

    _handler, server = shop
    cfg = make_config(CONFIG.format(port=server.port))
    factory = session_factory(pg_engine)
    pid = new_probe(cfg, factory)

    async def refused(self, task, env):  # type: ignore[no-untyped-def]
        raise ProbeFailed(
            "the shop said: Ошибка\x00 \udcff", details={"page_text": "ok\x00"}, submission_possible=False
        )

    monkeypatch.setattr(type(runner.get_probe("email")), "submit", refused)
    assert await run_probe(cfg, factory, SystemClock(), pid, make_env(cfg)) == "failed"
    with factory() as s:
        p = s.get(Probe, pid)
        assert p is not None and p.status == "failed" and p.reason == "the shop said: Ошибка \ufffd"
        assert p.details["page_text"] == "ok"
