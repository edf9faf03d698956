"""Inbound calls and SMS: the answer channel of callback probes.

A telephony provider (or a person logging a call by hand) reports events as
``CallEvent``; they arrive through the web hook (monitor/hooks.py) or the
``replywatch call-event`` command. A call carries no token, so matching is by
the number the shop dialled (the persona's phone given in the form) and, as the
strongest evidence, the caller's number being one of the target's known phones.
When several shops could be calling the same persona phone and the caller is
unknown, the event is kept unmatched for review rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.identity import TOKEN_RE
from monitor.store.models import Probe, Reply, Target
from monitor.store.replies import IncomingReply, MatchResult, store_reply

ANSWERABLE = ("submitted", "answered", "unanswered")


@dataclass(frozen=True)
class CallEvent:
    channel: str  # call | sms
    from_number: str
    to_number: str
    at: datetime  # when the call rang / the SMS arrived, by the provider's clock (UTC)
    event_id: str  # the provider's unique id: the same event is stored once
    duration_s: float | None = None
    text: str | None = None
    provider: str | None = None


def normalize_phone(value: str) -> str:
    """Digits only, with a Russian/Kazakh trunk prefix 8 turned into country code 7.

    '+7 (912) 345-67-01', '8 912 345 67 01' and '79123456701' compare equal.
    """
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    elif len(digits) == 10 and digits.startswith("9"):
        digits = "7" + digits  # a Russian mobile written without the country code
    return digits


def classify_event(ev: CallEvent) -> tuple[str, tuple[str, ...]]:
    """A call is a person calling back; an SMS is judged by its wording like an auto-reply mail."""
    if ev.channel == "call":
        if ev.duration_s is not None and ev.duration_s <= 0:
            return "human", ("call: missed or unanswered by the shopper, but the shop called back",)
        return "human", ("call: the shop called back",)
    from monitor.mail.classify import wording_reasons

    strong, weak = wording_reasons(ev.text or "")
    if strong or len(weak) >= 2:
        return "auto", tuple(f"sms wording: {r}" for r in [*strong, *weak])
    return "human", ("sms: no automatic wording",)


def match_event(session: Session, ev: CallEvent) -> MatchResult:
    """Strongest evidence first: token in an SMS, caller is a known target phone, the only candidate."""
    if ev.text:
        for m in TOKEN_RE.finditer(ev.text.lower()):
            pid = session.scalar(select(Probe.id).where(Probe.token == m.group(1)))
            if pid is not None:
                return MatchResult(pid, "token", "exact")
    dialled = normalize_phone(ev.to_number)
    caller = normalize_phone(ev.from_number)
    rows = session.execute(
        select(Probe, Target)
        .join(Target, Target.id == Probe.target_id)
        .where(Probe.status.in_(ANSWERABLE), Probe.submitted_at <= ev.at, Probe.phone.is_not(None))
        .order_by(Probe.submitted_at.desc())
    ).all()
    candidates = [(p, t) for p, t in rows if normalize_phone(p.phone or "") == dialled]
    if not candidates:
        return MatchResult(None, "unmatched", None)
    known = [(p, t) for p, t in candidates if caller and caller in {normalize_phone(x) for x in t.phones or []}]
    if known:
        return MatchResult(_prefer_callback(known).id, "caller-number", "exact")
    targets = {t.id for _, t in candidates}
    if len(targets) == 1:
        return MatchResult(_prefer_callback(candidates).id, "persona-phone", "probable")
    return MatchResult(None, "unmatched", None)  # several shops could be calling: a person decides


def _prefer_callback(cands: list[tuple[Probe, Target]]) -> Probe:
    """The most recent callback probe, else the most recent probe that gave this phone."""
    for p, _ in cands:
        if p.kind == "callback":
            return p
    return cands[0][0]


def record_event(session: Session, ev: CallEvent, *, now: datetime) -> Reply | None:
    """Store the event once and apply it to its probe (None if already stored)."""
    kind, reasons = classify_event(ev)
    match = match_event(session, ev)
    excerpt = ev.text if ev.channel == "sms" else (
        f"call from {ev.from_number}" + (f", {ev.duration_s:.0f} s" if ev.duration_s is not None else ""))
    incoming = IncomingReply(
        channel=ev.channel,
        kind=kind,
        message_key=f"{ev.provider or 'manual'}:{ev.event_id}",
        received_at=ev.at,
        detected_at=now,
        sender=ev.from_number,
        excerpt=excerpt,
        reasons=reasons,
        details={"to": ev.to_number, "duration_s": ev.duration_s, "provider": ev.provider},
    )
    return store_reply(session, incoming, match)
