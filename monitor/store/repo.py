"""Core queries: config sync and the probe lifecycle.

State changes are single conditional UPDATEs (``WHERE status = ...``) so two
processes can never both claim or both finish one probe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from monitor.config import DEFAULT_REPLY_DEADLINE, CampaignConfig, Config, TargetConfig, parse_duration
from monitor.country import country_for_timezone
from monitor.identity import choose_identity
from monitor.store.models import Campaign, Probe, Target, Touchpoint
from probes import phones

# --------------------------------------------------------------------------- config sync


def sync_config(session: Session, cfg: Config) -> None:
    """Make targets, touchpoints and campaigns in the database match the config.

    Rows are never deleted (their probes are history); ones missing from the
    config are only marked inactive.
    """
    existing = {t.name: t for t in session.scalars(select(Target))}
    seen: set[str] = set()
    for tc in cfg.targets:
        seen.add(tc.name)
        t = existing.get(tc.name)
        if t is None:
            t = Target(name=tc.name, url=tc.url)
            session.add(t)
        _apply_target(t, tc, cfg)
        session.flush()
        tps = {tp.key: tp for tp in session.scalars(select(Touchpoint).where(Touchpoint.target_id == t.id))}
        keys: set[str] = set()
        for tpc in tc.touchpoints:
            keys.add(tpc.key)
            tp = tps.get(tpc.key)
            if tp is None:
                tp = Touchpoint(target_id=t.id, key=tpc.key, kind=tpc.kind)
                session.add(tp)
            tp.kind = tpc.kind
            tp.url = tpc.url
            tp.address = tpc.to
            tp.settings = tpc.model_dump(mode="json", exclude={"kind", "url", "to"}, exclude_none=True)
            tp.active = True
        for key, tp in tps.items():
            if key not in keys:
                tp.active = False
    for name, t in existing.items():
        if name not in seen:
            t.active = False
    camps = {c.name: c for c in session.scalars(select(Campaign))}
    for cc in cfg.campaigns:
        c = camps.get(cc.name)
        if c is None:
            c = Campaign(name=cc.name)
            session.add(c)
        c.settings = cc.model_dump(mode="json")
        c.active = cc.enabled
    for name, c in camps.items():
        if name not in {cc.name for cc in cfg.campaigns}:
            c.active = False
    session.flush()


def _apply_target(t: Target, tc: TargetConfig, cfg: Config) -> None:
    t.group = tc.group
    t.url = tc.url
    bh = tc.business_hours
    t.timezone = tc.timezone or (bh.timezone if bh else None) or cfg.timezone
    t.country = tc.country or country_for_timezone(t.timezone)
    t.business_hours = bh.model_dump(mode="json", by_alias=True) if bh else None
    t.email_domains = sorted({d.lower() for d in tc.email_domains})
    t.phones = [phones.e164(n, t.country) or n for n in tc.phones]  # E.164: compared as numbers, not text
    t.active = True


# --------------------------------------------------------------------------- creating probes


def touchpoints_for(
    session: Session,
    cfg: Config,
    campaign: CampaignConfig | None,
    kinds: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
) -> list[Touchpoint]:
    """Active touchpoints a campaign (or an ad-hoc `probe` command) covers."""
    q = select(Touchpoint).join(Target).where(Touchpoint.active.is_(True), Target.active.is_(True))
    wanted_kinds = set(kinds) if kinds else (set(campaign.touchpoints) if campaign else None)
    if wanted_kinds:
        q = q.where(Touchpoint.kind.in_(wanted_kinds))
    names: set[str] | None = set(targets) if targets else None
    if campaign is not None and isinstance(campaign.targets, list):
        names = set(campaign.targets) & names if names else set(campaign.targets)
    if names is not None:
        q = q.where(Target.name.in_(names))
    if campaign is not None and campaign.groups:
        q = q.where(Target.group.in_(campaign.groups))
    return list(session.scalars(q.order_by(Target.name, Touchpoint.key)))


def create_probe(
    session: Session,
    cfg: Config,
    tp: Touchpoint,
    *,
    scheduled_at: datetime,
    campaign: Campaign | None = None,
    deadline: timedelta | None = None,
    worker_tag: str | None = None,
) -> Probe:
    """A new `scheduled` probe with a fresh identity (token, reply address, persona, question)."""
    seq = session.scalar(select(func.count(Probe.id)).where(Probe.target_id == tp.target_id)) or 0
    target = tp.target
    ident = choose_identity(cfg.shopper, sequence=seq, target=target.name)
    if deadline is None:
        raw = campaign.settings.get("reply_deadline") if campaign else None
        deadline = parse_duration(raw) if raw is not None else DEFAULT_REPLY_DEADLINE
    p = Probe(
        campaign_id=campaign.id if campaign else None,
        touchpoint_id=tp.id,
        target_id=target.id,
        kind=tp.kind,
        group=target.group,
        token=ident.token,
        persona=ident.persona.model_dump(mode="json"),
        reply_address=ident.reply_address,
        phone=phones.e164(ident.persona.phone, country_for_timezone(cfg.timezone)) or ident.persona.phone,
        question=ident.question,
        subject=ident.subject,
        status="scheduled",
        scheduled_at=scheduled_at,
        worker_tag=worker_tag,
        attempts=0,
        evidence=[],
        details={"deadline_seconds": deadline.total_seconds()},
    )
    session.add(p)
    session.flush()
    return p


# --------------------------------------------------------------------------- lifecycle


def claim_probe(session: Session, probe_id: int, worker: str, now: datetime) -> bool:
    """scheduled -> running, atomically. False if someone else has it (or it is done)."""
    res = session.execute(
        update(Probe)
        .where(Probe.id == probe_id, Probe.status == "scheduled")
        .values(status="running", started_at=now, claimed_by=worker, attempts=Probe.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount) == 1  # type: ignore[attr-defined]


def mark_submit_started(session: Session, probe_id: int, now: datetime) -> None:
    session.execute(
        update(Probe)
        .where(Probe.id == probe_id, Probe.status == "running")
        .values(submit_started_at=now)
        .execution_options(synchronize_session=False)
    )


def mark_submitted(
    session: Session,
    probe_id: int,
    *,
    submitted_at: datetime,
    evidence: Sequence[dict[str, Any]],
    details: dict[str, Any],
    message_id: str | None,
) -> bool:
    p = session.get(Probe, probe_id, populate_existing=True)  # after Core UPDATEs
    if p is None or p.status != "running":
        return False
    p.status = "submitted"
    p.submitted_at = submitted_at
    p.deadline_at = submitted_at + timedelta(
        seconds=float(p.details.get("deadline_seconds", DEFAULT_REPLY_DEADLINE.total_seconds()))
    )
    p.evidence = [*p.evidence, *evidence]
    p.details = {**p.details, **details}
    if message_id:
        p.message_id = message_id
    p.reason = None
    return True


def mark_ended(
    session: Session,
    probe_id: int,
    *,
    status: str,
    reason: str,
    now: datetime,
    evidence: Sequence[dict[str, Any]] = (),
    details: dict[str, Any] | None = None,
) -> bool:
    p = session.get(Probe, probe_id, populate_existing=True)  # after Core UPDATEs
    if p is None or p.status not in ("running", "scheduled"):
        return False
    p.status = status
    p.reason = reason
    p.finished_at = now
    p.evidence = [*p.evidence, *evidence]
    if details:
        p.details = {**p.details, **details}
    return True


def release_for_retry(session: Session, probe_id: int, *, reason: str, retry_at: datetime) -> bool:
    """running -> scheduled again: only for failures where nothing could have reached the shop."""
    res = session.execute(
        update(Probe)
        .where(Probe.id == probe_id, Probe.status == "running")
        .values(
            status="scheduled",
            scheduled_at=retry_at,
            reason=f"retry: {reason}",
            claimed_by=None,
            submit_started_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount) == 1  # type: ignore[attr-defined]


def recover_interrupted(
    session: Session, now: datetime, *, older_than: timedelta = timedelta(0), worker: str | None = None
) -> dict[str, int]:
    """Probes left `running` by a crash: retry only those whose submission never started.

    A probe whose irreversible step had begun might have reached the shop, so it
    is never repeated: it ends `failed` with reason `interrupted` (a reply that
    still arrives for it proves the submission and is stored as usual).
    """
    q = select(Probe).where(Probe.status == "running", Probe.started_at <= now - older_than)
    if worker is not None:
        q = q.where(Probe.claimed_by == worker)
    counts = {"retried": 0, "ended": 0}
    for p in session.scalars(q):
        if p.submit_started_at is None:
            p.status = "scheduled"
            p.reason = "retry: interrupted before submitting"
            p.claimed_by = None
            counts["retried"] += 1
        else:
            p.status = "failed"
            p.reason = "interrupted: the submission may have reached the shop; not repeated"
            p.finished_at = now
            counts["ended"] += 1
    session.flush()
    return counts


def expire_deadlines(session: Session, now: datetime) -> int:
    """submitted probes past their reply deadline become `unanswered`."""
    res = session.execute(
        update(Probe)
        .where(Probe.status == "submitted", Probe.deadline_at <= now)
        .values(status="unanswered", finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount)  # type: ignore[attr-defined]


def counts_by_status(session: Session) -> dict[str, int]:
    return {s: n for s, n in session.execute(select(Probe.status, func.count()).group_by(Probe.status))}
