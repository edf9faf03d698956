"""Telling a database that is down from a statement it refuses, and waiting out the first.

A restart of PostgreSQL (or a long write lock on SQLite) must not turn a probe
that reached the shop into a lost verdict, nor a good message into an
``unparsed`` one: such errors mean "try again", never "this input is bad".
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger("replywatch.store")

T = TypeVar("T")


def is_outage(exc: BaseException) -> bool:
    """A database that is down, restarting or busy, not a value it refuses: worth retrying as is."""
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def retry_while_down(write: Callable[[], T], what: str, *, patience: float = 900.0) -> T:
    """Run ``write`` until it succeeds, for as long as the database is only unavailable (up to ``patience`` s).

    Other errors propagate at once. Blocking: call it from a worker thread.
    """
    delay, waited = 1.0, 0.0
    while True:
        try:
            return write()
        except Exception as exc:
            if not is_outage(exc) or waited >= patience:
                raise
            log.warning(
                "%s: database unavailable (%s); retrying in %.0fs",
                what,
                str(exc).splitlines()[0][:200],
                delay,
                extra={"event": "database_unavailable"},
            )
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, 30.0)
