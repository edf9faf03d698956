"""Progress on long commands: a rich bar on a terminal, plain numbered lines when not a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app
from monitor.cli.progress import counted, progress_bar


def test_it_prints_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    with progress_bar("probing", 40, stream=out, tty=False) as step:
        for i in range(1, 41):
            step(i, 40)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["probing: 1/40 (2%)", "probing: 2/40 (5%)"] and lines[-1] == "probing: 40/40 (100%)"
    assert len(lines) == 21 and "\x1b[" not in out.getvalue()  # the first step, then every 5 %


def test_it_draws_a_bar_on_a_terminal() -> None:
    out = io.StringIO()
    with progress_bar("importing calls", 3, stream=out, tty=True) as step:
        for i in range(1, 4):
            step(i, 3)
    text = out.getvalue()
    assert "\x1b[" in text and "━" in text and "3/3" in text and "importing calls" in text
    assert "(100%)" not in text  # not the plain form


def test_it_counts_what_passes_through() -> None:
    seen: list[tuple[int, int]] = []
    assert list(counted(range(2500), lambda d, t: seen.append((d, t)), 2500)) == list(range(2500))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_it_reports_export_progress_from_the_command_line(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    monkeypatch,
    tmp_path: Path,
) -> None:
    from tests.fixtures.report_seed import CONFIG, seed

    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")
    cfg = make_config(CONFIG)
    seed(factory, cfg)
    res = CliRunner().invoke(
        app,
        [
            "--config",
            str(cfg.base_dir / "replywatch.yaml"),
            "report",
            "-f",
            "json",
            "-o",
            str(tmp_path / "r.json"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "writing json: 12/12 (100%)" in res.output
    assert len(json.loads((tmp_path / "r.json").read_text("utf-8"))["probes"]) == 12
