"""Scale-out on the real PostgreSQL: procrastinate jobs, competing `replywatch worker` processes."""

from __future__ import annotations

import asyncio
import collections
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.clock import SystemClock
from monitor.config import load_config
from monitor.dispatch.jobqueue import (
    TASK_NAME,
    ProcrastinateDispatcher,
    ensure_schema,
    libpq_conninfo,
    make_app,
)
from monitor.schedule import run_round_now
from monitor.store.db import make_engine, session_factory
from monitor.store.models import Probe
from tests.schedule.conftest import daemon_config, log_events, wait_until

pytestmark = pytest.mark.postgres


def probes(url: str) -> list[Probe]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            return list(s.scalars(select(Probe).order_by(Probe.id)))
    finally:
        engine.dispose()


def open_probes(url: str) -> int:
    return sum(p.status in ("scheduled", "running") for p in probes(url))


async def defer_twice(conninfo: str, ids: list[int]) -> None:
    """Two jobs per probe, without dedup locks: the workers really compete for the same probes."""
    app = make_app(conninfo)
    async with app.open_async():
        for pid in ids:
            for _ in range(2):
                await app.configure_task(TASK_NAME, queue="probes").defer_async(probe_id=pid)


def test_it_runs_every_probe_exactly_once_with_two_competing_workers(
    shop_smtp, cli_factory, pg_url, pg_engine, tmp_path: Path
) -> None:
    handler, server = shop_smtp
    handler.delay = 0.2
    cli = cli_factory(daemon_config(server.port, database=pg_url, targets=24, backend="procrastinate"))
    cfg = load_config(cli.config)
    factory = session_factory(pg_engine)
    ids = run_round_now(cfg, factory, SystemClock())
    assert len(ids) == 24
    ensure_schema(pg_engine)
    w1 = cli.start("worker", "--concurrency", "3", log=tmp_path / "w1.log")
    w2 = cli.start("worker", "--concurrency", "3", log=tmp_path / "w2.log")
    for name in ("w1", "w2"):
        wait_until(
            lambda n=name: any(e.get("event") == "worker_started" for e in log_events(tmp_path / f"{n}.log")),
            30,
            f"{name} to start",
        )
    time.sleep(0.5)
    asyncio.run(defer_twice(libpq_conninfo(pg_url), ids))
    wait_until(lambda: open_probes(pg_url) == 0 and len(handler.messages) >= 24, 60, "all probes to run")
    time.sleep(1.0)  # the duplicate jobs drain; none may submit again
    for w in (w1, w2):
        w.send_signal(signal.SIGTERM)
    assert w1.wait(20) == 0 and w2.wait(20) == 0
    counts = collections.Counter(handler.tokens())
    rows = probes(pg_url)
    assert len(counts) == 24 and max(counts.values()) == 1
    assert {p.status for p in rows} == {"submitted"}
    workers = {p.claimed_by.rsplit(":", 1)[1] for p in rows}
    assert workers == {str(w1.pid), str(w2.pid)}  # both took part


def test_it_settles_a_worker_killed_mid_probe_without_resubmitting(
    shop_smtp, cli_factory, pg_url, pg_engine, tmp_path: Path
) -> None:
    handler, server = shop_smtp
    handler.delay = 60.0
    cli = cli_factory(daemon_config(server.port, database=pg_url, targets=4, backend="procrastinate"))
    cfg = load_config(cli.config)
    factory = session_factory(pg_engine)
    assert len(run_round_now(cfg, factory, SystemClock())) == 4
    dispatcher = ProcrastinateDispatcher(cfg, factory, SystemClock(), pg_engine, stalled_after=2.0)

    async def defer() -> None:
        await dispatcher.start()
        from monitor.dispatch import due_probes

        with factory() as s:
            due = due_probes(s, SystemClock().now())
        assert len(await dispatcher.submit(due)) == 4
        assert await dispatcher.submit(due) == []  # deduplicated
        await dispatcher.close(1)

    asyncio.run(defer())
    w1 = cli.start("worker", "--concurrency", "2", log=tmp_path / "w1.log")
    wait_until(lambda: handler.started >= 2, 40, "two submissions in flight")
    w1.send_signal(signal.SIGKILL)
    w1.wait(10)
    handler.delay = 0.0
    cut = {p.id for p in probes(pg_url) if p.status == "running"}
    assert len(cut) == 2

    async def settle() -> None:
        d = ProcrastinateDispatcher(cfg, factory, SystemClock(), pg_engine, stalled_after=2.0)
        await d.start()
        for _ in range(100):  # until the dead worker's heartbeat is stale
            await d.maintain()
            if not any(p.status == "running" for p in probes(pg_url)):
                break
            await asyncio.sleep(0.2)
        await d.close(1)

    asyncio.run(settle())
    w2 = cli.start("worker", log=tmp_path / "w2.log")
    wait_until(lambda: open_probes(pg_url) == 0, 40, "the remaining probes to run")
    w2.send_signal(signal.SIGTERM)
    assert w2.wait(20) == 0
    rows = {p.id: p for p in probes(pg_url)}
    for pid in cut:
        assert rows[pid].status == "failed" and rows[pid].reason.startswith("interrupted")
    assert sorted(p.status for p in rows.values()) == ["failed", "failed", "submitted", "submitted"]
    counts = collections.Counter(handler.tokens())
    assert len(counts) == 4 and max(counts.values()) == 1


@pytest.mark.slow
def test_it_feeds_tagged_workers_from_the_scheduler(
    shop_smtp, cli_factory, pg_url, pg_engine, tmp_path: Path
) -> None:
    handler, server = shop_smtp
    text = daemon_config(server.port, database=pg_url, targets=3, backend="procrastinate", interval="2s")
    text = text.replace("    reply_deadline: 1h", "    reply_deadline: 1h\n    worker_tag: eu")
    cli = cli_factory(text)
    eu = cli.start("worker", "--tag", "eu", "--only-tagged", log=tmp_path / "eu.log")
    plain = cli.start("worker", log=tmp_path / "plain.log")
    for name in ("eu", "plain"):
        wait_until(
            lambda n=name: any(e.get("event") == "worker_started" for e in log_events(tmp_path / f"{n}.log")),
            30,
            f"worker {name} to start",
        )
    run = cli.start("run", "--no-web", log=tmp_path / "run.log")
    wait_until(lambda: len(handler.messages) >= 6, 40, "two rounds executed by the workers")
    run.send_signal(signal.SIGTERM)
    assert run.wait(15) == 0
    for w in (eu, plain):
        w.send_signal(signal.SIGTERM)
        assert w.wait(20) == 0
    rows = [p for p in probes(pg_url) if p.claimed_by]
    assert len(rows) >= 6 and {p.worker_tag for p in rows} == {"eu"}
    assert {p.claimed_by.rsplit(":", 1)[1] for p in rows} == {str(eu.pid)}  # never the untagged worker
    counts = collections.Counter(handler.tokens())
    assert max(counts.values()) == 1
