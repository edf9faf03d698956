"""Report rollups: reports read them and get what raw rows give; they stay equal to a recompute; `db check` proves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import Config
from monitor.report.metrics import build_report
from monitor.report.rows import summary_dict
from monitor.store import rollq, rollups
from monitor.store.db import make_engine, session_factory, transaction
from monitor.store.models import Probe, Reply
from monitor.store.replies import assign_manually
from monitor.store.repo import expire_deadlines, sync_config
from monitor.store.reportq import ReportFilter
from tests.fixtures.replies import store_email_reply
from tests.fixtures.report_seed import NOW, Seeder, seed

DAY = datetime(2026, 1, 5, tzinfo=UTC)
FILTERS = [
    ReportFilter(),
    ReportFilter(groups=("client",), kinds=("form",)),
    ReportFilter(targets=("shop-b",)),
    ReportFilter(campaigns=("weekly",)),
    ReportFilter(since=DAY, until=DAY + timedelta(days=2)),
    ReportFilter(since=DAY + timedelta(days=1)),
    ReportFilter(
        since=DAY + timedelta(hours=7, minutes=30), until=DAY + timedelta(days=1, hours=10, minutes=30)
    ),
    ReportFilter(since=DAY + timedelta(hours=7, minutes=30), until=DAY + timedelta(hours=13)),
    ReportFilter(until=DAY + timedelta(days=1, hours=10, minutes=30), groups=("competitor",)),
]


def _same_as_raw(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        for flt in FILTERS:
            assert rollq.cells(s, flt) is not None, flt  # the rollups answer these filters
            for detail in (False, True):
                raw = summary_dict(build_report(s, flt, now=NOW, detail=detail, source="raw"))
                rolled = summary_dict(build_report(s, flt, now=NOW, detail=detail))
                assert rolled == raw, (flt, detail)


def test_it_reports_the_same_from_rollups_as_from_raw_rows(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    _same_as_raw(factory)
    with factory() as s:
        total = build_report(s, ReportFilter(), now=NOW, detail=False).total
    assert (total.answered, total.reached, total.within_count(600.0)) == (6, 9, 3)


@pytest.mark.postgres
def test_it_reports_the_same_on_postgres(pg_engine: Engine, seeded_cfg: Config) -> None:
    pg = session_factory(pg_engine)
    seed(pg, seeded_cfg)
    _same_as_raw(pg)


def _live_sequence(factory: sessionmaker[Session], cfg: Config, ids: dict[str, int]) -> None:
    """After the seed: a new probe answered, a stray reply assigned by hand, a reply reclassified,
    deadlines expiring, and a target's business hours changed in the config."""
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        new = sd.probe("shop-b", "email", NOW - timedelta(hours=2), human=90)
        stray = s.scalar(select(Reply.id).where(Reply.probe_id.is_(None)))
        assert stray is not None
        assign_manually(s, stray, ids["a_wait"])
    with transaction(factory) as s:  # a person decides the answer was an auto-reply after all
        r = s.scalar(select(Reply).where(Reply.probe_id == new))
        assert r is not None
        r.kind = "auto"
    with transaction(factory) as s:
        store_email_reply(s, new, NOW, sender="x@shop-b.test", excerpt="Да", message_key="<late@b>")
        expire_deadlines(s, NOW + timedelta(days=5))
    with transaction(factory) as s:
        sync_config(
            s,
            cfg.model_copy(
                update={
                    "targets": [
                        t.model_copy(
                            update={"business_hours": t.business_hours.model_copy(update={"days": "mon-sat"})}
                        )
                        if t.business_hours is not None
                        else t
                        for t in cfg.targets
                    ]
                }
            ),
        )


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("pg", marks=pytest.mark.postgres)])
def test_it_equals_a_recompute_after_submits_replies_reclassification_expiry_and_restart(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, seeded_cfg: Config
) -> None:
    url = request.getfixturevalue("pg_url") if backend == "pg" else f"sqlite:///{tmp_path / 'live.db'}"
    from monitor.store.db import upgrade

    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    ids = seed(factory, seeded_cfg)
    _live_sequence(factory, seeded_cfg, ids)
    engine.dispose()  # a restart: a new process sees only what was committed
    engine = make_engine(url)
    factory = session_factory(engine)
    with factory() as s:
        assert rollups.check(s) == []
        a_wait = s.get(Probe, ids["a_wait"])
        assert a_wait is not None and a_wait.status == "answered"
    _same_as_raw(factory)
    engine.dispose()


def test_it_names_a_tampered_rollup_row_and_rebuilds(
    factory: sessionmaker[Session], seeded: dict[str, int], seeded_cfg: Config
) -> None:
    def db(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(
            app,
            ["--config", str(seeded_cfg.base_dir / "replywatch.yaml"), "db", *args],
            env={"COLUMNS": "200"},
        )

    res = db("check")
    assert res.exit_code == 0, res.output
    assert "equal a full recompute" in res.output
    day = int(DAY.timestamp() // 86400)
    with transaction(factory) as s:
        s.execute(
            text(
                "UPDATE rollup SET counts = '[9, 9, 9, 0, 0, 0, 0, 0, 0, 0]' "
                "WHERE day = :d AND kind = 'form' AND grp = 'client'"
            ),
            {"d": day},
        )
    res = db("check")
    assert res.exit_code == 1
    assert "target shop-a / touchpoint form / day 2026-01-05" in res.output and "counts" in res.output
    res = db("rebuild-rollups")
    assert res.exit_code == 0, res.output
    assert db("check").exit_code == 0


def test_it_reads_raw_rows_while_a_write_outside_replywatch_is_unrolled(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    engine = factory.kw["bind"]
    with engine.begin() as conn:  # not a replywatch session: the triggers mark the cell, nobody refreshes it
        conn.execute(text("UPDATE probe SET status = 'failed' WHERE id = :i"), {"i": seeded["a_fast"]})
    with factory() as s:
        assert rollq.cells(s, ReportFilter()) is None
        report = build_report(s, ReportFilter(), now=NOW, detail=False)
        assert report.total.answered == 5  # the raw rows' answer, not the stale rollup's
        assert "cells marked dirty and not yet refreshed" in [d.what for d in rollups.check(s)]
    with transaction(factory) as s:  # the next replywatch commit refreshes whatever is marked
        s.execute(text("SELECT 1"))
    _same_as_raw(factory)
