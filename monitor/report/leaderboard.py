"""Client against competitors, per touchpoint: who answers, how fast, and how far from the best.

Ranked by answer rate, then by the share answered within the first SLA, then
by median latency: answering at all matters more than answering fast.
Targets whose probes never reached the shop are left out (nothing to rank).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter

from monitor.report.model import Cell, LeaderRow, Metrics


def _sort_key(c: Cell) -> tuple[float, float, float, str]:
    m = c.metrics
    first = m.within[0][1] / m.reached if m.within and m.reached else 0.0
    median = m.latency.median_s if m.latency.median_s is not None else float("inf")
    return (-(m.answer_rate or 0.0), -first, median, c.target)


def leaderboard(cells: Iterable[Cell]) -> tuple[LeaderRow, ...]:
    """Per-target cells -> ranked rows per touchpoint kind (ties share a rank)."""
    by_kind: dict[str, list[Cell]] = defaultdict(list)
    for c in cells:
        if c.metrics.reached:
            by_kind[c.kind].append(c)
    out: list[LeaderRow] = []
    for kind in sorted(by_kind):
        ranked = sorted(((_sort_key(c), c) for c in by_kind[kind]), key=itemgetter(0))
        best_rate = max((c.metrics.answer_rate or 0.0) for _, c in ranked)
        medians = [c.metrics.latency.median_s for _, c in ranked if c.metrics.latency.median_s is not None]
        best_median = min(medians) if medians else None
        rank, prev = 0, None
        for i, (full_key, c) in enumerate(ranked):
            key = full_key[:3]
            if key != prev:
                rank, prev = i + 1, key
            out.append(
                LeaderRow(
                    kind,
                    rank,
                    c.target,
                    c.group,
                    c.metrics,
                    best_rate - (c.metrics.answer_rate or 0.0),
                    _gap(c.metrics, best_median),
                )
            )
    return tuple(out)


def _gap(m: Metrics, best: float | None) -> float | None:
    if best is None or m.latency.median_s is None:
        return None
    return m.latency.median_s - best
