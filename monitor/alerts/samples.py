"""What a rule looks at: per target x touchpoint, the probes of one window, and the metric values.

One pass per distinct window and filter (a GROUP BY for counts, a stream of
answered latencies), shared by every rule that asks for it in one evaluation:
ten rules over the same window cost one scan, not ten.

Latency percentiles count a probe whose deadline passed unanswered as
infinitely slow (a shop that never answers must not look fast) and ignore
probes still waiting; the answer rate is over decided probes for the same
reason. Percentiles use the report's definition (monitor.report.metrics.quantile).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import overload

from sqlalchemy.orm import Session

from monitor.report.metrics import quantile
from monitor.store import reportq
from monitor.store.reportq import ReportFilter

Scope = tuple[str, str]  # (target name, touchpoint kind)


class _WithNever(Sequence[float]):
    """Sorted answered latencies followed by one infinity per unanswered probe, without building the list."""

    def __init__(self, finite: list[float], never: int) -> None:
        self.finite, self.never = finite, never

    def __len__(self) -> int:
        return len(self.finite) + self.never

    @overload
    def __getitem__(self, i: int) -> float: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[float]: ...

    def __getitem__(self, i: int | slice) -> float | Sequence[float]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self.finite[i] if i < len(self.finite) else math.inf


@dataclass
class Sample:
    """One scope's probes in one window."""

    reached: int = 0
    answered: int = 0
    unanswered: int = 0
    latencies_s: list[float] = field(default_factory=list)  # answered probes, sorted

    @property
    def decided(self) -> int:
        return self.answered + self.unanswered

    def value(self, metric: str) -> float | None:
        """The metric for this sample; None when there is nothing to judge yet."""
        if metric in ("median_first_reply", "p90_first_reply"):
            if not self.decided:
                return None
            data = _WithNever(self.latencies_s, self.unanswered)
            return quantile(data, 0.5 if metric == "median_first_reply" else 0.9)
        if metric == "answer_rate":
            return self.answered / self.decided if self.decided else None
        if metric == "unanswered":
            return float(self.unanswered)
        if metric == "answered":
            return float(self.answered)
        if metric == "probes":
            return float(self.reached)
        raise ValueError(f"unknown metric {metric!r}")

    def without(self, other: Sample) -> Sample:
        """This pool minus one member's probes (a competitor is not compared with itself)."""
        lat = list(self.latencies_s)
        for v in other.latencies_s:
            i = bisect_left(lat, v)
            if i < len(lat) and lat[i] == v:
                del lat[i]
        return Sample(
            self.reached - other.reached,
            self.answered - other.answered,
            self.unanswered - other.unanswered,
            lat,
        )


@dataclass(frozen=True)
class Window:
    """Probes scheduled in [since, until), restricted to some targets and touchpoint kinds."""

    since: datetime
    until: datetime | None
    targets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetGroups:
    by_name: dict[str, str]  # target name -> client | competitor
    timezones: dict[str, str | None]


class SampleCache:
    """Samples per window for one evaluation run; rules that share a window share the scan."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_window: dict[Window, dict[Scope, Sample]] = {}
        self._pools: dict[tuple[Window, str], Sample] = {}
        infos = reportq.targets(session).values()
        self.groups = TargetGroups({t.name: t.group for t in infos}, {t.name: t.timezone for t in infos})

    def samples(self, window: Window) -> dict[Scope, Sample]:
        got = self._by_window.get(window)
        if got is None:
            got = self._by_window[window] = load_samples(self.session, window)
        return got

    def competitor_pool(self, window: Window, kind: str) -> Sample:
        """Every competitor's probes of one touchpoint kind in the window, pooled."""
        key = (window, kind)
        pool = self._pools.get(key)
        if pool is None:
            pool = Sample()
            for (target, k), s in self.samples(window).items():
                if k == kind and self.groups.by_name.get(target) == "competitor":
                    pool.reached += s.reached
                    pool.answered += s.answered
                    pool.unanswered += s.unanswered
                    pool.latencies_s.extend(s.latencies_s)
            pool.latencies_s.sort()
            self._pools[key] = pool
        return pool


def load_samples(session: Session, window: Window) -> dict[Scope, Sample]:
    """Counts from one GROUP BY, latencies from one stream; keyed by (target name, kind)."""
    flt = ReportFilter(targets=window.targets, kinds=window.kinds, since=window.since, until=window.until)
    names = {t.id: t.name for t in reportq.targets(session).values()}
    out: dict[Scope, Sample] = {}
    for r in reportq.count_rows(session, flt):
        s = out.setdefault((names[r.target_id], r.kind), Sample())
        s.reached += r.reached
        s.answered += r.answered
        s.unanswered += r.unanswered
    for _cid, tid, kind, ms in reportq.latencies(session, flt):
        out.setdefault((names[tid], kind), Sample()).latencies_s.append(ms / 1000)
    for s in out.values():
        s.latencies_s.sort()
    return out
