"""Keeping the ``rollup`` table equal to a recompute from raw rows, and proving it.

Database triggers (monitor/store/rolltriggers.py) note every day cell a write
touches in ``rollup_dirty``; ``refresh``, called by the session's commit hook
(monitor/store/db.py), takes those marks, recomputes the cells from raw rows
and moves their all-time rows by the difference, so the figures change in the
same transaction as the probe or reply. A cell is recomputed, never
incremented: a retried or replayed write cannot count twice.

Concurrency (PostgreSQL, READ COMMITTED): a transaction takes the marks it
sees, its own and any a write outside replywatch committed (skipping those
another refresher holds: it refreshes them), then waits for the advisory
locks of their cells (monitor/store/rolllocks.py) and only then reads raw
rows and rollups, so it recomputes from whatever the previous refresher of
those cells committed. Nothing waits for another transaction's mark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from monitor.store import rolllocks
from monitor.store.models import Rollup, RollupDirty
from monitor.store.rollagg import Agg
from monitor.store.rollcalc import ALL_DAYS, CellKey, compute, compute_days, day_start, merge_days

CHUNK = 200
REBUILD_OVER = 20_000  # marked day cells above which a full rebuild beats refreshing them one chunk at a time

Cell = tuple[int, int, str, str]  # a day cell's key without its day
# Agg.encode()'s form of a row's content: counts, lat, biz, facts, timing
Encoded = tuple[list[int], bytes, bytes, dict[str, Any], bytes]
Stored = tuple[int, Encoded]  # a rollup row's id and content

_MARKS = cast(Table, RollupDirty.__table__)
_MARK_KEY = (_MARKS.c.campaign_id, _MARKS.c.target_id, _MARKS.c.kind, _MARKS.c.grp, _MARKS.c.day)
_ANY_MARK = select(_MARKS.c.id).limit(1)
_READ_MARKS = select(*_MARK_KEY)
# PostgreSQL: marks another refresher has taken (and may yet roll back) are its to refresh, never waited for
_TAKE_MARKS = (
    _MARKS.delete()
    .where(_MARKS.c.id.in_(select(_MARKS.c.id).with_for_update(skip_locked=True)))
    .returning(*_MARK_KEY)
)
_ROWS = cast(Table, Rollup.__table__)
_ROW_KEY = (_ROWS.c.campaign_id, _ROWS.c.target_id, _ROWS.c.kind, _ROWS.c.grp, _ROWS.c.day)
_CONTENT = ("counts", "lat", "biz", "facts", "timing")
_LOADS: dict[int, Any] = {}
_UPDATE = _ROWS.update().where(_ROWS.c.id == bindparam("rid"))
_DELETE = _ROWS.delete().where(_ROWS.c.id.in_(bindparam("ids", expanding=True)))


def has_dirty(session: Session) -> bool:
    return session.execute(_ANY_MARK).first() is not None


def refresh(session: Session) -> int:
    """Recompute the day cells marked so far, and their all-time rows; returns how many marks it took."""
    marks = _take_marks(session.connection())
    if not marks:
        return 0
    days = sorted({m for m in marks if m[4] != ALL_DAYS})
    if len(days) > REBUILD_OVER:  # a bulk load or a big import: one pass over everything is cheaper
        rebuild(session)
        return len(marks)
    rolllocks.lock_cells(session, {m[:4] for m in marks})
    run = _Refresh(session)
    for i in range(0, len(days), CHUNK):
        run.days(days[i : i + CHUNK])
    # an all-time mark (written by the triggers before revision rollup_marks) rebuilds that row from its days
    run.totals({m[:4] for m in marks if m[4] == ALL_DAYS})
    run.writes.apply(session.connection())
    return len(marks)


def _take_marks(conn: Connection) -> list[CellKey]:
    """Delete and return the marks this transaction sees; deleted now, they are gone for others at commit."""
    if conn.dialect.name == "postgresql":
        if (
            conn.execute(_ANY_MARK).first() is None
        ):  # then no DELETE: a read-only transaction must not run one
            return []
        return [tuple(r) for r in conn.execute(_TAKE_MARKS)]
    marks: list[CellKey] = [tuple(r) for r in conn.execute(_READ_MARKS)]
    if marks:  # SQLite has one writer: nobody marks anything between these two statements
        conn.execute(_MARKS.delete())
    return marks


class _Refresh:
    """One refresh: each cell's changed days as (old, new), the all-time rows read, the row writes gathered
    (written together at the end: one statement per kind of write)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changes: dict[Cell, list[tuple[Agg | None, Agg | None]]] = defaultdict(list)
        self.stored_totals: dict[Cell, Stored | None] = {}
        self.writes = _Writes()

    def days(self, keys: list[CellKey]) -> None:
        """Recompute day cells and note those whose content changed; their cells' all-time rows are read
        in the same query as the old day rows."""
        fresh = compute_days(self.session, {(k[1], k[2], k[4]) for k in keys})
        new_totals = [(*c, ALL_DAYS) for c in {k[:4] for k in keys} if c not in self.stored_totals]
        old = _load(self.session, [*keys, *new_totals])
        for t in new_totals:
            self.stored_totals[t[:4]] = old.get(t)
        for k in keys:
            new, row = fresh.get(k), old.get(k)
            encoded = new.encode() if new is not None else None
            if (row is None and encoded is None) or (row is not None and encoded == row[1]):
                continue  # e.g. scheduled -> running: same figures, nothing to write or move
            self.writes.put(k, row, encoded)
            self.changes[k[:4]].append((Agg.decode(*row[1]) if row is not None else None, new))

    def totals(self, rebuilt: set[Cell]) -> None:
        """The all-time rows: old total - old days + new days; from all day rows when there is no old total."""
        missing = [(*c, ALL_DAYS) for c in rebuilt if c not in self.stored_totals]
        loaded = _load(self.session, missing)
        self.stored_totals.update({k[:4]: loaded.get(k) for k in missing})
        for cell in sorted(set(self.changes) | rebuilt):
            row = self.stored_totals.get(cell)
            if row is None or cell in rebuilt:
                self.writes.apply(self.session.connection())  # the day rows as they are now
                total = merge_days(_day_rows(self.session, cell))
            else:
                total = Agg.decode(*row[1])
                for old, new in self.changes[cell]:
                    if old is not None:
                        total.subtract(old)
                    if new is not None:
                        total.merge(new)
            encoded = None if total.empty() else total.encode()
            if (row is None and encoded is None) or (row is not None and encoded == row[1]):
                continue
            self.writes.put((*cell, ALL_DAYS), row, encoded)


def _day_rows(session: Session, cell: Cell) -> list[Agg]:
    cid, tid, kind, grp = cell
    q = select(*(_ROWS.c[c] for c in _CONTENT)).where(
        _ROWS.c.campaign_id == cid,
        _ROWS.c.target_id == tid,
        _ROWS.c.kind == kind,
        _ROWS.c.grp == grp,
        _ROWS.c.day != ALL_DAYS,
    )
    return [Agg.decode(*_content(r)) for r in session.connection().execute(q)]


def _content(r: Any) -> Encoded:
    return (list(r[0]), bytes(r[1]), bytes(r[2]), r[3], bytes(r[4]))


def _load(session: Session, keys: list[CellKey]) -> dict[CellKey, Stored]:
    """Stored rows by key, as (id, content in Agg.encode()'s form, so a recompute compares by ==)."""
    if not keys:
        return {}
    params = {f"{p}{i}": v for i, key in enumerate(keys) for p, v in zip("ctkgd", key, strict=True)}
    rows = session.connection().execute(_load_query(len(keys)), params)
    return {(r[1], r[2], r[3], r[4], r[5]): (r[0], _content(r[6:])) for r in rows}


def _load_query(n: int) -> Any:
    """The rows of ``n`` keys (bound c0, t0, k0, g0, d0, ...), built once per count.

    An OR of equalities, not a tuple IN: SQLite walks the whole unique index for a tuple IN.
    """
    q = _LOADS.get(n)
    if q is None:
        q = _LOADS[n] = select(_ROWS.c.id, *_ROW_KEY, *(_ROWS.c[c] for c in _CONTENT)).where(
            or_(
                *[
                    and_(*(col == bindparam(f"{p}{i}") for p, col in zip("ctkgd", _ROW_KEY, strict=True)))
                    for i in range(n)
                ]
            )
        )
    return q


class _Writes:
    """Row changes gathered, then written in at most three statements (update, insert, delete)."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.inserts: list[dict[str, Any]] = []
        self.deletes: list[int] = []

    def put(self, key: CellKey, row: Stored | None, encoded: Encoded | None) -> None:
        if encoded is None:
            if row is not None:
                self.deletes.append(row[0])
            return
        content = dict(zip(_CONTENT, encoded, strict=True))
        if row is None:
            cid, tid, kind, grp, day = key
            self.inserts.append(
                {"campaign_id": cid, "target_id": tid, "kind": kind, "grp": grp, "day": day, **content}
            )
        else:
            self.updates.append({"rid": row[0], **content})

    def apply(self, conn: Connection) -> None:
        """Write what was gathered, and start over."""
        if self.deletes:
            conn.execute(_DELETE, {"ids": self.deletes})
        if self.updates:
            conn.execute(_UPDATE, self.updates)
        if self.inserts:
            conn.execute(_ROWS.insert(), self.inserts)
        self.updates, self.inserts, self.deletes = [], [], []


def _insert(session: Session, items: Iterable[tuple[CellKey, Agg]], batch: int = 5000) -> int:
    rows, n = [], 0
    for (cid, tid, kind, grp, day), agg in items:
        counts, lat, biz, facts, timing = agg.encode()
        rows.append(
            {
                "campaign_id": cid,
                "target_id": tid,
                "kind": kind,
                "grp": grp,
                "day": day,
                "counts": counts,
                "lat": lat,
                "biz": biz,
                "facts": facts,
                "timing": timing,
            }
        )
        if len(rows) >= batch:
            session.execute(_ROWS.insert(), rows)
            n, rows = n + len(rows), []
    if rows:
        session.execute(_ROWS.insert(), rows)
    return n + len(rows)


def full_recompute(session: Session) -> dict[CellKey, Agg]:
    """Every day cell and every all-time cell, from raw rows."""
    days = compute(session)
    by_cell: dict[tuple[int, int, str, str], list[Agg]] = defaultdict(list)
    for k, agg in days.items():
        by_cell[k[:4]].append(agg)
    out = dict(days)
    for cell, aggs in by_cell.items():
        out[(*cell, ALL_DAYS)] = merge_days(aggs)
    return out


def rebuild(session: Session) -> int:
    """Throw the rollups away and compute them again from raw rows (backfill, repair).

    The marks go first: a write outside replywatch that commits during the recompute keeps its mark for
    the next refresh. Marks another refresher has taken stay its own (it waits for this rebuild's lock).
    """
    rolllocks.lock_rebuild(session)
    conn = session.connection()
    conn.execute(_TAKE_MARKS if conn.dialect.name == "postgresql" else _MARKS.delete())
    fresh = full_recompute(session)
    conn.execute(delete(Rollup))
    return _insert(session, fresh.items())


def stored(session: Session) -> Iterator[tuple[CellKey, tuple[object, ...]]]:
    q = select(
        Rollup.campaign_id,
        Rollup.target_id,
        Rollup.kind,
        Rollup.grp,
        Rollup.day,
        Rollup.counts,
        Rollup.lat,
        Rollup.biz,
        Rollup.facts,
        Rollup.timing,
    )
    for r in session.execute(q):
        yield (r[0], r[1], r[2], r[3], r[4]), (list(r[5]), bytes(r[6]), bytes(r[7]), r[8], bytes(r[9]))


@dataclass(frozen=True)
class Difference:
    key: CellKey
    what: str  # "missing", "extra", or the differing part

    def describe(self, targets: dict[int, str], campaigns: dict[int, str]) -> str:
        cid, tid, kind, grp, day = self.key
        when = "all days" if day == ALL_DAYS else day_start(day).date().isoformat()
        camp = campaigns.get(cid, "(ad hoc)" if cid == 0 else f"#{cid}")
        return (
            f"target {targets.get(tid, f'#{tid}')} / touchpoint {kind} / day {when} "
            f"(campaign {camp}, group {grp}): {self.what}"
        )


def check(session: Session) -> list[Difference]:
    """Every stored rollup row against a full recompute: empty when they are equal."""
    fresh = {k: a.encode() for k, a in full_recompute(session).items()}
    diffs: list[Difference] = []
    seen: set[CellKey] = set()
    for key, row in stored(session):
        seen.add(key)
        want = fresh.get(key)
        if want is None:
            diffs.append(Difference(key, "extra row (no such probes)"))
            continue
        parts = [
            name
            for name, a, b in zip(
                ("counts", "latencies", "business latencies", "reply facts", "timing"), row, want, strict=True
            )
            if a != b
        ]
        if parts:
            diffs.append(Difference(key, "differs in " + ", ".join(parts)))
    diffs.extend(Difference(k, "missing row") for k in fresh if k not in seen)
    if session.scalar(select(func.count()).select_from(RollupDirty)):
        diffs.append(Difference((0, 0, "-", "-", ALL_DAYS), "cells marked dirty and not yet refreshed"))
    return sorted(diffs, key=lambda d: d.key)
