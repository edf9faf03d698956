"""Inbound calls and SMS: the answer channel of callback probes.

A telephony provider's signed webhook (monitor/hooks.py, monitor/telephony/), an imported
call log (`replywatch calls import`) or a person (`replywatch call-event`) reports events as
``CallEvent``. A call carries no token, so matching is by the number the shop dialled (the
persona's phone given in the form) and, as the strongest evidence, the caller's number being
one of the target's known phones. Numbers are compared in E.164 (probes/phones.py), so a
shop calling from the local form of its number still matches.

Only probes whose reply window is open at the event's time are candidates (submitted before
it, deadline not yet passed): the callback rule (monitor/store/callwindows.py) keeps two
targets' callback probes on one persona number from overlapping unless their callers' numbers
tell them apart. When several shops could still be calling and the caller is unknown, the
event is kept unmatched for review rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.clock import as_utc
from monitor.identity import TOKEN_RE
from monitor.store.models import Probe, Reply, Target
from monitor.store.replies import IncomingReply, MatchResult, reply_exists, store_reply
from probes import phones

ANSWERABLE = ("submitted", "answered", "unanswered")


@dataclass(frozen=True)
class CallEvent:
    channel: str  # call | sms
    from_number: str  # E.164 when it is a number; an SMS sender name or "Anonymous" otherwise
    to_number: str
    at: datetime  # when we received it, or the provider's own signed time (UTC); never the sender's choice
    event_id: str  # the provider's unique id: the same event is stored once
    duration_s: float | None = None
    text: str | None = None
    provider: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  # provider extras kept as evidence

    @property
    def key(self) -> str:
        return f"{self.provider or 'manual'}:{self.event_id}"


@dataclass(frozen=True)
class Matched:
    result: MatchResult
    why: str  # said to the person importing a log or reading the review queue


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


def _token_match(session: Session, ev: CallEvent) -> Matched | None:
    for m in TOKEN_RE.finditer((ev.text or "").lower()):
        pid = session.scalar(select(Probe.id).where(Probe.token == m.group(1)))
        if pid is not None:
            return Matched(MatchResult(pid, "token", "exact"), "the SMS quotes the probe's token")
    return None


@dataclass(frozen=True)
class Candidate:
    """A probe that gave the dialled number, with what matching needs of its target (no full rows)."""

    probe_id: int
    kind: str
    deadline_at: datetime | None
    target: str
    phones: tuple[str, ...]  # the target's numbers, E.164 as stored by config sync
    country: str | None


def _candidates(session: Session, dialled: str, at: datetime) -> list[Candidate]:
    """Probes that gave this number, newest first (submitted before ``at``)."""
    rows = session.execute(
        select(Probe.id, Probe.kind, Probe.deadline_at, Target.name, Target.phones, Target.country)
        .join(Target, Target.id == Probe.target_id)
        .where(Probe.phone == dialled, Probe.status.in_(ANSWERABLE), Probe.submitted_at <= at)
        .order_by(Probe.submitted_at.desc())
        .limit(200)
    ).all()
    return [
        Candidate(pid, kind, as_utc(dl) if dl else None, name, tuple(nums or ()), country)
        for pid, kind, dl, name, nums, country in rows
    ]


def caller_is_target(caller: str, phones_of_target: tuple[str, ...], country: str | None) -> bool:
    if caller in phones_of_target:  # both E.164: the common case, no parsing
        return True
    # a caller in a national form (no region was known when it arrived) is read in the shop's country
    return any(
        (not caller.startswith("+") or not known.startswith("+")) and phones.same(caller, known, country)
        for known in phones_of_target
    )


def match_event(session: Session, ev: CallEvent, *, region: str | None = None) -> Matched:
    """Strongest evidence first: a token in an SMS, the caller is a known shop phone, the only candidate."""
    if ev.text and (by_token := _token_match(session, ev)):
        return by_token
    dialled = phones.e164(ev.to_number, region)
    if dialled is None:
        return Matched(MatchResult(None, "unmatched", None), f"{ev.to_number!r} is not a phone number")
    caller = phones.e164(ev.from_number, region) or ev.from_number
    rows = _candidates(session, dialled, ev.at)
    open_rows = [c for c in rows if c.deadline_at is None or ev.at <= c.deadline_at]
    known = [c for c in (open_rows or rows) if caller_is_target(caller, c.phones, c.country)]
    if known:
        late = "" if open_rows else " (after its reply deadline: stored as late)"
        return Matched(
            MatchResult(_prefer_callback(known), "caller-number", "exact"),
            f"the caller {caller} is a phone of {known[0].target}{late}",
        )
    if not open_rows:
        why = (
            f"no probe gave {dialled} before {ev.at:%Y-%m-%d %H:%M} UTC"
            if not rows
            else f"no probe that gave {dialled} was still waiting at {ev.at:%Y-%m-%d %H:%M} UTC "
            f"and the caller {caller} is not a known shop phone"
        )
        return Matched(MatchResult(None, "unmatched", None), why)
    names = sorted({c.target for c in open_rows})
    if len(names) == 1:
        return Matched(
            MatchResult(_prefer_callback(open_rows), "persona-phone", "probable"),
            f"only {names[0]} was waiting for a call on {dialled}",
        )
    return Matched(
        MatchResult(None, "unmatched", None),  # several shops could be calling: a person decides
        f"{len(names)} shops were waiting on {dialled} ({', '.join(names[:5])}) and the caller "
        f"{caller} is none of their phones",
    )


def _prefer_callback(cands: list[Candidate]) -> int:
    """The most recent callback probe, else the most recent probe that gave this phone."""
    return next((c.probe_id for c in cands if c.kind == "callback"), cands[0].probe_id)


def excerpt_of(ev: CallEvent) -> str | None:
    if ev.channel == "sms":
        return ev.text
    return f"call from {ev.from_number}" + (f", {ev.duration_s:.0f} s" if ev.duration_s is not None else "")


def record_event(
    session: Session, ev: CallEvent, *, now: datetime, region: str | None = None
) -> Reply | None:
    """Store the event once and apply it to its probe (None if already stored: a retry changes nothing)."""
    return record_with_reason(session, ev, now=now, region=region)[0]


def record_with_reason(
    session: Session, ev: CallEvent, *, now: datetime, region: str | None = None
) -> tuple[Reply | None, str]:
    if reply_exists(session, ev.channel, ev.key):
        return None, "already recorded"
    kind, reasons = classify_event(ev)
    matched = match_event(session, ev, region=region)
    incoming = IncomingReply(
        channel=ev.channel,
        kind=kind,
        message_key=ev.key,
        received_at=ev.at,
        detected_at=now,
        sender=ev.from_number,
        excerpt=excerpt_of(ev),
        reasons=(*reasons, f"match: {matched.why}"),
        details={"to": ev.to_number, "duration_s": ev.duration_s, "provider": ev.provider, **ev.details},
    )
    if matched.result.probe_id is not None:
        _lock_probe(session, matched.result.probe_id)
    r = store_reply(session, incoming, matched.result)
    return r, (matched.why if r is not None else "already recorded")


def _lock_probe(session: Session, probe_id: int) -> None:
    """Take the probe's row lock before the reply's insert takes its key-share lock on it.

    In the other order two hooks answering one probe at once each hold a key-share lock and
    wait for the other's to take FOR UPDATE: a deadlock (seen in bench/bench_hooks.py --pg).
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(select(Probe.id).where(Probe.id == probe_id).with_for_update())
