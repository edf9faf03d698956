"""One entry point for every file format, shared by `replywatch report` and the dashboard's export buttons."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterable
from typing import BinaryIO

from monitor.i18n import Lang
from monitor.report.exports import write_csv, write_json, write_xlsx
from monitor.report.html import file_url, render_html
from monitor.report.model import Report
from monitor.store.reportq import ProbeRow

FORMATS = ("csv", "json", "xlsx", "html", "pdf")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def write_export(
    fmt: str,
    report: Report,
    probes: Iterable[ProbeRow],
    out: BinaryIO,
    *,
    evidence_url: Callable[[str | None], str | None] = file_url,
    lang: Lang | None = None,
) -> None:
    """Write the report in `fmt` to a binary stream (a file, or a buffer for HTTP); headings in `lang`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt in ("csv", "json"):
        # CSV starts with a UTF-8 BOM: without it a Russian-locale Excel reads the file as cp1251 (garbled Cyrillic).
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        text = io.TextIOWrapper(
            out, encoding=encoding, newline="" if fmt == "csv" else None, write_through=True
        )
        if fmt == "csv":
            write_csv(report, text, lang)
        else:
            write_json(report, probes, text)
        text.flush()
        text.detach()
    elif fmt == "xlsx":
        write_xlsx(report, probes, out, lang)
    else:
        html = render_html(report, probes, evidence_url=evidence_url, lang=lang)
        if fmt == "html":
            out.write(html.encode("utf-8"))
        else:
            from monitor.report.pdf import html_to_pdf

            out.write(asyncio.run(html_to_pdf(html)))
