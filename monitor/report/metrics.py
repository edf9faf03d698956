"""From probes to the numbers: per target x touchpoint, per group, per campaign.

Counts come from one SQL GROUP BY (reportq.count_rows); latency percentiles
and SLA counts from one stream of answered latencies; the timing views (business
hours, hour x weekday, weekly trend, Kaplan-Meier) from a stream of reached
probes, only when ``detail`` is asked for, since the terminal table and
alerts do not need them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from monitor.report.hours import business_seconds_epoch, hours_of, zone
from monitor.report.km import kaplan_meier
from monitor.report.leaderboard import leaderboard
from monitor.report.model import Cell, Curve, HeatCell, LatencyStats, Metrics, Report, WeekRow
from monitor.report.replyfacts import Facts, collect
from monitor.store import reportq
from monitor.store.reportq import CountRow, ReportFilter, TargetInfo

DEFAULT_SLA = (600.0, 3600.0, 86400.0)
_ORD_1970 = date(1970, 1, 1).toordinal()
_TD = TypeAdapter(timedelta)

Key = tuple[int | None, int, str]  # (campaign_id, target_id, kind)


def latency_stats(values_ms: Iterable[float], *, scale: float = 1000.0) -> LatencyStats:
    """Median, p90 (linear interpolation between order statistics), min, max in seconds."""
    data = sorted(values_ms)
    if not data:
        return LatencyStats()
    return LatencyStats(len(data), quantile(data, 0.5) / scale, quantile(data, 0.9) / scale,
                        data[0] / scale, data[-1] / scale)


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
class _Acc:
    """Mutable accumulator for one slice while rolling cells up."""

    n: list[int] = field(default_factory=lambda: [0] * 10)
    lat: list[int] = field(default_factory=list)
    biz: list[float] = field(default_factory=list)
    has_biz: bool = False
    facts: Facts = field(default_factory=Facts)

    def add(self, r: CountRow) -> None:
        vals = (r.probes, r.reached, r.answered, r.unanswered, r.waiting, r.auto_only, r.auto_any,
                r.failed, r.blocked, r.pending)
        self.n = [a + b for a, b in zip(self.n, vals, strict=True)]

    def metrics(self, sla: Sequence[float]) -> Metrics:
        self.lat.sort()
        lat = latency_stats(self.lat)
        within = tuple((s, bisect_right(self.lat, s * 1000)) for s in sla)
        biz = latency_stats(self.biz, scale=1.0) if self.has_biz else None
        n = self.n
        return Metrics(probes=n[0], reached=n[1], answered=n[2], unanswered=n[3], waiting=n[4], auto_only=n[5],
                       auto_any=n[6], failed=n[7], blocked=n[8], pending=n[9], within=within, latency=lat,
                       business_latency=biz, reply_kinds=tuple(sorted(self.facts.kinds.items())),
                       quality=self.facts.quality(), promise=self.facts.promise())


def build_report(session: Session, flt: ReportFilter, *, now: datetime,
                 sla_seconds: Sequence[float] | None = None, detail: bool = True) -> Report:
    """The whole report for a filter. ``now`` censors waiting probes in the KM curves."""
    tinfo = reportq.targets(session)
    cnames = reportq.campaigns(session)
    if sla_seconds is None:
        settings = reportq.campaign_settings(session)
        chosen = [s for name, s in settings.items() if not flt.campaigns or name in flt.campaigns]
        sla_seconds = sla_from_settings(chosen)
    sla = tuple(float(s) for s in sla_seconds)
    rows = reportq.count_rows(session, flt)
    hours = {tid: h for tid, t in tinfo.items() if (h := hours_of(t.business_hours, t.timezone, t.country)) is not None}
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
    timing = _timing(session, flt, tinfo, sla, now) if detail else None
    facts = collect(session, flt, hours, now, items=detail or bool(flt.targets))

    def rollup(keyfn: Callable[[Key, TargetInfo], Hashable]) -> dict[Hashable, _Acc]:
        accs: dict[Hashable, _Acc] = defaultdict(_Acc)
        for r in rows:
            k: Key = (r.campaign_id, r.target_id, r.kind)
            acc = accs[keyfn(k, tinfo[r.target_id])]
            acc.add(r)
            acc.facts.merge(facts.get(k))
            acc.lat.extend(lat.get(k, ()))
            if r.target_id in hours:
                acc.has_biz = True
                acc.biz.extend(biz.get(k, ()))
        return accs

    def cells(keyfn: Callable[[Key, TargetInfo], tuple[str, ...]], make: Callable[..., Cell]) -> tuple[Cell, ...]:
        accs = rollup(keyfn)
        ordered = sorted(accs.items(), key=lambda kv: tuple(kv[0]))  # type: ignore[arg-type]
        return tuple(make(*tuple(k), acc.metrics(sla)) for k, acc in ordered)  # type: ignore[arg-type]

    by_target = cells(lambda k, t: (t.name, k[2], t.group),
                      lambda name, kind, group, m: Cell(f"{name} / {kind}", kind, m, group=group, target=name))
    by_kind = cells(lambda k, t: (k[2],), lambda kind, m: Cell(kind, kind, m))
    by_group = cells(lambda k, t: (t.group, k[2]), lambda g, kind, m: Cell(f"{g} / {kind}", kind, m, group=g))
    by_campaign = cells(lambda k, t: (cnames.get(k[0], "") if k[0] is not None else "", k[2]),
                        lambda c, kind, m: Cell(f"{c or '(ad hoc)'} / {kind}", kind, m, campaign=c))
    total_acc = rollup(lambda k, t: "all")
    total = total_acc["all"].metrics(sla) if "all" in total_acc else Metrics(within=tuple((s, 0) for s in sla))
    return Report(
        generated_at=now, filters=flt, sla_seconds=sla, cells=by_target, kinds=by_kind, groups=by_group,
        campaigns=by_campaign, leaderboard=leaderboard(by_target), total=total,
        heat=timing.heat if timing else (), weeks=timing.weeks if timing else (),
        curves=timing.curves if timing else (),
        latencies_s=tuple(sorted(ms / 1000 for v in lat.values() for ms in v)) if detail else (),
    )


@dataclass
class _Timing:
    heat: tuple[HeatCell, ...]
    weeks: tuple[WeekRow, ...]
    curves: tuple[Curve, ...]


def _timing(session: Session, flt: ReportFilter, tinfo: dict[int, TargetInfo], sla: Sequence[float],
            now: datetime) -> _Timing:
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
        cell = heat[(int(local_s // 86400 + 3) % 7, int(local_s % 86400 // 3600))]  # 1970-01-01 was a Thursday
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
    heat_cells = tuple(HeatCell(d, hr, v[0], v[1], latency_stats(v[2]).median_s) for (d, hr), v in sorted(heat.items()))
    week_rows = tuple(WeekRow(w, v[0], v[1], v[2], latency_stats(v[3]).median_s) for w, v in sorted(weeks.items()))
    curves = tuple(
        Curve(tinfo[tid].name, tuple(kaplan_meier(samples)), len(samples))
        for tid, samples in sorted(km.items(), key=lambda kv: tinfo[kv[0]].name)
    )
    return _Timing(heat_cells, week_rows, curves)
