"""Alert rules -> AlertEvent rows -> Apprise notifications.

Each rule is checked per target x touchpoint over its window. An event opens
when the condition holds, stays open (no repeat messages) while it keeps
holding, and is resolved when it clears. A new event for the same scope is not
opened within the rule's cooldown of the last one, so a flapping metric does
not flood anyone's phone. Apprise URLs carry secrets: they are never logged or
stored, and delivery errors are recorded with URLs masked.
"""

from __future__ import annotations

import logging
import math
import operator
import os
import re
import statistics
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock
from monitor.config import AlertConfig, Condition, Config, format_duration, parse_condition
from monitor.report import fmt
from monitor.report.metrics import build_report
from monitor.report.model import Metrics
from monitor.store.db import transaction
from monitor.store.models import AlertEvent
from monitor.store.reportq import ReportFilter, latencies, targets

log = logging.getLogger(__name__)

Notifier = Callable[[list[str], str, str], object]  # (urls, title, body); raise or return False on failure

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
}
_URL = re.compile(r"[a-zA-Z][\w+.-]*://\S+")


class DeliveryError(RuntimeError):
    pass


def apprise_notify(urls: list[str], title: str, body: str) -> None:
    """Send through Apprise; raises DeliveryError without echoing any URL."""
    import apprise

    a = apprise.Apprise()
    for i, url in enumerate(urls):
        if not a.add(url):
            raise DeliveryError(f"notification URL #{i + 1} is not a valid Apprise URL")
    if not urls:
        raise DeliveryError("no notification URLs")
    if not a.notify(title=title, body=body):
        raise DeliveryError("Apprise could not deliver the notification (see the service's status)")


def rule_urls(rule: AlertConfig) -> list[str]:
    urls = list(rule.notify)
    if rule.notify_env:
        urls += [u for u in re.split(r"[\s,]+", os.environ.get(rule.notify_env, "")) if u]
    return urls


def metric_value(metric: str, m: Metrics, answered_ms: list[int]) -> float | None:
    """The rule's metric for one scope; None when there is nothing to judge yet.

    Latency percentiles count probes whose deadline passed unanswered as
    infinitely slow (a shop that never answers must not look fast), and ignore
    probes still waiting; the answer rate is over decided probes for the same reason.
    """
    decided = m.answered + m.unanswered
    if metric in ("median_first_reply", "p90_first_reply"):
        if not decided:
            return None
        values = sorted([ms / 1000 for ms in answered_ms] + [math.inf] * m.unanswered)
        if metric == "median_first_reply":
            return float(statistics.median(values))
        return values[min(len(values) - 1, math.ceil(0.9 * len(values)) - 1)]
    if metric == "answer_rate":
        return m.answered / decided if decided else None
    if metric == "unanswered":
        return float(m.unanswered)
    if metric == "answered":
        return float(m.answered)
    if metric == "probes":
        return float(m.reached)
    raise ValueError(f"unknown metric {metric!r}")


def _show(metric: str, value: float) -> str:
    if metric.endswith("_first_reply"):
        return "never (no answer)" if math.isinf(value) else fmt.duration(value)
    if metric == "answer_rate":
        return fmt.percent(value)
    return f"{value:g}"


def _open_event(session: Session, rule: str, scope: str) -> AlertEvent | None:
    return session.scalar(select(AlertEvent).where(AlertEvent.rule == rule, AlertEvent.scope == scope,
                                                   AlertEvent.resolved_at.is_(None)).limit(1))


def _last_fired(session: Session, rule: str, scope: str) -> datetime | None:
    return session.scalar(select(AlertEvent.fired_at).where(AlertEvent.rule == rule, AlertEvent.scope == scope)
                          .order_by(AlertEvent.fired_at.desc()).limit(1))


def _scope_values(session: Session, rule: AlertConfig, cond: Condition, now: datetime) -> dict[str, float | None]:
    flt = ReportFilter(targets=tuple(rule.targets) if isinstance(rule.targets, list) else (),
                       kinds=tuple(rule.touchpoints or ()), since=now - rule.window)
    rep = build_report(session, flt, now=now, sla_seconds=(600.0,), detail=False)
    answered: dict[str, list[int]] = {}
    if cond.metric.endswith("_first_reply"):
        names = {t.id: t.name for t in targets(session).values()}
        for _cid, tid, kind, ms in latencies(session, flt):
            answered.setdefault(f"{names[tid]}/{kind}", []).append(ms)
    return {f"{c.target}/{c.kind}": metric_value(cond.metric, c.metrics, answered.get(f"{c.target}/{c.kind}", []))
            for c in rep.cells}


def evaluate_alerts(cfg: Config, factory: sessionmaker[Session], clock: Clock, *,
                    notifier: Notifier | None = None) -> list[AlertEvent]:
    """Check every rule now; returns the events that fired (and were delivered or not) in this run."""
    send = notifier or apprise_notify
    now = clock.now()
    fired: list[AlertEvent] = []
    for rule in cfg.alerts:
        cond = parse_condition(rule.when)
        with factory() as s:
            values = _scope_values(s, rule, cond, now)
        for scope, value in sorted(values.items()):
            holds = value is not None and _OPS[cond.op](value, cond.value)
            event = _check_scope(factory, rule, scope, value, holds, now)
            if event is not None:
                _deliver(factory, rule, event, send)
                fired.append(event)
    return fired


def _check_scope(factory: sessionmaker[Session], rule: AlertConfig, scope: str, value: float | None,
                 holds: bool, now: datetime) -> AlertEvent | None:
    with transaction(factory) as s:
        open_ = _open_event(s, rule.name, scope)
        if not holds:
            if open_ is not None and value is not None:
                open_.resolved_at = now
                log.info("alert %s resolved for %s", rule.name, scope)
            return None
        if open_ is not None:
            return None
        last = _last_fired(s, rule.name, scope)
        if last is not None and now - last < rule.cooldown:
            return None
        assert value is not None
        cond = parse_condition(rule.when)
        event = AlertEvent(
            rule=rule.name, scope=scope, fired_at=now, value=None if math.isinf(value) else value,
            message=(f"{rule.name}: {scope}: {cond.metric} is {_show(cond.metric, value)} "
                     f"({rule.when}) over the last {format_duration(rule.window)}"),
            delivered=False,
        )
        s.add(event)
        s.flush()
        return event


def _deliver(factory: sessionmaker[Session], rule: AlertConfig, event: AlertEvent, send: Notifier) -> None:
    error: str | None = None
    try:
        if send(rule_urls(rule), f"replywatch: {rule.name}", event.message) is False:
            error = "the notifier reported a failure"
    except Exception as exc:  # any transport problem: recorded, never raised into the scheduler
        error = _URL.sub("<url>", f"{type(exc).__name__}: {exc}")[:500]
    with transaction(factory) as s:
        row = s.get(AlertEvent, event.id)
        assert row is not None
        row.delivered = error is None
        row.delivery_error = error
    event.delivered, event.delivery_error = error is None, error
    if error:
        log.warning("alert %s for %s not delivered: %s", rule.name, event.scope, error)
    else:
        log.info("alert %s fired for %s", rule.name, event.scope)
