"""One rollup row's content as a mergeable value: counts, exact latencies, reply facts.

Why exact latencies instead of a sketch: reports print medians and p90 that
must equal what the raw probes give (tests and `db check` compare them), and
a day of one target's touchpoint holds a handful of answers, so the sorted
values cost little more than a sketch's buckets. Arrays are little-endian
int64 milliseconds (latency) and float64 seconds (business-hours latency).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

# The order of ``counts``: the additive figures of monitor/report/model.py's Metrics.
COUNT_NAMES = ("probes", "reached", "answered", "unanswered", "waiting", "auto_only", "auto_any",
               "failed", "blocked", "pending")
I64 = np.dtype("<i8")
F64 = np.dtype("<f8")
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def _ints() -> IntArray:
    return np.zeros(0, dtype=I64)


def _floats() -> FloatArray:
    return np.zeros(0, dtype=F64)


def _without(a: Any, b: Any) -> Any:
    """The multiset ``a`` minus ``b`` (exact values: both come from the same stored bytes)."""
    if not len(b):
        return a
    left = Counter(a.tolist())
    left.subtract(b.tolist())
    return np.array(list(left.elements()), dtype=a.dtype)


@dataclass
class Agg:
    """Figures of one cell; ``merge`` adds another cell's (days into all-time, targets into groups)."""

    counts: list[int] = field(default_factory=lambda: [0] * len(COUNT_NAMES))
    lat: IntArray = field(default_factory=_ints)
    biz: FloatArray = field(default_factory=_floats)
    kinds: Counter[str] = field(default_factory=Counter)
    scored: int = 0
    score_sum: int = 0
    canned: int = 0
    items: Counter[str] = field(default_factory=Counter)
    promises: Counter[tuple[str, int | None, str]] = field(default_factory=Counter)
    with_promise: int = 0
    checked: int = 0  # answered probes with a promise: decided once and for all
    kept: int = 0
    open: list[tuple[float, float, bool]] = field(default_factory=list)  # (submitted, limit, business)

    def merge(self, o: Agg) -> None:
        self.counts = [a + b for a, b in zip(self.counts, o.counts, strict=True)]
        self.lat = np.concatenate((self.lat, o.lat)) if len(o.lat) else self.lat
        self.biz = np.concatenate((self.biz, o.biz)) if len(o.biz) else self.biz
        self.kinds.update(o.kinds)
        self.items.update(o.items)
        self.promises.update(o.promises)
        self.scored += o.scored
        self.score_sum += o.score_sum
        self.canned += o.canned
        self.with_promise += o.with_promise
        self.checked += o.checked
        self.kept += o.kept
        self.open.extend(o.open)

    def subtract(self, o: Agg) -> None:
        """Take a cell's old day out of its all-time row before the new day goes in."""
        self.counts = [a - b for a, b in zip(self.counts, o.counts, strict=True)]
        self.lat = _without(self.lat, o.lat)
        self.biz = _without(self.biz, o.biz)
        self.kinds = +(self.kinds - o.kinds)
        self.items = +(self.items - o.items)
        self.promises = +(self.promises - o.promises)
        self.scored -= o.scored
        self.score_sum -= o.score_sum
        self.canned -= o.canned
        self.with_promise -= o.with_promise
        self.checked -= o.checked
        self.kept -= o.kept
        left = Counter(self.open)
        left.subtract(o.open)
        self.open = list(left.elements())

    def encode(self) -> tuple[list[int], bytes, bytes, dict[str, Any]]:
        """(counts, lat, biz, facts) as stored: arrays sorted, so equal content is equal bytes."""
        facts = {
            "kinds": dict(sorted(self.kinds.items())), "scored": self.scored, "score_sum": self.score_sum,
            "canned": self.canned, "items": dict(sorted(self.items.items())),
            "promises": sorted(([t, s, src, n] for (t, s, src), n in self.promises.items()), key=repr),
            "with_promise": self.with_promise, "checked": self.checked, "kept": self.kept,
            "open": sorted([sub, lim, int(b)] for sub, lim, b in self.open),
        }
        return (list(self.counts), np.sort(self.lat).astype(I64).tobytes(),
                np.sort(self.biz).astype(F64).tobytes(), facts)

    @classmethod
    def decode(cls, counts: list[Any], lat: bytes, biz: bytes, facts: dict[str, Any]) -> Agg:
        return cls(
            counts=[int(x) for x in counts], lat=np.frombuffer(lat, dtype=I64), biz=np.frombuffer(biz, dtype=F64),
            kinds=Counter(facts.get("kinds") or {}), scored=int(facts.get("scored", 0)),
            score_sum=int(facts.get("score_sum", 0)), canned=int(facts.get("canned", 0)),
            items=Counter(facts.get("items") or {}),
            promises=Counter({(t, s, src): n for t, s, src, n in facts.get("promises") or []}),
            with_promise=int(facts.get("with_promise", 0)), checked=int(facts.get("checked", 0)),
            kept=int(facts.get("kept", 0)),
            open=[(float(a), float(b), bool(c)) for a, b, c in facts.get("open") or []],
        )

    def empty(self) -> bool:
        return self.counts[0] == 0 and not self.kinds
