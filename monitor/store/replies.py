"""Storing replies from any channel and applying them to their probe.

One function for every channel (mail, chat, callback), so the rules of what
"answered" means live in one place:
- a reply is stored once per (channel, message_key); a second delivery is a no-op;
- the first human reply answers the probe and fixes its latency;
- the first auto-reply / bot message is kept as ``auto_reply_at``;
- a bounce fails a probe that was waiting (``failed: undeliverable``);
- a reply after the deadline is stored and flagged ``late``; it does not
  change an ``unanswered`` verdict, so figures stay stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.store.models import Probe, Reply
from monitor.store.text import clean_fields


@dataclass(frozen=True)
class IncomingReply:
    """A reply as the watchers see it, before it is stored."""

    channel: str  # email | chat | call | sms
    kind: str  # human | auto | bot | greeting | bounce
    message_key: str
    received_at: datetime
    detected_at: datetime
    sender: str | None = None
    subject: str | None = None
    excerpt: str | None = None
    sent_at: datetime | None = None
    raw_path: str | None = None
    reasons: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchResult:
    probe_id: int | None
    method: str  # address | thread | token | sender-domain | manual | unmatched
    confidence: str | None  # exact | probable | manual


def reply_exists(session: Session, channel: str, message_key: str) -> bool:
    return session.scalar(
        select(Reply.id).where(Reply.channel == channel, Reply.message_key == message_key)
    ) is not None


def store_reply(session: Session, incoming: IncomingReply, match: MatchResult) -> Reply | None:
    """Insert the reply and apply it to its probe. Returns None if it was stored before."""
    incoming = clean_fields(incoming)  # NUL and lone surrogates: no channel's text can stop storage
    if reply_exists(session, incoming.channel, incoming.message_key):
        return None
    r = Reply(
        probe_id=match.probe_id,
        channel=incoming.channel,
        kind=incoming.kind,
        message_key=incoming.message_key[:500],
        received_at=incoming.received_at,
        detected_at=incoming.detected_at,
        sent_at=incoming.sent_at,
        sender=(incoming.sender or "")[:500] or None,
        subject=(incoming.subject or "")[:1000] or None,
        excerpt=incoming.excerpt,
        match_method=match.method,
        match_confidence=match.confidence,
        raw_path=incoming.raw_path,
        reasons=list(incoming.reasons),
        details=dict(incoming.details),
    )
    try:
        with session.begin_nested():
            session.add(r)
            session.flush()
    except IntegrityError:  # a concurrent watcher stored it first
        return None
    if match.probe_id is not None:
        apply_to_probe(session, match.probe_id, r)
    return r


def apply_to_probe(session: Session, probe_id: int, r: Reply) -> None:
    p = session.get(Probe, probe_id, with_for_update=session.bind is not None and session.bind.dialect.name == "postgresql")
    if p is None:
        return
    late = p.deadline_at is not None and r.received_at > p.deadline_at
    r.late = late
    if r.kind == "bounce":
        if p.status in ("submitted", "running") and p.first_human_reply_at is None:
            p.status = "failed"
            p.reason = "undeliverable"
            p.finished_at = r.detected_at
        return
    if r.kind in ("auto", "bot"):
        if p.auto_reply_at is None or r.received_at < p.auto_reply_at:
            p.auto_reply_at = r.received_at
        _promote_interrupted(p, r)
        return
    if r.kind != "human":
        return  # greetings never count
    _promote_interrupted(p, r)
    if late:
        # A late answer is kept and shown, but the verdict stays "unanswered".
        prev = p.details.get("late_reply_at")
        if prev is None or r.received_at.isoformat() < prev:
            p.details = {**p.details, "late_reply_at": r.received_at.isoformat()}
        if p.status == "submitted":
            p.status = "unanswered"
            p.finished_at = p.deadline_at
        return
    if p.status not in ("submitted", "answered", "running"):
        return
    if p.first_human_reply_at is not None and p.first_human_reply_at <= r.received_at:
        return
    p.first_human_reply_at = r.received_at
    if p.submitted_at is not None:
        p.latency_ms = int((r.received_at - p.submitted_at).total_seconds() * 1000)
    p.status = "answered"
    p.finished_at = r.detected_at


def _promote_interrupted(p: Probe, r: Reply) -> None:
    """A probe marked interrupted that gets a reply evidently reached the shop."""
    if p.status == "failed" and (p.reason or "").startswith("interrupted") and p.submit_started_at is not None:
        p.status = "submitted"
        p.submitted_at = p.submit_started_at
        p.reason = "interrupted after submitting; submission proven by a reply (submitted_at = submit start)"
        p.finished_at = None


def assign_manually(session: Session, reply_id: int, probe_id: int) -> None:
    """The review queue: a person assigns an unmatched message to a probe."""
    r = session.get(Reply, reply_id)
    if r is None:
        raise KeyError(f"no reply {reply_id}")
    if session.get(Probe, probe_id) is None:
        raise KeyError(f"no probe {probe_id}")
    r.probe_id = probe_id
    r.match_method = "manual"
    r.match_confidence = "manual"
    session.flush()
    apply_to_probe(session, probe_id, r)
