"""How due probes get executed: in this process, or by workers on other machines.

The daemon asks the database which probes are due (``due_probes``), paces them
per site (``Pacer``) and hands them to a ``Dispatcher``:

- ``inprocess.InProcessDispatcher`` (the embedded default, SQLite or PostgreSQL)
  runs them here through ``monitor.runner.run_probe``, bounded by a concurrency limit;
- ``jobqueue.ProcrastinateDispatcher`` defers one procrastinate job per probe into
  PostgreSQL, where any number of ``replywatch worker`` processes pick them up
  (``FOR UPDATE SKIP LOCKED``, LISTEN/NOTIFY);
- ``recovery`` releases the probes of executors that died.

Either way a probe is only executed after ``repo.claim_probe`` wins its
conditional UPDATE, so a duplicate job or a second dispatch can never submit a
form twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.clock import Clock, as_utc
from monitor.sites import site_domain, site_keys
from monitor.store.models import Probe, Target, Touchpoint


@dataclass(frozen=True)
class DueProbe:
    id: int
    worker_tag: str | None
    scheduled_at: datetime
    sites: tuple[str, ...] = ()  # rate-limit keys: target and domain


def due_probes(session: Session, now: datetime, *, limit: int = 200) -> list[DueProbe]:
    q = (
        select(
            Probe.id,
            Probe.worker_tag,
            Probe.scheduled_at,
            Target.name,
            Target.url,
            Touchpoint.url,
            Touchpoint.kind,
        )
        .join(Target, Target.id == Probe.target_id)
        .join(Touchpoint, Touchpoint.id == Probe.touchpoint_id)
        .where(Probe.status == "scheduled", Probe.scheduled_at <= now)
        .order_by(Probe.scheduled_at)
        .limit(limit)
    )
    out = []
    for i, tag, at, name, t_url, tp_url, kind in session.execute(q):
        out.append(DueProbe(i, tag, as_utc(at), site_keys(name, site_domain(kind, tp_url, t_url))))
    return out


class Pacer:
    """Keeps probes to one site ``gap`` apart when they start, not only when planned.

    After downtime a backlog of overdue probes is all due at once; without this
    the same shop would get several probes in the same second.
    """

    def __init__(self, gap: timedelta, clock: Clock) -> None:
        self.gap = gap
        self.clock = clock
        self._last: dict[str, datetime] = {}

    def admit(self, due: Sequence[DueProbe]) -> list[DueProbe]:
        now = self.clock.now()
        taken: set[str] = set()
        out = []
        for d in due:
            if any(k in taken or (k in self._last and now - self._last[k] < self.gap) for k in d.sites):
                continue
            taken.update(d.sites)
            out.append(d)
        return out

    def started(self, d: DueProbe) -> None:
        now = self.clock.now()
        for k in d.sites:
            self._last[k] = now
        if len(self._last) > 200_000:
            self._last = {k: v for k, v in self._last.items() if now - v < self.gap}


class Dispatcher(Protocol):
    """What the daemon needs from an execution backend."""

    async def start(self) -> None: ...

    async def submit(self, due: Sequence[DueProbe]) -> list[int]:
        """Hand over due probes; returns the ids accepted now (the rest wait for a later tick)."""
        ...

    async def maintain(self) -> None:
        """Periodic housekeeping (stalled jobs); cheap when there is nothing to do."""
        ...

    async def close(self, timeout: float) -> None:
        """Stop accepting; let running probes finish within ``timeout``, release the rest."""
        ...
