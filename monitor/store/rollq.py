"""Report reads from the rollups: the cells a filter covers, merged per (campaign, target, kind).

Unfiltered reports read each cell's all-time row; a since/until on UTC
midnights reads the day rows in range. Anything else (a filter ending
mid-day, or cells a write made outside a replywatch session left marked)
returns None and the report reads raw rows, so a figure is never stale.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import LargeBinary, func, literal, select
from sqlalchemy.orm import Session

from monitor.store.models import Campaign, Rollup, Target
from monitor.store.reportq import ReportFilter
from monitor.store.rollagg import Agg
from monitor.store.rollcalc import ALL_DAYS
from monitor.store.rollups import has_dirty

Key = tuple[int | None, int, str]


def _day(when: datetime | None) -> int | None | bool:
    """Days since 1970 of a UTC midnight; None for no bound; False when not on a midnight."""
    if when is None:
        return None
    secs = when.astimezone(UTC).timestamp()
    return int(secs // 86400) if secs % 86400 == 0 else False


def cells(session: Session, flt: ReportFilter, *, timing: bool = False) -> dict[Key, Agg] | None:
    """Merged rollups per (campaign_id, target_id, kind) for ``flt``, or None when raw rows must answer.

    ``timing`` also reads the heat map / trend / Kaplan-Meier columns (detailed reports only).
    """
    lo, hi = _day(flt.since), _day(flt.until)
    if lo is False or hi is False or has_dirty(session):
        return None
    q = select(Rollup.campaign_id, Rollup.target_id, Rollup.kind, Rollup.counts, Rollup.lat, Rollup.biz, Rollup.facts,
               Rollup.timing if timing else literal(b"", LargeBinary))
    if lo is None and hi is None:
        q = q.where(Rollup.day == ALL_DAYS)
    else:
        q = q.where(Rollup.day != ALL_DAYS)
        if lo is not None:
            q = q.where(Rollup.day >= lo)
        if hi is not None:
            q = q.where(Rollup.day < hi)
    if flt.campaigns:
        q = q.where(Rollup.campaign_id.in_(select(Campaign.id).where(Campaign.name.in_(flt.campaigns))))
    if flt.groups:
        q = q.where(Rollup.grp.in_(flt.groups))
    if flt.targets:
        q = q.where(Rollup.target_id.in_(select(Target.id).where(Target.name.in_(flt.targets))))
    if flt.kinds:
        q = q.where(Rollup.kind.in_(flt.kinds))
    out: dict[Key, Agg] = {}
    for cid, tid, kind, counts, lat, biz, facts, tm in session.execute(q):
        agg = Agg.decode(counts, bytes(lat), bytes(biz), facts, bytes(tm or b""))
        key = (cid or None, tid, kind)
        if key in out:
            out[key].merge(agg)
        else:
            out[key] = agg
    return out


def probes_per_campaign(session: Session) -> dict[int | None, int] | None:
    """Probe counts per campaign from the all-time rows (the overview's campaign list), or None."""
    if has_dirty(session):
        return None
    out: dict[int | None, int] = {}
    q = select(Rollup.campaign_id, Rollup.counts).where(Rollup.day == ALL_DAYS)
    for cid, counts in session.execute(q):
        out[cid or None] = out.get(cid or None, 0) + int(counts[0])
    return out


def rollup_rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Rollup)) or 0)
