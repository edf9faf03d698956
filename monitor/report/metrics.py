"""From probes to the numbers: per target x touchpoint, per group, per campaign.

Counts come from one SQL GROUP BY (reportq.count_rows); latency percentiles
and SLA counts from one stream of answered latencies; the timing views (business
hours, hour x weekday, weekly trend, Kaplan-Meier) from a stream of reached
probes, only when ``detail`` is asked for, since the terminal table and
alerts do not need them.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from monitor.report import grouped, rolltiming
from monitor.report.factrows import FactRows
from monitor.report.hours import Hours, business_seconds_epoch, hours_of, zone
from monitor.report.km import kaplan_meier
from monitor.report.leaderboard import leaderboard
from monitor.report.model import Cell, Curve, HeatCell, LatencyStats, Metrics, Report, WeekRow
from monitor.report.replyfacts import collect
from monitor.store import reportq, rollq
from monitor.store.reportq import ReportFilter, TargetInfo

DEFAULT_SLA = (600.0, 3600.0, 86400.0)
_ORD_1970 = date(1970, 1, 1).toordinal()
_TD = TypeAdapter(timedelta)

Key = tuple[int | None, int, str]  # (campaign_id, target_id, kind)


def latency_stats(
    values_ms: Iterable[float] | npt.NDArray[Any], *, scale: float = 1000.0, presorted: bool = False
) -> LatencyStats:
    """Median, p90 (linear interpolation between order statistics), min, max in seconds."""
    if isinstance(values_ms, np.ndarray):
        data: Any = values_ms if presorted else np.sort(values_ms)
    else:
        data = sorted(values_ms)
    if not len(data):
        return LatencyStats()
    return LatencyStats(
        len(data),
        float(quantile(data, 0.5) / scale),
        float(quantile(data, 0.9) / scale),
        float(data[0] / scale),
        float(data[-1] / scale),
    )


def quantile(data: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default, Excel's PERCENTILE.INC).

    The one percentile definition: reports and alerts both use it. ``data`` is
    sorted; it may end in infinities (alerts count never-answered probes as
    infinitely slow), and a quantile that falls on or past one is infinite.
    """
    pos = (len(data) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    frac = pos - lo
    if frac == 0 or data[hi] == data[lo]:
        return data[lo]
    return data[lo] + (data[hi] - data[lo]) * frac


def sla_from_settings(settings: Iterable[dict[str, Any]]) -> tuple[float, ...]:
    """The SLA thresholds of the campaigns in scope (union), or 10m/1h/24h."""
    found: set[float] = set()
    for s in settings:
        for raw in s.get("sla") or []:
            try:
                found.add(_TD.validate_python(raw).total_seconds())
            except ValueError:
                continue
    return tuple(sorted(found)) or DEFAULT_SLA


@dataclass
class _Inputs:
    """The report's input cells, keyed by (campaign, target, kind): several cells may share a key."""

    keys: list[Key]
    table: grouped.Cells


def _raw_inputs(
    session: Session, flt: ReportFilter, hours: dict[int, Hours], now: datetime, items: bool
) -> _Inputs:
    """The figures straight from probes and replies (the reference the rollups must equal)."""
    counts = {
        (r.campaign_id, r.target_id, r.kind): [
            r.probes,
            r.reached,
            r.answered,
            r.unanswered,
            r.waiting,
            r.auto_only,
            r.auto_any,
            r.failed,
            r.blocked,
            r.pending,
        ]
        for r in reportq.count_rows(session, flt)
    }
    lat: dict[Key, list[int]] = defaultdict(list)
    biz: dict[Key, list[float]] = defaultdict(list)
    for cid, tid, kind, ms, sub in reportq.answered(session, flt):
        key = (cid, tid, kind)
        lat[key].append(ms)
        h = hours.get(tid)
        if h is not None and (b := business_seconds_epoch(float(sub), float(sub) + ms / 1000, h)) > 0:
            # A reply that came and went with no business time in between has no work-hours latency:
            # leaving it out makes "Median (work h)" say there is no figure instead of a false 0s.
            biz[key].append(b)
    facts = collect(session, flt, hours, now, items=items)
    keys = list(counts)
    return _Inputs(
        keys,
        grouped.Cells.from_lists(
            np.array([counts[k] for k in keys], dtype=np.int64).reshape(len(keys), 10),
            [np.array(lat.get(k, ()), dtype=np.int64) for k in keys],
            [np.array(biz.get(k, ()) if k[1] in hours else (), dtype=np.float64) for k in keys],
            np.array([k[1] in hours for k in keys], dtype=bool),
            [facts.get(k) for k in keys],
        ),
    )


def _rollup_inputs(rows: rollq.Rows, hours: dict[int, Hours], now: datetime, items: bool) -> _Inputs:
    """The same figures from rollup rows; promises still waiting are checked against ``now`` here."""
    now_s = now.timestamp()
    has_hours = np.array([k[1] in hours for k in rows.keys], dtype=bool)
    biz, biz_len = rows.biz, rows.biz_len
    if (biz_len[~has_hours] > 0).any():  # hours removed since: no work-hours figure, as from raw rows
        biz = biz[np.repeat(has_hours, biz_len)]
        biz_len = np.where(has_hours, biz_len, 0)
    facts = FactRows()
    for k, d in zip(rows.keys, rows.facts, strict=True):
        _add_facts(facts, d, hours.get(k[1]), now_s, items)
    table = grouped.Cells(
        rows.counts, rows.lat, rows.lat_len, biz, biz_len, has_hours, facts, sorted_within=True
    )
    return _Inputs(rows.keys, table)


def _add_facts(out: FactRows, d: dict[str, Any], h: Hours | None, now_s: float, items: bool) -> None:
    """A rollup row's reply facts (its stored JSON); its open promises checked against ``now``."""
    get = d.get
    checked = int(get("checked", 0))
    for sub, limit, business in get("open") or ():
        elapsed = business_seconds_epoch(sub, now_s, h) if business and h is not None else now_s - sub
        checked += elapsed > limit
    out.append(
        (
            int(get("scored", 0)),
            int(get("score_sum", 0)),
            int(get("canned", 0)),
            int(get("with_promise", 0)),
            checked,
            int(get("kept", 0)),
        ),
        get("kinds") or {},
        (get("items") or {}) if items else {},
        {(t, s, src): n for t, s, src, n in get("promises") or ()},
    )


def build_report(
    session: Session,
    flt: ReportFilter,
    *,
    now: datetime,
    sla_seconds: Sequence[float] | None = None,
    detail: bool = True,
    source: str = "auto",
) -> Report:
    """The whole report for a filter. ``now`` censors waiting probes in the KM curves.

    ``source``: "auto" reads the rollups where they cover the filter (monitor/store/rollq.py),
    "raw" always the probes and replies (the reference the rollups are tested against).
    """
    with _cycle_collector_paused():
        return _build_report(session, flt, now=now, sla_seconds=sla_seconds, detail=detail, source=source)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a report is built.

    Why: a report over a million probes allocates a few hundred thousand small objects (decoded
    rollups, counters, figures, curve points) and none of them form cycles, but each allocation
    burst triggers collections that walk the whole growing heap: measured, half of an unfiltered
    report's time. Reference counting still frees everything; the collector runs again afterwards.
    Process-wide, so with threads the one that found it on turns it back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _build_report(
    session: Session,
    flt: ReportFilter,
    *,
    now: datetime,
    sla_seconds: Sequence[float] | None,
    detail: bool,
    source: str,
) -> Report:
    tinfo = reportq.targets(session)
    cnames = reportq.campaigns(session)
    if sla_seconds is None:
        settings = reportq.campaign_settings(session)
        chosen = [s for name, s in settings.items() if not flt.campaigns or name in flt.campaigns]
        sla_seconds = sla_from_settings(chosen)
    sla = tuple(float(s) for s in sla_seconds)
    hours = {
        tid: h
        for tid, t in tinfo.items()
        if (h := hours_of(t.business_hours, t.timezone, t.country)) is not None
    }
    items = detail or bool(flt.targets)
    rows = rollq.cells(session, flt, timing=detail) if source != "raw" else None
    inp = (
        _rollup_inputs(rows, hours, now, items)
        if rows is not None
        else _raw_inputs(session, flt, hours, now, items)
    )
    if not detail:
        timing = None
    elif rows is not None:
        cols = rows.timings()
        timing = _Timing(
            rolltiming.heat_cells(cols),
            rolltiming.week_rows(cols, sla),
            rolltiming.curves(cols, rows.keys, tinfo, now),
        )
    else:
        timing = _timing(session, flt, tinfo, sla, now)
    table = inp.table
    # Many rows share a key (a filter reads a key's day rows): labels are made once per distinct key.
    keys: dict[Key, int] = {}
    row_key = np.fromiter(
        (keys.setdefault(k, len(keys)) for k in inp.keys), dtype=np.int64, count=len(inp.keys)
    )

    def cells(
        keyfn: Callable[[Key, TargetInfo], tuple[str, ...]], make: Callable[..., Cell]
    ) -> tuple[Cell, ...]:
        by = grouped.metrics_by(table, [keyfn(k, tinfo[k[1]]) for k in keys], sla, rows=row_key)
        ordered = sorted(by.items(), key=lambda kv: tuple(kv[0]))  # type: ignore[arg-type]
        return tuple(make(*tuple(k), m) for k, m in ordered)  # type: ignore[arg-type]

    by_target = cells(
        lambda k, t: (t.name, k[2], t.group),
        lambda name, kind, group, m: Cell(f"{name} / {kind}", kind, m, group=group, target=name),
    )
    by_kind = cells(lambda k, t: (k[2],), lambda kind, m: Cell(kind, kind, m))
    by_group = cells(lambda k, t: (t.group, k[2]), lambda g, kind, m: Cell(f"{g} / {kind}", kind, m, group=g))
    by_campaign = cells(
        lambda k, t: (cnames.get(k[0], "") if k[0] is not None else "", k[2]),
        lambda c, kind, m: Cell(f"{c or '(ad hoc)'} / {kind}", kind, m, campaign=c),
    )
    total = (
        grouped.metrics_by(table, ["all"] * len(keys), sla, rows=row_key)["all"]
        if keys
        else Metrics(within=tuple((s, 0) for s in sla))
    )
    return Report(
        generated_at=now,
        filters=flt,
        sla_seconds=sla,
        cells=by_target,
        kinds=by_kind,
        groups=by_group,
        campaigns=by_campaign,
        leaderboard=leaderboard(by_target),
        total=total,
        heat=timing.heat if timing else (),
        weeks=timing.weeks if timing else (),
        curves=timing.curves if timing else (),
        latencies_s=tuple((table.by_value("lat")[0] / 1000).tolist()) if detail else (),
    )


@dataclass
class _Timing:
    heat: tuple[HeatCell, ...]
    weeks: tuple[WeekRow, ...]
    curves: tuple[Curve, ...]


def _timing(
    session: Session, flt: ReportFilter, tinfo: dict[int, TargetInfo], sla: Sequence[float], now: datetime
) -> _Timing:
    """One pass over reached probes: heat map, weekly trend, KM samples."""
    heat: dict[tuple[int, int], list[Any]] = defaultdict(lambda: [0, 0, []])
    weeks: dict[str, list[Any]] = defaultdict(lambda: [0, 0, 0, []])
    km: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    first_sla_ms = sla[0] * 1000 if sla else None
    tzs = {tid: t.timezone or "UTC" for tid, t in tinfo.items()}
    offsets: dict[tuple[str, int], float] = {}  # (zone, UTC hour) -> UTC offset: zones shift on whole hours
    week_of_day: dict[int, str] = {}
    now_s = now.timestamp()
    for _cid, tid, _kind, status, sched, sub, ms, dl in reportq.probe_epochs(session, flt):
        sub = float(sub)
        okey = (tzs.get(tid, "UTC"), int(sub // 3600))
        off = offsets.get(okey)
        if off is None:
            utcoff = datetime.fromtimestamp(okey[1] * 3600, zone(okey[0])).utcoffset()
            off = offsets[okey] = utcoff.total_seconds() if utcoff else 0.0
        local_s = sub + off
        cell = heat[
            (int(local_s // 86400 + 3) % 7, int(local_s % 86400 // 3600))
        ]  # 1970-01-01 was a Thursday
        day = int(float(sched) // 86400)
        label = week_of_day.get(day)
        if label is None:
            iso = date.fromordinal(_ORD_1970 + day).isocalendar()
            label = week_of_day[day] = f"{iso.year}-W{iso.week:02d}"
        week = weeks[label]
        cell[0] += 1
        week[0] += 1
        if status == "answered" and ms is not None:
            cell[1] += 1
            cell[2].append(ms)
            week[1] += 1
            week[3].append(ms)
            if first_sla_ms is not None and ms <= first_sla_ms:
                week[2] += 1
            km[tid].append((ms / 1000, True))
        else:
            end = float(dl) if status == "unanswered" and dl is not None else now_s
            km[tid].append((max(0.0, min(end, now_s) - sub), False))
    heat_cells = tuple(
        HeatCell(d, hr, v[0], v[1], latency_stats(v[2]).median_s) for (d, hr), v in sorted(heat.items())
    )
    week_rows = tuple(
        WeekRow(w, v[0], v[1], v[2], latency_stats(v[3]).median_s) for w, v in sorted(weeks.items())
    )
    curves = tuple(
        Curve(tinfo[tid].name, tuple(kaplan_meier(samples)), len(samples))
        for tid, samples in sorted(km.items(), key=lambda kv: tinfo[kv[0]].name)
    )
    return _Timing(heat_cells, week_rows, curves)
