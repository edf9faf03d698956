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
COUNT_NAMES = (
    "probes",
    "reached",
    "answered",
    "unanswered",
    "waiting",
    "auto_only",
    "auto_any",
    "failed",
    "blocked",
    "pending",
)
I64 = np.dtype("<i8")
F64 = np.dtype("<f8")
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


_NO_INTS: IntArray = np.zeros(0, dtype=I64)
_NO_INTS.flags.writeable = False
_NO_FLOATS: FloatArray = np.zeros(0, dtype=F64)
_NO_FLOATS.flags.writeable = False


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


def _without_rows(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    """Aligned arrays ``a`` minus the rows of ``b``, as multisets of rows (NaN compared by its bytes)."""
    if not len(b[0]):
        return a
    left = Counter(zip(*(_keys(x) for x in a), strict=True))
    left.subtract(zip(*(_keys(x) for x in b), strict=True))
    rows = list(left.elements())
    return tuple(np.array([_unkey(r[i], x.dtype) for r in rows], dtype=x.dtype) for i, x in enumerate(a))


def _keys(x: Any) -> list[Any]:
    keys: list[Any] = x.view(I64).tolist() if x.dtype == F64 else x.tolist()
    return keys


def _unkey(v: Any, dtype: Any) -> Any:
    return np.array([v], dtype=I64).view(F64)[0] if dtype == F64 else v


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
    # Timing views (heat map, weekly trend, Kaplan-Meier), aligned with ``lat``: each answer's heat slot
    # (weekday * 24 + hour, target's zone, of submission) and scheduled day; for every reached probe
    # its slot and day; for every reached probe not answered its censoring (submitted, end; NaN = now).
    lat_slot: IntArray = field(default_factory=_ints)
    lat_day: IntArray = field(default_factory=_ints)
    rs_slot: IntArray = field(default_factory=_ints)
    rs_day: IntArray = field(default_factory=_ints)
    cen_sub: FloatArray = field(default_factory=_floats)
    cen_end: FloatArray = field(default_factory=_floats)

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
        for name in ("lat_slot", "lat_day", "rs_slot", "rs_day", "cen_sub", "cen_end"):
            other = getattr(o, name)
            if len(other):
                setattr(self, name, np.concatenate((getattr(self, name), other)))

    def subtract(self, o: Agg) -> None:
        """Take a cell's old day out of its all-time row before the new day goes in."""
        self.counts = [a - b for a, b in zip(self.counts, o.counts, strict=True)]
        self.lat, self.lat_slot, self.lat_day = _without_rows(
            (self.lat, self.lat_slot, self.lat_day), (o.lat, o.lat_slot, o.lat_day)
        )
        self.rs_slot, self.rs_day = _without_rows((self.rs_slot, self.rs_day), (o.rs_slot, o.rs_day))
        self.cen_sub, self.cen_end = _without_rows((self.cen_sub, self.cen_end), (o.cen_sub, o.cen_end))
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

    def encode(self) -> tuple[list[int], bytes, bytes, dict[str, Any], bytes]:
        """(counts, lat, biz, facts, timing) as stored: arrays sorted, so equal content is equal bytes."""
        facts = {
            "kinds": dict(sorted(self.kinds.items())),
            "scored": self.scored,
            "score_sum": self.score_sum,
            "canned": self.canned,
            "items": dict(sorted(self.items.items())),
            "promises": sorted(([t, s, src, n] for (t, s, src), n in self.promises.items()), key=repr),
            "with_promise": self.with_promise,
            "checked": self.checked,
            "kept": self.kept,
            "open": sorted([sub, lim, int(b)] for sub, lim, b in self.open),
        }
        order = np.lexsort((self.lat_day, self.lat_slot, self.lat))
        rs = np.lexsort((self.rs_day, self.rs_slot))
        cen_end = np.nan_to_num(self.cen_end, nan=-1.0)  # NaN sorts and compares badly: -1 = "now"
        cen = np.lexsort((cen_end, self.cen_sub))
        timing = (
            np.concatenate(
                (
                    np.array([len(self.rs_slot), len(self.cen_sub)], dtype=I64),
                    self.lat_slot[order],
                    self.lat_day[order],
                    self.rs_slot[rs],
                    self.rs_day[rs],
                )
            )
            .astype(I64)
            .tobytes()
        )
        timing += np.concatenate((self.cen_sub[cen], cen_end[cen])).astype(F64).tobytes()
        return (
            list(self.counts),
            self.lat[order].astype(I64).tobytes(),
            np.sort(self.biz).astype(F64).tobytes(),
            facts,
            timing,
        )

    @classmethod
    def decode(
        cls, counts: list[Any], lat: bytes, biz: bytes, facts: dict[str, Any], timing: bytes = b""
    ) -> Agg:
        get = facts.get
        agg = cls(
            counts=[int(x) for x in counts],
            lat=np.frombuffer(lat, dtype=I64),
            biz=np.frombuffer(biz, dtype=F64),
            kinds=Counter(get("kinds") or ()),
            scored=int(get("scored", 0)),
            score_sum=int(get("score_sum", 0)),
            canned=int(get("canned", 0)),
            items=Counter(get("items") or ()),
            promises=Counter({(t, s, src): n for t, s, src, n in get("promises") or ()}),
            with_promise=int(get("with_promise", 0)),
            checked=int(get("checked", 0)),
            kept=int(get("kept", 0)),
            open=[(float(a), float(b), bool(c)) for a, b, c in get("open") or ()],
            # read-only empties, replaced (never written in place) by merge and _unpack_timing
            lat_slot=_NO_INTS,
            lat_day=_NO_INTS,
            rs_slot=_NO_INTS,
            rs_day=_NO_INTS,
            cen_sub=_NO_FLOATS,
            cen_end=_NO_FLOATS,
        )
        if timing:
            agg._unpack_timing(timing)
        return agg

    def _unpack_timing(self, timing: bytes) -> None:
        """One row's timing column (``unpack_timings`` holds the one definition of its layout)."""
        t = unpack_timings(self.lat, np.array([len(self.lat)], dtype=np.int64), [timing])
        self.lat_slot, self.lat_day, self.rs_slot, self.rs_day = t.lat_slot, t.lat_day, t.rs_slot, t.rs_day
        self.cen_sub, self.cen_end = t.cen_sub, t.cen_end

    def empty(self) -> bool:
        return self.counts[0] == 0 and not self.kinds


@dataclass
class TimingColumns:
    """The timing columns of many rows at once, laid row after row; ``*_row`` names each value's row.

    Why: a detailed report reads 8,000 rows' timing blobs; unpacking them with a few array operations
    over one joined buffer, instead of one ``Agg`` per row, keeps the heat map, trend and curves cheap.
    """

    lat: IntArray  # each answer's latency (ms), aligned with lat_row / lat_slot / lat_day
    lat_row: IntArray
    lat_slot: IntArray
    lat_day: IntArray
    rs_row: IntArray  # every reached probe
    rs_slot: IntArray
    rs_day: IntArray
    cen_row: IntArray  # every reached probe not answered: submitted, end (NaN = now)
    cen_sub: FloatArray
    cen_end: FloatArray


def _ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """Indexes start[i] .. start[i] + lengths[i] - 1 for every i, concatenated."""
    total = int(lengths.sum())
    if not total:
        return _ints()
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(total, dtype=np.int64)


def unpack_timings(lat: IntArray, lat_len: IntArray, blobs: list[bytes]) -> TimingColumns:
    """The timing columns of every row, as ``Agg.encode`` laid them out: per row two counts (reached m,
    censored k), then int64 answer slots and days (n each, n = the row's answers), reached slots and days
    (m each), then float64 censoring starts and ends (k each; -1 = "now"). ``lat`` holds the rows' latencies row after row (``lat_len``
    each), ``blobs`` their ``timing`` columns as ``encode`` wrote them (same row order)."""
    rows = len(blobs)
    words = np.frombuffer(b"".join(blobs), dtype=I64) if rows else _ints()
    sizes = np.fromiter((len(b) // 8 for b in blobs), dtype=np.int64, count=rows)
    start = np.cumsum(sizes) - sizes
    n = lat_len.astype(np.int64)
    has = sizes > 0
    m, k = np.zeros(rows, dtype=np.int64), np.zeros(rows, dtype=np.int64)
    m[has], k[has] = words[start[has]], words[start[has] + 1]
    n = np.where(has, n, 0)
    ints = start + 2
    floats = words.view(F64)
    cen_at = ints + 2 * n + 2 * m
    row = np.arange(rows, dtype=np.int64)
    end = floats[_ranges(cen_at + k, k)]
    keep = np.repeat(has, lat_len)  # rows without a timing blob have no timing for their answers either
    return TimingColumns(
        lat=lat[keep],
        lat_row=np.repeat(row, n),
        lat_slot=words[_ranges(ints, n)],
        lat_day=words[_ranges(ints + n, n)],
        rs_row=np.repeat(row, m),
        rs_slot=words[_ranges(ints + 2 * n, m)],
        rs_day=words[_ranges(ints + 2 * n + m, m)],
        cen_row=np.repeat(row, k),
        cen_sub=floats[_ranges(cen_at, k)],
        cen_end=np.where(end == -1.0, np.nan, end),
    )
