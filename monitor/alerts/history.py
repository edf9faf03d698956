"""What happened, for the dashboard's alerts page and `replywatch alerts list`: plain rows, no ORM objects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.alerts.mute import Mute, active_mutes
from monitor.config import Config
from monitor.store.models import AlertDeliveryAttempt, AlertEvent, AlertNotification

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class AttemptRow:
    at: datetime
    label: str
    ok: bool
    error: str | None
    duration_ms: int


@dataclass(frozen=True)
class NotificationRow:
    id: int
    kind: str
    channel: str
    label: str
    target: str | None
    title: str
    state: str
    hold: str | None
    created_at: datetime
    due_at: datetime
    delivered_at: datetime | None
    last_error: str | None
    attempts: tuple[AttemptRow, ...] = ()


@dataclass(frozen=True)
class EventRow:
    id: int
    rule: str
    scope: str
    fired_at: datetime
    resolved_at: datetime | None
    message: str
    resolution: str | None
    delivered: bool
    notifications: tuple[NotificationRow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class History:
    open_events: tuple[EventRow, ...]
    events: tuple[EventRow, ...]  # newest first, open and resolved
    other: tuple[NotificationRow, ...]  # per-event notifications and test messages, newest first
    mutes: tuple[Mute, ...]


def load_history(session: Session, cfg: Config, now: datetime, limit: int = HISTORY_LIMIT) -> History:
    events = list(
        session.scalars(
            select(AlertEvent).order_by(AlertEvent.fired_at.desc(), AlertEvent.id.desc()).limit(limit)
        )
    )
    open_extra = list(
        session.scalars(
            select(AlertEvent).where(
                AlertEvent.resolved_at.is_(None), AlertEvent.id.not_in([e.id for e in events])
            )
        )
    )
    notes = _notifications(
        session,
        select(AlertNotification).where(
            AlertNotification.alert_event_id.in_([e.id for e in events + open_extra])
        ),
    )
    by_event: dict[int, list[NotificationRow]] = defaultdict(list)
    for event_id, row in notes:
        by_event[event_id or 0].append(row)
    rows = {e.id: _event_row(e, by_event.get(e.id, [])) for e in events + open_extra}
    other = [
        r
        for _, r in _notifications(
            session,
            select(AlertNotification)
            .where(AlertNotification.alert_event_id.is_(None))
            .order_by(AlertNotification.id.desc())
            .limit(limit),
        )
    ]
    open_rows = sorted((r for r in rows.values() if r.resolved_at is None), key=lambda r: (r.rule, r.scope))
    return History(
        tuple(open_rows),
        tuple(rows[e.id] for e in events),
        tuple(other),
        tuple(active_mutes(session, cfg, now).all),
    )


def _event_row(e: AlertEvent, notes: list[NotificationRow]) -> EventRow:
    return EventRow(
        e.id,
        e.rule,
        e.scope,
        e.fired_at,
        e.resolved_at,
        e.message,
        e.resolution,
        e.delivered,
        tuple(sorted(notes, key=lambda n: n.id)),
    )


def _notifications(session: Session, q: object) -> list[tuple[int | None, NotificationRow]]:
    rows = list(session.scalars(q))  # type: ignore[call-overload]
    attempts: dict[int, list[AttemptRow]] = defaultdict(list)
    if rows:
        for a in session.scalars(
            select(AlertDeliveryAttempt)
            .where(AlertDeliveryAttempt.notification_id.in_([r.id for r in rows]))
            .order_by(AlertDeliveryAttempt.id)
        ):
            attempts[a.notification_id].append(AttemptRow(a.at, a.label, a.ok, a.error, a.duration_ms))
    return [
        (
            r.alert_event_id,
            NotificationRow(
                r.id,
                r.kind,
                r.channel,
                r.label,
                r.target,
                r.title,
                r.state,
                r.hold,
                r.created_at,
                r.due_at,
                r.delivered_at,
                r.last_error,
                tuple(attempts.get(r.id, [])),
            ),
        )
        for r in rows
    ]
