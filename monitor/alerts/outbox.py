"""The notification outbox: a message becomes one row per destination, in the transaction that caused it.

(key, destination) is unique, so an event is notified once per destination
however often it is looked at, and a crash between deciding and sending loses
nothing: the row is there, pending, for the next delivery run. Delivery is at
least once (a crash after sending and before recording sends again); webhook
receivers drop repeats by the payload's ``id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


Queued = tuple[Message, Gate, Sequence[Destination]]


def enqueue(session: Session, items: Sequence[Queued], now: datetime) -> None:
    """One pending row per message and destination, in one statement; a row already there is kept as it is."""
    rows: list[dict[str, Any]] = []
    for msg, gate, dests in items:
        muted_until = gate.mutes.until(dests[0].channel, msg.target) if dests else None
        quiet_end = quiet_until(gate.quiet, gate.timezone, now) if gate.quiet else None
        for d in dests:
            row: dict[str, Any] = dict(
                key=msg.key,
                destination=d.key,
                label=d.label,
                channel=d.channel,
                kind=msg.kind,
                alert_event_id=msg.alert_event_id,
                target=msg.target,
                title=msg.title[:500],
                body=msg.body,
                payload=msg.payload,
                state="pending",
                hold=None,
                created_at=now,
                due_at=now,
                attempts=0,
            )
            if muted_until is not None:
                row.update(
                    hold="muted", due_at=muted_until, state="muted" if gate.drop_when_muted else "pending"
                )
            elif quiet_end is not None and d.for_people:
                row.update(hold="quiet hours", due_at=quiet_end)
            rows.append(row)
    if rows:
        session.execute(_insert_ignoring_duplicates(session), rows)


def _insert_ignoring_duplicates(session: Session) -> Any:
    """INSERT ... ON CONFLICT (key, destination) DO NOTHING: a message queued twice stays one row."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(AlertNotification).on_conflict_do_nothing(index_elements=["key", "destination"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(AlertNotification).on_conflict_do_nothing(index_elements=["key", "destination"])
