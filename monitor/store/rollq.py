"""Report reads from the rollups: the rows a filter covers, as columns keyed by (campaign, target, kind).

Unfiltered reports read each cell's all-time row; a since/until reads the
day rows of the whole days in range and computes the partial first and last
day from raw rows (the same function the rollups are built with). Cells a
write made outside a replywatch session left marked make it return None:
the report then reads raw rows, so a figure is never stale.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import LargeBinary, Text, cast, func, literal, select
from sqlalchemy.orm import Session

from monitor.store.models import Campaign, Probe, Rollup, Target
from monitor.store.reportq import ReportFilter
from monitor.store.rollagg import COUNT_NAMES, F64, I64, TimingColumns, unpack_timings
from monitor.store.rollcalc import ALL_DAYS, compute
from monitor.store.rollups import has_dirty

Key = tuple[int | None, int, str]


def _split(flt: ReportFilter) -> tuple[int | None, int | None, list[tuple[datetime | None, datetime | None]]]:
    """Whole UTC days [lo, hi) the day rows answer, and the partial-day edges raw rows must answer."""

    def day(when: datetime, up: bool) -> int:
        secs = when.astimezone(UTC).timestamp()
        return int(-(-secs // 86400)) if up else int(secs // 86400)

    lo = day(flt.since, True) if flt.since is not None else None
    hi = day(flt.until, False) if flt.until is not None else None
    edges: list[tuple[datetime | None, datetime | None]] = []
    if lo is not None and hi is not None and lo >= hi:
        return lo, lo, [(flt.since, flt.until)]  # within one day: raw rows only
    if flt.since is not None and lo is not None and _midnight(lo) != flt.since:
        edges.append((flt.since, _midnight(lo)))
    if flt.until is not None and hi is not None and _midnight(hi) != flt.until:
        edges.append((_midnight(hi), flt.until))
    return lo, hi, edges


def _midnight(day: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=day)


def _raw_conditions(flt: ReportFilter, since: datetime | None, until: datetime | None) -> list[Any]:
    cond: list[Any] = []
    if flt.campaigns:
        cond.append(Probe.campaign_id.in_(select(Campaign.id).where(Campaign.name.in_(flt.campaigns))))
    if flt.groups:
        cond.append(Probe.group.in_(flt.groups))
    if flt.targets:
        cond.append(Probe.target_id.in_(select(Target.id).where(Target.name.in_(flt.targets))))
    if flt.kinds:
        cond.append(Probe.kind.in_(flt.kinds))
    if since is not None:
        cond.append(Probe.scheduled_at >= since)
    if until is not None:
        cond.append(Probe.scheduled_at < until)
    return cond


@dataclass
class Rows:
    """Rollup rows a report reads, column by column: one entry per row, not yet merged per key.

    Why columns: an unfiltered report reads 8,000 all-time rows and a month's filter 240,000 day rows;
    building one object per row and merging them per key cost more than the query. The report's
    grouping (monitor/report/grouped.py) merges rows with equal keys anyway. Latencies are laid row
    after row (each row's ascending, as stored), ``*_len`` per row.
    """

    keys: list[Key]
    counts: npt.NDArray[np.int64]  # (rows, 10)
    lat: npt.NDArray[np.int64]
    lat_len: npt.NDArray[np.int64]
    biz: npt.NDArray[np.float64]
    biz_len: npt.NDArray[np.int64]
    facts: list[dict[str, Any]]
    timing: list[bytes]  # empty unless asked for

    def timings(self) -> TimingColumns:
        """Every row's timing columns (the heat map, trend and curves read these)."""
        return unpack_timings(self.lat, self.lat_len, self.timing)


def cells(session: Session, flt: ReportFilter, *, timing: bool = False) -> Rows | None:
    """The rollup rows for ``flt``, or None when raw rows must answer.

    Unfiltered: the all-time rows; a time range: the day rows of its whole days, and its partial
    first and last day computed from raw rows. ``timing`` also reads the heat map / trend /
    Kaplan-Meier columns (detailed reports only).
    """
    if has_dirty(session):
        return None
    lo, hi, edges = _split(flt)
    q = select(
        Rollup.campaign_id,
        Rollup.target_id,
        Rollup.kind,
        cast(Rollup.counts, Text),
        Rollup.lat,
        Rollup.biz,
        cast(Rollup.facts, Text),
        Rollup.timing if timing else literal(b"", LargeBinary),
    )
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
    rows = session.execute(q).all()
    pairs = _json_pairs(rows)
    keys: list[Key] = [(r[0] or None, r[1], r[2]) for r in rows]
    counts = [p[0] for p in pairs]
    facts = [p[1] for p in pairs]
    lat = [bytes(r[4]) for r in rows]
    biz = [bytes(r[5]) for r in rows]
    tms = [bytes(r[7] or b"") for r in rows] if timing else []
    for since, until in edges:
        for (cid, tid, kind, _grp, _day), agg in compute(session, _raw_conditions(flt, since, until)).items():
            c, lt, bz, f, tm = agg.encode()
            keys.append((cid or None, tid, kind))
            counts.append(c)
            facts.append(f)
            lat.append(lt)
            biz.append(bz)
            if timing:
                tms.append(tm)
    return Rows(
        keys,
        np.array(counts, dtype=np.int64).reshape(len(keys), len(COUNT_NAMES)),
        np.frombuffer(b"".join(lat), dtype=I64).astype(np.int64, copy=False),
        np.fromiter((len(b) // 8 for b in lat), dtype=np.int64, count=len(lat)),
        np.frombuffer(b"".join(biz), dtype=F64).astype(np.float64, copy=False),
        np.fromiter((len(b) // 8 for b in biz), dtype=np.int64, count=len(biz)),
        facts,
        tms,
    )


def _json_pairs(rows: Sequence[Any]) -> list[list[Any]]:
    """Every row's (counts, facts) JSON decoded in one ``json.loads``.

    Why: an unfiltered report reads 8,000 all-time rows; decoding 16,000 small documents one by one
    (the JSON type's per-value processor) cost more than the query. Same parser, same values.
    """
    if not rows:
        return []
    pairs: list[list[Any]] = json.loads("[" + ",".join(f"[{r[3]},{r[6]}]" for r in rows) + "]")
    return pairs


def probes_per_campaign(session: Session) -> dict[int | None, int] | None:
    """Probe counts per campaign from the all-time rows (the overview's campaign list), or None."""
    if has_dirty(session):
        return None
    probes = func.sum(Rollup.counts[0].as_integer())  # counts[0] is the cell's probe count
    q = select(Rollup.campaign_id, probes).where(Rollup.day == ALL_DAYS).group_by(Rollup.campaign_id)
    return {cid or None: int(n or 0) for cid, n in session.execute(q)}


def rollup_rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Rollup)) or 0)
