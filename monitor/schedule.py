"""Which probe runs when: pure, clock-injected planning of campaign rounds.

A campaign fires rounds on a cron or interval schedule. A round does not burst:
its probes are spread over the campaign's ``spread`` (plus ``jitter``) window,
sampled only inside or only outside each target's business hours (in the
target's own time zone, weekends included) when ``hours`` asks for it, never on
a blackout date, and never two to the same site (target or domain) closer than
``min_gap``. The planner is pure (times and a ``random.Random`` in, times out),
so every rule is tested with a FakeClock and no sleeps; ``create_round`` turns a
plan into ``scheduled`` probes through ``monitor.store.repo.create_probe``.
"""

from __future__ import annotations

import bisect
import logging
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock, as_utc
from monitor.config import CampaignConfig, Config, ScheduleConfig, parse_days
from monitor.sites import domain_key, site_domain, site_keys, target_key
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Campaign, Probe, Target, Touchpoint
from monitor.workdays import is_working_day

log = logging.getLogger("replywatch.schedule")

# How far ahead a probe may be pushed to find an allowed moment (hours, blackout, gaps).
SEARCH_HORIZON = timedelta(days=14)
# Rounds are created this much ahead of their time at most (see run_due_rounds).
ROUND_LEAD = timedelta(seconds=1)


# --------------------------------------------------------------------------- value types


@dataclass(frozen=True)
class Hours:
    """A target's business hours: weekdays (Monday=0) and a daily from-to, in ``tz``."""

    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    start: time = time(9, 0)
    end: time = time(18, 0)
    tz: str = "UTC"
    country: str | None = None  # its public holidays are closed days, its moved working days open ones

    @classmethod
    def from_json(cls, data: dict[str, object] | None, tz: str | None, country: str | None = None) -> Hours:
        data = data or {}
        days = data.get("days", "mon-fri")
        return cls(
            days=tuple(parse_days(days if isinstance(days, str | list) else "mon-fri")),
            start=time.fromisoformat(str(data.get("from", "09:00"))),
            end=time.fromisoformat(str(data.get("to", "18:00"))),
            tz=str(data.get("timezone") or tz or "UTC"),
            country=country,
        )


@dataclass(frozen=True)
class Slot:
    """One touchpoint a round covers, with what the rate limits and hours need."""

    touchpoint_id: int
    target: str
    key: str
    domain: str
    hours: Hours = field(default_factory=Hours)

    @property
    def limit_keys(self) -> tuple[str, str]:
        return site_keys(self.target, self.domain)


@dataclass(frozen=True)
class Planned:
    slot: Slot
    scheduled_at: datetime


@dataclass(frozen=True)
class Rules:
    """The planning knobs of one campaign, resolved to plain values."""

    spread: timedelta = timedelta(0)
    jitter: timedelta = timedelta(0)
    hours: str = "any"  # any | business | off
    min_gap: timedelta = timedelta(seconds=30)
    blackout: frozenset[date] = frozenset()

    @classmethod
    def of(cls, c: CampaignConfig) -> Rules:
        return cls(
            spread=c.schedule.spread,
            jitter=c.schedule.jitter,
            hours=c.hours,
            min_gap=c.min_gap,
            blackout=frozenset(c.blackout),
        )


# --------------------------------------------------------------------------- rounds


def _zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or "UTC")


@lru_cache(maxsize=256)
def _cron(expr: str, tz: str) -> object:
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger.from_crontab(expr, timezone=_zone(tz))


def fire_after(
    schedule: ScheduleConfig, after: datetime, tz: str, *, last: datetime | None = None
) -> datetime:
    """The first round time strictly after ``after`` (interval rounds are anchored on ``last``)."""
    after = as_utc(after)
    if schedule.interval:
        step = schedule.interval
        if last is None:
            return after + timedelta(microseconds=1)
        last = as_utc(last)
        if last > after:
            return last
        n = (after - last) // step + 1
        return last + n * step
    trig = _cron(schedule.cron or "", schedule.timezone or tz)
    nxt = trig.get_next_fire_time(None, after + timedelta(microseconds=1))  # type: ignore[attr-defined]
    return as_utc(nxt)


def due_round(
    schedule: ScheduleConfig, last: datetime | None, now: datetime, tz: str, *, anchor: datetime
) -> datetime | None:
    """The round that should run now, or None. Missed rounds coalesce into the latest one.

    An interval campaign that never ran is due at once; a cron campaign's first
    round is its first fire time after ``anchor`` (when the scheduler started).
    """
    now = as_utc(now)
    if schedule.interval:
        if last is None:
            return now
        last = as_utc(last)
        if last + schedule.interval > now:
            return None
        return last + ((now - last) // schedule.interval) * schedule.interval
    start = as_utc(last) if last is not None else as_utc(anchor) - timedelta(microseconds=1)
    nxt = fire_after(schedule, start, tz)
    if nxt > now:
        return None
    latest = nxt
    while True:  # coalesce a backlog (a daemon that was down) into one round
        nxt = fire_after(schedule, latest, tz)
        if nxt > now:
            return latest
        latest = nxt


def next_round(
    schedule: ScheduleConfig,
    last: datetime | None,
    now: datetime,
    tz: str,
    *,
    blackout: frozenset[date] = frozenset(),
) -> datetime:
    """When the next round will run (for `replywatch campaigns`): now if one is due; blackout days skipped."""
    if due_round(schedule, last, now, tz, anchor=now) is not None:
        nxt = as_utc(now)
    elif schedule.interval:
        nxt = as_utc(last) + schedule.interval if last else as_utc(now)
    else:
        nxt = fire_after(schedule, now, tz)
    zone = _zone(schedule.timezone or tz)
    for _ in range(1000):
        if nxt.astimezone(zone).date() not in blackout:
            break
        nxt = nxt + schedule.interval if schedule.interval else fire_after(schedule, nxt, tz)
    return nxt


def round_times(schedule: ScheduleConfig, start: datetime, end: datetime, tz: str) -> list[datetime]:
    """All round times in [start, end): a round at ``start`` for interval campaigns."""
    out: list[datetime] = []
    t = (
        as_utc(start)
        if schedule.interval
        else fire_after(schedule, as_utc(start) - timedelta(microseconds=1), tz)
    )
    while t < end:
        out.append(t)
        t = t + schedule.interval if schedule.interval else fire_after(schedule, t, tz)
    return out


def is_blackout(schedule: ScheduleConfig, rules: Rules, when: datetime, tz: str) -> bool:
    return as_utc(when).astimezone(_zone(schedule.timezone or tz)).date() in rules.blackout


# --------------------------------------------------------------------------- allowed time


Span = tuple[float, float]  # POSIX seconds, half-open


def _local(d: date, t: time, zone: ZoneInfo) -> float:
    return datetime.combine(d, t, tzinfo=zone).timestamp()


@lru_cache(maxsize=4096)
def _day_spans(d: date, hours: Hours, mode: str, blackout: frozenset[date]) -> tuple[Span, ...]:
    """Allowed spans of one local day of the target (cached: few distinct zones and hours)."""
    zone = _zone(hours.tz)
    day0, day1 = _local(d, time(0), zone), _local(d + timedelta(days=1), time(0), zone)
    if d in blackout:
        return ()
    if mode == "any":
        return ((day0, day1),)
    open_day = is_working_day(d, hours.days, hours.country) and hours.start < hours.end
    b0, b1 = _local(d, hours.start, zone), _local(d, hours.end, zone)
    if mode == "business":
        return ((b0, b1),) if open_day else ()
    if not open_day:
        return ((day0, day1),)
    return tuple(s for s in ((day0, b0), (b1, day1)) if s[1] > s[0])


def allowed_spans(start: float, end: float, hours: Hours, mode: str, blackout: frozenset[date]) -> list[Span]:
    """The parts of [start, end) where a probe may run for this target."""
    zone = _zone(hours.tz)
    d = datetime.fromtimestamp(start, zone).date() - timedelta(days=1)
    last = datetime.fromtimestamp(end, zone).date()
    out: list[Span] = []
    while d <= last:
        for a, b in _day_spans(d, hours, mode, blackout):
            a, b = max(a, start), min(b, end)
            if b > a:
                if out and abs(out[-1][1] - a) < 1e-6:
                    out[-1] = (out[-1][0], b)
                else:
                    out.append((a, b))
        d += timedelta(days=1)
    return out


def _is_allowed(t: float, hours: Hours, mode: str, blackout: frozenset[date]) -> bool:
    return bool(allowed_spans(t, t + 1e-3, hours, mode, blackout))


def _next_allowed(t: float, hours: Hours, mode: str, blackout: frozenset[date]) -> float | None:
    spans = allowed_spans(t, t + SEARCH_HORIZON.total_seconds(), hours, mode, blackout)
    return spans[0][0] if spans else None


def _quantile(spans: Sequence[Span], u: float) -> float:
    """The point at fraction ``u`` of the spans' total length."""
    total = sum(b - a for a, b in spans)
    left = u * total
    for a, b in spans:
        if left <= b - a:
            return a + left
        left -= b - a
    return spans[-1][1] - 1e-3


# --------------------------------------------------------------------------- rate limits


class Busy:
    """Times already taken per site key; answers 'earliest time >= t at least gap from all'."""

    def __init__(self) -> None:
        self._times: dict[str, list[float]] = {}

    def add(self, keys: Iterable[str], t: float) -> None:
        for k in keys:
            bisect.insort(self._times.setdefault(k, []), t)

    def earliest(self, keys: Sequence[str], t: float, gap: float) -> float:
        moved = True
        while moved:
            moved = False
            for k in keys:
                lst = self._times.get(k)
                if not lst:
                    continue
                i = bisect.bisect_right(lst, t - gap)
                if i < len(lst) and lst[i] < t + gap:
                    t = lst[i] + gap
                    moved = True
        return t


# --------------------------------------------------------------------------- planning


def plan_round(
    slots: Sequence[Slot], round_at: datetime, rules: Rules, *, rng: random.Random, busy: Busy | None = None
) -> tuple[list[Planned], list[tuple[Slot, str]]]:
    """Times for one round's probes. Returns (planned, skipped with a reason).

    The window is [round_at, round_at + spread + jitter]. Slots are shuffled and
    stratified over the allowed part of the window (so a 100-probe round over an
    hour really is spread, not clustered by chance); a slot whose window has no
    allowed time moves to the target's next allowed moment; then the rate limit
    pushes it later until it is ``min_gap`` from every probe to the same target
    and domain, re-checking hours each time.
    """
    busy = busy or Busy()
    start = as_utc(round_at).timestamp()
    length = (rules.spread + rules.jitter).total_seconds()
    gap = rules.min_gap.total_seconds()
    order = list(slots)
    rng.shuffle(order)
    n = len(order)
    planned: list[Planned] = []
    skipped: list[tuple[Slot, str]] = []
    cache: dict[Hours, list[Span]] = {}  # slots share a few zones/hours: one span list each
    for i, slot in enumerate(order):
        u = (i + rng.random()) / n
        spans = cache.get(slot.hours)
        if spans is None:
            spans = cache[slot.hours] = _window(start, length, slot.hours, rules)
        t = _pick(length, u, spans)
        if t is None:
            skipped.append(
                (slot, f"no allowed time ({rules.hours} hours, blackout) within {SEARCH_HORIZON.days} days")
            )
            continue
        t2 = _place(slot, t, gap, rules, busy, limit=start + SEARCH_HORIZON.total_seconds(), spans=spans)
        if t2 is None:
            skipped.append((slot, "no time respecting min_gap and hours within the search horizon"))
            continue
        busy.add(slot.limit_keys, t2)
        planned.append(Planned(slot, datetime.fromtimestamp(t2, UTC)))
    planned.sort(key=lambda p: p.scheduled_at)
    return planned, skipped


def _window(start: float, length: float, hours: Hours, rules: Rules) -> list[Span]:
    """Allowed spans of the round's window, or of the same-length window at the next allowed moment."""
    spans = allowed_spans(start, start + max(length, 1e-3), hours, rules.hours, rules.blackout)
    if spans:
        return spans
    nxt = _next_allowed(start, hours, rules.hours, rules.blackout)
    if nxt is None:
        return []
    return allowed_spans(nxt, nxt + max(length, 1e-3), hours, rules.hours, rules.blackout)


def _pick(length: float, u: float, spans: Sequence[Span]) -> float | None:
    if not spans:
        return None
    return _quantile(spans, u) if length > 0 else spans[0][0]


def _place(
    slot: Slot, t: float, gap: float, rules: Rules, busy: Busy, *, limit: float, spans: Sequence[Span] = ()
) -> float | None:
    for _ in range(1000):
        if t > limit:
            return None
        t = busy.earliest(slot.limit_keys, t, gap) if gap > 0 else t
        if rules.hours == "any" and not rules.blackout:
            return t
        if any(a <= t < b for a, b in spans) or _is_allowed(t, slot.hours, rules.hours, rules.blackout):
            return t
        nxt = _next_allowed(t, slot.hours, rules.hours, rules.blackout)
        if nxt is None:
            return None
        t = nxt
    return None


# --------------------------------------------------------------------------- database side


def slots_for(
    session: Session,
    cfg: Config,
    campaign: CampaignConfig | None,
    kinds: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
) -> list[tuple[Slot, Touchpoint]]:
    """The round's slots from the active touchpoints the campaign covers."""
    out: list[tuple[Slot, Touchpoint]] = []
    for tp in repo.touchpoints_for(session, cfg, campaign, kinds=kinds, targets=targets):
        t: Target = tp.target
        hours = Hours.from_json(t.business_hours, t.timezone or cfg.timezone, t.country)
        out.append((Slot(tp.id, t.name, tp.key, site_domain(tp.kind, tp.url, t.url), hours), tp))
    return out


def busy_from_db(session: Session, slots: Sequence[Slot], start: datetime, end: datetime) -> Busy:
    """Probes already planned or run near this window count against the rate limits."""
    busy = Busy()
    by_tp = {s.touchpoint_id: s for s in slots}
    tp_ids = list(by_tp)
    for i in range(0, len(tp_ids), 500):
        chunk = tp_ids[i : i + 500]
        q = select(Probe.touchpoint_id, Probe.scheduled_at, Probe.started_at).where(
            Probe.touchpoint_id.in_(chunk), Probe.scheduled_at >= start, Probe.scheduled_at <= end
        )
        for tp_id, sched, started in session.execute(q):
            busy.add(by_tp[tp_id].limit_keys, as_utc(started or sched).timestamp())
    # Other touchpoints on the same domains (other targets, other campaigns) count too.
    domains = {s.domain for s in slots}
    return _add_domain_neighbours(session, busy, domains, set(tp_ids), start, end)


def _add_domain_neighbours(
    session: Session, busy: Busy, domains: set[str], seen: set[int], start: datetime, end: datetime
) -> Busy:
    q = (
        select(
            Probe.touchpoint_id, Probe.scheduled_at, Touchpoint.url, Touchpoint.kind, Target.url, Target.name
        )
        .join(Touchpoint, Touchpoint.id == Probe.touchpoint_id)
        .join(Target, Target.id == Probe.target_id)
        .where(Probe.scheduled_at >= start, Probe.scheduled_at <= end)
    )
    for tp_id, sched, tp_url, kind, t_url, t_name in session.execute(q):
        if tp_id in seen:
            continue
        dom = site_domain(kind, tp_url, t_url)
        keys = [target_key(t_name)] + ([domain_key(dom)] if dom in domains else [])
        busy.add(keys, as_utc(sched).timestamp())
    return busy


def create_round(
    session: Session,
    cfg: Config,
    cc: CampaignConfig,
    row: Campaign,
    round_at: datetime,
    *,
    rng: random.Random,
    targets: Iterable[str] | None = None,
) -> list[Probe]:
    """Plan one round of a campaign and create its `scheduled` probes."""
    pairs = slots_for(session, cfg, cc, targets=targets)
    if not pairs:
        return []
    rules = Rules.of(cc)
    slots = [s for s, _ in pairs]
    tps = {s.touchpoint_id: tp for s, tp in pairs}
    window_end = as_utc(round_at) + rules.spread + rules.jitter + SEARCH_HORIZON
    busy = busy_from_db(session, slots, as_utc(round_at) - rules.min_gap, window_end)
    planned, skipped = plan_round(slots, round_at, rules, rng=rng, busy=busy)
    for slot, why in skipped:
        log.warning("campaign %s: %s/%s not scheduled: %s", cc.name, slot.target, slot.key, why)
    return [
        repo.create_probe(
            session,
            cfg,
            tps[p.slot.touchpoint_id],
            scheduled_at=p.scheduled_at,
            campaign=row,
            deadline=cc.reply_deadline,
            worker_tag=cc.worker_tag,
        )
        for p in planned
    ]


def _claim_round(session: Session, row: Campaign, round_at: datetime) -> bool:
    """Advance last_round_at atomically: a round is created once even with two schedulers."""
    res = session.execute(
        update(Campaign)
        .where(
            Campaign.id == row.id, or_(Campaign.last_round_at.is_(None), Campaign.last_round_at < round_at)
        )
        .values(last_round_at=round_at)
        .execution_options(synchronize_session=False)
    )
    return bool(res.rowcount == 1)  # type: ignore[attr-defined]


def run_due_rounds(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    *,
    anchor: datetime,
    rng: random.Random | None = None,
    lead: timedelta = ROUND_LEAD,
) -> dict[str, int]:
    """Create every campaign round due by ``clock.now() + lead``. Returns probes created per campaign.

    The small lead absorbs a wake-up that fires a few milliseconds before the
    round's time; probes still carry their own ``scheduled_at`` and are only
    executed when that moment comes.
    """
    rng = rng or random.Random()
    real_now = clock.now()
    now = real_now + lead
    created: dict[str, int] = {}
    for cc in cfg.campaigns:
        if not cc.enabled:
            continue
        with transaction(factory) as s:
            row = s.scalar(select(Campaign).where(Campaign.name == cc.name))
            if row is None or not row.active:
                continue
            tz = cc.schedule.timezone or cfg.timezone
            r = due_round(cc.schedule, row.last_round_at, now, tz, anchor=anchor)
            if r is not None and row.last_round_at is None and cc.schedule.interval:
                r = real_now  # a first interval round starts now, not ``lead`` ahead
            if r is None or not _claim_round(s, row, r):
                continue
            if is_blackout(cc.schedule, Rules.of(cc), r, tz):
                log.info("campaign %s: round at %s skipped (blackout date)", cc.name, r.isoformat())
                created[cc.name] = 0
                continue
            probes = create_round(s, cfg, cc, row, r, rng=rng)
            created[cc.name] = len(probes)
            log.info(
                "campaign %s: round at %s created %d probes",
                cc.name,
                r.isoformat(),
                len(probes),
                extra={"event": "round_created"},
            )
    return created


def run_round_now(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    campaign: str | None = None,
    *,
    kinds: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
    rng: random.Random | None = None,
) -> list[int]:
    """Create a round now, outside the schedule (the `probe` command). Returns the new probe ids.

    With a campaign name its rules apply (spread, hours, gaps) but its schedule
    does not move; without one every matching touchpoint gets a probe due now,
    still kept ``min_gap`` (30s) apart per site.
    """
    rng = rng or random.Random()
    now = clock.now()
    with transaction(factory) as s:
        repo.sync_config(s, cfg)  # the command may run before any daemon has synced this config
        if campaign is not None:
            cc = next((c for c in cfg.campaigns if c.name == campaign), None)
            if cc is None:
                raise KeyError(f"no campaign {campaign!r}; known: {[c.name for c in cfg.campaigns]}")
            row = s.scalar(select(Campaign).where(Campaign.name == cc.name))
            assert row is not None
            if kinds:
                cc = cc.model_copy(update={"touchpoints": [k for k in cc.touchpoints if k in set(kinds)]})
            return [p.id for p in create_round(s, cfg, cc, row, now, rng=rng, targets=targets)]
        pairs = slots_for(s, cfg, None, kinds=kinds, targets=targets)
        slots = [sl for sl, _ in pairs]
        tps = {sl.touchpoint_id: tp for sl, tp in pairs}
        rules = Rules()
        busy = busy_from_db(s, slots, now - rules.min_gap, now + SEARCH_HORIZON)
        planned, _ = plan_round(slots, now, rules, rng=rng, busy=busy)
        return [
            repo.create_probe(s, cfg, tps[p.slot.touchpoint_id], scheduled_at=p.scheduled_at).id
            for p in planned
        ]
