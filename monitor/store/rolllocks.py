"""Who may rewrite which rollup rows at once, on PostgreSQL: transaction-scoped advisory locks.

A refresh takes the lock of every cell (campaign, target, kind, group) it will
recompute, in one sorted order, before it reads raw rows or rollups: two
refreshers of one cell run one after the other, and the second (READ
COMMITTED, PostgreSQL's default: every statement sees what committed before it
started) recomputes from the first one's rows.
One order for everyone means no deadlock among them; a cell's all-time row
moves with every one of its days, so the lock is the cell's, not the day's.
A full rebuild takes the rebuild lock exclusively, every refresh shares it
first, so a rebuild never interleaves with a refresh. SQLite needs none of
this: it has one writer at a time.

Keys are in the two-integer form, under namespaces of their own: they cannot
meet the single-bigint advisory locks elsewhere in replywatch (scheduler,
call windows, procrastinate's schema). Two cells whose hashes collide share a
lock, which only serialises them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

Cell = tuple[int, int, str, str]  # (campaign_id or 0, target_id, kind, group)

CELL_SPACE = 0x726F6C63  # "rolc"
REBUILD_SPACE = 0x726F6C72  # "rolr"

# One statement, rows in array order: the shared rebuild lock (NULL), then each cell's lock, sorted.
_LOCK_CELLS = text(
    "SELECT CASE WHEN u.k IS NULL THEN pg_advisory_xact_lock_shared(:rebuild, 0) "
    "ELSE pg_advisory_xact_lock(:cells, u.k) END "
    "FROM unnest(CAST(:keys AS integer[])) WITH ORDINALITY AS u(k, i) ORDER BY u.i"
)
_LOCK_REBUILD = text("SELECT pg_advisory_xact_lock(:rebuild, 0)")


def cell_key(cell: Cell) -> int:
    """A stable signed 32-bit key of a cell (the same in every process)."""
    cid, tid, kind, grp = cell
    h = zlib.crc32(f"{cid}\x1f{tid}\x1f{kind}\x1f{grp}".encode())
    return h - (1 << 32) if h >= 1 << 31 else h


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_cells(session: Session, cells: Iterable[Cell]) -> None:
    """Wait until no other transaction refreshes any of ``cells`` or rebuilds; held until commit."""
    if not _postgres(session):
        return
    keys: list[int | None] = [None, *sorted({cell_key(c) for c in cells})]
    session.execute(_LOCK_CELLS, {"rebuild": REBUILD_SPACE, "cells": CELL_SPACE, "keys": keys}).all()


def lock_rebuild(session: Session) -> None:
    """Wait until no other transaction refreshes or rebuilds; held until commit."""
    if _postgres(session):
        session.execute(_LOCK_REBUILD, {"rebuild": REBUILD_SPACE})
