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
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from tests.fixtures.report_seed import NOW, seed

pytestmark = pytest.mark.postgres


def _reply(s: Session, probe_id: int) -> None:
    at = NOW + timedelta(minutes=5)
    stored = store_reply(
        s,
        IncomingReply(
            channel="email",
            kind="human",
            message_key=f"<{uuid.uuid4()}@concurrent>",
            received_at=at,
            detected_at=at,
            sender="manager@shop.test",
            subject="Re: вопрос",
            excerpt="Да, есть.",
        ),
        MatchResult(probe_id, "address", "exact"),
    )
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
