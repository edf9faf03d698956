"""Per-event notifications, for CRMs and chat-ops: one message per event and destination.

- ``sla_missed``: a probe that reached the shop got no answer from a person
  within its SLA (the notification's ``sla``, else the touchpoint's
  ``reply_within``, else the campaign's first ``sla``, else 10 minutes);
  announced once the SLA has passed, whether an answer comes later or not.
- ``answered``: a person's first answer to a probe was stored.
- ``stopped_answering``: a target x touchpoint that has answered before left its
  last ``stopped_after`` decided probes unanswered; announced once per silence
  (the next answer ends it, and a new silence is a new event).

Only events of the last ``lookback`` are announced (the silence is a state and
is announced whenever it holds), so turning notifications on does not replay a
year of answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.alerts.outbox import Message
from monitor.clock import iso_ms
from monitor.config import NotificationConfig, parse_duration
from monitor.report import fmt
from monitor.store.models import AlertNotification, Campaign, Probe, Target, Touchpoint

DEFAULT_SLA = timedelta(minutes=10)
SILENCE_HISTORY = timedelta(days=90)  # how far back a silence's last answer is looked for


@dataclass(frozen=True)
class _Probe:
    id: int
    target: str
    group: str
    kind: str
    status: str
    submitted_at: datetime | None
    answered_at: datetime | None
    latency_ms: int | None


def collect(session: Session, nc: NotificationConfig, now: datetime) -> list[Message]:
    """The events this notification announces that it has not queued yet."""
    since = now - nc.lookback
    known = set(
        session.scalars(
            select(AlertNotification.key).where(
                AlertNotification.channel == nc.name, AlertNotification.created_at >= since - SILENCE_HISTORY
            )
        )
    )
    out: list[Message] = []
    if "answered" in nc.events:
        out += answered(session, nc, since, now)
    if "sla_missed" in nc.events:
        out += sla_missed(session, nc, since, now)
    if "stopped_answering" in nc.events:
        out += stopped_answering(session, nc, now)
    return [m for m in out if m.key not in known]


def _scoped(q: Any, nc: NotificationConfig) -> Any:
    if isinstance(nc.targets, list):
        q = q.where(Target.name.in_(nc.targets))
    if nc.touchpoints:
        q = q.where(Probe.kind.in_(nc.touchpoints))
    return q


_COLUMNS = (
    Probe.id,
    Target.name,
    Target.group,
    Probe.kind,
    Probe.status,
    Probe.submitted_at,
    Probe.first_human_reply_at,
    Probe.latency_ms,
)


def answered(session: Session, nc: NotificationConfig, since: datetime, now: datetime) -> list[Message]:
    q = _scoped(select(*_COLUMNS).join(Target, Target.id == Probe.target_id), nc)
    q = q.where(Probe.status == "answered", Probe.finished_at >= since, Probe.finished_at <= now)
    out = []
    for p in (_Probe(*r) for r in session.execute(q)):
        latency = fmt.duration(p.latency_ms / 1000) if p.latency_ms is not None else "?"
        text = (
            f"{p.target} answered the {p.kind} probe #{p.id} in {latency} "
            f"(submitted {iso_ms(p.submitted_at)}, answered {iso_ms(p.answered_at)})."
        )
        out.append(
            _message(
                f"probe.answered:{p.id}",
                "probe.answered",
                f"replywatch: {p.target} answered ({p.kind})",
                text,
                p,
                p.answered_at or now,
            )
        )
    return out


def sla_missed(session: Session, nc: NotificationConfig, since: datetime, now: datetime) -> list[Message]:
    slas = _SlaTable(session, nc)
    q = _scoped(
        select(*_COLUMNS, Probe.touchpoint_id, Probe.campaign_id).join(Target, Target.id == Probe.target_id),
        nc,
    )
    q = q.where(
        Probe.status.in_(("submitted", "answered", "unanswered")),
        Probe.submitted_at.is_not(None),
        Probe.submitted_at >= since - slas.longest,
        Probe.submitted_at <= now - slas.shortest,
    )
    out = []
    for r in session.execute(q):
        p, sla = _Probe(*r[:8]), slas.of(r[8], r[9])
        assert p.submitted_at is not None
        due = p.submitted_at + sla
        if not (since <= due <= now) or (p.answered_at is not None and p.answered_at <= due):
            continue
        text = (
            f"{p.target} has not answered the {p.kind} probe #{p.id} within {fmt.duration(sla.total_seconds())} "
            f"(submitted {iso_ms(p.submitted_at)})."
        )
        out.append(
            _message(
                f"probe.sla_missed:{p.id}",
                "probe.sla_missed",
                f"replywatch: {p.target} missed its {fmt.duration(sla.total_seconds())} SLA ({p.kind})",
                text,
                p,
                due,
                sla_s=sla.total_seconds(),
            )
        )
    return out


class _SlaTable:
    """The SLA of each probe, from the notification, its touchpoint or its campaign."""

    def __init__(self, session: Session, nc: NotificationConfig) -> None:
        self.fixed = nc.sla
        self.by_tp = {
            tid: parse_duration(s["reply_within"])
            for tid, s in session.execute(select(Touchpoint.id, Touchpoint.settings))
            if s and s.get("reply_within")
        }
        self.by_campaign = {
            cid: parse_duration(s["sla"][0])
            for cid, s in session.execute(select(Campaign.id, Campaign.settings))
            if s and s.get("sla")
        }
        every = (
            [self.fixed] if self.fixed else [DEFAULT_SLA, *self.by_tp.values(), *self.by_campaign.values()]
        )
        self.longest, self.shortest = max(every), min(every)

    def of(self, touchpoint_id: int, campaign_id: int | None) -> timedelta:
        if self.fixed:
            return self.fixed
        return self.by_tp.get(touchpoint_id) or self.by_campaign.get(campaign_id or -1) or DEFAULT_SLA


def stopped_answering(session: Session, nc: NotificationConfig, now: datetime) -> list[Message]:
    since = now - SILENCE_HISTORY
    candidates = _silent_scopes(session, nc, since)
    if not candidates:
        return []
    q = _scoped(select(*_COLUMNS, Probe.target_id).join(Target, Target.id == Probe.target_id), nc)
    q = q.where(
        Probe.status.in_(("answered", "unanswered")),
        Probe.submitted_at >= since,
        Probe.target_id.in_(sorted({tid for tid, _ in candidates})),
    )
    q = q.order_by(Probe.target_id, Probe.kind, Probe.submitted_at, Probe.id)
    rows = (_Probe(*r[:8]) for r in session.execute(q) if (r[8], r[3]) in candidates)
    out = []
    for last_answer, silent in _silences(rows):
        if len(silent) < nc.stopped_after:
            continue
        p = silent[-1]
        text = (
            f"{p.target} has stopped answering on {p.kind}: the last {len(silent)} probes got no answer "
            f"(since {iso_ms(silent[0].submitted_at)}; it last answered probe #{last_answer.id}, "
            f"submitted {iso_ms(last_answer.submitted_at)})."
        )
        out.append(
            _message(
                f"target.stopped_answering:{p.target}/{p.kind}:{last_answer.id}",
                "target.stopped_answering",
                f"replywatch: {p.target} stopped answering ({p.kind})",
                text,
                p,
                now,
                streak={
                    "unanswered": len(silent),
                    "since": iso_ms(silent[0].submitted_at),
                    "last_answered_probe_id": last_answer.id,
                    "last_answered_at": iso_ms(last_answer.answered_at),
                },
            )
        )
    return out


def _silent_scopes(session: Session, nc: NotificationConfig, since: datetime) -> set[tuple[int, str]]:
    """(target id, kind) with at least ``stopped_after`` unanswered probes since its last answer, found in SQL.

    A prefilter (``>=`` keeps probes submitted at the same instant as the answer), so only
    these scopes' probes are read and walked in order by _silences.
    """
    last = (
        select(
            Probe.target_id.label("tid"), Probe.kind.label("kind"), func.max(Probe.submitted_at).label("at")
        )
        .where(Probe.status == "answered", Probe.submitted_at >= since)
        .group_by(Probe.target_id, Probe.kind)
        .subquery()
    )
    q = _scoped(
        select(Probe.target_id, Probe.kind)
        .join(Target, Target.id == Probe.target_id)
        .join(last, (Probe.target_id == last.c.tid) & (Probe.kind == last.c.kind)),
        nc,
    )
    q = q.where(Probe.status == "unanswered", Probe.submitted_at >= last.c.at)
    q = q.group_by(Probe.target_id, Probe.kind).having(func.count() >= nc.stopped_after)
    return {(tid, kind) for tid, kind in session.execute(q)}


def _silences(rows: Iterator[_Probe]) -> Iterator[tuple[_Probe, list[_Probe]]]:
    """Per target x kind (rows sorted by them, then time): the last answer and the unanswered probes after it."""
    scope: tuple[str, str] | None = None
    last: _Probe | None = None
    silent: list[_Probe] = []
    for p in rows:
        if (p.target, p.kind) != scope:
            if last is not None and silent:
                yield last, silent
            scope, last, silent = (p.target, p.kind), None, []
        if p.status == "answered":
            last, silent = p, []
        elif last is not None:
            silent.append(p)
    if last is not None and silent:
        yield last, silent


def _message(key: str, kind: str, title: str, text: str, p: _Probe, at: datetime, **extra: Any) -> Message:
    payload: dict[str, Any] = {
        "id": key,
        "type": kind,
        "occurred_at": iso_ms(at),
        "title": title,
        "text": text,
        "target": p.target,
        "group": p.group,
        "touchpoint": p.kind,
        "probe": {
            "id": p.id,
            "status": p.status,
            "submitted_at": iso_ms(p.submitted_at),
            "answered_at": iso_ms(p.answered_at),
            "latency_s": p.latency_ms / 1000 if p.latency_ms is not None else None,
        },
    }
    if "sla_s" in extra:
        payload["probe"]["sla_s"] = extra.pop("sla_s")
    payload.update(extra)
    return Message(key, kind, title, text, payload, p.target, None)
