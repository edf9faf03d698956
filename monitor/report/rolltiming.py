"""Heat map, weekly trend and Kaplan-Meier curves from rollup columns, with array operations.

The same figures monitor/report/metrics.py's ``_timing`` computes from a
stream of probes (tests compare them): every reached probe's heat slot and
day, every answer's latency with its slot and day, and the censoring times of
probes not answered, so ``now`` still censors waiting probes at report time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import numpy as np

from monitor.report.km import kaplan_meier_arrays
from monitor.report.model import Curve, HeatCell, WeekRow
from monitor.store.reportq import TargetInfo
from monitor.store.rollagg import Agg

_ORD_1970 = date(1970, 1, 1).toordinal()
Key = tuple[int | None, int, str]


def _median_s(sorted_ms: np.ndarray) -> float | None:
    from monitor.report.metrics import latency_stats  # metrics imports this module

    return latency_stats(sorted_ms, presorted=True).median_s


def _grouped_medians(labels: np.ndarray, lat: np.ndarray) -> dict[int, float | None]:
    """Median latency (s) per label, each group's latencies sorted."""
    order = np.argsort(lat)  # by value (equal values interchangeable), then stably by label: radix on 16 bits
    small = len(labels) == 0 or (labels.min() >= 0 and labels.max() <= 0xFFFF)
    keys = labels[order].astype(np.uint16) if small else labels[order]
    order = order[np.argsort(keys, kind="stable")]
    lab, values = labels[order], lat[order]
    uniq, starts = np.unique(lab, return_index=True)
    bounds = [*starts.tolist(), len(lab)]
    return {int(u): _median_s(values[bounds[i] : bounds[i + 1]]) for i, u in enumerate(uniq.tolist())}


def heat_cells(aggs: Sequence[Agg]) -> tuple[HeatCell, ...]:
    rs = np.concatenate([a.rs_slot for a in aggs]) if aggs else np.zeros(0, dtype=np.int64)
    if not len(rs):
        return ()
    slot_ = np.concatenate([a.lat_slot for a in aggs])
    lat = np.concatenate([a.lat for a in aggs])
    reached = np.bincount(rs, minlength=168)
    answered = np.bincount(slot_, minlength=168) if len(slot_) else np.zeros(168, dtype=np.int64)
    medians = _grouped_medians(slot_, lat) if len(lat) else {}
    return tuple(
        HeatCell(s // 24, s % 24, int(reached[s]), int(answered[s]), medians.get(s))
        for s in np.flatnonzero(reached).tolist()
    )


def week_rows(aggs: Sequence[Agg], sla: Sequence[float]) -> tuple[WeekRow, ...]:
    rs_day = np.concatenate([a.rs_day for a in aggs]) if aggs else np.zeros(0, dtype=np.int64)
    if not len(rs_day):
        return ()
    lat_day = np.concatenate([a.lat_day for a in aggs])
    lat = np.concatenate([a.lat for a in aggs])
    days = np.unique(rs_day)
    labels: dict[int, str] = {}
    for d in days.tolist():
        iso = date.fromordinal(_ORD_1970 + d).isocalendar()
        labels[d] = f"{iso.year}-W{iso.week:02d}"
    names = sorted(set(labels.values()))
    index = {n: i for i, n in enumerate(names)}
    week_of = np.array([index[labels[d]] for d in days.tolist()], dtype=np.int64)  # aligned with ``days``
    rs_w = week_of[np.searchsorted(days, rs_day)]  # every answered probe was reached: its day is in ``days``
    lat_w = week_of[np.searchsorted(days, lat_day)]
    reached = np.bincount(rs_w, minlength=len(names))
    answered = (
        np.bincount(lat_w, minlength=len(names)) if len(lat_w) else np.zeros(len(names), dtype=np.int64)
    )
    first = sla[0] * 1000 if sla else None
    within = (
        np.bincount(lat_w[lat <= first], minlength=len(names))
        if first is not None and len(lat_w)
        else np.zeros(len(names), dtype=np.int64)
    )
    medians = _grouped_medians(lat_w, lat) if len(lat) else {}
    return tuple(
        WeekRow(n, int(reached[i]), int(answered[i]), int(within[i]), medians.get(i))
        for i, n in enumerate(names)
    )


def curves(aggs: Iterable[tuple[Key, Agg]], tinfo: dict[int, TargetInfo], now: datetime) -> tuple[Curve, ...]:
    """One Kaplan-Meier curve per target, over the rows of its (campaign, kind) keys."""
    now_s = now.timestamp()
    per_target: dict[int, list[Agg]] = {}
    for (_cid, tid, _kind), a in aggs:
        if len(a.rs_slot):
            per_target.setdefault(tid, []).append(a)
    out = []
    for tid, parts in sorted(per_target.items(), key=lambda kv: tinfo[kv[0]].name):
        events = np.concatenate([a.lat for a in parts]) / 1000
        sub = np.concatenate([a.cen_sub for a in parts])
        end = np.concatenate([a.cen_end for a in parts])
        censored = np.maximum(0.0, np.minimum(np.where(np.isnan(end), now_s, end), now_s) - sub)
        out.append(
            Curve(tinfo[tid].name, tuple(kaplan_meier_arrays(events, censored)), len(events) + len(censored))
        )
    return tuple(out)
