"""Metrics of many slices in one pass of array operations: the report's per-cell work, vectorised.

Why: a report over 2,000 targets x 4 touchpoints has 8,000 input cells that
roll up five ways (target, touchpoint, group, campaign, total). Done cell by
cell in Python (a sorted array, a median and a p90 per slice) that was most
of an unfiltered report's time. Here all latencies are sorted once by value,
then stably by slice for each way of grouping (a radix sort), and the order statistics are read at
segment offsets with the same arithmetic as ``metrics.quantile``, so every
figure is bit for bit what the per-slice code gives.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from monitor.report.factrows import FactRows
from monitor.report.model import LatencyStats, Metrics
from monitor.report.replyfacts import Facts

IntArray = npt.NDArray[np.int64]


@dataclass
class Cells:
    """The report's input cells, aligned: counts (N x 10), latencies (ms) and business latencies (s) laid
    cell after cell in one array each (``*_len`` per cell), business hours known, reply facts.

    ``sorted_within``: each cell's values are already ascending (rollup rows store them so), which lets
    a grouping where every cell is its own slice (the per-target table) skip sorting altogether.
    """

    counts: IntArray
    lat: npt.NDArray[Any]
    lat_len: IntArray
    biz: npt.NDArray[Any]
    biz_len: IntArray
    has_hours: npt.NDArray[np.bool_]
    facts: FactRows
    sorted_within: bool = False
    _by_value: dict[str, tuple[npt.NDArray[Any], IntArray]] = field(default_factory=dict, init=False)
    _by_cell: dict[str, tuple[npt.NDArray[Any], IntArray]] = field(default_factory=dict, init=False)
    _by_partition: dict[tuple[bytes, tuple[float, ...]], list[Metrics]] = field(
        default_factory=dict, init=False
    )

    @classmethod
    def from_lists(
        cls,
        counts: IntArray,
        lat: Sequence[npt.NDArray[Any]],
        biz: Sequence[npt.NDArray[Any]],
        has_hours: npt.NDArray[np.bool_],
        facts: Sequence[Facts | None],
    ) -> Cells:
        """Cells from one array of values per cell (the raw-rows path)."""
        return cls(counts, *_flat(lat, np.int64), *_flat(biz, np.float64), has_hours, FactRows.of(facts))

    def _values(self, name: str) -> tuple[npt.NDArray[Any], IntArray]:
        return (self.lat, self.lat_len) if name == "lat" else (self.biz, self.biz_len)

    def by_value(self, name: str) -> tuple[npt.NDArray[Any], IntArray]:
        """All values of ``lat`` or ``biz`` sorted once, with each value's cell: every grouping reuses it."""
        if name not in self._by_value:
            values, lens = self._values(name)
            cell = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
            # Not a stable sort, on purpose: equal values are interchangeable, whichever cell they came from
            # (each slice then reads the same sorted values), and numpy's default sort is ~5x faster here.
            order = np.argsort(values)
            self._by_value[name] = (values[order], cell[order])
        return self._by_value[name]

    def by_cell(self, name: str) -> tuple[npt.NDArray[Any], IntArray]:
        """The values sorted within each cell, cells in order, with each cell's start offset."""
        if name not in self._by_cell:
            values, lens = self._values(name)
            if not self.sorted_within:
                cell = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
                values = values[np.lexsort((values, cell))]
            self._by_cell[name] = (values, np.cumsum(lens) - lens)
        return self._by_cell[name]


def _flat(arrays: Sequence[npt.NDArray[Any]], dtype: Any) -> tuple[npt.NDArray[Any], IntArray]:
    lens = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    nonempty = [a for a in arrays if len(a)]
    return (np.concatenate(nonempty) if nonempty else np.zeros(0, dtype=dtype)), lens


def _segments(
    cells: Cells, name: str, group: IntArray, n_groups: int
) -> tuple[npt.NDArray[Any], IntArray, IntArray, IntArray]:
    """Values sorted within their slice: (values, slice of each value, count, start per slice).

    One slice: the values sorted once. One cell per slice: the values sorted within cells, read in
    place. Otherwise a stable sort by slice of the values sorted once (a radix sort when slices fit 16 bits).
    """
    lens = cells._values(name)[1]
    if n_groups == 1:
        values = cells.by_value(name)[0]
        return (
            values,
            np.zeros(len(values), dtype=np.int64),
            np.array([len(values)], dtype=np.int64),
            np.zeros(1, dtype=np.int64),
        )
    if n_groups == len(lens):
        values, cell_start = cells.by_cell(name)
        counts, starts = np.empty(n_groups, dtype=np.int64), np.empty(n_groups, dtype=np.int64)
        counts[group], starts[group] = lens, cell_start
        return values, np.repeat(group, lens), counts, starts
    values, cell = cells.by_value(name)
    labels = group[cell]
    keys = labels.astype(np.uint16) if n_groups <= 0xFFFF else labels
    order = np.argsort(keys, kind="stable")
    counts = np.bincount(labels, minlength=n_groups).astype(np.int64)
    starts = np.cumsum(counts) - counts
    return values[order], labels[order], counts, starts


def _quantiles(values: npt.NDArray[Any], counts: IntArray, starts: IntArray, q: float) -> npt.NDArray[Any]:
    """metrics.quantile per segment (only segments with values): linear interpolation, same operations."""
    pos = (counts - 1) * q
    lo = pos.astype(np.int64)
    hi = np.minimum(lo + 1, counts - 1)
    frac = pos - lo
    vlo, vhi = values[starts + lo], values[starts + hi]
    return np.where((frac == 0) | (vhi == vlo), vlo, vlo + (vhi - vlo) * frac)


def _stats(values: npt.NDArray[Any], counts: IntArray, starts: IntArray, scale: float) -> list[LatencyStats]:
    out = [LatencyStats()] * len(counts)
    has = np.flatnonzero(counts)
    if not len(has):
        return out
    n, s = counts[has], starts[has]
    med = (_quantiles(values, n, s, 0.5) / scale).tolist()
    p90 = (_quantiles(values, n, s, 0.9) / scale).tolist()
    lo = (values[s] / scale).tolist()
    hi = (values[s + n - 1] / scale).tolist()
    for i, g in enumerate(has.tolist()):
        out[g] = LatencyStats(int(n[i]), med[i], p90[i], lo[i], hi[i])
    return out


def metrics_by(
    cells: Cells, labels: Sequence[Hashable], sla: Sequence[float], *, rows: IntArray | None = None
) -> dict[Hashable, Metrics]:
    """Metrics per distinct label (cells with equal labels are merged), in first-seen label order.

    ``rows``: when given, ``labels`` are per distinct key and ``rows[i]`` is cell i's key (keys
    numbered in the order their first cell comes), so labels are made once per key, not per cell.

    Two labellings that split the cells the same way (per campaign and per touchpoint when there is
    one campaign) give the same slice numbers, so the second one reuses the first one's figures.
    """
    index: dict[Hashable, int] = {}
    group = np.fromiter((index.setdefault(x, len(index)) for x in labels), dtype=np.int64, count=len(labels))
    if rows is not None:
        group = group[rows]
    key = (group.tobytes(), tuple(sla))
    per_slice = cells._by_partition.get(key)
    if per_slice is None:
        per_slice = cells._by_partition[key] = _slice_metrics(cells, group, len(index), sla)
    return {label: per_slice[g] for label, g in index.items()}


def _slice_metrics(cells: Cells, group: IntArray, n_groups: int, sla: Sequence[float]) -> list[Metrics]:
    counts = np.zeros((n_groups, cells.counts.shape[1]), dtype=np.int64)
    np.add.at(counts, group, cells.counts)
    values, value_group, lat_n, lat_start = _segments(cells, "lat", group, n_groups)
    lat = _stats(values, lat_n, lat_start, 1000.0)
    within = [(s, np.bincount(value_group[values <= s * 1000], minlength=n_groups).tolist()) for s in sla]
    bvalues, _, biz_n, biz_start = _segments(cells, "biz", group, n_groups)
    biz = _stats(bvalues, biz_n, biz_start, 1.0)
    has_biz = np.bincount(group, weights=cells.has_hours.astype(np.float64), minlength=n_groups) > 0
    facts = cells.facts.grouped(group, n_groups)
    rows, biz_known = counts.tolist(), has_biz.tolist()
    within_by_group = list(zip(*(tuple((s, x) for x in w) for s, w in within), strict=True)) if sla else None
    return [
        Metrics(
            probes=n[0],
            reached=n[1],
            answered=n[2],
            unanswered=n[3],
            waiting=n[4],
            auto_only=n[5],
            auto_any=n[6],
            failed=n[7],
            blocked=n[8],
            pending=n[9],
            within=within_by_group[g] if within_by_group is not None else (),
            latency=lat[g],
            business_latency=biz[g] if biz_known[g] else None,
            reply_kinds=f.reply_kinds(),
            quality=f.quality(),
            promise=f.promise(),
        )
        for g, (n, f) in enumerate(zip(rows, facts, strict=True))
    ]
