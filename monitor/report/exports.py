"""Machine-readable exports: JSON (probes + summaries), CSV (summary rows), XLSX (formatted sheets).

Probe rows are streamed from the database while writing, so an export of a
million probes never holds them all as objects.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from monitor.i18n import Lang
from monitor.report.cellsafe import safe_cell, safe_row
from monitor.report.headings import column_titles
from monitor.report.model import Report
from monitor.report.rows import flat_cell, leader_dict, probe_dict, summary_dict
from monitor.store.reportq import ProbeRow


def write_json(report: Report, probes: Iterable[ProbeRow], out: IO[str]) -> None:
    """{"probes": [...], "summary": [...], ...}; the probes list is written as it streams."""
    head = summary_dict(report)
    out.write('{"probes": [')
    for i, p in enumerate(probes):
        out.write(",\n  " if i else "\n  ")
        out.write(json.dumps(probe_dict(p), ensure_ascii=False))
    out.write("\n]")
    for key, value in head.items():
        out.write(f",\n{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    out.write("\n}\n")


def write_csv(report: Report, out: IO[str], lang: Lang | None = None) -> None:
    """One row per target x touchpoint (the table people paste into a spreadsheet); headings in `lang`."""
    rows = [flat_cell(c, report.sla_seconds) for c in report.cells]
    if not rows:
        out.write("target,touchpoint,probes,reached,answered\n")
        return
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writerow(dict(zip(w.fieldnames, column_titles(w.fieldnames, lang), strict=True)))
    w.writerows(safe_row(r) for r in rows)


def write_probes_csv(probes: Iterable[ProbeRow], out: IO[str]) -> None:
    w: Any = None
    for p in probes:
        d = probe_dict(p)
        d["evidence"] = " ".join(x for x in d["evidence"] if x)
        d["promise"] = _cellval(d["promise"]) if d["promise"] else None
        if w is None:
            w = csv.DictWriter(out, fieldnames=list(d))
            w.writeheader()
        w.writerow(safe_row(d))


def write_xlsx(report: Report, probes: Iterable[ProbeRow], path: Any, lang: Lang | None = None) -> None:
    """Summary, Leaderboard, Groups and Probes sheets, with headers, widths and number formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")

    def sheet(title: str, rows: list[dict[str, Any]], *, first: bool = False) -> Any:
        ws = wb.active if first else wb.create_sheet()
        ws.title = title
        if not rows:
            ws.append(["(no data)"])
            return ws
        ws.append([safe_cell(k) for k in column_titles(rows[0], lang)])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in rows:
            ws.append([safe_cell(_cellval(v)) for v in r.values()])
            for c in ws[ws.max_row]:
                if isinstance(c.value, str):
                    c.data_type = "s"  # text, never a formula, whatever it looks like
        for i, key in enumerate(rows[0], start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(key) + 4))
            if "rate" in key or key.endswith("share"):
                for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    c.number_format = "0%"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        return ws

    sheet("Summary", [flat_cell(c, report.sla_seconds) for c in report.cells], first=True)
    sheet("Leaderboard", [leader_dict(r) for r in report.leaderboard])
    sheet("Groups", [flat_cell(c, report.sla_seconds) for c in report.groups])
    sheet("Probes", [probe_dict(p) for p in probes])
    wb.save(path)


def _cellval(v: Any) -> Any:
    if isinstance(v, list):
        return " ".join(str(x) for x in v if x)
    if isinstance(v, dict):  # e.g. a probe's promise: its text, then where it was said
        return " ".join(f"{k}={x}" for k, x in v.items() if x not in (None, ""))
    return v
