"""One writer of watcher health rows: an OK moves last_ok_at, an error keeps it and is cleaned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from monitor.store.db import transaction
from monitor.store.models import WatcherStatus
from monitor.store.watchers import record_status

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _row(factory: sessionmaker[Session], name: str) -> WatcherStatus:
    with factory() as s:
        row = s.get(WatcherStatus, name)
        assert row is not None
        s.expunge(row)
        return row


def test_it_keeps_the_last_good_time_through_an_error(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as s:
        record_status(s, "imap:a/INBOX", T0, "idle", details={"mode": "idle"}, merge_details=True)
    with transaction(factory) as s:
        record_status(
            s,
            "imap:a/INBOX",
            T0 + timedelta(minutes=1),
            "error",
            error="Ошибка\x00 сети",
            details={"tries": 1},
            merge_details=True,
            clear_error=False,
        )
    row = _row(factory, "imap:a/INBOX")
    assert row.state == "error" and row.last_error == "Ошибка сети"
    assert row.last_ok_at is not None and row.last_ok_at.replace(tzinfo=UTC) == T0
    assert row.details == {"mode": "idle", "tries": 1}
    with transaction(factory) as s:
        record_status(s, "imap:a/INBOX", T0 + timedelta(minutes=2), "idle", clear_error=False)
    assert _row(factory, "imap:a/INBOX").last_error == "Ошибка сети"


def test_it_clears_the_error_and_replaces_details_by_default(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as s:
        record_status(s, "chat", T0, "error", error="boom", details={"held": 3})
    with transaction(factory) as s:
        record_status(s, "chat", T0 + timedelta(seconds=10), "ok", details={"parked": 1})
    row = _row(factory, "chat")
    assert row.state == "ok" and row.last_error is None
    assert row.details == {"parked": 1}
