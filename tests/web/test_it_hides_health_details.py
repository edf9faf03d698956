"""/healthz: ok/error and counts for anyone; watcher names (mailbox, host) only when signed in."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.store.db import transaction
from monitor.store.models import WatcherStatus
from tests.fixtures.report_seed import NOW
from tests.web.conftest import PASSWORD, Served

MAILBOX = "imap:shopper@mail.example.ru:993/INBOX"


def test_it_shows_only_counts_without_sign_in(served: Served, factory: sessionmaker[Session]) -> None:
    with transaction(factory) as s:
        s.add(
            WatcherStatus(
                name=MAILBOX,
                state="error",
                last_error="LOGIN failed at /var/mail/secret",
                updated_at=NOW,
                last_ok_at=NOW,
                details={"host": "mail.example.ru"},
            )
        )
        s.add(WatcherStatus(name="chat", state="ok", updated_at=NOW, last_ok_at=NOW, details={}))
    with httpx.Client(base_url=served.url) as c:
        anon = c.get("/healthz")
        assert anon.status_code == 200
        assert anon.json() == {"db": "ok", "watchers": 2, "watchers_failing": 1}
        for leak in ("shopper", "mail.example", "/var/", "INBOX", "chat"):
            assert leak not in anon.text, leak
        page = c.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        c.post("/login", data={"csrf": token.group(1), "password": PASSWORD, "next": "/"})
        signed = c.get("/healthz").json()
        assert signed["details"][MAILBOX]["state"] == "error" and "chat" in signed["details"]
