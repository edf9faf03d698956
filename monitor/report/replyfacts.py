"""What the replies were, per report cell: kinds, checklist scores, canned share, promise kept or not.

Kept apart from the latency figures on purpose: nothing here changes who answered or how fast.
A promise is checked on the target's working clock when it is a working-time promise and the
target's business hours are known ("1 business day" = one working day of its hours), on the
wall clock otherwise. A probe still waiting counts once its promised time has passed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from monitor.promises import Promise, describe
from monitor.report.hours import Hours, business_seconds_epoch
from monitor.report.model import PromiseStats, ReplyQuality
from monitor.store import reportq
from monitor.store.reportq import ReportFilter

Key = tuple[int | None, int, str]


@dataclass
class Facts:
    kinds: Counter[str] = field(default_factory=Counter)
    scored: int = 0
    score_sum: int = 0
    canned: int = 0
    items: Counter[str] = field(default_factory=Counter)
    promises: Counter[tuple[str, int | None, str]] = field(default_factory=Counter)
    with_promise: int = 0
    checked: int = 0
    kept: int = 0

    def merge(self, other: Facts | None) -> None:
        if other is None:
            return
        self.kinds.update(other.kinds)
        self.items.update(other.items)
        self.promises.update(other.promises)
        self.scored += other.scored
        self.score_sum += other.score_sum
        self.canned += other.canned
        self.with_promise += other.with_promise
        self.checked += other.checked
        self.kept += other.kept

    def quality(self) -> ReplyQuality:
        return ReplyQuality(self.scored, self.score_sum, self.canned, tuple(sorted(self.items.items())))

    def promise(self) -> PromiseStats:
        if not self.promises:
            return PromiseStats()
        # most_common(1) without its heap: the first of the largest counts, as most_common picks it
        (text, seconds, source), _ = max(self.promises.items(), key=itemgetter(1))
        return PromiseStats(text, seconds, source, self.with_promise, self.checked, self.kept)


def collect(
    session: Session, flt: ReportFilter, hours: dict[int, Hours], now: datetime, *, items: bool
) -> dict[Key, Facts]:
    """Facts per (campaign, target, touchpoint kind): one GROUP BY, plus streams of graded replies and promises."""
    out: dict[Key, Facts] = defaultdict(Facts)
    for r in reportq.reply_kind_rows(session, flt):
        f = out[(r.campaign_id, r.target_id, r.kind)]
        f.kinds[r.reply_kind] += r.replies
        f.scored += r.scored
        f.score_sum += r.score_sum
        f.canned += r.canned
    if items:
        for cid, tid, kind, quality in reportq.quality_items(session, flt):
            passed = [name for name, v in ((quality or {}).get("items") or {}).items() if (v or {}).get("ok")]
            out[(cid, tid, kind)].items.update(passed)
    now_s = now.timestamp()
    for cid, tid, kind, status, ms, sub, data in reportq.promised(session, flt):
        _check_promise(out[(cid, tid, kind)], Promise.from_json(data), status, ms, sub, hours.get(tid), now_s)
    return dict(out)


def _check_promise(
    f: Facts, p: Promise | None, status: str, ms: int | None, sub: float | None, h: Hours | None, now_s: float
) -> None:
    if p is None:
        return
    f.with_promise += 1
    f.promises[(describe(p), p.seconds, p.source)] += 1
    if p.seconds is None or sub is None:
        return  # "in working hours" alone: shown, not checked
    limit = (
        float(p.days * h.daily)
        if p.days and p.business and h is not None and h.daily > 0
        else float(p.seconds)
    )
    end = sub + ms / 1000 if status == "answered" and ms is not None else now_s
    elapsed = business_seconds_epoch(float(sub), end, h) if p.business and h is not None else end - float(sub)
    if status == "answered" and ms is not None:
        f.checked += 1
        f.kept += elapsed <= limit
    elif elapsed > limit:
        f.checked += 1  # not answered and the promised time is over: broken


def as_json(q: ReplyQuality, pr: PromiseStats, kinds: tuple[tuple[str, int], ...]) -> dict[str, Any]:
    """The JSON shape every export uses for these figures."""
    return {
        "reply_kinds": dict(kinds),
        "quality": {
            "scored": q.scored,
            "mean_score": q.mean,
            "of": 5,
            "canned": q.canned,
            "canned_share": q.canned_share,
            "items": dict(q.items),
        },
        "promise": {
            "promised": pr.promised,
            "promised_seconds": pr.promised_s,
            "source": pr.source,
            "probes_with_promise": pr.with_promise,
            "checked": pr.checked,
            "kept": pr.kept,
        },
    }
