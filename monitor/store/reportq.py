"""Every query the reports, dashboard and alerts need, in one place.

Built for a million probes: counts are aggregated in SQL in one GROUP BY over
the denormalised probe columns; what SQL cannot do portably (medians, SLA
shares over them, business-hours latency, Kaplan-Meier) gets the few needed
columns streamed in batches as plain tuples (times as epoch seconds), never
ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Float, String, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from monitor.store.models import Campaign, Probe, Reply, Target, WatcherStatus

STREAM_BATCH = 20_000
REACHED = ("submitted", "answered", "unanswered")  # the probe reached the shop


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers. Empty tuples mean "all"; since/until apply to scheduled_at."""

    campaigns: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class TargetInfo:
    id: int
    name: str
    group: str
    timezone: str | None
    business_hours: dict[str, Any] | None
    country: str | None = None


@dataclass(frozen=True)
class CountRow:
    """Counts for one (campaign, target, kind) cell, straight from SQL."""

    campaign_id: int | None
    target_id: int
    kind: str
    probes: int
    reached: int
    answered: int
    unanswered: int
    waiting: int
    auto_only: int
    auto_any: int
    failed: int
    blocked: int
    pending: int


@dataclass(frozen=True)
class ProbeRow:
    """One probe as exports list it, with its answering reply (if any)."""

    id: int
    target: str
    group: str
    campaign: str | None
    kind: str
    status: str
    reason: str | None
    scheduled_at: datetime
    submitted_at: datetime | None
    first_human_reply_at: datetime | None
    auto_reply_at: datetime | None
    latency_ms: int | None
    reply_address: str
    sender: str | None
    excerpt: str | None
    evidence: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    late_reply_at: str | None = None
    promise: dict[str, Any] | None = None  # the shop's promised reply time and its source
    quality_score: int | None = None  # the answering reply's checklist score (of 5)
    canned: bool = False  # the answering reply repeats a template sent to another probe
    latency_interval: dict[str, Any] | None = (
        None  # answer time known only as a window (chat widgets showing HH:MM)
    )


@dataclass(frozen=True)
class ReplyRow:
    id: int
    probe_id: int | None
    channel: str
    kind: str
    received_at: datetime
    sender: str | None
    subject: str | None
    excerpt: str | None
    late: bool
    match_method: str
    reasons: tuple[str, ...] = ()
    quality: dict[str, Any] | None = None
    canned: bool = False


def _where(q: Any, flt: ReportFilter, session: Session) -> Any:
    if flt.campaigns:
        ids = select(Campaign.id).where(Campaign.name.in_(flt.campaigns))
        q = q.where(Probe.campaign_id.in_(ids))
    if flt.groups:
        q = q.where(Probe.group.in_(flt.groups))
    if flt.targets:
        q = q.where(Probe.target_id.in_(select(Target.id).where(Target.name.in_(flt.targets))))
    if flt.kinds:
        q = q.where(Probe.kind.in_(flt.kinds))
    if flt.since is not None:
        q = q.where(Probe.scheduled_at >= flt.since)
    if flt.until is not None:
        q = q.where(Probe.scheduled_at < flt.until)
    return q


def _stream(session: Session, q: Any, batch: int = STREAM_BATCH) -> Iterator[Sequence[Any]]:
    """Core (not ORM) execution, fetched in batches: plain tuples, no per-row ORM work.

    The option goes on the statement, not the connection: a connection option would stay and
    make a later write in the same transaction run through a server-side cursor on PostgreSQL.
    """
    result = session.connection().execute(q.execution_options(yield_per=batch))
    yield from result.partitions()


def targets(session: Session) -> dict[int, TargetInfo]:
    rows = session.execute(
        select(Target.id, Target.name, Target.group, Target.timezone, Target.business_hours, Target.country)
    )
    return {r.id: TargetInfo(r.id, r.name, r.group, r.timezone, r.business_hours, r.country) for r in rows}


def campaigns(session: Session) -> dict[int, str]:
    return {cid: name for cid, name in session.execute(select(Campaign.id, Campaign.name))}


def campaign_settings(session: Session) -> dict[str, dict[str, Any]]:
    return {name: s or {} for name, s in session.execute(select(Campaign.name, Campaign.settings))}


def _scan(session: Session, col: Any) -> Any:
    """On SQLite, the column as an expression, so the planner scans the table instead of walking an index.

    For a whole-table report SQLite otherwise picks an index (on status, or on
    target/kind for GROUP BY) and looks each row up through it: about twice
    the CPU of a plain scan. PostgreSQL's planner gets this right by itself.
    """
    if session.get_bind().dialect.name != "sqlite":
        return col
    return col + "" if isinstance(col.type, String) else col + 0


def count_rows(session: Session, flt: ReportFilter) -> list[CountRow]:
    """One GROUP BY over probes, down to status: every additive count per (campaign, target, kind).

    Grouping by status (a handful of values) instead of summing a CASE per
    figure keeps the scan cheap; SLA counts and min/max come from the latency
    stream the medians need anyway.
    """
    has_auto = Probe.auto_reply_at.is_not(None)
    no_human = Probe.first_human_reply_at.is_(None)
    keys = [
        _scan(session, Probe.campaign_id),
        _scan(session, Probe.target_id),
        _scan(session, Probe.kind),
        Probe.status,
        has_auto,
        no_human,
    ]
    q = _where(select(*keys, func.count()), flt, session).group_by(*keys)
    cells: dict[tuple[int | None, int, str], list[int]] = {}
    for cid, tid, kind, status, auto, human_none, n in session.execute(q):
        v = cells.setdefault((cid, tid, kind), [0] * 10)
        v[0] += n
        if status in REACHED:
            v[1] += n
            v[6] += n if auto else 0
        if status == "answered":
            v[2] += n
        elif status == "unanswered":
            v[3] += n
            v[5] += n if auto and human_none else 0
        elif status == "submitted":
            v[4] += n
        elif status == "failed":
            v[7] += n
        elif status == "blocked":
            v[8] += n
        elif status in ("scheduled", "running"):
            v[9] += n
    return [CountRow(cid, tid, kind, *v) for (cid, tid, kind), v in cells.items()]


def _epoch(session: Session, col: Any) -> Any:
    """Seconds since 1970 computed by the database: no datetime objects for a million rows."""
    if session.get_bind().dialect.name == "sqlite":
        # julianday() is a double in days: round to the millisecond or 07:00:00 reads 06:59:59.99999.
        return func.round((func.julianday(col) - 2440587.5) * 86400.0, 3)
    return cast(func.extract("epoch", col), Float)  # numeric -> double: no Decimal per row


def latencies(session: Session, flt: ReportFilter) -> Iterator[tuple[int | None, int, str, int]]:
    """(campaign_id, target_id, kind, latency_ms) of every answered probe, streamed."""
    q = _where(select(Probe.campaign_id, Probe.target_id, Probe.kind, Probe.latency_ms), flt, session)
    q = q.where(_scan(session, Probe.status) == "answered", Probe.latency_ms.is_not(None))
    for part in _stream(session, q):
        yield from part


def answered(session: Session, flt: ReportFilter) -> Iterator[tuple[int | None, int, str, int, float]]:
    """(campaign_id, target_id, kind, latency_ms, submitted_at as epoch seconds) of answered probes."""
    q = _where(
        select(
            Probe.campaign_id,
            Probe.target_id,
            Probe.kind,
            Probe.latency_ms,
            _epoch(session, Probe.submitted_at),
        ),
        flt,
        session,
    )
    q = q.where(
        _scan(session, Probe.status) == "answered",
        Probe.latency_ms.is_not(None),
        Probe.submitted_at.is_not(None),
    )
    for part in _stream(session, q):
        yield from part


def probe_epochs(
    session: Session, flt: ReportFilter
) -> Iterator[tuple[int | None, int, str, str, float, float, int | None, float | None]]:
    """Reached probes as (campaign_id, target_id, kind, status, scheduled, submitted, latency_ms, deadline),
    times in epoch seconds: the one pass behind KM curves, heat maps and trends."""
    q = _where(
        select(
            Probe.campaign_id,
            Probe.target_id,
            Probe.kind,
            Probe.status,
            _epoch(session, Probe.scheduled_at),
            _epoch(session, Probe.submitted_at),
            Probe.latency_ms,
            _epoch(session, Probe.deadline_at),
        ),
        flt,
        session,
    )
    q = q.where(_scan(session, Probe.status).in_(REACHED), Probe.submitted_at.is_not(None))
    for part in _stream(session, q):
        yield from part


def _answer_reply(col: Any) -> Any:
    """The reply that answered the probe: the first human one, else the first of any kind."""
    return (
        select(col)
        .where(Reply.probe_id == Probe.id)
        .order_by(case((Reply.kind == "human", 0), else_=1), Reply.received_at)
        .limit(1)
        .scalar_subquery()
    )


def probe_rows(
    session: Session,
    flt: ReportFilter,
    *,
    limit: int | None = None,
    newest_first: bool = False,
    offset: int = 0,
) -> Iterator[ProbeRow]:
    """Per-probe rows for exports and the appendix, streamed."""
    q = select(
        Probe.id,
        Target.name,
        Probe.group,
        Campaign.name,
        Probe.kind,
        Probe.status,
        Probe.reason,
        Probe.scheduled_at,
        Probe.submitted_at,
        Probe.first_human_reply_at,
        Probe.auto_reply_at,
        Probe.latency_ms,
        Probe.reply_address,
        _answer_reply(Reply.sender),
        _answer_reply(Reply.excerpt),
        Probe.evidence,
        Probe.details,
        Probe.promise,
        _answer_reply(Reply.quality_score),
        _answer_reply(Reply.canned),
    )
    q = q.join(Target, Target.id == Probe.target_id).outerjoin(Campaign, Campaign.id == Probe.campaign_id)
    q = _where(q, flt, session)
    # Both keys in one direction, so the scheduled_at index is walked (backwards) instead of sorting every row.
    q = (
        q.order_by(Probe.scheduled_at.desc(), Probe.id.desc())
        if newest_first
        else q.order_by(Probe.scheduled_at, Probe.id)
    )
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)  # the API's pages
    for part in _stream(session, q, 5000):
        for r in part:
            details = r[16] or {}
            yield ProbeRow(
                id=r[0],
                target=r[1],
                group=r[2],
                campaign=r[3],
                kind=r[4],
                status=r[5],
                reason=r[6],
                scheduled_at=r[7],
                submitted_at=r[8],
                first_human_reply_at=r[9],
                auto_reply_at=r[10],
                latency_ms=r[11],
                reply_address=r[12],
                sender=r[13],
                excerpt=r[14],
                evidence=tuple(e for e in (r[15] or []) if isinstance(e, dict)),
                late_reply_at=details.get("late_reply_at"),
                promise=r[17],
                quality_score=r[18],
                canned=bool(r[19]),
                latency_interval=details.get("latency_interval"),
            )


# What a reply row shows everywhere (timelines, the review queue); _reply_row reads them by position.
_REPLY_COLUMNS = (
    Reply.id,
    Reply.probe_id,
    Reply.channel,
    Reply.kind,
    Reply.received_at,
    Reply.sender,
    Reply.subject,
    Reply.excerpt,
    Reply.late,
    Reply.match_method,
)


def replies_for(session: Session, probe_ids: Sequence[int]) -> dict[int, list[ReplyRow]]:
    """Replies of the given probes, oldest first (for timelines)."""
    out: dict[int, list[ReplyRow]] = {}
    if not probe_ids:
        return out
    q = select(*_REPLY_COLUMNS, Reply.reasons, Reply.quality, Reply.canned)
    q = q.where(Reply.probe_id.in_(list(probe_ids))).order_by(Reply.received_at)
    for r in session.execute(q):
        out.setdefault(r[1] or 0, []).append(_reply_row(r))
    return out


def _reply_row(r: Any) -> ReplyRow:
    extra = (
        {"reasons": tuple(str(x) for x in (r[10] or [])), "quality": r[11], "canned": bool(r[12])}
        if len(r) > 10
        else {}
    )
    return ReplyRow(
        id=r[0],
        probe_id=r[1],
        channel=r[2],
        kind=r[3],
        received_at=r[4],
        sender=r[5],
        subject=r[6],
        excerpt=r[7],
        late=bool(r[8]),
        match_method=r[9],
        **extra,
    )


def unmatched_replies(session: Session, limit: int = 200) -> list[ReplyRow]:
    """The review queue: messages no rule could tie to a probe."""
    q = select(*_REPLY_COLUMNS)
    q = q.where(Reply.probe_id.is_(None)).order_by(Reply.received_at.desc()).limit(limit)
    return [_reply_row(r) for r in session.execute(q)]


def watcher_states(session: Session) -> dict[str, dict[str, Any]]:
    rows = session.execute(
        select(WatcherStatus.name, WatcherStatus.state, WatcherStatus.last_ok_at, WatcherStatus.last_error)
    )
    return {r[0]: {"state": r[1], "last_ok_at": r[2], "last_error": r[3]} for r in rows}


def ping(session: Session) -> bool:
    return session.scalar(select(literal_column("1"))) == 1


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    active: bool
    last_round_at: datetime | None
    probes: int


def campaign_rows(session: Session) -> list[CampaignRow]:
    """Campaigns with their probe counts: from the rollups' all-time rows when they are current."""
    from monitor.store.rollq import probes_per_campaign  # rollq builds on this module

    counts = probes_per_campaign(session)
    if counts is None:
        counts = dict(
            session.execute(select(Probe.campaign_id, func.count()).group_by(Probe.campaign_id)).all()
        )
    rows = session.execute(
        select(Campaign.id, Campaign.name, Campaign.active, Campaign.last_round_at).order_by(Campaign.name)
    )
    return [CampaignRow(r[0], r[1], r[2], r[3], int(counts.get(r[0], 0))) for r in rows]


def target_names(session: Session) -> list[str]:
    return list(session.scalars(select(Target.name).order_by(Target.name)))


# --------------------------------------------------------------------------- what the replies were (issue 13)


@dataclass(frozen=True)
class ReplyKindRow:
    """Per (campaign, target, touchpoint): replies of one kind, and for people's replies the checklist sums."""

    campaign_id: int | None
    target_id: int
    kind: str  # the probe's touchpoint kind
    reply_kind: str
    replies: int
    scored: int
    score_sum: int
    canned: int


def reply_kind_rows(session: Session, flt: ReportFilter) -> list[ReplyKindRow]:
    """One GROUP BY over replies joined to their probes (unmatched replies belong to no cell)."""
    keys = [Probe.campaign_id, Probe.target_id, Probe.kind, Reply.kind]
    q = select(
        *keys,
        func.count(),
        func.count(Reply.quality_score),
        func.coalesce(func.sum(Reply.quality_score), 0),
        func.sum(case((Reply.canned.is_(True), 1), else_=0)),
    )
    q = _where(q.join(Probe, Probe.id == Reply.probe_id), flt, session).group_by(*keys)
    return [
        ReplyKindRow(c, t, k, rk, int(n), int(sc), int(ss or 0), int(cn or 0))
        for c, t, k, rk, n, sc, ss, cn in session.execute(q)
    ]


def quality_items(
    session: Session, flt: ReportFilter
) -> Iterator[tuple[int | None, int, str, dict[str, Any]]]:
    """(campaign_id, target_id, kind, checklist) of every graded reply: per-item shares for detailed views."""
    q = select(Probe.campaign_id, Probe.target_id, Probe.kind, Reply.quality).join(
        Probe, Probe.id == Reply.probe_id
    )
    q = _where(q, flt, session).where(Reply.quality.is_not(None))
    for part in _stream(session, q):
        yield from part


def promised(
    session: Session, flt: ReportFilter
) -> Iterator[tuple[int | None, int, str, str, int | None, float | None, dict[str, Any]]]:
    """Reached probes with a promise: (campaign, target, kind, status, latency_ms, submitted epoch, promise)."""
    q = _where(
        select(
            Probe.campaign_id,
            Probe.target_id,
            Probe.kind,
            Probe.status,
            Probe.latency_ms,
            _epoch(session, Probe.submitted_at),
            Probe.promise,
        ),
        flt,
        session,
    )
    q = q.where(Probe.promise.is_not(None), _scan(session, Probe.status).in_(REACHED))
    for part in _stream(session, q):
        yield from part
