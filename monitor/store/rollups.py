"""Keeping the ``rollup`` table equal to a recompute from raw rows, and proving it.

Database triggers (monitor/store/rolltriggers.py) note every cell a write
touches in ``rollup_dirty``; ``refresh`` recomputes those cells from raw rows
and clears them, called by the session's commit hook (monitor/store/db.py),
so the figures change in the same transaction as the probe or reply. A cell is
recomputed, never incremented: a retried or replayed write cannot count twice.
On PostgreSQL the trigger's insert into ``rollup_dirty`` waits for another
open transaction that touched the same cell, so two writers refresh one
after the other and the second sees the first's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, insert, or_, select, tuple_
from sqlalchemy.orm import Session

from monitor.store.models import Probe, Rollup, RollupDirty
from monitor.store.rollagg import Agg
from monitor.store.rollcalc import ALL_DAYS, CellKey, compute, merge_days

CHUNK = 200
REBUILD_OVER = 20_000  # marked day cells above which a full rebuild beats refreshing them one chunk at a time
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _day_start(day: int) -> datetime:
    return _EPOCH + timedelta(days=day)


def _key(r: Rollup | RollupDirty) -> CellKey:
    return (r.campaign_id, r.target_id, r.kind, r.grp, r.day)


def has_dirty(session: Session) -> bool:
    return session.scalar(select(RollupDirty.id).limit(1)) is not None


def refresh(session: Session) -> int:
    """Recompute the cells the triggers marked, then clear the marks; returns how many cells."""
    keys = [
        (d.campaign_id, d.target_id, d.kind, d.grp, d.day)
        for d in session.execute(
            select(
                RollupDirty.campaign_id,
                RollupDirty.target_id,
                RollupDirty.kind,
                RollupDirty.grp,
                RollupDirty.day,
            )
        )
    ]
    if not keys:
        return 0
    days = [k for k in keys if k[4] != ALL_DAYS]
    if len(days) > REBUILD_OVER:  # a bulk load or a big import: one pass over everything is cheaper
        rebuild(session)
        return len(keys)
    changes: dict[tuple[int, int, str, str], list[tuple[Agg | None, Agg | None]]] = defaultdict(list)
    for i in range(0, len(days), CHUNK):
        for key, change in _refresh_days(session, days[i : i + CHUNK]).items():
            changes[key[:4]].append(change)
    for cell in {k[:4] for k in keys if k[4] == ALL_DAYS} | set(changes):
        _refresh_total(session, cell, changes.get(cell, []))
    cols = tuple_(
        RollupDirty.campaign_id, RollupDirty.target_id, RollupDirty.kind, RollupDirty.grp, RollupDirty.day
    )
    for i in range(
        0, len(keys), CHUNK
    ):  # only the marks read above: others' marks wait for their own refresh
        session.execute(delete(RollupDirty).where(cols.in_(keys[i : i + CHUNK])))
    return len(keys)


def _refresh_days(session: Session, keys: list[CellKey]) -> dict[CellKey, tuple[Agg | None, Agg | None]]:
    """Recompute day cells (one raw query set per chunk, over the (target, kind, day) index range).

    Returns each cell's (old, new) content, so the all-time rows change by the difference.
    """
    ranges = {(k[1], k[2], k[4]) for k in keys}
    cond = or_(
        *[
            and_(
                Probe.target_id == t,
                Probe.kind == kind,
                Probe.scheduled_at >= _day_start(d),
                Probe.scheduled_at < _day_start(d + 1),
            )
            for t, kind, d in ranges
        ]
    )
    fresh = compute(session, [cond], targets={k[1] for k in keys})
    old = _load(session, keys)
    _delete_keys(session, keys)
    _insert(session, ((k, fresh[k]) for k in keys if k in fresh))
    return {k: (old.get(k), fresh.get(k)) for k in keys}


def _load(session: Session, keys: list[CellKey]) -> dict[CellKey, Agg]:
    cols = (Rollup.campaign_id, Rollup.target_id, Rollup.kind, Rollup.grp, Rollup.day)
    q = select(*cols, Rollup.counts, Rollup.lat, Rollup.biz, Rollup.facts, Rollup.timing).where(
        tuple_(*cols).in_(keys)
    )
    return {
        (r[0], r[1], r[2], r[3], r[4]): Agg.decode(r[5], bytes(r[6]), bytes(r[7]), r[8], bytes(r[9]))
        for r in session.execute(q)
    }


def _refresh_total(
    session: Session, cell: tuple[int, int, str, str], changes: list[tuple[Agg | None, Agg | None]]
) -> None:
    """The all-time row: old total - old days + new days; from all day rows when there is no old total."""
    cid, tid, kind, grp = cell
    key: CellKey = (*cell, ALL_DAYS)
    total = _load(session, [key]).get(key)
    if total is None or not changes:
        q = select(Rollup.counts, Rollup.lat, Rollup.biz, Rollup.facts, Rollup.timing).where(
            Rollup.campaign_id == cid,
            Rollup.target_id == tid,
            Rollup.kind == kind,
            Rollup.grp == grp,
            Rollup.day != ALL_DAYS,
        )
        total = merge_days(
            [Agg.decode(c, bytes(lt), bytes(bz), f, bytes(tm)) for c, lt, bz, f, tm in session.execute(q)]
        )
    else:
        for old, new in changes:
            if old is not None:
                total.subtract(old)
            if new is not None:
                total.merge(new)
    _delete_keys(session, [key])
    if not total.empty():
        _insert(session, [(key, total)])


def _delete_keys(session: Session, keys: list[CellKey]) -> None:
    if keys:
        session.execute(
            delete(Rollup).where(
                tuple_(Rollup.campaign_id, Rollup.target_id, Rollup.kind, Rollup.grp, Rollup.day).in_(keys)
            )
        )


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
            session.execute(insert(Rollup), rows)
            n, rows = n + len(rows), []
    if rows:
        session.execute(insert(Rollup), rows)
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
    """Throw the rollups away and compute them again from raw rows (backfill, repair)."""
    fresh = full_recompute(session)
    session.execute(delete(Rollup))
    session.execute(delete(RollupDirty))
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
        when = "all days" if day == ALL_DAYS else _day_start(day).date().isoformat()
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
