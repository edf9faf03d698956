"""Storing replies from any channel and applying them to their probe.

One function for every channel (mail, chat, callback), so the rules of what
"answered" means live in one place:
- a reply is stored once per (channel, message_key); a second delivery is a no-op;
- the first human reply answers the probe and fixes its latency;
- the first auto-reply, bot message, acknowledgement or out-of-office is kept as ``auto_reply_at``;
- read receipts, delivery notices (delayed, delivered, relayed) and newsletters never answer:
  they are stored with their evidence (``read_at``, ``delivery``) and the probe keeps waiting;
- only a permanent bounce fails a waiting probe (``failed: undeliverable``, the failing address and
  status in ``details["bounce"]``); a person's
  answer that still comes later proves the question arrived, and the probe ends ``answered``;
- a reply after the deadline is stored and flagged ``late``; it does not
  change an ``unanswered`` verdict, so figures stay stable.
- a person's reply gets its quality checklist and is compared with the target's earlier
  replies to other probes (canned); an auto-reply's or greeting's promised reply time is
  kept on the probe when the page did not promise one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.canned import Candidate, same_template, template_text
from monitor.promises import Promise, parse_promise
from monitor.quality import check, new_text
from monitor.store.models import AUTO_REPLY_KINDS, Probe, Reply, Target
from monitor.store.text import clean_fields

CANNED_LOOKBACK = 200  # earlier human replies of the target compared with a new one (newest first)


@dataclass(frozen=True)
class IncomingReply:
    """A reply as the watchers see it, before it is stored."""

    channel: str  # email | chat | call | sms
    kind: str  # one of models.REPLY_KINDS
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
    text: str | None = None  # the whole body (quote and signature included): for the checklist, not stored


@dataclass(frozen=True)
class MatchResult:
    probe_id: int | None
    method: str  # address | thread | token | sender-domain | manual | unmatched
    confidence: str | None  # exact | probable | manual


def reply_exists(session: Session, channel: str, message_key: str) -> bool:
    return (
        session.scalar(select(Reply.id).where(Reply.channel == channel, Reply.message_key == message_key))
        is not None
    )


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
        describe_reply(session, match.probe_id, r, incoming)
    return r


def apply_to_probe(session: Session, probe_id: int, r: Reply) -> None:
    p = session.get(
        Probe,
        probe_id,
        with_for_update=session.bind is not None and session.bind.dialect.name == "postgresql",
    )
    if p is None:
        return
    late = p.deadline_at is not None and r.received_at > p.deadline_at
    r.late = late
    if r.kind == "bounce":
        _fail_undeliverable(p, r)
        return
    if r.kind in ("receipt", "delivery"):
        _note_notice(p, r)
        return
    if r.kind in AUTO_REPLY_KINDS:
        if p.auto_reply_at is None or r.received_at < p.auto_reply_at:
            p.auto_reply_at = r.received_at
        _promote_interrupted(p, r)
        return
    if r.kind != "human":
        return  # greetings and newsletters never count
    _promote_interrupted(p, r)
    _promote_undeliverable(p)
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


def _fail_undeliverable(p: Probe, r: Reply) -> None:
    """A permanent failure ends a waiting probe; the failing address and status are the evidence."""
    if p.status not in ("submitted", "running") or p.first_human_reply_at is not None:
        return
    failed = [str(a) for a in (r.details or {}).get("failed_recipients") or []]
    statuses = [str(d.get("status")) for d in (r.details or {}).get("dsn") or [] if d.get("status")]
    p.status = "failed"
    p.reason = "undeliverable"  # the reason other tools match on; the evidence goes in details["bounce"]
    p.finished_at = r.detected_at
    p.details = {
        **p.details,
        "bounce": {
            "reply_id": r.id,
            "failed_recipients": failed,
            "status": statuses[:3],
            "reasons": list(r.reasons),
        },
    }


def _note_notice(p: Probe, r: Reply) -> None:
    """Read receipts and delivery notices: evidence on the probe, never an answer, never a failure."""
    d = r.details or {}
    key = "read_at" if r.kind == "receipt" else f"delivery_{d.get('dsn_action') or 'notice'}_at"
    prev = p.details.get(key)
    if prev is None or r.received_at.isoformat() < prev:
        p.details = {**p.details, key: r.received_at.isoformat()}
    if r.kind == "receipt" or d.get("dsn_action") == "delivered":
        _promote_interrupted(p, r)  # the shop's side has the question


def _promote_undeliverable(p: Probe) -> None:
    """A person answering after a bounce proves the question arrived (another recipient, a retry)."""
    if p.status == "failed" and (p.reason or "").startswith("undeliverable") and p.submitted_at is not None:
        p.details = {**p.details, "bounce_overruled_by_answer": p.reason}
        p.status = "submitted"
        p.reason = None
        p.finished_at = None


def _promote_interrupted(p: Probe, r: Reply) -> None:
    """A probe marked interrupted that gets a reply evidently reached the shop."""
    if (
        p.status == "failed"
        and (p.reason or "").startswith("interrupted")
        and p.submit_started_at is not None
    ):
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


# --------------------------------------------------------------------------- what a reply says


def describe_reply(session: Session, probe_id: int, r: Reply, incoming: IncomingReply) -> None:
    """Checklist and canned mark for a person's reply; a promise from an automatic one. Never touches latency."""
    p = session.get(Probe, probe_id)
    if p is None:
        return
    if r.kind == "human":
        _grade(session, p, r, incoming)
    elif r.kind in (*AUTO_REPLY_KINDS, "greeting"):
        source = "chat" if r.channel == "chat" else "sms" if r.channel == "sms" else "auto-reply"
        promise = parse_promise("\n".join(x for x in (r.subject, incoming.text or r.excerpt) if x), source)
        if promise is None and isinstance((r.details or {}).get("promise_seconds"), int):
            promise = Promise(int(r.details["promise_seconds"]), False, (r.excerpt or "")[:300], source)
        if promise is not None:
            record_promise(p, promise)


def record_promise(p: Probe, promise: Promise) -> bool:
    """Keep the first promise found (the page's, recorded at submission, comes first); all are listed in details."""
    seen = list(p.details.get("promises") or [])
    p.details = {**p.details, "promises": [*seen, promise.as_json()][:10]}
    if p.promise is not None:
        return False
    p.promise = promise.as_json()
    p.promised_s = promise.seconds
    return True


def _grade(session: Session, p: Probe, r: Reply, incoming: IncomingReply) -> None:
    persona = p.persona or {}
    first, last = str(persona.get("first_name") or ""), str(persona.get("last_name") or "")
    text = incoming.text or r.excerpt or ""
    shop = session.scalar(select(Target.name).where(Target.id == p.target_id))
    sender_name = str((r.details or {}).get("sender_name") or (r.sender if r.channel == "chat" else "") or "")
    q = check(
        text,
        question=p.question,
        first_name=first,
        sender_name=sender_name,
        shop_name=shop,
        channel=r.channel,
        sender=r.sender,
    )
    r.quality, r.quality_score = q.as_json(), q.score
    body = new_text(text) if r.channel == "email" else text
    template = template_text(body, [first, last])
    r.details = {**(r.details or {}), "template": template[:4000]}
    _mark_canned(session, p, r, template)


def _mark_canned(session: Session, p: Probe, r: Reply, template: str) -> None:
    rows = session.execute(
        select(Reply.id, Reply.probe_id, Reply.details)
        .join(Probe, Probe.id == Reply.probe_id)
        .where(Probe.target_id == p.target_id, Reply.kind == "human", Reply.id != r.id)
        .order_by(Reply.id.desc())
        .limit(CANNED_LOOKBACK)
    ).all()
    others = [Candidate(rid, pid, str((d or {}).get("template") or "")) for rid, pid, d in rows]
    hit = same_template(template, r.probe_id, others)
    if hit is None:
        return
    first = session.get(Reply, hit.reply_id)
    if first is None:
        return
    first.canned = True
    first.canned_of = first.canned_of or first.id
    r.canned, r.canned_of = True, first.canned_of
