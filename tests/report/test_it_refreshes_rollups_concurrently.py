"""Concurrent writers on PostgreSQL: rollup refreshes never deadlock and end equal to a recompute.

Two watchers storing replies to two shops in opposite order used to deadlock: each
trigger's mark of a cell waited for the other's open transaction ("deadlock detected").
Barriers force the interleavings; every test then checks `db check`'s comparison.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.store import rollups
from monitor.store.db import session_factory, transaction
from monitor.store.models import Probe, RollupDirty, Target
from tests.fixtures.replies import store_email_reply
from tests.fixtures.report_seed import NOW, seed

pytestmark = pytest.mark.postgres


def _reply_then_wait(
    pg: sessionmaker[Session], probe_id: int, barrier: threading.Barrier
) -> Callable[[], None]:
    """A writer thread's work: store a reply, then wait so that all writers commit (and refresh) together."""

    def run() -> None:
        with transaction(pg) as s:
            _reply(s, probe_id)
            barrier.wait()

    return run


def _reply(s: Session, probe_id: int) -> None:
    at = NOW + timedelta(minutes=5)
    stored = store_email_reply(s, probe_id, at, message_key=f"<{uuid.uuid4()}@concurrent>")
    assert stored is not None
    s.flush()


def _form_probes(s: Session, target: str) -> list[int]:
    return list(
        s.scalars(
            select(Probe.id)
            .join(Target, Target.id == Probe.target_id)
            .where(Target.name == target, Probe.kind == "form")
            .order_by(Probe.id)
        )
    )


def _run(workers: list[Callable[[], None]]) -> list[BaseException]:
    """Each worker in its own thread; the exceptions they raised."""
    errors: list[BaseException] = []

    def wrap(fn: Callable[[], None]) -> None:
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    threads = [threading.Thread(target=wrap, args=(fn,)) for fn in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "a writer hung"
    return errors


def _equal_to_recompute(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        assert rollups.check(s) == []
        assert s.scalar(select(RollupDirty.day).limit(1)) is None


@pytest.fixture
def pg(pg_engine: Engine, seeded_cfg: Config) -> sessionmaker[Session]:
    factory = session_factory(pg_engine)
    seed(factory, seeded_cfg)
    return factory


def test_it_commits_two_writers_touching_two_cells_in_opposite_order(pg: sessionmaker[Session]) -> None:
    with pg() as s:
        a, b = _form_probes(s, "shop-a"), _form_probes(s, "shop-b")
    barrier = threading.Barrier(2, timeout=60)

    def writer(first: int, second: int) -> Callable[[], None]:
        def run() -> None:
            with transaction(pg) as s:
                _reply(s, first)  # marks the first cell
                barrier.wait()  # both have marked their first cell before either marks its second
                _reply(s, second)

        return run

    # different probes of the same two cells: only the rollup cells are shared, no probe row
    errors = _run([writer(a[0], b[0]), writer(b[1], a[1])])
    assert errors == []
    _equal_to_recompute(pg)
    with pg() as s:
        n = s.scalar(text("SELECT count(*) FROM reply WHERE message_key LIKE '%@concurrent>'"))
    assert n == 4


def test_it_ends_equal_to_a_recompute_when_many_writers_commit_one_cell_at_once(
    pg: sessionmaker[Session],
) -> None:
    with pg() as s:
        a = _form_probes(s, "shop-a")
    assert len(a) >= 4
    for _round in range(3):
        barrier = threading.Barrier(4, timeout=60)

        assert _run([_reply_then_wait(pg, pid, barrier) for pid in a[:4]]) == []  # one cell, four commits
    _equal_to_recompute(pg)
    with pg() as s:
        n = s.scalar(text("SELECT count(*) FROM reply WHERE message_key LIKE '%@concurrent>'"))
    assert n == 12


def _waiting_on_a_lock(engine: Engine) -> int:
    with engine.connect() as c:
        return int(
            c.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            or 0
        )


def test_it_recomputes_a_cell_from_the_rows_of_the_refresh_it_waited_for(
    pg: sessionmaker[Session], pg_engine: Engine
) -> None:
    """T1 has refreshed cell A and not committed; T2 writes A and commits: it must wait, then count T1's reply."""
    with pg() as s:
        a = _form_probes(s, "shop-a")
    t1 = pg()
    t1.begin()
    _reply(t1, a[0])
    rollups.refresh(t1)  # T1 now holds cell A's refresh lock; its rollup rows are not committed
    errors: list[BaseException] = []
    t2 = threading.Thread(target=lambda: errors.extend(_run([lambda: _commit_reply(pg, a[1])])))
    t2.start()
    for _ in range(600):
        if _waiting_on_a_lock(pg_engine):
            break
        assert t2.is_alive(), "T2 committed without waiting for T1's refresh"
        threading.Event().wait(0.05)
    else:
        pytest.fail("T2 never waited for T1's refresh lock")
    t1.commit()
    t1.close()
    t2.join(timeout=60)
    assert errors == []
    _equal_to_recompute(pg)


def _commit_reply(factory: sessionmaker[Session], probe_id: int) -> None:
    with transaction(factory) as s:
        _reply(s, probe_id)


def test_it_refreshes_a_mark_left_by_a_write_outside_replywatch_once_while_others_commit(
    pg: sessionmaker[Session], pg_engine: Engine
) -> None:
    """A committed mark nobody refreshed (raw SQL): concurrent commits take it without waiting for each other."""
    with pg() as s:
        a, b = _form_probes(s, "shop-a"), _form_probes(s, "shop-b")
    with pg_engine.begin() as conn:  # not a replywatch session: the trigger marks cell A, nobody refreshes it
        conn.execute(text("UPDATE probe SET latency_ms = latency_ms + 1000 WHERE id = :i"), {"i": a[0]})
    with pg() as s:
        assert s.scalar(select(RollupDirty.day).limit(1)) is not None
    barrier = threading.Barrier(3, timeout=60)

    assert _run([_reply_then_wait(pg, p, barrier) for p in (b[0], b[1], a[1])]) == []
    _equal_to_recompute(pg)


def test_it_rebuilds_after_a_bulk_write_while_others_commit(
    pg: sessionmaker[Session], pg_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marks over REBUILD_OVER: the commit that takes them rebuilds everything; concurrent refreshes wait for it."""
    monkeypatch.setattr(rollups, "REBUILD_OVER", 2)
    rebuilds: list[int] = []
    rebuild = rollups.rebuild
    monkeypatch.setattr(rollups, "rebuild", lambda s: rebuilds.append(1) or rebuild(s))
    with pg() as s:
        a, b = _form_probes(s, "shop-a"), _form_probes(s, "shop-b")
    with pg_engine.begin() as conn:  # a bulk change outside replywatch: every probe's cell marked
        conn.execute(text("UPDATE probe SET latency_ms = latency_ms + 1000 WHERE latency_ms IS NOT NULL"))
    with pg() as s:
        assert len(set(s.execute(select(RollupDirty.target_id, RollupDirty.kind, RollupDirty.day)))) > 2
    barrier = threading.Barrier(3, timeout=60)

    assert _run([_reply_then_wait(pg, p, barrier) for p in (b[0], a[0], a[1])]) == []
    assert rebuilds  # the bulk path ran (more than once if two commits split the marks between them)
    _equal_to_recompute(pg)
