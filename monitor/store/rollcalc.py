"""Rollup cells computed from raw probes and replies: the one definition backfill, refresh and `db check` share.

The queries are the report's own (monitor/store/reportq.py: same status sets,
same epoch expressions), grouped one level finer, by probe group and day, so
a rollup cell holds exactly what the raw report would have counted for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Integer, and_, bindparam, case, cast, func, or_, select
from sqlalchemy.orm import Session

from monitor.promises import Promise, describe
from monitor.report.hours import Hours, business_seconds_epoch, hours_of, zone
from monitor.store.models import Probe, Reply, Target
from monitor.store.reportq import REACHED, _epoch, _scan, _stream
from monitor.store.rollagg import F64, I64, Agg

CellKey = tuple[int, int, str, str, int]  # (campaign_id or 0, target_id, kind, group, day)
ALL_DAYS = -1
_STATUS_SLOT = {
    "answered": 2,
    "unanswered": 3,
    "submitted": 4,
    "failed": 7,
    "blocked": 8,
    "scheduled": 9,
    "running": 9,
}


def day_of(session: Session, col: Any) -> Any:
    """Days since 1970-01-01 (UTC) of a timestamp, as the database triggers compute it."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", col), Integer) // 86400
    return cast(func.floor(func.extract("epoch", col) / 86400), Integer)


def compute(
    session: Session, where: Sequence[Any] = (), *, targets: Collection[int] | None = None
) -> dict[CellKey, Agg]:
    """Day cells of the probes matching ``where`` (conditions on Probe, within ``targets`` if given), from raw rows.

    Grouped in the database: the shape for many probes (backfill, `db check`, report edges).
    """
    hours, slots = _targets(session, targets)
    cells: dict[CellKey, Agg] = defaultdict(Agg)
    head = _head(session)
    _counts(session, head, where, cells)
    _reached(session, head, where, cells, hours, slots)
    _reply_facts(session, head, where, cells)
    _promises(session, head, where, cells, hours)
    return {k: v for k, v in cells.items() if not v.empty()}


def _head(session: Session) -> list[Any]:
    return [
        func.coalesce(Probe.campaign_id, 0),
        Probe.target_id,
        Probe.kind,
        Probe.group,
        day_of(session, Probe.scheduled_at),
    ]


def _targets(session: Session, ids: Collection[int] | None) -> tuple[dict[int, Hours], _Slots]:
    """Business hours and heat-map zones of the targets, in one query."""
    q = select(Target.id, Target.business_hours, Target.timezone, Target.country)
    if ids is not None:
        q = q.where(Target.id.in_(list(ids)))
    hours: dict[int, Hours] = {}
    zones: dict[int, str] = {}
    for tid, bh, tz, country in session.execute(q):
        zones[tid] = tz or "UTC"
        if (h := hours_of(bh, tz, country)) is not None:
            hours[tid] = h
    return hours, _Slots(zones)


def _add_counts(v: list[int], status: str, auto: Any, human_none: Any, n: int) -> None:
    """``n`` probes of one status into the counts (monitor/store/rollagg.py COUNT_NAMES)."""
    v[0] += n
    if status in REACHED:
        v[1] += n
        v[6] += n if auto else 0
    if status == "unanswered" and auto and human_none:
        v[5] += n
    slot = _STATUS_SLOT.get(status)
    if slot is not None:
        v[slot] += n


def compute_days(session: Session, ranges: Collection[tuple[int, str, int]]) -> dict[CellKey, Agg]:
    """Day cells of a few (target_id, kind, day) ranges, from their raw rows taken one by one.

    What a refresh needs: a day of one target's touchpoint holds a handful of probes, so
    three queries (targets, probes, replies) replace the grouped path's six, and the rows go
    through the same per-row functions as ``compute``'s groups (so the figures are the same).
    """
    hours, slots = _targets(session, {t for t, _, _ in ranges})
    probes_q, replies_q = _day_queries(session, len(ranges))
    params: dict[str, Any] = {}
    for i, (tid, kind, day) in enumerate(sorted(ranges)):
        params.update({f"t{i}": tid, f"k{i}": kind, f"a{i}": day_start(day), f"b{i}": day_start(day + 1)})
    conn = session.connection()
    cells: dict[CellKey, Agg] = defaultdict(Agg)
    reached = _Reached(hours, slots)
    for cid, tid, kind, grp, day, status, auto, human_none, sched, sub, ms, dl, promise in conn.execute(
        probes_q, params
    ):
        key = (cid, tid, kind, grp, day)
        a = cells[key]
        _add_counts(a.counts, status, auto, human_none, 1)
        if status in REACHED:
            if sub is not None:
                reached.add(key, status, sched, sub, ms, dl)
            if promise is not None:
                _add_promise(a, hours.get(tid), status, ms, sub, promise)
    reached.store(cells)
    for cid, tid, kind, grp, day, rkind, score, canned, quality in conn.execute(replies_q, params):
        a = cells[(cid, tid, kind, grp, day)]
        _add_replies(a, rkind, 1, score is not None, score, 1 if canned else 0)
        if quality is not None:
            _add_checklist(a, quality)
    return {k: v for k, v in cells.items() if not v.empty()}


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def day_start(day: int) -> datetime:
    """Midnight UTC starting day ``day`` (days since 1970-01-01)."""
    return _EPOCH + timedelta(days=day)


_DAY_QUERIES: dict[tuple[str, int], tuple[Any, Any]] = {}


def _day_queries(session: Session, n: int) -> tuple[Any, Any]:
    """The probe and reply queries of ``n`` day ranges (bound t0, k0, a0, b0, ...), built once per shape.

    Why cached: building the statements cost more Python than running them on a few rows.
    """
    shape = (session.get_bind().dialect.name, n)
    if (cached := _DAY_QUERIES.get(shape)) is not None:
        return cached
    head = _head(session)
    cond = or_(
        *[
            and_(
                Probe.target_id == bindparam(f"t{i}"),
                Probe.kind == bindparam(f"k{i}"),
                Probe.scheduled_at >= bindparam(f"a{i}"),
                Probe.scheduled_at < bindparam(f"b{i}"),
            )
            for i in range(n)
        ]
    )
    probes = select(
        *head,
        Probe.status,
        Probe.auto_reply_at.is_not(None),
        Probe.first_human_reply_at.is_(None),
        _epoch(session, Probe.scheduled_at),
        _epoch(session, Probe.submitted_at),
        Probe.latency_ms,
        _epoch(session, Probe.deadline_at),
        Probe.promise,
    ).where(cond)
    replies = (
        select(*head, Reply.kind, Reply.quality_score, Reply.canned, Reply.quality)
        .join(Probe, Probe.id == Reply.probe_id)
        .where(cond)
    )
    _DAY_QUERIES[shape] = (probes, replies)
    return probes, replies


def _counts(session: Session, head: list[Any], where: Sequence[Any], cells: dict[CellKey, Agg]) -> None:
    keys = [
        *head,
        _scan(session, Probe.status),
        Probe.auto_reply_at.is_not(None),
        Probe.first_human_reply_at.is_(None),
    ]
    q = select(*keys, func.count()).where(*where).group_by(*keys)
    for row in session.execute(q):
        cid, tid, kind, grp, day, status, auto, human_none, n = tuple(row)
        _add_counts(cells[(cid, tid, kind, grp, day)].counts, status, auto, human_none, n)


class _Slots:
    """Heat-map slot of a submission in the target's zone, as monitor/report/metrics.py's _timing computes it."""

    def __init__(self, zones: dict[int, str]) -> None:
        self.zones = zones
        self.offsets: dict[tuple[str, int], float] = {}  # (zone, UTC hour) -> UTC offset

    def slot(self, tid: int, sub: float) -> int:
        okey = (self.zones.get(tid, "UTC"), int(sub // 3600))
        off = self.offsets.get(okey)
        if off is None:
            utcoff = datetime.fromtimestamp(okey[1] * 3600, zone(okey[0])).utcoffset()
            off = self.offsets[okey] = utcoff.total_seconds() if utcoff else 0.0
        local_s = sub + off
        return (int(local_s // 86400 + 3) % 7) * 24 + int(
            local_s % 86400 // 3600
        )  # 1970-01-01 was a Thursday


def _reached(
    session: Session,
    head: list[Any],
    where: Sequence[Any],
    cells: dict[CellKey, Agg],
    hours: dict[int, Hours],
    slots: _Slots,
) -> None:
    """Reached probes with a submission time, in one pass (see _Reached)."""
    q = select(
        *head,
        Probe.status,
        _epoch(session, Probe.scheduled_at),
        _epoch(session, Probe.submitted_at),
        Probe.latency_ms,
        _epoch(session, Probe.deadline_at),
    ).where(*where, _scan(session, Probe.status).in_(REACHED), Probe.submitted_at.is_not(None))
    reached = _Reached(hours, slots)
    for part in _stream(session, q):
        for cid, tid, kind, grp, day, status, sched, sub, ms, dl in part:
            reached.add((cid, tid, kind, grp, day), status, sched, sub, ms, dl)
    reached.store(cells)


class _Reached:
    """Each reached probe's heat slot and day; answers' latencies (with business-hours latency where
    the target has hours); censoring of those not answered. Collected per cell, stored as arrays."""

    def __init__(self, hours: dict[int, Hours], slots: _Slots) -> None:
        self.hours, self.slots = hours, slots
        self.rs: dict[CellKey, list[tuple[int, int]]] = defaultdict(list)
        self.lat: dict[CellKey, list[tuple[int, int, int]]] = defaultdict(list)
        self.biz: dict[CellKey, list[float]] = defaultdict(list)
        self.cen: dict[CellKey, list[tuple[float, float]]] = defaultdict(list)

    def add(self, key: CellKey, status: str, sched: Any, sub: Any, ms: Any, dl: Any) -> None:
        tid = key[1]
        sub = float(sub)
        slot, sday = self.slots.slot(tid, sub), int(float(sched) // 86400)
        self.rs[key].append((slot, sday))
        if status == "answered" and ms is not None:
            self.lat[key].append((ms, slot, sday))
            h = self.hours.get(tid)
            # no business time between request and reply: no work-hours latency (as in the raw report)
            if h is not None and (b := business_seconds_epoch(sub, sub + ms / 1000, h)) > 0:
                self.biz[key].append(b)
        else:
            self.cen[key].append((sub, float(dl) if status == "unanswered" and dl is not None else np.nan))

    def store(self, cells: dict[CellKey, Agg]) -> None:
        _store_arrays(cells, self.rs, self.lat, self.biz, self.cen)


def _store_arrays(
    cells: dict[CellKey, Agg],
    rs: dict[CellKey, list[tuple[int, int]]],
    lat: dict[CellKey, list[tuple[int, int, int]]],
    biz: dict[CellKey, list[float]],
    cen: dict[CellKey, list[tuple[float, float]]],
) -> None:
    for key, pairs in rs.items():
        arr = np.array(pairs, dtype=I64).reshape(-1, 2)
        cells[key].rs_slot, cells[key].rs_day = arr[:, 0].copy(), arr[:, 1].copy()
    for key, triples in lat.items():
        arr = np.array(triples, dtype=I64).reshape(-1, 3)
        cells[key].lat, cells[key].lat_slot, cells[key].lat_day = (
            arr[:, 0].copy(),
            arr[:, 1].copy(),
            arr[:, 2].copy(),
        )
    for key, fvalues in biz.items():
        cells[key].biz = np.array(fvalues, dtype=F64)
    for key, fpairs in cen.items():
        farr = np.array(fpairs, dtype=F64).reshape(-1, 2)
        cells[key].cen_sub, cells[key].cen_end = farr[:, 0].copy(), farr[:, 1].copy()


def _reply_facts(session: Session, head: list[Any], where: Sequence[Any], cells: dict[CellKey, Agg]) -> None:
    keys = [*head, Reply.kind]
    q = select(
        *keys,
        func.count(),
        func.count(Reply.quality_score),
        func.coalesce(func.sum(Reply.quality_score), 0),
        func.sum(case((Reply.canned.is_(True), 1), else_=0)),
    )
    q = q.join(Probe, Probe.id == Reply.probe_id).where(*where).group_by(*keys)
    for cid, tid, kind, grp, day, rkind, n, sc, ss, cn in session.execute(q):
        _add_replies(cells[(cid, tid, kind, grp, day)], rkind, n, sc, ss, cn)
    q2 = (
        select(*head, Reply.quality)
        .join(Probe, Probe.id == Reply.probe_id)
        .where(*where, Reply.quality.is_not(None))
    )
    for part in _stream(session, q2):
        for cid, tid, kind, grp, day, quality in part:
            _add_checklist(cells[(cid, tid, kind, grp, day)], quality)


def _add_replies(a: Agg, rkind: str, n: Any, scored: Any, score_sum: Any, canned: Any) -> None:
    """``n`` replies of one kind: ``scored`` of them graded, their scores' sum, ``canned`` of them templates."""
    a.kinds[rkind] += int(n)
    a.scored += int(scored)
    a.score_sum += int(score_sum or 0)
    a.canned += int(canned or 0)


def _add_checklist(a: Agg, quality: Any) -> None:
    passed = [name for name, v in ((quality or {}).get("items") or {}).items() if (v or {}).get("ok")]
    a.items.update(passed)


def _promises(
    session: Session,
    head: list[Any],
    where: Sequence[Any],
    cells: dict[CellKey, Agg],
    hours: dict[int, Hours],
) -> None:
    """What monitor/report/replyfacts.py checks, split into the part fixed for good and the part that waits on now."""
    q = select(
        *head, Probe.status, Probe.latency_ms, _epoch(session, Probe.submitted_at), Probe.promise
    ).where(*where, Probe.promise.is_not(None), _scan(session, Probe.status).in_(REACHED))
    for part in _stream(session, q):
        for cid, tid, kind, grp, day, status, ms, sub, data in part:
            _add_promise(cells[(cid, tid, kind, grp, day)], hours.get(tid), status, ms, sub, data)


def _add_promise(a: Agg, h: Hours | None, status: str, ms: Any, sub: Any, data: Any) -> None:
    """One reached probe's promise: kept or not once answered, still open otherwise."""
    p = Promise.from_json(data)
    if p is None:
        return
    a.with_promise += 1
    a.promises[(describe(p), p.seconds, p.source)] += 1
    if p.seconds is None or sub is None:
        return
    limit = (
        float(p.days * h.daily)
        if p.days and p.business and h is not None and h.daily > 0
        else float(p.seconds)
    )
    business = bool(p.business and h is not None)
    if status == "answered" and ms is not None:
        end = float(sub) + ms / 1000
        elapsed = business_seconds_epoch(float(sub), end, h) if business and h else end - float(sub)
        a.checked += 1
        a.kept += elapsed <= limit
    else:
        a.open.append((float(sub), limit, business))


def merge_days(days: Sequence[Agg]) -> Agg:
    """The all-time row of a cell: its days merged (the arrays sorted when stored)."""
    total = Agg()
    for d in days:
        total.merge(d)
    return total
