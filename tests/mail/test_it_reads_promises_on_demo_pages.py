"""The promise parser on the demo shops' real pages: the text a probe sees near the form (issues 12/18 pass it in
``Submission.details["promise_text"]``), then recorded on the probe as the runner does."""

from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.demo.formsites import build_shops
from monitor.promises import parse_promise
from monitor.runner import record_page_promise
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe
from probes.base import Submission


def _near_form(html: str) -> str:
    """Visible text of the page around its forms, at most ~1,500 characters, as probes collect it."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n", strip=True)[:1500]


def test_it_finds_the_promises_the_demo_shops_make() -> None:
    found = {}
    for shop in build_shops():
        for path, html in shop.pages.items():
            p = parse_promise(_near_form(html), "page")
            if p is not None:
                found[(shop.name, path)] = (p.seconds, p.business)
    assert found[("callback", "/")] == (30, False)  # "Перезвоним за 30 секунд!"
    assert found[("english", "/contact")] == (86400, False)  # "We usually reply within a day."
    assert found[("widgets", "/contacts")] == (86400, False)  # "We answer within a day."
    # shops that promise nothing are not given a promise
    assert ("tyres", "/contacts") not in found and len(found) < len(build_shops())


def test_it_records_a_demo_pages_promise_on_the_probe(make_config, factory: sessionmaker[Session]) -> None:  # type: ignore[no-untyped-def]
    cfg = make_config("""
database: sqlite:///rw.db
shopper:
  personas: [{first_name: Анна, phone: "+7 912 345-67-01"}]
  questions: ["Перезвоните мне, пожалуйста"]
targets:
  - {name: stroy, url: "http://127.0.10.9:8080/", touchpoints: [{kind: callback, url: "http://127.0.10.9:8080/"}]}
""")
    page = next(s for s in build_shops(["callback"])).pages["/"]
    clock = FakeClock()
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        tp = repo.touchpoints_for(s, cfg, None)[0]
        pid = repo.create_probe(s, cfg, tp, scheduled_at=clock.now(), deadline=timedelta(hours=1)).id
        repo.claim_probe(s, pid, "w", clock.now())
        sub = Submission(submitted_at=clock.now(), details={"promise_text": _near_form(page)})
        repo.mark_submitted(
            s, pid, submitted_at=sub.submitted_at, evidence=[], details=dict(sub.details), message_id=None
        )
        record_page_promise(s, pid, sub)
    with factory() as s:
        p = s.get(Probe, pid)
        assert p is not None and p.promised_s == 30 and p.promise and p.promise["source"] == "page"
        assert p.promise["text"] == "Перезвоним за 30 секунд!"  # the sentence that says it, nothing around it
