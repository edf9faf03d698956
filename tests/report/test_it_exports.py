from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from monitor.report.exports import write_csv, write_json, write_xlsx
from monitor.report.html import render_html
from monitor.report.metrics import build_report
from monitor.report.pdf import html_to_pdf
from monitor.report.terminal import print_report, summary_lines
from monitor.store.reportq import ReportFilter, probe_rows
from tests.fixtures.report_seed import NOW


@pytest.fixture
def report_and_rows(factory: sessionmaker[Session], seeded: dict[str, int]):  # type: ignore[no-untyped-def]
    with factory() as s:
        yield build_report(s, ReportFilter(), now=NOW), list(probe_rows(s, ReportFilter()))


def test_it_writes_json_with_probes_and_summaries(report_and_rows) -> None:  # type: ignore[no-untyped-def]
    report, rows = report_and_rows
    buf = io.StringIO()
    write_json(report, rows, buf)
    data = json.loads(buf.getvalue())
    assert len(data["probes"]) == 12
    fast = next(p for p in data["probes"] if p["latency_seconds"] == 300)
    assert list(fast)[:9] == [
        "target",
        "touchpoint",
        "status",
        "submitted_at",
        "first_human_reply_at",
        "latency_seconds",
        "auto_reply_at",
        "sender",
        "reply_address",
    ]
    assert fast["target"] == "shop-a" and fast["touchpoint"] == "form" and fast["status"] == "answered"
    assert fast["submitted_at"] == "2026-01-05T07:00:00.000Z"
    assert fast["first_human_reply_at"] == "2026-01-05T07:05:00.000Z"
    assert fast["sender"] == "manager@shop-a.test"
    assert fast["reply_address"].endswith("@shopper.test")
    auto = next(p for p in data["probes"] if p["touchpoint"] == "email" and p["status"] == "unanswered")
    assert auto["auto_reply_at"] == "2026-01-05T10:02:00.000Z" and auto["sender"] == "manager@shop-a.test"
    assert auto["outcome"] == "auto_reply_only" and fast["outcome"] == "answered"
    outcomes = {p["outcome"] for p in data["probes"]}
    assert outcomes <= {
        "answered",
        "auto_reply_only",
        "unanswered",
        "waiting",
        "failed",
        "blocked",
        "pending",
    }
    a = next(x for x in data["summary"] if x["target"] == "shop-a" and x["touchpoint"] == "form")
    assert a["answered_text"] == "3 of 4" and a["within"]["600s"]["count"] == 1
    assert data["total"]["answered"] == 6
    assert sum(h["reached"] for h in data["by_hour_weekday"]) == 9
    a_curve = next(c for c in data["answered_by_time"] if c["target"] == "shop-a")
    assert [round(p["answered"], 4) for p in a_curve["points"]] == [0.2, 0.4, 0.7]
    assert [r["target"] for r in data["leaderboard"] if r["touchpoint"] == "form"] == [
        "shop-c",
        "shop-a",
        "shop-b",
    ]


def test_it_writes_csv_summary(report_and_rows) -> None:  # type: ignore[no-untyped-def]
    report, _ = report_and_rows
    buf = io.StringIO()
    write_csv(report, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    b = next(r for r in rows if r["target"] == "shop-b" and r["touchpoint"] == "email")
    assert (b["answered_text"], b["within_600s"], b["median_s"]) == ("1 of 1", "1", "480.0")


def test_it_writes_formatted_xlsx(report_and_rows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report, rows = report_and_rows
    path = tmp_path / "r.xlsx"
    write_xlsx(report, rows, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Summary", "Leaderboard", "Groups", "Probes"]
    ws = wb["Summary"]
    header = [c.value for c in ws[1]]
    assert ws["A1"].font.bold
    data = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    a = next(r for r in data if r["target"] == "shop-a" and r["touchpoint"] == "form")
    assert (a["answered"], a["reached"], a["within_600s"], a["median_s"]) == (3, 4, 1, 1800)
    assert wb["Probes"].max_row == 13
    lead = [[c.value for c in r] for r in wb["Leaderboard"].iter_rows(min_row=2)]
    assert lead[0][:3] == ["email", 1, "shop-b"]


def test_it_prints_the_terminal_table(report_and_rows) -> None:  # type: ignore[no-untyped-def]
    report, _ = report_and_rows
    console = Console(record=True, width=220)
    print_report(report, console)
    text = console.export_text()
    assert "6 of 9 answered, 3 within 10 min" in text
    assert "3 of 4 (75%)" in text
    assert "shop-a form: 3 of 4 answered, 1 within 10 min" in summary_lines(report)


def test_it_renders_html_with_charts_and_a_clean_appendix(report_and_rows) -> None:  # type: ignore[no-untyped-def]
    report, rows = report_and_rows
    html = render_html(report, rows, evidence_url=lambda p: f"/evidence/{p}")
    assert html.count("<svg") == 3
    assert "3 of 4 (75%)" in html and "6 of 9 answered" in html
    assert "<script" not in html.lower() and "<img src=x onerror" not in html
    assert "Есть в наличии." in html
    assert 'href="/evidence/probe-1/after.png"' in html


async def test_it_prints_a_pdf(report_and_rows) -> None:  # type: ignore[no-untyped-def]
    report, rows = report_and_rows
    pdf = await html_to_pdf(render_html(report, rows))
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
