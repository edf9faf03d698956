"""The report as plain frozen data: what every export and the dashboard render.

Counting rules (one place, so every format shows the same numbers):
- ``reached`` = probes that got to the shop (submitted, answered, unanswered);
  this is M in "N of M answered". Failed and blocked probes did not reach the
  shop and are shown separately, never counted against it.
- ``answered + unanswered + waiting == reached``. ``auto_only`` is the part of
  ``unanswered`` that got an auto-reply and nothing from a person.
- SLA shares and the answer rate are over ``reached``; waiting probes are
  censored in the Kaplan-Meier curve instead of being called failures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from monitor.report.km import KMPoint
from monitor.store.reportq import ReportFilter


@dataclass(frozen=True)
class LatencyStats:
    count: int = 0
    median_s: float | None = None
    p90_s: float | None = None
    min_s: float | None = None
    max_s: float | None = None


@dataclass(frozen=True)
class ReplyQuality:
    """People's replies: the checklist score (of 5) and canned share. Beside latency, never in it."""

    scored: int = 0  # people's replies with a checklist
    score_sum: int = 0
    canned: int = 0
    items: tuple[tuple[str, int], ...] = ()  # checklist item -> replies passing it (detailed views only)

    @property
    def mean(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None

    @property
    def canned_share(self) -> float | None:
        return self.canned / self.scored if self.scored else None


@dataclass(frozen=True)
class PromiseStats:
    """What the shop promised against what it did: "promised 15 min; median 3 h 10 min; kept 2 of 9"."""

    promised: str | None = None  # the most common promise, as text ("15 min", "1 business day")
    promised_s: int | None = None
    source: str | None = None  # page | auto-reply | chat | sms
    with_promise: int = 0  # reached probes carrying a promise
    checked: int = 0  # of those, decided: answered, or past the promised time
    kept: int = 0  # answered within the promise


@dataclass(frozen=True)
class Metrics:
    probes: int = 0
    reached: int = 0
    answered: int = 0
    unanswered: int = 0
    waiting: int = 0
    auto_only: int = 0
    auto_any: int = 0
    failed: int = 0
    blocked: int = 0
    pending: int = 0
    within: tuple[tuple[float, int], ...] = ()  # (SLA seconds, answered within it)
    latency: LatencyStats = field(default_factory=LatencyStats)
    business_latency: LatencyStats | None = None  # only where business hours are known
    reply_kinds: tuple[tuple[str, int], ...] = ()  # every stored reply by kind (human, ack, receipt, ...)
    quality: ReplyQuality = field(default_factory=ReplyQuality)
    promise: PromiseStats = field(default_factory=PromiseStats)

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.reached if self.reached else None

    def within_share(self, seconds: float) -> float | None:
        for s, k in self.within:
            if s == seconds:
                return k / self.reached if self.reached else None
        return None

    def within_count(self, seconds: float) -> int:
        return next((k for s, k in self.within if s == seconds), 0)


@dataclass(frozen=True)
class Cell:
    """Metrics for one slice: a target x touchpoint, a group x touchpoint, a campaign..."""

    label: str
    kind: str  # touchpoint kind or "all"
    metrics: Metrics
    group: str = ""
    target: str = ""
    campaign: str = ""


@dataclass(frozen=True)
class LeaderRow:
    kind: str
    rank: int
    target: str
    group: str
    metrics: Metrics
    rate_gap: float | None  # best answer rate minus this one (0 for the best)
    median_gap_s: float | None  # this median minus the best median


@dataclass(frozen=True)
class HeatCell:
    weekday: int  # Monday = 0, in the target's time zone, of the submission
    hour: int
    reached: int
    answered: int
    median_s: float | None


@dataclass(frozen=True)
class WeekRow:
    week: str  # ISO year-week, e.g. 2026-W02 (of scheduled_at, UTC)
    reached: int
    answered: int
    within_first_sla: int
    median_s: float | None


@dataclass(frozen=True)
class Curve:
    label: str
    points: tuple[KMPoint, ...]
    n: int


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    filters: ReportFilter
    sla_seconds: tuple[float, ...]
    cells: tuple[Cell, ...]  # per target x touchpoint
    kinds: tuple[Cell, ...]  # per touchpoint over all targets
    groups: tuple[Cell, ...]  # per group x touchpoint
    campaigns: tuple[Cell, ...]  # per campaign x touchpoint
    leaderboard: tuple[LeaderRow, ...]
    total: Metrics
    heat: tuple[HeatCell, ...] = ()
    weeks: tuple[WeekRow, ...] = ()
    curves: tuple[Curve, ...] = ()  # answered-by-time per target
    latencies_s: tuple[float, ...] = ()  # every first-human-reply latency, for the histogram
