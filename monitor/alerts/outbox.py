"""The notification outbox: a message becomes one row per destination, in the transaction that caused it.

(key, destination) is unique, so an event is notified once per destination
however often it is looked at, and a crash between deciding and sending loses
nothing: the row is there, pending, for the next delivery run. Delivery is at
least once (a crash after sending and before recording sends again); webhook
receivers drop repeats by the payload's ``id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.alerts.mute import Mutes, quiet_until
from monitor.alerts.senders import Destination
from monitor.config import QuietHours
from monitor.store.models import AlertNotification


@dataclass(frozen=True)
class Message:
    key: str  # what happened, e.g. alert:12:fired or probe.answered:345
    kind: str  # alert.fired | alert.reminder | alert.resolved | probe.sla_missed | probe.answered | ...
    title: str
    body: str
    payload: dict[str, Any] = field(default_factory=dict)  # the webhook's JSON
    target: str | None = None
    alert_event_id: int | None = None


@dataclass(frozen=True)
class Gate:
    """What may hold a message back at the moment it is queued."""

    mutes: Mutes
    quiet: QuietHours | None
    timezone: str  # for the quiet hours: the rule's, else the target's, else the config's
    drop_when_muted: bool  # per-event notifications are dropped during a mute; alerts are held


def enqueue(session: Session, msg: Message, dests: list[Destination], now: datetime, gate: Gate
            ) -> list[AlertNotification]:
    """One pending row per destination that has not had this message yet; returns the new rows."""
    have = set(session.scalars(select(AlertNotification.destination).where(AlertNotification.key == msg.key)))
    muted_until = gate.mutes.until(dests[0].channel, msg.target) if dests else None
    quiet_end = quiet_until(gate.quiet, gate.timezone, now) if gate.quiet else None
    rows = []
    for d in dests:
        if d.key in have:
            continue
        row = AlertNotification(
            key=msg.key, destination=d.key, label=d.label, channel=d.channel, kind=msg.kind,
            alert_event_id=msg.alert_event_id, target=msg.target, title=msg.title[:500], body=msg.body,
            payload=msg.payload, state="pending", created_at=now, due_at=now, attempts=0)
        if muted_until is not None:
            row.hold, row.due_at = "muted", muted_until
            if gate.drop_when_muted:
                row.state = "muted"
        elif quiet_end is not None and d.for_people:
            row.hold, row.due_at = "quiet hours", quiet_end
        if _insert(session, row):
            rows.append(row)
    return rows


def _insert(session: Session, row: AlertNotification) -> bool:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # queued by a concurrent run: that one counts
        return False
    return True
