"""The same hand-built probe set gives the same report on PostgreSQL as on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.report.metrics import build_report
from monitor.report.rows import summary_dict
from monitor.store.db import session_factory
from monitor.store.reportq import ReportFilter
from tests.fixtures.report_seed import NOW, seed

pytestmark = pytest.mark.postgres


def test_it_matches_sqlite(pg_engine: Engine, factory: sessionmaker[Session], seeded_cfg: Config) -> None:
    pg = session_factory(pg_engine)
    seed(pg, seeded_cfg)
    seed(factory, seeded_cfg)
    with pg() as a, factory() as b:
        on_pg = summary_dict(build_report(a, ReportFilter(), now=NOW))
        on_sqlite = summary_dict(build_report(b, ReportFilter(), now=NOW))
        filtered = build_report(a, ReportFilter(groups=("client",), kinds=("form",)), now=NOW)
    assert on_pg == on_sqlite
    m = filtered.cells[0].metrics
    assert (m.answered, m.reached) == (3, 4)
    assert m.business_latency is not None and m.business_latency.max_s == pytest.approx(7200)
