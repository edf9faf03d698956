"""The one writer of ``WatcherStatus`` rows (the scheduler's, each IMAP folder's, chat's).

`replywatch status` and /healthz read these rows; every watcher reports the
same way, so an OK clears what it should and an error keeps the last good time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from monitor.store.models import WatcherStatus
from monitor.store.text import clean_text


def record_status(
    session: Session,
    name: str,
    now: datetime,
    state: str,
    *,
    error: str | None = None,
    details: dict[str, Any] | None = None,
    merge_details: bool = False,
    clear_error: bool = True,
) -> None:
    """Upsert watcher ``name``'s row.

    Without ``error`` the watcher is fine now (``last_ok_at`` moves; ``last_error`` is
    cleared unless ``clear_error`` is False, as the IMAP watcher keeps its last error
    in view until a new one). With ``error`` only the error changes (a site's text
    may hold NULs, so it is cleaned). ``details`` replace the row's, or with
    ``merge_details`` update them key by key.
    """
    row = session.get(WatcherStatus, name)
    if row is None:
        row = WatcherStatus(name=name, state=state, updated_at=now, details={})
        session.add(row)
    row.state = state
    row.updated_at = now
    if error is None:
        row.last_ok_at = now
        if clear_error:
            row.last_error = None
    else:
        row.last_error = clean_text(error[:2000])
    if details is not None:
        row.details = {**(row.details or {}), **details} if merge_details else details
