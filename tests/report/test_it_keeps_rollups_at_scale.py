"""Rollups on a synthetic history (bench_report.py's generator): reports equal raw rows, on SQLite and PostgreSQL.

The hand-built seed has a dozen probes; this one has thousands over dozens of
targets, with business hours, promises, auto-replies, ties in latency and
probes still waiting, bulk-loaded outside replywatch (so the first commit
refreshes every marked cell).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.bench_report import NOW, generate, load_pg, load_sqlite
from monitor.report.metrics import build_report
from monitor.report.rows import summary_dict
from monitor.store import rollq, rollups
from monitor.store.db import make_engine, session_factory, transaction
from monitor.store.reportq import ReportFilter

FILTERS = [
    ReportFilter(),
    ReportFilter(groups=("client",)),
    ReportFilter(kinds=("chat", "email")),
    ReportFilter(since=datetime(2026, 3, 1, tzinfo=UTC), until=datetime(2026, 4, 1, tzinfo=UTC)),
]


def _check(url: str) -> None:
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as s:
        assert rollups.has_dirty(s)  # the bulk load marked cells; this commit refreshes them
    with factory() as s:
        assert rollups.check(s) == []
        for flt in FILTERS:
            assert rollq.cells(s, flt) is not None
            for detail in (False, True):
                raw = summary_dict(build_report(s, flt, now=NOW, detail=detail, source="raw"))
                assert summary_dict(build_report(s, flt, now=NOW, detail=detail)) == raw, (flt, detail)
    engine.dispose()


def test_it_reports_the_same_from_rollups_on_sqlite(tmp_path: Path) -> None:
    probes, replies = generate(2500, 30)
    load_sqlite(tmp_path / "scale.db", 30, probes, replies)
    _check(f"sqlite:///{tmp_path / 'scale.db'}")


@pytest.mark.postgres
def test_it_reports_the_same_from_rollups_on_postgres(pg_url: str) -> None:
    probes, replies = generate(2500, 30)
    load_pg(pg_url.rsplit("/", 1)[1], 30, probes, replies)
    _check(pg_url)
