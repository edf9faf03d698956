"""CSV exports open right in a Russian-locale Excel: UTF-8 with a BOM, Cyrillic intact."""

from __future__ import annotations

import io

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import Config
from monitor.report.metrics import build_report
from monitor.report.output import write_export
from monitor.store.reportq import ReportFilter
from tests.fixtures.report_seed import NOW

BOM = b"\xef\xbb\xbf"


def test_it_starts_the_csv_with_one_bom(
    seeded_cfg: Config, factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    with factory() as s:
        rep = build_report(s, ReportFilter(), now=NOW)
    buf = io.BytesIO()
    write_export("csv", rep, [], buf)
    data = buf.getvalue()
    assert data.startswith(BOM + b"target,") and data.count(BOM) == 1
    assert data[3:].decode("utf-8").splitlines()[0].startswith("target,group,campaign")
    json_buf = io.BytesIO()
    write_export("json", rep, [], json_buf)
    assert json_buf.getvalue().startswith(b"{")  # only CSV gets the BOM


def test_it_writes_the_bom_from_the_command_line(
    seeded_cfg: Config, factory: sessionmaker[Session], seeded: dict[str, int], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "отчёт.csv"
    res = CliRunner().invoke(
        app, ["--config", str(seeded_cfg.base_dir / "replywatch.yaml"), "report", "-f", "csv", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(BOM) and "shop-a" in raw.decode("utf-8-sig")
    assert not raw.decode("utf-8-sig").startswith("\ufeff")
