"""One alerting round, as the daemon runs it every minute, and the `alerts test` message.

A round judges the rules, queues per-event notifications and sends whatever is
due (new messages, retries, messages whose quiet hours or mute ended). Each step
is guarded: a broken rule or an unreachable destination never stops the others.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy, DeliverySummary, Try, deliver_due, send_with_retries
from monitor.alerts.evaluate import evaluate_rules
from monitor.alerts.events import collect
from monitor.alerts.mute import active_mutes
from monitor.alerts.outbox import Gate, enqueue
from monitor.alerts.senders import destinations, http_client
from monitor.clock import Clock, iso_ms
from monitor.config import AlertConfig, Config, NotificationConfig
from monitor.store.db import transaction
from monitor.store.models import AlertDeliveryAttempt, AlertEvent, AlertNotification

log = logging.getLogger(__name__)


@dataclass
class RoundSummary:
    opened: list[AlertEvent] = field(default_factory=list)
    queued_events: int = 0
    delivery: DeliverySummary = field(default_factory=DeliverySummary)


def run_alerts(
    cfg: Config, factory: sessionmaker[Session], clock: Clock, *, policy: DeliveryPolicy | None = None
) -> RoundSummary:
    """Judge, queue, send. What the daemon calls; safe to call as often as wanted."""
    out = RoundSummary()
    try:
        out.opened = evaluate_rules(cfg, factory, clock)
    except Exception:
        log.exception("alert rules could not be evaluated; delivery goes on")
    try:
        out.queued_events = queue_event_notifications(cfg, factory, clock.now())
    except Exception:
        log.exception("per-event notifications could not be collected; delivery goes on")
    out.delivery = deliver_due(cfg, factory, clock, policy)
    return out


def queue_event_notifications(cfg: Config, factory: sessionmaker[Session], now: datetime) -> int:
    n = 0
    for nc in cfg.notifications:
        dests = destinations(cfg, nc)
        with transaction(factory) as s:
            mutes = active_mutes(s, cfg, now)
            zones = _zones(s)
            msgs = collect(s, nc, now)
            enqueue(
                s,
                [
                    (
                        m,
                        Gate(
                            mutes,
                            nc.quiet_hours,
                            zones.get(m.target or "") or cfg.timezone,
                            drop_when_muted=True,
                        ),
                        dests,
                    )
                    for m in msgs
                ],
                now,
            )
            n += len(msgs)
    return n


def _zones(s: Session) -> dict[str, str | None]:
    from monitor.store.reportq import targets

    return {t.name: t.timezone for t in targets(s).values()}


@dataclass(frozen=True)
class TestResult:
    channel: str
    label: str
    ok: bool
    error: str | None
    tries: int


def send_test(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    name: str | None = None,
    *,
    policy: DeliveryPolicy | None = None,
) -> list[TestResult]:
    """A test message to every destination (of one rule or notification); recorded like any other.

    Quiet hours and mutes do not apply: whoever runs a test wants it now.
    """
    items: list[AlertConfig | NotificationConfig] = [*cfg.alerts, *cfg.notifications]
    if name is not None:
        items = [i for i in items if i.name == name]
        if not items:
            known = ", ".join(i.name for i in [*cfg.alerts, *cfg.notifications]) or "none"
            raise KeyError(f"no alert rule or notification named {name!r}; known: {known}")
    now = clock.now()
    results = []
    with http_client() as http:
        for item in items:
            results += _test_item(cfg, factory, clock, item, now, policy or DeliveryPolicy(tries=2), http)
    return results


def _test_item(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    item: AlertConfig | NotificationConfig,
    now: datetime,
    policy: DeliveryPolicy,
    http: httpx.Client,
) -> list[TestResult]:
    results = []
    for d in destinations(cfg, item):
        key = f"test:{iso_ms(now)}:{secrets.token_hex(4)}"
        title = f"replywatch: test message for {item.name}"
        body = f"This is a test from replywatch ({item.name}, {d.label}) at {iso_ms(now)}. Nothing is wrong."
        payload = {
            "id": f"{key}:{d.key}",
            "type": "test",
            "occurred_at": iso_ms(now),
            "title": title,
            "text": body,
            "target": None,
            "touchpoint": None,
        }
        tries = send_with_retries(d, title, body, payload, clock, policy, http)
        _record_test(factory, item.name, d.key, d.label, key, title, body, payload, tries, now)
        results.append(TestResult(item.name, d.label, tries[-1].ok, tries[-1].error, len(tries)))
    return results


def _record_test(
    factory: sessionmaker[Session],
    channel: str,
    dest_key: str,
    label: str,
    key: str,
    title: str,
    body: str,
    payload: dict[str, Any],
    tries: list[Try],
    now: datetime,
) -> None:
    last = tries[-1]
    with transaction(factory) as s:
        row = AlertNotification(
            key=key,
            destination=dest_key,
            label=label,
            channel=channel,
            kind="test",
            title=title,
            body=body,
            payload=payload,
            state="delivered" if last.ok else "failed",
            created_at=now,
            due_at=now,
            delivered_at=last.at if last.ok else None,
            attempts=len(tries),
            last_error=last.error,
        )
        s.add(row)
        s.flush()
        s.add_all(
            AlertDeliveryAttempt(
                notification_id=row.id, at=t.at, label=label, ok=t.ok, error=t.error, duration_ms=t.ms
            )
            for t in tries
        )
