"""When not to send: quiet hours (per rule, every night) and mute windows (maintenance, one-off).

Quiet hours hold messages to people (Apprise) until the quiet period ends;
what was held then goes out as one summary per destination. Webhooks are for
machines and are never held by quiet hours.

A mute window silences the rules (or notifications) and targets it names:
- an alert that fires during a mute is recorded and its message held; if it is
  still open when the mute ends, the message goes out then; if it cleared
  meanwhile, nothing is sent (nobody needs to hear about a blip during maintenance);
- per-event notifications during a mute are recorded as muted and never sent;
- no reminders are sent while muted.
Mutes come from the config (`mutes:`), the CLI (`replywatch alerts mute`) and
the dashboard; the last two are rows of ``alert_mute`` and can be lifted early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from monitor.clock import as_utc
from monitor.config import Config, QuietHours, parse_days
from monitor.report.hours import zone
from monitor.store.models import AlertMute, AlertNotification


@dataclass(frozen=True)
class Mute:
    """One mute window, from the config (``id`` None) or the database."""

    id: int | None
    rule: str | None  # None: every rule and notification
    target: str | None  # None: every target
    starts_at: datetime
    ends_at: datetime
    reason: str
    source: str  # config | cli | dashboard

    def covers(self, channel: str, target: str | None, at: datetime) -> bool:
        if not (self.starts_at <= at < self.ends_at):
            return False
        if self.rule is not None and self.rule != channel:
            return False
        return self.target is None or self.target == target


class Mutes:
    """The mute windows in force around one moment, asked per (rule, target)."""

    def __init__(self, mutes: list[Mute], now: datetime) -> None:
        self.all, self.now = mutes, now

    def until(self, channel: str, target: str | None) -> datetime | None:
        """When the mutes covering this rule and target end (chained windows count as one); None if none does."""
        end: datetime | None = None
        at = self.now
        while True:
            covering = [m.ends_at for m in self.all if m.covers(channel, target, at)]
            if not covering:
                return end
            end = at = max(covering)


def config_mutes(cfg: Config) -> list[Mute]:
    out: list[Mute] = []
    for m in cfg.mutes:
        tz = zone(m.timezone or cfg.timezone)
        start, end = _aware(m.from_, tz), _aware(m.until, tz)
        rules: list[str | None] = list(m.rules) or [None]
        targets: list[str | None] = list(m.targets) or [None]
        out += [Mute(None, r, t, start, end, m.reason, "config") for r in rules for t in targets]
    return out


def _aware(value: datetime, tz: object) -> datetime:
    return as_utc(value) if value.tzinfo is not None else as_utc(value.replace(tzinfo=tz))  # type: ignore[arg-type]


def active_mutes(session: Session, cfg: Config, now: datetime) -> Mutes:
    """Config mutes plus database mutes that have not ended or been lifted."""
    rows = session.scalars(select(AlertMute).where(AlertMute.ends_at > now, AlertMute.lifted_at.is_(None)))
    db = [Mute(r.id, r.rule, r.target, r.starts_at, r.ends_at, r.reason, r.created_by) for r in rows]
    return Mutes([m for m in config_mutes(cfg) if m.ends_at > now] + db, now)


def add_mute(
    session: Session,
    *,
    now: datetime,
    length: timedelta,
    rule: str | None,
    target: str | None,
    reason: str,
    by: str,
) -> AlertMute:
    if length <= timedelta(0):
        raise ValueError("a mute needs a positive length, like 2h")
    row = AlertMute(
        rule=rule,
        target=target,
        starts_at=now,
        ends_at=now + length,
        reason=reason,
        created_by=by,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def lift_mute(session: Session, mute_id: int, now: datetime) -> bool:
    """End a mute now; messages it held are due at once. False if there is no such active mute."""
    row = session.get(AlertMute, mute_id)
    if row is None or row.lifted_at is not None or row.ends_at <= now:
        return False
    row.lifted_at = now
    release_held(session, now)
    return True


def release_held(session: Session, now: datetime) -> None:
    """Held-by-mute messages are looked at again on the next delivery (still muted ones are re-held)."""
    session.execute(
        update(AlertNotification)
        .where(
            AlertNotification.state == "pending",
            AlertNotification.hold == "muted",
            AlertNotification.due_at > now,
        )
        .values(due_at=now)
        .execution_options(synchronize_session=False)
    )


# --------------------------------------------------------------------------- quiet hours


def quiet_until(q: QuietHours, tz_name: str, now: datetime) -> datetime | None:
    """The end (UTC) of the quiet period ``now`` falls in, or None outside quiet hours."""
    tz = zone(q.timezone or tz_name)
    start_t, end_t = time.fromisoformat(q.from_), time.fromisoformat(q.to)
    days = set(parse_days(q.days))
    today = now.astimezone(tz).date()
    for d in (today - timedelta(days=1), today):
        if d.weekday() not in days:
            continue
        start, end = _period(d, start_t, end_t, tz)
        if start <= now < end:
            return end
    return None


def _period(d: date, start_t: time, end_t: time, tz: object) -> tuple[datetime, datetime]:
    start = as_utc(datetime.combine(d, start_t, tzinfo=tz))  # type: ignore[arg-type]
    end_day = d if end_t > start_t else d + timedelta(days=1)
    return start, as_utc(datetime.combine(end_day, end_t, tzinfo=tz))  # type: ignore[arg-type]
