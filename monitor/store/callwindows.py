"""The callback rule: one persona number never waits on two shops' callbacks that it cannot tell apart.

A call carries no token, so a call to the persona's number is matched by who calls. If two
targets' callback probes gave the same number in overlapping reply windows and a call comes
from a number neither lists, nobody can say which shop called: the call would be kept
unmatched and one shop would wrongly look silent. So before a callback probe runs, its number
must be free of other targets' open callback windows, unless both targets list their phones
and share none (then the caller's number tells them apart). Otherwise the probe takes another
persona whose number is free, or waits until the other window closes. It is checked in the
same transaction as the claim (an advisory lock on PostgreSQL, the write lock on SQLite), so
two workers cannot both take one number.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from monitor.config import Config
from monitor.country import country_for_timezone
from monitor.identity import reply_address
from monitor.store.models import Probe, Target
from probes import phones

HOLDING = ("running", "submitted", "answered")  # answered too: its shop may call again within the window
RUNNING_RECHECK = timedelta(seconds=60)


def _tell_apart(a: Target, b: Target) -> bool:
    """True when callers' numbers identify the shop: both list phones, and no number is on both lists."""
    if not a.phones or not b.phones:
        return False
    return not any(phones.same(x, y, a.country) for x in a.phones for y in b.phones)


def holder(session: Session, probe: Probe, phone: str, now: datetime) -> Probe | None:
    """Another target's callback probe whose open window on ``phone`` this probe could be confused with."""
    mine = session.get(Target, probe.target_id)
    assert mine is not None
    rows = session.execute(
        select(Probe, Target)
        .join(Target, Target.id == Probe.target_id)
        .where(
            Probe.phone == phone,
            Probe.kind == "callback",
            Probe.id != probe.id,
            Probe.target_id != probe.target_id,
            Probe.status.in_(HOLDING),
            or_(Probe.status == "running", Probe.deadline_at > now),
        )
        .order_by(Probe.deadline_at.desc())
    ).all()
    return next((other for other, t in rows if not _tell_apart(mine, t)), None)


def _lock(session: Session, phone: str) -> None:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(f"phone:{phone}".encode())}
        )


def take_phone(session: Session, cfg: Config, probe: Probe, now: datetime) -> str | None:
    """Call right after claiming a callback probe. None: go ahead (perhaps as another persona);
    else the probe was put back to wait and this is why."""
    if probe.kind != "callback" or not probe.phone:
        return None
    _lock(session, probe.phone)
    other = holder(session, probe, probe.phone, now)
    if other is None:
        return None
    if _switch_persona(session, cfg, probe, now):
        return None
    until = other.deadline_at if other.status != "running" and other.deadline_at else now + RUNNING_RECHECK
    reason = (
        f"waiting: persona phone {probe.phone} is on target {other.target_id}'s callback probe {other.id} "
        f"until {until:%Y-%m-%d %H:%M} UTC, and the shops' numbers cannot tell them apart"
    )
    probe.status = "scheduled"
    probe.scheduled_at = until + timedelta(seconds=1)
    probe.attempts = max(0, probe.attempts - 1)
    probe.claimed_by = None
    probe.started_at = None
    probe.reason = reason
    session.flush()
    return reason


def _switch_persona(session: Session, cfg: Config, probe: Probe, now: datetime) -> bool:
    """Nothing was sent yet, so the probe may still become another persona with a free number."""
    region = country_for_timezone(cfg.timezone)
    for persona in cfg.shopper.personas:
        number = phones.e164(persona.phone, region)
        if not number or number == probe.phone:
            continue
        _lock(session, number)
        if holder(session, probe, number, now) is None:
            probe.persona = persona.model_dump(mode="json")
            probe.phone = number
            probe.reply_address = reply_address(cfg.shopper.mailbox.address_template, persona, probe.token)
            session.flush()
            return True
    return False
