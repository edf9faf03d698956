"""Retention: old evidence files go, every figure stays, rows say what was pruned; waiting probes keep theirs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app
from monitor.clock import FakeClock
from monitor.config import Config
from monitor.daemon import Daemon, DaemonOptions
from monitor.report.metrics import build_report
from monitor.report.rows import summary_dict
from monitor.store.db import transaction
from monitor.store.models import Probe, Reply
from monitor.store.reportq import ReportFilter
from monitor.store.retention import prune_evidence
from tests.fixtures.report_seed import CONFIG, NOW, seed


@pytest.fixture
def cfg(make_config, monkeypatch: pytest.MonkeyPatch) -> Config:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")
    return make_config(CONFIG + "retention: {evidence_days: 3}\n")  # type: ignore[no-any-return]


def _evidence(
    cfg: Config, factory: sessionmaker[Session], ids: dict[str, int], outside: Path
) -> dict[str, Path]:
    root = cfg.data_path() / "evidence"
    files = {}
    for name in ("a_fast", "a_wait"):
        d = root / f"probe-{ids[name]}"
        d.mkdir(parents=True)
        (d / "after.png").write_bytes(b"png")
        (d / "page.html").write_text("<p>страница</p>", "utf-8")
        files[name] = d
    raw = cfg.data_path() / "mail" / "INBOX" / "1" / "7.eml"
    raw.parent.mkdir(parents=True)
    raw.write_bytes(b"Subject: old\r\n\r\nold")
    outside.write_text("not ours")
    with transaction(factory) as s:
        s.execute(update(Reply).where(Reply.probe_id == ids["a_fast"]).values(raw_path=str(raw)))
        p = s.get(Probe, ids["a_night"])
        assert p is not None
        p.evidence = [{"kind": "page", "path": str(outside)}]  # a row pointing outside the data dir
    files["raw"] = raw
    return files


def _figures(factory: sessionmaker[Session]) -> dict[str, object]:
    with factory() as s:
        d = summary_dict(build_report(s, ReportFilter(), now=NOW, detail=True))
    d.pop("generated_at")
    return d


def test_it_deletes_old_files_keeps_figures_and_notes_it(
    cfg: Config, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    ids = seed(factory, cfg)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    files = _evidence(cfg, factory, ids, outside)
    before = _figures(factory)
    done = prune_evidence(factory, cfg.data_path(), days=3, now=NOW)
    assert not files["a_fast"].exists() and not files["raw"].exists()
    assert (files["a_wait"] / "after.png").exists()  # still waiting for its answer
    assert outside.exists()  # never outside the data directory
    assert done.files == 3 and done.replies == 1
    assert _figures(factory) == before
    with factory() as s:
        fast = s.get(Probe, ids["a_fast"])
        assert fast is not None and fast.evidence == [] and fast.details["evidence_pruned_files"] == 2
        assert fast.details["evidence_pruned_at"].startswith("2026-01-12")
        reply = s.scalar(select(Reply).where(Reply.probe_id == ids["a_fast"], Reply.kind == "human"))
        assert reply is not None and reply.raw_path is None and "raw_pruned_at" in reply.details
    again = prune_evidence(factory, cfg.data_path(), days=3, now=NOW + timedelta(hours=1))
    assert again.files == 0 and again.probes == 0


def test_it_prunes_from_the_command_line_with_plain_progress(
    cfg: Config, factory: sessionmaker[Session]
) -> None:
    ids = seed(factory, cfg)
    d = cfg.data_path() / "evidence" / f"probe-{ids['a_fast']}"
    d.mkdir(parents=True)
    (d / "after.png").write_bytes(b"png")
    res = CliRunner().invoke(
        app, ["--config", str(cfg.base_dir / "replywatch.yaml"), "prune", "--evidence-days", "30"]
    )
    assert res.exit_code == 0, res.output
    assert "pruning evidence:" in res.output and "100%" in res.output and "figures unchanged" in res.output
    assert not d.exists()


async def test_it_prunes_in_run_when_configured(
    cfg: Config, factory: sessionmaker[Session], sqlite_engine: Engine
) -> None:
    ids = seed(factory, cfg)
    d = cfg.data_path() / "evidence" / f"probe-{ids['a_fast']}"
    d.mkdir(parents=True)
    (d / "after.png").write_bytes(b"png")
    daemon = Daemon(cfg, sqlite_engine, factory, FakeClock(NOW), DaemonOptions(once=True, web=False))
    assert await daemon.prune() == 1 and not d.exists()
