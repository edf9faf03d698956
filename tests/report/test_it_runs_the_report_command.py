from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import Config


def _run(cfg: Config, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        app, ["--config", str(cfg.base_dir / "replywatch.yaml"), "report", *args], env={"COLUMNS": "200"}
    )


def test_it_prints_the_table(
    seeded_cfg: Config, factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    res = _run(seeded_cfg)
    assert res.exit_code == 0, res.output
    assert "6 of 9 answered, 3 within 10 min" in res.output
    assert "shop-a" in res.output and "3 of 4 (75%)" in res.output


def test_it_filters_and_writes_files(
    seeded_cfg: Config, factory: sessionmaker[Session], seeded: dict[str, int], tmp_path: Path
) -> None:
    res = _run(
        seeded_cfg, "--target", "shop-b", "--touchpoint", "form", "-f", "json", "-o", str(tmp_path / "r.json")
    )
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert {(p["target"], p["touchpoint"]) for p in data["probes"]} == {("shop-b", "form")}
    assert data["total"]["answered_text"] == "1 of 2"
    res = _run(
        seeded_cfg,
        "--group",
        "client",
        "--since",
        "2026-01-05",
        "--until",
        "2026-01-06T00:00Z",
        "-f",
        "xlsx",
        "-o",
        str(tmp_path / "r.xlsx"),
    )
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "r.xlsx")
    assert (
        wb["Probes"].max_row - 1 == 4
    )  # shop-a's four probes submitted on Jan 5 (blocked/failed have no date there)
    res = _run(seeded_cfg, "-f", "csv")
    assert res.exit_code == 0 and "answered_text" in res.output
    res = _run(seeded_cfg, "-f", "html", "-o", str(tmp_path / "r.html"))
    assert res.exit_code == 0 and "<svg" in (tmp_path / "r.html").read_text("utf-8")


def test_it_refuses_binary_to_stdout_and_bad_formats(
    seeded_cfg: Config, factory: sessionmaker[Session]
) -> None:
    assert _run(seeded_cfg, "-f", "pdf").exit_code == 2
    assert _run(seeded_cfg, "-f", "doc").exit_code == 2
