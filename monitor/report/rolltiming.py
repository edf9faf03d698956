"""Heat map, weekly trend and Kaplan-Meier curves from rollup columns, with array operations.

The same figures monitor/report/metrics.py's ``_timing`` computes from a
stream of probes (tests compare them): every reached probe's heat slot and
day, every answer's latency with its slot and day, and the censoring times of
probes not answered, so ``now`` still censors waiting probes at report time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import numpy as np

from monitor.report.km import kaplan_meier_arrays
from monitor.report.model import Curve, HeatCell, WeekRow
from monitor.store.reportq import TargetInfo
from monitor.store.rollagg import TimingColumns

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


def heat_cells(t: TimingColumns) -> tuple[HeatCell, ...]:
    if not len(t.rs_slot):
        return ()
    reached = np.bincount(t.rs_slot, minlength=168)
    answered = np.bincount(t.lat_slot, minlength=168) if len(t.lat_slot) else np.zeros(168, dtype=np.int64)
    medians = _grouped_medians(t.lat_slot, t.lat) if len(t.lat) else {}
    return tuple(
        HeatCell(s // 24, s % 24, int(reached[s]), int(answered[s]), medians.get(s))
        for s in np.flatnonzero(reached).tolist()
    )


def week_rows(t: TimingColumns, sla: Sequence[float]) -> tuple[WeekRow, ...]:
    if not len(t.rs_day):
        return ()
    lat = t.lat
    days = np.unique(t.rs_day)
    labels: dict[int, str] = {}
    for d in days.tolist():
        iso = date.fromordinal(_ORD_1970 + d).isocalendar()
        labels[d] = f"{iso.year}-W{iso.week:02d}"
    names = sorted(set(labels.values()))
    index = {n: i for i, n in enumerate(names)}
    week_of = np.array([index[labels[d]] for d in days.tolist()], dtype=np.int64)  # aligned with ``days``
    rs_w = week_of[
        np.searchsorted(days, t.rs_day)
    ]  # every answered probe was reached: its day is in ``days``
    lat_w = week_of[np.searchsorted(days, t.lat_day)]
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


def curves(
    t: TimingColumns, keys: Sequence[Key], tinfo: dict[int, TargetInfo], now: datetime
) -> tuple[Curve, ...]:
    """One Kaplan-Meier curve per target with reached probes, over the rows of all its (campaign, kind) keys."""
    now_s = now.timestamp()
    row_target = np.array([k[1] for k in keys], dtype=np.int64)
    events = _per_target(row_target[t.lat_row], t.lat / 1000)
    ends = np.where(np.isnan(t.cen_end), now_s, t.cen_end)
    censored = _per_target(row_target[t.cen_row], np.maximum(0.0, np.minimum(ends, now_s) - t.cen_sub))
    reached = set(np.unique(row_target[t.rs_row]).tolist())
    out = []
    for tid in sorted(reached, key=lambda x: tinfo[x].name):
        e = events.get(tid, _NO_TIMES)
        c = censored.get(tid, _NO_TIMES)
        out.append(Curve(tinfo[tid].name, tuple(kaplan_meier_arrays(e, c)), len(e) + len(c)))
    return tuple(out)


_NO_TIMES = np.zeros(0, dtype=np.float64)


def _per_target(target: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
    """``values`` split by ``target`` (one stable sort, then slices)."""
    if not len(values):
        return {}
    order = np.argsort(target, kind="stable")
    tids, starts = np.unique(target[order], return_index=True)
    bounds = [*starts.tolist(), len(order)]
    ordered = values[order].astype(np.float64)
    return {tid: ordered[bounds[i] : bounds[i + 1]] for i, tid in enumerate(tids.tolist())}
