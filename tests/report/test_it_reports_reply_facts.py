"""Reply kinds, checklist scores, canned shares and promises appear in every report format, beside latency."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from openpyxl import load_workbook
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from monitor.promises import parse_promise
from monitor.report.exports import write_csv, write_json, write_xlsx
from monitor.report.html import render_html
from monitor.report.metrics import build_report
from monitor.report.terminal import print_report
from monitor.store.db import transaction
from monitor.store.models import Probe
from monitor.store.replies import IncomingReply, MatchResult, record_promise, store_reply
from monitor.store.reportq import ReportFilter, probe_rows
from tests.fixtures.report_seed import NOW

SHOP_A_FORM = ReportFilter(targets=("shop-a",), kinds=("form",))


def _extras(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    """A promise on two of shop-a's form probes (one kept, one broken), a receipt and a newsletter."""
    with transaction(factory) as s:
        for name in ("a_fast", "a_night"):
            p = s.get(Probe, seeded[name])
            promise = parse_promise("Ответим в течение 10 минут!", "page")
            assert p is not None and promise is not None
            record_promise(p, promise)
        p = s.get(Probe, seeded["a_fast"])
        assert p is not None and p.submitted_at is not None
        for key, kind, text in (("<r1@a>", "receipt", "Прочитано"), ("<n1@a>", "newsletter", "Скидки 10%")):
            store_reply(
                s,
                IncomingReply(
                    channel="email",
                    kind=kind,
                    message_key=key,
                    detected_at=NOW,
                    received_at=p.submitted_at + timedelta(seconds=1),
                    excerpt=text,
                ),
                MatchResult(p.id, "address", "exact"),
            )


def test_it_keeps_latency_apart_and_reports_quality_and_promises(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    with factory() as s:
        before = build_report(s, SHOP_A_FORM, now=NOW).cells[0].metrics
    _extras(factory, seeded)
    with factory() as s:
        after = build_report(s, SHOP_A_FORM, now=NOW).cells[0].metrics
    # a receipt a second after the question and a newsletter change no figure of who answered and how fast
    assert (after.answered, after.latency, after.within) == (before.answered, before.latency, before.within)
    assert dict(after.reply_kinds) == {"auto": 1, "human": 3, "newsletter": 1, "receipt": 1}
    assert after.promise.promised == "10 min" and after.promise.source == "page"
    assert (after.promise.kept, after.promise.checked, after.promise.with_promise) == (1, 2, 2)
    assert after.quality.scored == 3 and after.quality.mean is not None
    assert dict(after.quality.items).get("customer_language") == 3  # the per-target view has the items


def test_it_shows_them_in_every_format(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    _extras(factory, seeded)
    with factory() as s:
        report = build_report(s, ReportFilter(), now=NOW)
        rows = list(probe_rows(s, ReportFilter()))
    out = io.StringIO()
    print_report(report, Console(file=out, width=220, color_system=None))
    text = out.getvalue()
    assert "Quality" in text and "Canned" in text and "promised 10 min; median 30m; kept 1 of 2" in text
    assert "receipt 1" in text and "newsletter 1" in text
    buf = io.StringIO()
    write_csv(report, buf)
    a = next(
        r
        for r in csv.DictReader(io.StringIO(buf.getvalue()))
        if r["target"] == "shop-a" and r["touchpoint"] == "form"
    )
    assert (a["promised"], a["promise_kept"], a["promise_checked"], a["replies_receipt"]) == (
        "10 min",
        "1",
        "2",
        "1",
    )
    assert a["quality_scored"] == "3" and float(a["quality_mean_of_5"]) > 0
    js = io.StringIO()
    write_json(report, rows, js)
    data = json.loads(js.getvalue())
    cell = next(x for x in data["summary"] if x["target"] == "shop-a" and x["touchpoint"] == "form")
    assert (
        cell["promise"]["kept"] == 1
        and cell["quality"]["scored"] == 3
        and cell["reply_kinds"]["receipt"] == 1
    )
    fast = next(p for p in data["probes"] if p["id"] == seeded["a_fast"])
    assert fast["promise"]["seconds"] == 600 and fast["quality_score"] is not None and fast["canned"] is False
    xbuf = io.BytesIO()
    write_xlsx(report, rows, xbuf)
    header = [c.value for c in load_workbook(xbuf)["Summary"][1]]
    assert {"quality_mean_of_5", "canned_share", "promised", "promise_kept", "replies_ack"} <= set(header)
    html = render_html(report, rows)
    assert "promised 10 min; median 30m; kept 1 of 2" in html and "Quality (of 5)" in html
