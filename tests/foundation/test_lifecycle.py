"""Probe lifecycle and reply application: the rules every channel shares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import DEFAULT_REPLY_DEADLINE, Config
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe, Reply, Touchpoint
from monitor.store.replies import IncomingReply, MatchResult, assign_manually, store_reply

CONFIG = """
database: sqlite:///rw.db
shopper:
  mailbox: {smtp: {host: 127.0.0.1, port: 2525, starttls: false}}
  personas: [{first_name: Анна, phone: "+7 900 000-00-01"}]
  questions: ["Есть ли доставка?"]
targets:
  - name: shop01
    group: client
    url: http://127.0.10.1:8080/
    touchpoints:
      - {kind: form, url: http://127.0.10.1:8080/contacts}
      - {kind: email, to: shop01@shops.test}
  - name: shop02
    url: http://127.0.10.2:8080/
    touchpoints: [{kind: email, to: shop02@shops.test}]
campaigns:
  - {name: c1, schedule: {interval: 1h}, reply_deadline: 2h}
"""


@pytest.fixture
def setup(make_config, factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    cfg: Config = make_config(CONFIG)
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
    return cfg, factory, FakeClock()


def _new_probe(cfg: Config, factory: sessionmaker[Session], clock: FakeClock, kind: str = "email") -> int:
    with transaction(factory) as s:
        tp = repo.touchpoints_for(s, cfg, None, kinds=[kind], targets=["shop01"])[0]
        return repo.create_probe(s, cfg, tp, scheduled_at=clock.now(), deadline=timedelta(hours=2)).id


def _submit(factory: sessionmaker[Session], clock: FakeClock, pid: int) -> None:
    with transaction(factory) as s:
        assert repo.claim_probe(s, pid, "w1", clock.now())
        assert repo.mark_submitted(
            s, pid, submitted_at=clock.now(), evidence=[], details={}, message_id="<m@x>"
        )


def _reply(kind: str, key: str, when, pid: int | None) -> tuple[IncomingReply, MatchResult]:  # type: ignore[no-untyped-def]
    return (
        IncomingReply(channel="email", kind=kind, message_key=key, received_at=when, detected_at=when),
        MatchResult(pid, "address" if pid else "unmatched", "exact" if pid else None),
    )


def test_it_syncs_config_and_deactivates_removed_targets(setup, make_config) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, _ = setup
    with transaction(factory) as s:
        assert s.query(Touchpoint).count() == 3
        smaller = make_config(
            CONFIG.replace(
                "  - name: shop02\n    url: http://127.0.10.2:8080/\n"
                "    touchpoints: [{kind: email, to: shop02@shops.test}]\n",
                "",
            )
        )
        repo.sync_config(s, smaller)
        assert len(repo.touchpoints_for(s, smaller, None)) == 2


def test_only_one_worker_can_claim_a_probe(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    pid = _new_probe(cfg, factory, clock)
    with transaction(factory) as s:
        assert repo.claim_probe(s, pid, "w1", clock.now())
    with transaction(factory) as s:
        assert not repo.claim_probe(s, pid, "w2", clock.now())


def test_first_human_reply_answers_and_auto_reply_is_kept(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    pid = _new_probe(cfg, factory, clock)
    t0 = clock.now()
    _submit(factory, clock, pid)
    with transaction(factory) as s:
        assert store_reply(s, *_reply("auto", "<a1>", t0 + timedelta(seconds=3), pid)) is not None
        assert store_reply(s, *_reply("auto", "<a1>", t0 + timedelta(seconds=3), pid)) is None  # stored once
        store_reply(s, *_reply("human", "<h2>", t0 + timedelta(minutes=20), pid))
        store_reply(s, *_reply("human", "<h1>", t0 + timedelta(minutes=7, milliseconds=250), pid))
    with transaction(factory) as s:
        p = s.get(Probe, pid)
        assert p.status == "answered"
        assert p.auto_reply_at == t0 + timedelta(seconds=3)
        assert p.first_human_reply_at == t0 + timedelta(minutes=7, milliseconds=250)
        assert p.latency_ms == 420250
        assert s.query(Reply).count() == 3


def test_auto_reply_alone_does_not_answer_and_deadline_makes_it_unanswered(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    pid = _new_probe(cfg, factory, clock)
    _submit(factory, clock, pid)
    with transaction(factory) as s:
        store_reply(s, *_reply("auto", "<a>", clock.now() + timedelta(seconds=2), pid))
    clock.advance(timedelta(hours=1))
    with transaction(factory) as s:
        assert repo.expire_deadlines(s, clock.now()) == 0
    clock.advance(timedelta(hours=1, seconds=1))
    with transaction(factory) as s:
        assert repo.expire_deadlines(s, clock.now()) == 1
    with transaction(factory) as s:  # a late human reply is kept and flagged, the verdict stays
        r = store_reply(s, *_reply("human", "<late>", clock.now(), pid))
        assert r is not None and r.late
    with transaction(factory) as s:
        p = s.get(Probe, pid)
        assert p.status == "unanswered" and p.first_human_reply_at is None
        assert "late_reply_at" in p.details


def test_a_bounce_fails_a_waiting_probe(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    pid = _new_probe(cfg, factory, clock)
    _submit(factory, clock, pid)
    with transaction(factory) as s:
        store_reply(s, *_reply("bounce", "<b>", clock.now(), pid))
    with transaction(factory) as s:
        p = s.get(Probe, pid)
        assert (p.status, p.reason) == ("failed", "undeliverable")


def test_crash_recovery_retries_only_where_nothing_was_submitted(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    safe = _new_probe(cfg, factory, clock)
    risky = _new_probe(cfg, factory, clock)
    with transaction(factory) as s:
        repo.claim_probe(s, safe, "w1", clock.now())
        repo.claim_probe(s, risky, "w1", clock.now())
        repo.mark_submit_started(s, risky, clock.now())
    with transaction(factory) as s:
        assert repo.recover_interrupted(s, clock.now()) == {"retried": 1, "ended": 1}
    with transaction(factory) as s:
        assert s.get(Probe, safe).status == "scheduled"
        p = s.get(Probe, risky)
        assert p.status == "failed" and p.reason.startswith("interrupted")
        # A reply proves the interrupted submission reached the shop.
        store_reply(s, *_reply("human", "<h>", clock.now() + timedelta(minutes=5), risky))
    with transaction(factory) as s:
        p = s.get(Probe, risky)
        assert p.status == "answered" and p.latency_ms == 300000


def test_unmatched_reply_is_kept_and_can_be_assigned_by_hand(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    pid = _new_probe(cfg, factory, clock)
    _submit(factory, clock, pid)
    with transaction(factory) as s:
        r = store_reply(s, *_reply("human", "<u>", clock.now() + timedelta(minutes=1), None))
        assert r is not None and r.probe_id is None
        rid = r.id
    with transaction(factory) as s:
        assign_manually(s, rid, pid)
    with transaction(factory) as s:
        assert s.get(Probe, pid).status == "answered"
        assert s.get(Reply, rid).match_confidence == "manual"


def test_it_gives_a_probe_without_campaign_or_deadline_the_default_deadline(setup) -> None:  # type: ignore[no-untyped-def]
    cfg, factory, clock = setup
    with transaction(factory) as s:
        tp = repo.touchpoints_for(s, cfg, None, kinds=["email"], targets=["shop01"])[0]
        pid = repo.create_probe(s, cfg, tp, scheduled_at=clock.now()).id
    _submit(factory, clock, pid)
    with factory() as s:
        p = s.get(Probe, pid)
        assert p is not None and p.submitted_at is not None and p.deadline_at is not None
        assert p.deadline_at - p.submitted_at == DEFAULT_REPLY_DEADLINE == timedelta(hours=72)
