"""A plain-text reply's own words, even `<img ...>`, stay visible in evidence views, escaped, never live."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.report.html import render_html
from monitor.report.metrics import build_report
from monitor.report.sanitize import plain_text
from monitor.store.reportq import ReportFilter, probe_rows
from tests.fixtures.report_seed import NOW, seed
from tests.web.conftest import PASSWORD, Served


def test_it_escapes_excerpts_in_the_dashboard(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        c.post("/login", data={"csrf": token.group(1), "password": PASSWORD, "next": "/"})
        review = c.get("/review").text
        assert "&lt;b&gt;жирный&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in review
        assert "<script>" not in review and "<b>жирный" not in review
        target = c.get("/target/shop-c").text
        assert "&lt;img src=x onerror=" in target and "<img src=x" not in target


def test_it_escapes_excerpts_in_the_html_report(factory: sessionmaker[Session], web_cfg: Config) -> None:
    seed(factory, web_cfg)
    with factory() as s:
        html = render_html(
            build_report(s, ReportFilter(), now=NOW),
            list(probe_rows(s, ReportFilter())),
            evidence_url=lambda p: f"/evidence/{p}",
        )
    assert "&lt;script&gt;fetch(" in html and "<script" not in html.lower() and "<img src=x" not in html


def test_it_keeps_line_breaks_and_russian() -> None:
    assert str(plain_text("Цена: <100 ₽\nДа & нет")) == "Цена: &lt;100 ₽<br>\nДа &amp; нет"
    assert str(plain_text(None)) == ""
