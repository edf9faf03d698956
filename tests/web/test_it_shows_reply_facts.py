"""The dashboard's per-target card: checklist items, canned share, promise against real, machine replies."""

from __future__ import annotations

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.promises import parse_promise
from monitor.store.db import transaction
from monitor.store.models import Probe
from monitor.store.replies import record_promise
from tests.web.conftest import Served
from tests.web.test_it_protects_the_dashboard import _login


def test_it_shows_a_targets_reply_card_and_each_replys_checklist(
    served: Served, factory: sessionmaker[Session]
) -> None:
    with transaction(factory) as s:
        p = s.get(Probe, served.ids["a_fast"])
        promise = parse_promise("Перезвоним за 30 секунд", "page")
        assert p is not None and promise is not None
        record_promise(p, promise)
    with httpx.Client(base_url=served.url, timeout=60) as c:
        _login(c)
        page = c.get("/target/shop-a").text
        overview = c.get("/").text
    assert 'id="reply-card"' in page and "customer language" in page
    assert "promised 30 s; median 30m; kept 0 of 1" in page  # 300 s against a 30 s promise: broken
    # "Добрый день, да, есть.": answers (a yes) in the customer's language; no name, next step or signature
    assert "quality 2/5" in page and "✓ answered question: <q>Добрый день, да, есть.</q>" in page
    assert 'class="checklist"' in page and "✓ customer language" in page
    # the reply text a shop wrote is escaped in the proofs too, as everywhere
    assert "<script>" not in page
    assert "Quality (of 5)" in overview and "Canned" in overview
