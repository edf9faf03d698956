"""Rollup cells computed from raw probes and replies: the one definition backfill, refresh and `db check` share.

The queries are the report's own (monitor/store/reportq.py: same status sets,
same epoch expressions), grouped one level finer, by probe group and day, so
a rollup cell holds exactly what the raw report would have counted for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Integer, case, cast, func, select
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


def target_hours(session: Session, ids: Collection[int] | None = None) -> dict[int, Hours]:
    q = select(Target.id, Target.business_hours, Target.timezone, Target.country)
    if ids is not None:
        q = q.where(Target.id.in_(list(ids)))
    return {
        tid: h for tid, bh, tz, country in session.execute(q) if (h := hours_of(bh, tz, country)) is not None
    }


def compute(
    session: Session, where: Sequence[Any] = (), *, targets: Collection[int] | None = None
) -> dict[CellKey, Agg]:
    """Day cells of the probes matching ``where`` (conditions on Probe, within ``targets`` if given), from raw rows."""
    hours = target_hours(session, targets)
    cells: dict[CellKey, Agg] = defaultdict(Agg)
    head = [
        func.coalesce(Probe.campaign_id, 0),
        Probe.target_id,
        Probe.kind,
        Probe.group,
        day_of(session, Probe.scheduled_at),
    ]
    slots = _Slots(_zones(session, targets))
    _counts(session, head, where, cells)
    _reached(session, head, where, cells, hours, slots)
    _reply_facts(session, head, where, cells)
    _promises(session, head, where, cells, hours)
    return {k: v for k, v in cells.items() if not v.empty()}


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
        v = cells[(cid, tid, kind, grp, day)].counts
        v[0] += n
        if status in REACHED:
            v[1] += n
            v[6] += n if auto else 0
        if status == "unanswered" and auto and human_none:
            v[5] += n
        slot = _STATUS_SLOT.get(status)
        if slot is not None:
            v[slot] += n


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


def _zones(session: Session, ids: Collection[int] | None) -> dict[int, str]:
    q = select(Target.id, Target.timezone)
    if ids is not None:
        q = q.where(Target.id.in_(list(ids)))
    return {tid: tz or "UTC" for tid, tz in session.execute(q)}


def _reached(
    session: Session,
    head: list[Any],
    where: Sequence[Any],
    cells: dict[CellKey, Agg],
    hours: dict[int, Hours],
    slots: _Slots,
) -> None:
    """Reached probes with a submission time, in one pass: each one's heat slot and day; answers' latencies
    (with business-hours latency where the target has hours); censoring of those not answered."""
    q = select(
        *head,
        Probe.status,
        _epoch(session, Probe.scheduled_at),
        _epoch(session, Probe.submitted_at),
        Probe.latency_ms,
        _epoch(session, Probe.deadline_at),
    ).where(*where, _scan(session, Probe.status).in_(REACHED), Probe.submitted_at.is_not(None))
    rs: dict[CellKey, list[tuple[int, int]]] = defaultdict(list)
    lat: dict[CellKey, list[tuple[int, int, int]]] = defaultdict(list)
    biz: dict[CellKey, list[float]] = defaultdict(list)
    cen: dict[CellKey, list[tuple[float, float]]] = defaultdict(list)
    for part in _stream(session, q):
        for cid, tid, kind, grp, day, status, sched, sub, ms, dl in part:
            key = (cid, tid, kind, grp, day)
            sub = float(sub)
            slot, sday = slots.slot(tid, sub), int(float(sched) // 86400)
            rs[key].append((slot, sday))
            if status == "answered" and ms is not None:
                lat[key].append((ms, slot, sday))
                h = hours.get(tid)
                # no business time between request and reply: no work-hours latency (as in the raw report)
                if h is not None and (b := business_seconds_epoch(sub, sub + ms / 1000, h)) > 0:
                    biz[key].append(b)
            else:
                cen[key].append((sub, float(dl) if status == "unanswered" and dl is not None else np.nan))
    _store_arrays(cells, rs, lat, biz, cen)


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
        a = cells[(cid, tid, kind, grp, day)]
        a.kinds[rkind] += int(n)
        a.scored += int(sc)
        a.score_sum += int(ss or 0)
        a.canned += int(cn or 0)
    q2 = (
        select(*head, Reply.quality)
        .join(Probe, Probe.id == Reply.probe_id)
        .where(*where, Reply.quality.is_not(None))
    )
    for part in _stream(session, q2):
        for cid, tid, kind, grp, day, quality in part:
            passed = [name for name, v in ((quality or {}).get("items") or {}).items() if (v or {}).get("ok")]
            cells[(cid, tid, kind, grp, day)].items.update(passed)


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
            p = Promise.from_json(data)
            if p is None:
                continue
            a = cells[(cid, tid, kind, grp, day)]
            a.with_promise += 1
            a.promises[(describe(p), p.seconds, p.source)] += 1
            if p.seconds is None or sub is None:
                continue
            h = hours.get(tid)
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
