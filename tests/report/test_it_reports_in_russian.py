"""`replywatch report` and the exports speak the dashboard's language: Russian headings, English keys kept."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor import i18n
from monitor.cli import app
from monitor.config import Config
from monitor.report.exports import write_csv
from monitor.report.metrics import build_report
from monitor.report.output import write_export
from monitor.store.reportq import ReportFilter, probe_rows
from tests.fixtures.report_seed import NOW


def _report(factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    with factory() as s:
        return build_report(s, ReportFilter(), now=NOW, detail=True), list(probe_rows(s, ReportFilter()))


def test_it_prints_the_table_in_russian_under_a_russian_locale(
    seeded_cfg: Config, seeded: dict[str, int]
) -> None:
    res = CliRunner().invoke(
        app,
        ["--config", str(seeded_cfg.base_dir / "replywatch.yaml"), "report"],
        env={"COLUMNS": "220", "LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""},
    )
    assert res.exit_code == 0, res.output
    assert "ответили 6 из 9, 3 в пределах 10 мин" in res.output
    assert "По магазинам и каналам" in res.output and "Медиана (раб. часы)" in res.output
    assert "Per target and touchpoint" not in res.output
    assert "3 из 4 (75%)" in res.output and "форма" in res.output  # cells too, not only headings


def test_it_writes_russian_csv_headings_and_keeps_english_keys(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    report, _ = _report(factory)
    ru, en = io.StringIO(), io.StringIO()
    write_csv(report, ru, i18n.get("ru"))
    write_csv(report, en)
    ru_head, en_head = (
        next(csv.reader(io.StringIO(ru.getvalue()))),
        next(csv.reader(io.StringIO(en.getvalue()))),
    )
    assert en_head[:4] == ["target", "group", "campaign", "touchpoint"]
    assert ru_head[:4] == ["Магазин", "Группа", "Кампания", "Канал"]
    assert "В пределах 10 мин".lower() in [h.lower() for h in ru_head]
    assert len(ru_head) == len(en_head)
    assert ru.getvalue().splitlines()[1:] == en.getvalue().splitlines()[1:]  # only the headings differ


def test_it_writes_russian_xlsx_and_html(
    factory: sessionmaker[Session], seeded: dict[str, int], tmp_path: Path
) -> None:
    report, rows = _report(factory)
    with (tmp_path / "r.xlsx").open("wb") as fh:
        write_export("xlsx", report, rows, fh, lang=i18n.get("ru"))
    sheet = load_workbook(tmp_path / "r.xlsx")["Summary"]
    assert [c.value for c in sheet[1]][:2] == ["Магазин", "Группа"]
    buf = io.BytesIO()
    write_export("html", report, rows, buf, lang=i18n.get("ru"))
    html = buf.getvalue().decode("utf-8")
    assert '<html lang="ru">' in html and "По магазинам и каналам" in html
    assert "ответили 6 из 9" in html and "<!-- 10 мин -->" in html  # chart ticks too
