"""grouped.metrics_by against the per-slice definition: sort a slice's values, take metrics.quantile."""

from __future__ import annotations

from collections import Counter

import numpy as np

from monitor.report.grouped import Cells, metrics_by
from monitor.report.metrics import latency_stats
from monitor.report.replyfacts import Facts

SLA = (600.0, 3600.0)


def _cells(seed: int, n: int) -> tuple[Cells, list[Facts | None]]:
    rng = np.random.default_rng(seed)
    lat = [np.sort(rng.integers(0, 200_000_000, rng.integers(0, 9))).astype(np.int64) for _ in range(n)]
    biz = [np.sort(rng.random(rng.integers(0, 5)) * 90_000) for _ in range(n)]
    facts: list[Facts | None] = [
        None
        if i % 5 == 0
        else Facts(
            kinds=Counter({"human": i % 3, "ack": 1}),
            scored=i,
            promises=Counter({("15 min" if i % 2 else "1 h", 900, "page"): 1}),
            with_promise=1,
        )
        for i in range(n)
    ]
    counts = rng.integers(0, 50, (n, 10)).astype(np.int64)
    return Cells.from_lists(counts, lat, biz, np.array([i % 4 != 0 for i in range(n)]), facts), facts


def _of(cells: Cells, name: str, i: int) -> np.ndarray:
    values, lens = (cells.lat, cells.lat_len) if name == "lat" else (cells.biz, cells.biz_len)
    start = int(lens[:i].sum())
    return values[start : start + int(lens[i])]


def test_it_gives_each_slice_the_figures_of_its_own_sorted_values() -> None:
    cells, facts = _cells(1, 300)
    labels = [i % 7 for i in range(300)]
    got = metrics_by(cells, labels, SLA)
    assert list(got) == list(range(7))
    for g, m in got.items():
        members = [i for i in range(300) if labels[i] == g]
        lat = np.sort(np.concatenate([_of(cells, "lat", i) for i in members]))
        assert m.latency == latency_stats(lat, presorted=True)
        assert m.within == tuple((s, int(np.searchsorted(lat, s * 1000, side="right"))) for s in SLA)
        assert m.business_latency == latency_stats(
            np.concatenate([_of(cells, "biz", i) for i in members]), scale=1.0
        )
        assert m.probes == sum(int(cells.counts[i][0]) for i in members)
        merged = Facts()
        for i in members:
            merged.merge(facts[i])
        assert m.reply_kinds == tuple(sorted(merged.kinds.items()))
        assert m.quality == merged.quality() and m.promise == merged.promise()


def test_it_says_there_is_no_figure_for_a_slice_without_answers_or_hours() -> None:
    cells = Cells.from_lists(
        np.zeros((2, 10), dtype=np.int64),
        [np.zeros(0, dtype=np.int64), np.array([5_000], dtype=np.int64)],
        [np.zeros(0), np.zeros(0)],
        np.array([False, True]),
        [None, None],
    )
    got = metrics_by(cells, ["a", "b"], SLA)
    assert got["a"].latency.median_s is None and got["a"].business_latency is None
    assert got["b"].latency.median_s == 5.0 and got["b"].business_latency is not None
    assert got["b"].business_latency.median_s is None
    assert got["a"].within == ((600.0, 0), (3600.0, 0)) and got["b"].within == ((600.0, 1), (3600.0, 1))


def test_it_gives_the_same_figures_whatever_the_grouping_path() -> None:
    """One slice, one cell per slice (the per-target path, with and without presorted cells) and merged
    slices all agree with the per-slice definition."""
    cells, facts = _cells(2, 120)
    presorted = Cells(
        cells.counts, cells.lat, cells.lat_len, cells.biz, cells.biz_len, cells.has_hours, cells.facts, True
    )
    shuffled = [np.random.default_rng(i).permutation(_of(cells, "lat", i)) for i in range(120)]
    unsorted = Cells.from_lists(
        cells.counts, shuffled, [_of(cells, "biz", i)[::-1] for i in range(120)], cells.has_hours, facts
    )
    for labels in ([0] * 120, list(range(120))[::-1], [i % 9 for i in range(120)]):
        want = metrics_by(cells, labels, SLA)
        assert metrics_by(presorted, labels, SLA) == want
        assert metrics_by(unsorted, labels, SLA) == want
        for g, m in want.items():
            lat = np.sort(np.concatenate([_of(cells, "lat", i) for i in range(120) if labels[i] == g]))
            assert m.latency == latency_stats(lat, presorted=True)


def test_it_reuses_the_figures_of_a_labelling_that_splits_the_cells_the_same_way() -> None:
    cells, _ = _cells(3, 60)
    first = metrics_by(cells, [i % 3 for i in range(60)], SLA)
    again = metrics_by(cells, [f"slice {i % 3}" for i in range(60)], SLA)
    assert [again[f"slice {g}"] for g in range(3)] == [first[g] for g in range(3)]
    assert all(again[f"slice {g}"] is first[g] for g in range(3))  # reused, not recomputed
    other = metrics_by(cells, [i % 4 for i in range(60)], SLA)  # another split: its own figures
    assert other[0].probes == sum(int(cells.counts[i][0]) for i in range(0, 60, 4))
