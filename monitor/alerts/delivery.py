"""Sending what the outbox holds: retries with backoff, every attempt recorded, nothing lost.

Within one run a message gets a few tries with exponential backoff and jitter
(stamina); if they all fail, the message stays pending and is tried again on a
later run, the pause doubling from a minute up to an hour, until it is a day
old, when it is marked failed. When one destination fails, its other messages
wait for the next run instead of each burning its own retries.

Messages held by quiet hours go out when the quiet period ends, as one summary
per destination. Messages held by a mute are looked at again when it ends.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import stamina
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.mute import Mutes, active_mutes
from monitor.alerts.senders import DeliveryError, Destination, destinations, http_client, scrub, send
from monitor.clock import Clock, iso_ms
from monitor.config import AlertConfig, Config, NotificationConfig
from monitor.store.db import transaction
from monitor.store.models import AlertDeliveryAttempt, AlertEvent, AlertNotification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryPolicy:
    tries: int = 3  # within one run
    wait_initial: float = 0.5  # seconds before the second try; doubles, with jitter
    wait_max: float = 5.0
    wait_jitter: float = 0.5
    backoff: timedelta = timedelta(minutes=1)  # before the next run's tries; doubles per failed run
    backoff_max: timedelta = timedelta(hours=1)
    give_up_after: timedelta = timedelta(hours=24)
    batch: int = 500  # messages per run


@dataclass
class DeliverySummary:
    delivered: int = 0
    failed: int = 0  # gave up
    retrying: int = 0  # failed this run, will be tried again
    held: int = 0
    dropped: int = 0


@dataclass(frozen=True)
class Try:
    at: datetime
    ok: bool
    error: str | None
    ms: int


def destination_index(cfg: Config) -> dict[str, Destination]:
    """Every configured destination by its key, secrets resolved now."""
    items: list[AlertConfig | NotificationConfig] = [*cfg.alerts, *cfg.notifications]
    return {d.key: d for item in items for d in destinations(cfg, item)}


def send_with_retries(
    dest: Destination,
    title: str,
    body: str,
    payload: dict[str, Any],
    clock: Clock,
    policy: DeliveryPolicy,
    http: httpx.Client,
) -> list[Try]:
    """Up to ``policy.tries`` tries; returns each one (the last is the outcome)."""
    tries: list[Try] = []
    try:
        for attempt in stamina.retry_context(
            on=DeliveryError,
            attempts=policy.tries,
            timeout=None,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
        ):
            with attempt:
                tries.append(_one_try(dest, title, body, payload, clock, http))
                if not tries[-1].ok:
                    raise DeliveryError(tries[-1].error)
    except DeliveryError:
        pass
    return tries


def _one_try(
    dest: Destination, title: str, body: str, payload: dict[str, Any], clock: Clock, http: httpx.Client
) -> Try:
    at, t0 = clock.now(), time.monotonic()
    try:
        send(dest, title, body, payload, at, http)
        error = None
    except DeliveryError as exc:
        error = str(exc)
    except Exception as exc:  # a bug or an odd transport error in a plugin: recorded, never raised
        log.warning("sending to %s raised %s", dest.label, type(exc).__name__)
        error = scrub(f"{type(exc).__name__}: {exc}", dest)
    return Try(at, error is None, error, int((time.monotonic() - t0) * 1000))


def deliver_due(
    cfg: Config, factory: sessionmaker[Session], clock: Clock, policy: DeliveryPolicy | None = None
) -> DeliverySummary:
    """Send every pending message that is due now."""
    policy = policy or DeliveryPolicy()
    now = clock.now()
    summary = DeliverySummary()
    with factory() as s:
        rows = list(
            s.scalars(
                select(AlertNotification)
                .where(AlertNotification.state == "pending", AlertNotification.due_at <= now)
                .order_by(AlertNotification.id)
                .limit(policy.batch)
            )
        )
        mutes = active_mutes(s, cfg, now)
        resolved = _resolved_events(s, {r.alert_event_id for r in rows if r.alert_event_id is not None})
    if not rows:
        return summary
    dests = destination_index(cfg)
    by_dest: dict[str, list[AlertNotification]] = defaultdict(list)
    for r in rows:
        by_dest[r.destination].append(r)
    with http_client() as http:
        for key, group in by_dest.items():
            sendable = _sift(factory, group, dests.get(key), mutes, resolved, now, summary)
            if sendable:
                _deliver_to(factory, dests[key], sendable, clock, policy, summary, http)
    return summary


def _resolved_events(s: Session, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        s.scalars(select(AlertEvent.id).where(AlertEvent.id.in_(ids), AlertEvent.resolved_at.is_not(None)))
    )


def _sift(
    factory: sessionmaker[Session],
    group: list[AlertNotification],
    dest: Destination | None,
    mutes: Mutes,
    resolved: set[int],
    now: datetime,
    summary: DeliverySummary,
) -> list[AlertNotification]:
    """Drop what can no longer go, hold what is muted now; return what may be sent."""
    out: list[AlertNotification] = []
    with transaction(factory) as s:
        for r in group:
            row = s.get(AlertNotification, r.id)
            assert row is not None
            until = mutes.until(row.channel, row.target)
            if dest is None:
                _end(row, "dropped", "its destination is no longer in the config", summary)
            elif row.kind == "alert.reminder" and row.alert_event_id in resolved:
                _end(row, "dropped", "the alert cleared before the reminder went out", summary)
            elif until is not None and row.kind.startswith("alert."):
                row.hold, row.due_at = "muted", until
                summary.held += 1
            elif until is not None:
                _end(row, "muted", "muted when it was due", summary)
            else:
                out.append(r)
    return out


def _end(row: AlertNotification, state: str, why: str, summary: DeliverySummary) -> None:
    row.state, row.last_error = state, why
    summary.dropped += 1


def _deliver_to(
    factory: sessionmaker[Session],
    dest: Destination,
    rows: list[AlertNotification],
    clock: Clock,
    policy: DeliveryPolicy,
    summary: DeliverySummary,
    http: httpx.Client,
) -> None:
    batches = _batches(rows, digest=dest.for_people)
    for i, batch in enumerate(batches):
        title, body = _text(batch)
        tries = send_with_retries(dest, title, body, batch[0].payload, clock, policy, http)
        _record(factory, batch, dest, tries, clock.now(), policy, summary)
        if not tries[-1].ok:
            rest = [r for b in batches[i + 1 :] for r in b]
            _defer(factory, rest, clock.now(), policy)
            summary.retrying += len(rest)
            return


def _batches(rows: list[AlertNotification], *, digest: bool) -> list[list[AlertNotification]]:
    """Messages to people held by quiet hours go as one summary; everything else one by one."""
    quiet = [r for r in rows if digest and r.hold == "quiet hours"]
    single = [[r] for r in rows if r not in quiet]
    return ([quiet] if len(quiet) > 1 else [[r] for r in quiet]) + single


def _text(batch: list[AlertNotification]) -> tuple[str, str]:
    if len(batch) == 1:
        return batch[0].title, batch[0].body
    lines = [f"{len(batch)} messages held during quiet hours:"]
    lines += [f"\n[{iso_ms(r.created_at)}] {r.title}\n{r.body}" for r in batch]
    return f"replywatch: {len(batch)} messages from quiet hours", "\n".join(lines)


def _record(
    factory: sessionmaker[Session],
    batch: list[AlertNotification],
    dest: Destination,
    tries: list[Try],
    now: datetime,
    policy: DeliveryPolicy,
    summary: DeliverySummary,
) -> None:
    """Every try as an attempt row, and the message's new state, in one transaction."""
    last = tries[-1]
    with transaction(factory) as s:
        s.execute(
            insert(AlertDeliveryAttempt),
            [
                dict(
                    notification_id=r.id, at=t.at, label=dest.label, ok=t.ok, error=t.error, duration_ms=t.ms
                )
                for r in batch
                for t in tries
            ],
        )
        for r in batch:
            values: dict[str, Any] = dict(attempts=r.attempts + len(tries), last_error=last.error)
            if last.ok:
                values.update(state="delivered", delivered_at=last.at, hold=None)
                summary.delivered += 1
            elif now - r.created_at >= policy.give_up_after:
                values.update(state="failed")
                summary.failed += 1
            else:
                values.update(due_at=now + _pause(r.attempts + len(tries), policy))
                summary.retrying += 1
            s.execute(update(AlertNotification).where(AlertNotification.id == r.id).values(**values))
        fired = {r.alert_event_id for r in batch if r.alert_event_id is not None and r.kind == "alert.fired"}
        if fired:
            _summarise_events(s, fired)
    if not last.ok:
        log.warning("message to %s not delivered (%d tries): %s", dest.label, len(tries), last.error)


def _pause(attempts: int, policy: DeliveryPolicy) -> timedelta:
    runs = max(1, -(-attempts // policy.tries))
    return min(policy.backoff * 2 ** (runs - 1), policy.backoff_max)


def _defer(
    factory: sessionmaker[Session], rows: Iterable[AlertNotification], now: datetime, policy: DeliveryPolicy
) -> None:
    with transaction(factory) as s:
        for r in rows:
            row = s.get(AlertNotification, r.id)
            if row is not None:
                row.due_at = now + _pause(max(row.attempts, 1), policy)
                row.last_error = row.last_error or "not tried: the destination failed earlier in this run"


def _summarise_events(s: Session, event_ids: set[int]) -> None:
    """alert_event.delivered: the first message reached every destination; delivery_error: the last problem."""
    for eid in event_ids:
        ev = s.get(AlertEvent, eid)
        fired = list(
            s.scalars(
                select(AlertNotification).where(
                    AlertNotification.alert_event_id == eid, AlertNotification.kind == "alert.fired"
                )
            )
        )
        if ev is None or not fired:
            continue
        ev.delivered = all(r.state == "delivered" for r in fired)
        errors = [r.last_error for r in fired if r.state != "delivered" and r.last_error]
        ev.delivery_error = errors[-1] if errors else None
