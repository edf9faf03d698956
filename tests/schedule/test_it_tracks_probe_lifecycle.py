"""Rounds, deadlines, crash recovery and shutdown in-process, time from a FakeClock."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from monitor.clock import FakeClock
from monitor.daemon import Daemon, DaemonOptions
from monitor.dispatch import DueProbe, Pacer
from monitor.dispatch.inprocess import InProcessDispatcher
from monitor.dispatch.jobqueue import queue_for, queues_for_tags
from monitor.dispatch.recovery import recover_dead
from monitor.runner import make_env, worker_name
from monitor.schedule import run_due_rounds, run_round_now
from monitor.scheduler import FileLock, PgAdvisoryLock, scheduler_lock
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe, Reply
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from tests.schedule.conftest import daemon_config

MON = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def all_probes(factory) -> list[Probe]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return list(s.scalars(select(Probe).order_by(Probe.id)))


def synced(make_config, factory, text: str):  # type: ignore[no-untyped-def]
    cfg = make_config(text)
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
    return cfg


def test_it_creates_each_round_once_and_on_time(make_config, factory) -> None:
    cfg = synced(make_config, factory, daemon_config(2525, interval="10m"))
    clock = FakeClock(MON)
    rng = random.Random(1)
    assert run_due_rounds(cfg, factory, clock, anchor=MON, rng=rng) == {"often": 3}
    assert run_due_rounds(cfg, factory, clock, anchor=MON, rng=rng) == {}  # a second wake-up: nothing
    clock.advance(timedelta(minutes=5))
    assert run_due_rounds(cfg, factory, clock, anchor=MON, rng=rng) == {}
    clock.advance(timedelta(minutes=5))
    assert run_due_rounds(cfg, factory, clock, anchor=MON, rng=rng) == {"often": 3}
    clock.advance(timedelta(hours=2))  # the daemon was down: one catch-up round, not twelve
    assert run_due_rounds(cfg, factory, clock, anchor=MON, rng=rng) == {"often": 3}
    assert len(all_probes(factory)) == 9


def test_it_keeps_min_gap_against_probes_already_in_the_database(make_config, factory) -> None:
    extra = """  - name: second
    touchpoints: [email]
    schedule: {interval: 1h}
    min_gap: 45s
"""
    cfg = synced(make_config, factory, daemon_config(2525, interval="1h", extra_campaign=extra))
    clock = FakeClock(MON)
    assert run_due_rounds(cfg, factory, clock, anchor=MON, rng=random.Random(2)) == {"often": 3, "second": 3}
    by_target: dict[int, list[datetime]] = {}
    for p in all_probes(factory):
        by_target.setdefault(p.target_id, []).append(p.scheduled_at)
    for times in by_target.values():
        a, b = sorted(times)
        assert b - a >= timedelta(seconds=45)


def test_it_samples_business_hours_of_the_target_in_the_database(make_config, factory) -> None:
    text = (
        daemon_config(2525, interval="1d")
        .replace(
            "    url: http://127.0.20.1/\n",
            "    url: http://127.0.20.1/\n    business_hours: {days: mon-fri, from: '10:00', to: '12:00', timezone: Asia/Vladivostok}\n",
        )
        .replace("    min_gap: 1s", "    min_gap: 1s\n    hours: business")
    )
    text = text.replace("schedule: {interval: 1d}", "schedule: {interval: 1d, spread: 1d}")
    cfg = synced(make_config, factory, text)
    clock = FakeClock(MON)
    for _ in range(5):
        run_due_rounds(cfg, factory, clock, anchor=MON, rng=random.Random(3))
        clock.advance(timedelta(days=1))
    vlad = [p for p in all_probes(factory) if p.target_id == 1]
    assert len(vlad) == 5
    for p in vlad:
        local = p.scheduled_at.astimezone(ZoneInfo("Asia/Vladivostok"))
        assert local.weekday() < 5 and time(10) <= local.time() < time(12)


def test_it_skips_a_round_on_a_blackout_date(make_config, factory) -> None:
    text = daemon_config(2525).replace("schedule: {interval: 3s}", 'schedule: {cron: "0 12 * * *"}')
    text = text.replace("    min_gap: 1s", "    min_gap: 1s\n    blackout: [2026-01-06]")
    cfg = synced(make_config, factory, text)
    clock = FakeClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    anchor = clock.now()
    clock.set(datetime(2026, 1, 5, 9, 0, 1, tzinfo=UTC))  # 12:00 Moscow on Monday
    assert run_due_rounds(cfg, factory, clock, anchor=anchor) == {"often": 3}
    clock.set(datetime(2026, 1, 6, 9, 0, 1, tzinfo=UTC))  # Tuesday is blacked out
    assert run_due_rounds(cfg, factory, clock, anchor=anchor) == {"often": 0}
    clock.set(datetime(2026, 1, 7, 9, 0, 1, tzinfo=UTC))
    assert run_due_rounds(cfg, factory, clock, anchor=anchor) == {"often": 3}


async def test_it_turns_overdue_probes_unanswered_and_keeps_a_late_reply(
    make_config, factory, sqlite_engine, shop_smtp
) -> None:
    _handler, server = shop_smtp
    cfg = make_config(daemon_config(server.port))
    clock = FakeClock(MON)
    d = Daemon(cfg, sqlite_engine, factory, clock, DaemonOptions(once=True, web=False))
    assert await d.run() == 0
    probes = all_probes(factory)
    assert len(probes) == 3 and {p.status for p in probes} == {"submitted"}
    assert all(p.deadline_at == p.submitted_at + timedelta(hours=1) for p in probes)
    clock.advance(timedelta(minutes=59))
    assert await d.expire() == 0
    clock.advance(timedelta(minutes=2))
    assert await d.expire() == 3
    assert {p.status for p in all_probes(factory)} == {"unanswered"}
    late = IncomingReply(
        channel="email",
        kind="human",
        message_key="<late@shop>",
        received_at=clock.now(),
        detected_at=clock.now(),
        sender="shop0@shops.test",
        excerpt="Извините за задержку",
    )
    with transaction(factory) as s:
        store_reply(s, late, MatchResult(probes[0].id, "address", "exact"))
    with factory() as s:
        assert s.scalar(select(Reply.late)) is True
        assert s.get(Probe, probes[0].id).status == "unanswered"


def dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_it_recovers_probes_of_dead_executors_without_repeating_submissions(make_config, factory) -> None:
    cfg = synced(make_config, factory, daemon_config(2525, targets=6))
    clock = FakeClock(MON)
    ids = run_round_now(cfg, factory, clock)
    assert len(ids) == 6
    import socket

    host = socket.gethostname()
    dead = f"{host}:{dead_pid()}"
    alive = f"{host}:{os.getpid()}"
    owners = [dead, dead, alive, "elsewhere:1", "elsewhere:2", None]
    with transaction(factory) as s:
        for pid, who in zip(ids, owners, strict=True):
            if who is None:
                continue
            assert repo.claim_probe(s, pid, who, clock.now())
        repo.mark_submit_started(s, ids[1], clock.now())  # the dead one had begun submitting
        s.get(Probe, ids[4]).started_at = clock.now() - timedelta(minutes=30)  # a remote probe long overdue
    counts = recover_dead(cfg, factory, clock)
    assert counts == {"retried": 2, "ended": 1}
    st = {p.id: (p.status, p.reason or "") for p in all_probes(factory)}
    assert st[ids[0]][0] == "scheduled"  # never began: safe to retry
    assert st[ids[1]][0] == "failed" and st[ids[1]][1].startswith("interrupted")  # may have reached the shop
    assert st[ids[2]][0] == "running"  # its process is alive
    assert st[ids[3]][0] == "running"  # remote and within its time budget
    assert st[ids[4]][0] == "scheduled"  # remote and long overdue
    assert st[ids[5]][0] == "scheduled"


async def test_it_releases_probes_cut_short_by_shutdown(make_config, factory, shop_smtp) -> None:
    handler, server = shop_smtp
    handler.delay = 3.0
    cfg = synced(make_config, factory, daemon_config(server.port, targets=2))
    clock = FakeClock(MON)
    ids = run_round_now(cfg, factory, clock)
    disp = InProcessDispatcher(cfg, factory, clock, make_env(cfg), concurrency=1, worker=worker_name())
    assert await disp.submit([DueProbe(i, None, MON) for i in ids]) == [ids[0]]  # concurrency-limited
    for _ in range(100):
        if handler.started:
            break
        await asyncio.sleep(0.05)
    await disp.close(0.2)
    st = {p.id: p for p in all_probes(factory)}
    assert st[ids[0]].status == "failed" and st[ids[0]].reason.startswith("interrupted")
    assert st[ids[1]].status == "scheduled"
    assert await disp.submit([DueProbe(ids[1], None, MON)]) == []  # closed: accepts nothing


def test_it_allows_one_scheduler_per_sqlite_database(sqlite_engine) -> None:
    a, b = scheduler_lock(sqlite_engine), scheduler_lock(sqlite_engine)
    assert isinstance(a, FileLock)
    assert a.acquire() and not b.acquire()
    assert a.check() and not b.check()
    assert a.holder() == str(os.getpid())
    a.release()
    assert b.acquire()
    b.release()


@pytest.mark.postgres
def test_it_allows_one_scheduler_per_postgres_database(pg_engine) -> None:
    a, b = scheduler_lock(pg_engine), PgAdvisoryLock(pg_engine)
    assert isinstance(a, PgAdvisoryLock)
    assert a.acquire() and not b.acquire()
    assert a.check() and not b.check()
    with pg_engine.connect() as admin:  # a database restart or a killed session loses the lock
        admin.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = :k"),
            {"k": a.key},
        )
    assert not a.check()
    assert b.acquire()
    b.release()


def test_it_paces_a_backlog_so_one_site_never_gets_two_probes_within_the_gap() -> None:
    clock = FakeClock(MON)
    pacer = Pacer(timedelta(seconds=30), clock)
    due = [
        DueProbe(1, None, MON, ("target:a", "domain:mall.ru")),
        DueProbe(2, None, MON, ("target:a", "domain:a.ru")),
        DueProbe(3, None, MON, ("target:b", "domain:mall.ru")),
        DueProbe(4, None, MON, ("target:c", "domain:c.ru")),
    ]
    first = pacer.admit(due)
    assert [d.id for d in first] == [1, 4]
    for d in first:
        pacer.started(d)
    clock.advance(29)
    assert pacer.admit(due[1:3]) == []
    clock.advance(1)
    assert [d.id for d in pacer.admit(due[1:3])] == [2, 3]  # different sites: both may start now


def test_it_maps_worker_tags_to_queues() -> None:
    assert queue_for(None) == "probes" and queue_for("eu") == "probes.eu"
    assert queues_for_tags([]) == ["probes"]
    assert queues_for_tags(["eu", "proxy-a"]) == ["probes.eu", "probes.proxy-a", "probes"]
    assert queues_for_tags(["eu"], only_tagged=True) == ["probes.eu"]
