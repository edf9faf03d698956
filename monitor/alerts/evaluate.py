"""Rules -> AlertEvent rows -> messages in the outbox.

Each rule is judged per target x touchpoint. An event opens when the rule
breaks (and the rule's cooldown since the last one for that scope has passed),
is re-announced every ``repeat`` while it stays open, and resolves when the
rule holds again, with a "resolved" message to whoever got the first one.
A scope with too few decided probes is not judged at all: its event neither
opens nor resolves on thin evidence.

What a relative rule compares (README, "Alerts"):
- ``baseline(B)``: the rule's window (the last ``window``) against the B before
  it, [now - window - B, now - window): the current window is never part of its
  own baseline. Needs ``min_probes`` decided probes now and ``min_baseline`` then.
- ``competitors``: the target against every competitor-group target's probes
  of the same touchpoint kind over the same window, pooled (the report's
  "competitor" group row), leaving the target itself out when it is a
  competitor. Needs ``min_probes`` for the target and ``min_baseline`` in the pool.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.mute import active_mutes
from monitor.alerts.outbox import Gate, Message, Queued, enqueue
from monitor.alerts.rules import LATENCY_METRICS, RELATIVE_METRICS, Condition
from monitor.alerts.samples import SampleCache, Scope, Window
from monitor.alerts.senders import Destination, destinations
from monitor.clock import Clock, iso_ms
from monitor.config import AlertConfig, Config, format_duration
from monitor.report import fmt
from monitor.store.db import transaction
from monitor.store.models import AlertEvent, AlertNotification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Judgement:
    value: float | None
    reference: float | None  # the threshold, or the baseline / competitors' value
    holds: bool | None  # does the rule break? None: too few probes to say
    n: int = 0  # decided probes behind the value
    n_reference: int = 0  # decided probes behind the reference (relative rules)


def judge_rule(cache: SampleCache, rule: AlertConfig, now: datetime) -> dict[Scope, Judgement]:
    cond = rule.condition
    kinds = tuple(rule.touchpoints or ())
    targets = tuple(rule.targets) if isinstance(rule.targets, list) else ()
    current = cache.samples(Window(now - rule.window, None, targets, kinds))
    out: dict[Scope, Judgement] = {}
    for scope, sample in current.items():
        value = sample.value(cond.metric)
        if value is None or (cond.metric in RELATIVE_METRICS and sample.decided < rule.needed_probes):
            out[scope] = Judgement(value, None, None, sample.decided)
            continue
        if cond.relative is None:
            assert cond.value is not None
            out[scope] = Judgement(value, cond.value, cond.holds(value, cond.value), sample.decided)
            continue
        ref = _reference(cache, rule, cond, scope, now, kinds, targets)
        if ref is None or ref[1] < rule.min_baseline or ref[0] is None:
            out[scope] = Judgement(value, ref[0] if ref else None, None, sample.decided, ref[1] if ref else 0)
            continue
        out[scope] = Judgement(value, ref[0], cond.holds(value, ref[0]), sample.decided, ref[1])
    return out


def _reference(
    cache: SampleCache,
    rule: AlertConfig,
    cond: Condition,
    scope: Scope,
    now: datetime,
    kinds: tuple[str, ...],
    targets: tuple[str, ...],
) -> tuple[float | None, int] | None:
    """(value, decided probes) of what the scope is compared with."""
    if cond.relative == "baseline":
        assert cond.baseline is not None
        start = now - rule.window
        base = cache.samples(Window(start - cond.baseline, start, targets, kinds)).get(scope)
        return (base.value(cond.metric), base.decided) if base else None
    window = Window(now - rule.window, None, (), kinds)  # every competitor, whatever the rule's targets
    pool = cache.competitor_pool(window, scope[1])
    if cache.groups.by_name.get(scope[0]) == "competitor":
        own = cache.samples(window).get(scope)
        if own is not None:
            pool = pool.without(own)
    return pool.value(cond.metric), pool.decided


def evaluate_rules(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> list[AlertEvent]:
    """Judge every rule now; open, remind and resolve events. Returns the events opened in this run."""
    now = clock.now()
    judged: dict[str, dict[Scope, Judgement]] = {}
    with factory() as s:
        cache = SampleCache(s)
        for rule in cfg.alerts:
            try:
                judged[rule.name] = judge_rule(cache, rule, now)
            except Exception:  # one broken rule must not silence the others
                log.exception("alert rule %s could not be evaluated", rule.name)
        zones = cache.groups.timezones
    opened: list[AlertEvent] = []
    for rule in cfg.alerts:
        if rule.name in judged:
            opened += _apply_rule(cfg, factory, rule, judged[rule.name], zones, now)
    close_orphans(cfg, factory, now)
    return opened


def _apply_rule(
    cfg: Config,
    factory: sessionmaker[Session],
    rule: AlertConfig,
    judged: dict[Scope, Judgement],
    zones: dict[str, str | None],
    now: datetime,
) -> list[AlertEvent]:
    dests = destinations(cfg, rule)
    opened: list[tuple[AlertEvent, Judgement, Gate]] = []
    queued: list[Queued] = []
    with transaction(factory) as s:
        mutes = active_mutes(s, cfg, now)
        open_ = _open_events(s, rule.name)
        last = {
            scope: at
            for scope, at in s.execute(
                select(AlertEvent.scope, func.max(AlertEvent.fired_at))
                .where(AlertEvent.rule == rule.name)
                .group_by(AlertEvent.scope)
            )
        }
        for (target, kind), j in sorted(judged.items()):
            scope = f"{target}/{kind}"
            gate = Gate(mutes, rule.quiet_hours, zones.get(target) or cfg.timezone, drop_when_muted=False)
            event = open_.get(scope)
            if j.holds and event is not None:
                if rule.repeat is not None and now - (event.reminded_at or event.fired_at) >= rule.repeat:
                    queued += _remind(s, rule, event.id, j, dests, gate, now)
            elif j.holds and (scope not in last or now - last[scope] >= rule.cooldown):
                opened.append((_open(s, rule, scope, j, now), j, gate))
            elif j.holds is False and event is not None:
                queued += _resolve(s, rule, event.id, j, dests, gate, now)
        s.flush()  # the new events get their ids, which the messages' keys name
        for new, j, gate in opened:
            msg = _message(rule, new, "fired", f"replywatch: {rule.name}: {new.scope}", new.message, j, now)
            queued.append((msg, gate, dests))
        enqueue(s, queued, now)
    return [e for e, _, _ in opened]


@dataclass(frozen=True)
class _OpenEvent:
    id: int
    fired_at: datetime
    reminded_at: datetime | None


def _open_events(s: Session, rule: str) -> dict[str, _OpenEvent]:
    """The rule's open events by scope, as plain rows: most are only looked at, not changed."""
    q = select(AlertEvent.scope, AlertEvent.id, AlertEvent.fired_at, AlertEvent.reminded_at)
    q = q.where(AlertEvent.rule == rule, AlertEvent.resolved_at.is_(None))
    return {scope: _OpenEvent(eid, fired, reminded) for scope, eid, fired, reminded in s.execute(q)}


def _open(s: Session, rule: AlertConfig, scope: str, j: Judgement, now: datetime) -> AlertEvent:
    assert j.value is not None
    event = AlertEvent(
        rule=rule.name,
        scope=scope,
        fired_at=now,
        value=_finite(j.value),
        reference=_finite(j.reference),
        message=describe(rule, scope, j),
        delivered=False,
    )
    s.add(event)
    log.info("alert %s fired for %s", rule.name, scope)
    return event


def _remind(
    s: Session,
    rule: AlertConfig,
    event_id: int,
    j: Judgement,
    dests: list[Destination],
    gate: Gate,
    now: datetime,
) -> list[Queued]:
    event = s.get(AlertEvent, event_id)
    assert event is not None and rule.repeat is not None
    if gate.mutes.until(rule.name, _target(event.scope)) is not None:
        return []  # no reminders while muted
    event.reminded_at = now
    body = f"Still open since {iso_ms(event.fired_at)}. {describe(rule, event.scope, j)}"
    n = int((now - event.fired_at) / rule.repeat)
    msg = _message(rule, event, f"remind:{n}", f"replywatch: still {rule.name}: {event.scope}", body, j, now)
    return [(msg, gate, dests)]


def _resolve(
    s: Session,
    rule: AlertConfig,
    event_id: int,
    j: Judgement,
    dests: list[Destination],
    gate: Gate,
    now: datetime,
) -> list[Queued]:
    event = s.get(AlertEvent, event_id)
    assert event is not None
    cond = rule.condition
    event.resolved_at, event.resolved_value = now, _finite(j.value)
    event.resolution = f"{cond.metric} is {show(cond.metric, j.value)}: {rule.when} no longer holds"
    log.info("alert %s resolved for %s", rule.name, event.scope)
    told = _told(s, event)
    if not rule.send_resolved or not told:
        return []
    body = (
        f"{rule.name}: {event.scope}: resolved. {event.resolution}. It fired at {iso_ms(event.fired_at)} "
        f"and was open for {fmt.duration((now - event.fired_at).total_seconds())}."
    )
    msg = _message(rule, event, "resolved", f"replywatch: resolved {rule.name}: {event.scope}", body, j, now)
    return [(msg, gate, [d for d in dests if d.key in told])]


def _told(s: Session, event: AlertEvent) -> set[str]:
    """Destinations that got (or will get) the alert; messages a mute held back are dropped instead."""
    told: set[str] = set()
    for row in s.scalars(
        select(AlertNotification).where(
            AlertNotification.alert_event_id == event.id, AlertNotification.kind != "alert.resolved"
        )
    ):
        if row.state == "pending" and row.hold == "muted":
            row.state, row.last_error = "muted", "the alert cleared during the mute"
        elif row.state == "delivered" or (row.state == "pending" and row.kind == "alert.fired"):
            told.add(row.destination)
    return told


def close_orphans(cfg: Config, factory: sessionmaker[Session], now: datetime) -> None:
    """Open events of rules (or scopes) the config no longer has are resolved quietly."""
    rules = {r.name: r for r in cfg.alerts}
    with transaction(factory) as s:
        q = select(AlertEvent.id, AlertEvent.rule, AlertEvent.scope).where(AlertEvent.resolved_at.is_(None))
        for eid, name, scope in s.execute(q).all():
            rule = rules.get(name)
            target, _, kind = scope.partition("/")
            if rule is None:
                why = "the rule was removed from the config"
            elif isinstance(rule.targets, list) and target not in rule.targets:
                why = "the target is no longer covered by the rule"
            elif rule.touchpoints and kind not in rule.touchpoints:
                why = "the touchpoint is no longer covered by the rule"
            else:
                continue
            s.execute(update(AlertEvent).where(AlertEvent.id == eid).values(resolved_at=now, resolution=why))


def describe(rule: AlertConfig, scope: str, j: Judgement) -> str:
    cond = rule.condition
    head = f"{rule.name}: {scope}: {cond.metric} is {show(cond.metric, j.value)}"
    window = format_duration(rule.window)
    if cond.relative == "baseline":
        assert cond.baseline is not None
        return (
            f"{head}, against {show(cond.metric, j.reference)} in the {format_duration(cond.baseline)} before "
            f"({rule.when}; last {window}: {j.n} probes, baseline: {j.n_reference} probes)"
        )
    if cond.relative == "competitors":
        return (
            f"{head}, competitors' is {show(cond.metric, j.reference)} ({rule.when}; last {window}: "
            f"{j.n} probes, competitors: {j.n_reference} probes)"
        )
    return f"{head} ({rule.when}) over the last {window}"


def show(metric: str, value: float | None) -> str:
    if value is None:
        return "unknown"
    if metric in LATENCY_METRICS:
        return "never (no answer)" if math.isinf(value) else fmt.duration(value)
    if metric == "answer_rate":
        return fmt.percent(value)
    return f"{value:g}"


def _message(
    rule: AlertConfig, event: AlertEvent, what: str, title: str, body: str, j: Judgement, now: datetime
) -> Message:
    kind = "alert." + what.split(":")[0].replace("remind", "reminder")
    key = f"alert:{event.id}:{what}"
    target, _, touchpoint = event.scope.partition("/")
    cond = rule.condition
    payload = {
        "id": key,
        "type": kind,
        "occurred_at": iso_ms(now),
        "title": title,
        "text": body,
        "target": target,
        "touchpoint": touchpoint,
        "alert": {
            "event_id": event.id,
            "rule": rule.name,
            "condition": rule.when,
            "metric": cond.metric,
            "value": _finite(j.value),
            "value_text": show(cond.metric, j.value),
            "reference": _finite(j.reference),
            "window_s": rule.window.total_seconds(),
            "fired_at": iso_ms(event.fired_at),
            "resolved_at": iso_ms(event.resolved_at),
        },
    }
    return Message(key, kind, title, body, payload, target, event.id)


def _finite(v: float | None) -> float | None:
    return None if v is None or math.isinf(v) else v


def _target(scope: str) -> str:
    return scope.partition("/")[0]
