"""The scheduler survives a PostgreSQL restart (found by bench/bench_faults_outages.py).

Its single-scheduler lock is a session advisory lock, so a restart of the server
ends the session that held it. The daemon used to take that for "another
scheduler took over" and exit: monitoring stopped until someone restarted it.
Now it takes the lock again, stops only if another scheduler really holds it, and
dispatches nothing while the database is unreachable. A PRIVATE cluster is
restarted here (tests/fixtures/private_pg.py), never the shared server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from monitor.clock import SystemClock
from monitor.daemon import Daemon
from monitor.scheduler import PgAdvisoryLock
from monitor.store.db import make_engine, session_factory, upgrade
from monitor.store.models import WatcherStatus
from tests.fixtures.private_pg import PrivatePostgres

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def private_pg() -> Iterator[PrivatePostgres]:
    try:
        pg = PrivatePostgres().start()
    except Exception as exc:  # no Debian postgresql binaries or no `postgres` user
        pytest.skip(f"cannot start a private PostgreSQL cluster: {exc}")
    pg.create_database()
    yield pg
    pg.close()


@pytest.fixture
def engine(private_pg: PrivatePostgres) -> Iterator[Engine]:
    engine = make_engine(private_pg.url())
    upgrade(engine)
    yield engine
    engine.dispose()


def daemon(make_config, engine: Engine) -> Daemon:  # type: ignore[no-untyped-def]
    d = Daemon(make_config(), engine, session_factory(engine), SystemClock())
    d.lock = PgAdvisoryLock(engine)
    assert d.lock.acquire()
    return d


async def test_it_takes_the_lock_again_after_a_restart(
    private_pg: PrivatePostgres, engine: Engine, make_config
) -> None:  # type: ignore[no-untyped-def]
    d = daemon(make_config, engine)
    await asyncio.to_thread(private_pg.restart, "immediate")
    await d._beat()
    assert not d.stop.is_set() and d.exit_code == 0
    assert d.lock.check() and d._lock_held
    with session_factory(engine)() as s:
        row = s.get(WatcherStatus, "scheduler")
        assert (
            row is not None and row.state == "running" and row.updated_at > datetime(2000, 1, 1, tzinfo=UTC)
        )
    d.lock.release()


@pytest.mark.slow
async def test_it_pauses_while_the_database_is_down_and_resumes(
    private_pg: PrivatePostgres, engine: Engine, make_config
) -> None:  # type: ignore[no-untyped-def]
    d = daemon(make_config, engine)
    await asyncio.to_thread(private_pg.stop, "fast")
    try:
        await d._beat()
        assert not d.stop.is_set() and not d._lock_held
        await d.dispatch_due()  # a no-op while the lock is not held: nothing to assert but that it returns
    finally:
        await asyncio.to_thread(private_pg.start)
    await d._beat()
    assert not d.stop.is_set() and d._lock_held and d.lock.check()
    d.lock.release()


@pytest.mark.slow
async def test_it_stops_when_another_scheduler_took_the_lock(
    private_pg: PrivatePostgres, engine: Engine, make_config
) -> None:  # type: ignore[no-untyped-def]
    d = daemon(make_config, engine)
    await asyncio.to_thread(private_pg.restart, "fast")
    other_engine = make_engine(private_pg.url())
    other = PgAdvisoryLock(other_engine)
    try:
        assert other.acquire()  # the other scheduler was quicker after the restart
        await d._beat()
        assert d.stop.is_set() and d.exit_code == 1
    finally:
        other.release()
        other_engine.dispose()
