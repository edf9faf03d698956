"""A commit refreshes its rollup cells once, and writes no rollup row whose figures did not change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.store import rollups
from monitor.store.db import session_factory, transaction
from monitor.store.models import Probe, Rollup
from monitor.store.repo import claim_probe
from tests.fixtures.replies import store_email_reply
from tests.fixtures.report_seed import NOW, seed

ROLLUP_WRITE = re.compile(r"^\s*(UPDATE rollup |INSERT INTO rollup |DELETE FROM rollup )", re.I)
MARKS_TAKEN = re.compile(r"^\s*DELETE FROM rollup_dirty", re.I)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cur: Any, stmt: str, *_args: Any) -> None:
        seen.append(stmt)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_it_writes_no_rollup_row_when_no_figure_changes(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    with factory() as s:
        pending = s.scalar(select(Probe.id).where(Probe.status == "scheduled"))
    assert pending is not None
    with statements(factory.kw["bind"]) as seen, transaction(factory) as s:
        assert claim_probe(s, pending, "worker-1", NOW)  # scheduled -> running: both count as pending
    assert any(MARKS_TAKEN.match(x) for x in seen)  # the cell was marked and recomputed ...
    assert not [x for x in seen if ROLLUP_WRITE.match(x)]  # ... and found unchanged
    with factory() as s:
        assert rollups.check(s) == []


def test_it_refreshes_once_per_commit_not_per_savepoint(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    with statements(factory.kw["bind"]) as seen, transaction(factory) as s:
        # store_reply stores the reply in a savepoint, then grades it and updates its probe
        stored = store_email_reply(s, seeded["a_wait"], NOW, sender="manager@shop-a.test")
        assert stored is not None
    assert len([x for x in seen if MARKS_TAKEN.match(x)]) == 1
    assert len([x for x in seen if ROLLUP_WRITE.match(x)]) >= 1  # its cell did change
    with factory() as s:
        assert rollups.check(s) == []
        probe = s.get(Probe, seeded["a_wait"])
        assert probe is not None and probe.status == "answered"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("pg", marks=pytest.mark.postgres)])
def test_it_recomputes_both_cells_of_a_probe_moved_to_another_day_and_group(
    backend: str, request: pytest.FixtureRequest, seeded_cfg: Config
) -> None:
    engine = request.getfixturevalue("pg_engine" if backend == "pg" else "sqlite_engine")
    factory = session_factory(engine)
    ids = seed(factory, seeded_cfg)
    with transaction(factory) as s:
        p = s.get(Probe, ids["a_fast"])
        assert p is not None
        p.scheduled_at += timedelta(days=2)
        p.group = "competitor"  # shop-a is the client: its first competitor-group cell
        target = p.target_id
    with factory() as s:
        assert rollups.check(s) == []
        moved = select(func.count()).where(Rollup.target_id == target, Rollup.grp == "competitor")
        assert s.scalar(moved) == 2  # its day row and its all-time row
