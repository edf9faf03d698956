"""APScheduler wiring: one job per campaign, rebuilt at start-up, and the single-scheduler lock.

Jobs live in a ``MemoryJobStore`` and are rebuilt from the config's campaigns
and each campaign's ``last_round_at`` in the database every time the daemon
starts; nothing is pickled, so a changed config or a new version never meets a
stale job. A campaign job only wakes ``schedule.run_due_rounds``, which decides
from the database what is due and claims each round atomically, so an early,
late or duplicated wake-up can never create a round twice.

Only one scheduler may run per database: it holds a PostgreSQL advisory lock
(or an ``fcntl`` lock file next to a SQLite database); a second one started by
mistake stays idle and says so, and takes over if the first one goes away.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import random
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock, as_utc
from monitor.config import CampaignConfig, Config
from monitor.schedule import run_due_rounds
from monitor.store.db import transaction
from monitor.store.models import Campaign

log = logging.getLogger("replywatch.scheduler")

LOCK_NAME = "replywatch.scheduler"
# Rounds are also swept this often, so a missed wake-up costs at most this long.
SWEEP_SECONDS = 30.0


# --------------------------------------------------------------------------- the lock


class SchedulerLock(Protocol):
    def acquire(self) -> bool: ...

    def release(self) -> None: ...

    def check(self) -> bool:
        """Still held? (A PostgreSQL restart drops the session and with it the lock.)"""
        ...

    def describe(self) -> str: ...


class PgAdvisoryLock:
    """A session-level advisory lock on a dedicated connection: released when the process dies."""

    def __init__(self, engine: Engine, name: str = LOCK_NAME) -> None:
        self.engine = engine
        self.key = zlib.crc32(name.encode())  # 0..2**32-1: one bigint key, shown as objid in pg_locks
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        if self._conn is not None:
            return True
        conn = self.engine.connect()
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
        conn.commit()
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                self._conn.commit()
            finally:
                self._conn.close()
                self._conn = None

    def check(self) -> bool:
        if self._conn is None:
            return False
        try:
            held = self._conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND pid = pg_backend_pid() AND classid = 0 AND objid = :k AND objsubid = 1"
                ),
                {"k": self.key},
            ).scalar()
            self._conn.commit()
            return bool(held)
        except Exception:
            log.exception("lost the scheduler lock's database session")
            return False

    def describe(self) -> str:
        return f"PostgreSQL advisory lock {self.key}"


class FileLock:
    """An exclusive ``flock`` on a file next to the SQLite database: released when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def check(self) -> bool:
        return self._fd is not None

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "?"
        except OSError:
            return "?"

    def describe(self) -> str:
        return f"lock file {self.path}"


def scheduler_lock(engine: Engine) -> SchedulerLock:
    """The right lock for the database behind ``engine``."""
    if engine.dialect.name == "postgresql":
        return PgAdvisoryLock(engine)
    db = engine.url.database or ""
    if not db or db == ":memory:":
        return FileLock(Path.cwd() / ".replywatch-memory.scheduler.lock")
    return FileLock(Path(db).with_name(Path(db).name + ".scheduler.lock"))


async def wait_for_lock(lock: SchedulerLock, stop: asyncio.Event, *, retry: float = 5.0) -> bool:
    """Acquire the lock, idling (and saying so once) while another scheduler holds it."""
    said = False
    while not stop.is_set():
        if await asyncio.to_thread(lock.acquire):
            if said:
                log.info(
                    "the other scheduler is gone; this one takes over", extra={"event": "scheduler_takeover"}
                )
            return True
        if not said:
            log.warning(
                "another scheduler is running on this database (%s is held); staying idle",
                lock.describe(),
                extra={"event": "scheduler_idle"},
            )
            said = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=retry)
    return False


# --------------------------------------------------------------------------- jobs


def campaign_trigger(cc: CampaignConfig, last: datetime | None, now: datetime, default_tz: str) -> Any:
    """The APScheduler trigger waking a campaign: its cron, or its interval from the last round."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(cc.schedule.timezone or default_tz)
    if cc.schedule.interval:
        interval = cc.schedule.interval
        start = as_utc(last) + interval if last else now
        if start < now:  # missed rounds: the catch-up job runs the latest one now
            start = start + ((now - start) // interval + 1) * interval
        return IntervalTrigger(seconds=max(interval.total_seconds(), 1.0), start_date=start, timezone=UTC)
    return CronTrigger.from_crontab(cc.schedule.cron or "", timezone=tz)


def campaign_state(factory: sessionmaker[Session]) -> dict[str, datetime | None]:
    with transaction(factory) as s:
        return {
            name: (as_utc(last) if last else None)
            for name, last in s.execute(select(Campaign.name, Campaign.last_round_at))
        }


class CampaignScheduler:
    """An ``AsyncIOScheduler`` holding campaign jobs and the daemon's periodic chores."""

    def __init__(
        self,
        cfg: Config,
        factory: sessionmaker[Session],
        clock: Clock,
        *,
        rng: random.Random | None = None,
        on_rounds: Callable[[dict[str, int]], Awaitable[None]] | None = None,
    ) -> None:
        self.cfg, self.factory, self.clock = cfg, factory, clock
        self.rng = rng or random.Random()
        self.on_rounds = on_rounds
        self.anchor = clock.now()
        self.sched = AsyncIOScheduler(
            jobstores={"default": MemoryJobStore()},
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._rounds_lock = asyncio.Lock()

    def build(self) -> None:
        """(Re)create every job from the config and the database."""
        self.sched.remove_all_jobs()
        now = self.clock.now()
        last = campaign_state(self.factory)
        for cc in self.cfg.campaigns:
            if not cc.enabled:
                continue
            trig = campaign_trigger(cc, last.get(cc.name), now, self.cfg.timezone)
            self.sched.add_job(self.rounds, trig, id=f"campaign:{cc.name}", name=f"campaign {cc.name}")
        # Catch up at once (a due interval round, a cron round missed while down), then sweep.
        self.sched.add_job(
            self.rounds,
            IntervalTrigger(seconds=SWEEP_SECONDS, timezone=UTC),
            id="rounds:sweep",
            next_run_time=datetime.now(UTC),
        )

    def add_periodic(
        self,
        job_id: str,
        func: Callable[[], Awaitable[Any]],
        seconds: float,
        *,
        first_in: float | None = None,
    ) -> None:
        first = datetime.now(UTC) + timedelta(seconds=seconds if first_in is None else first_in)
        self.sched.add_job(
            func, IntervalTrigger(seconds=seconds, timezone=UTC), id=job_id, next_run_time=first
        )

    async def rounds(self) -> dict[str, int]:
        """Create whatever rounds are due now (idempotent: rounds are claimed in the database)."""
        async with self._rounds_lock:
            try:
                created = await asyncio.to_thread(
                    run_due_rounds, self.cfg, self.factory, self.clock, anchor=self.anchor, rng=self.rng
                )
            except Exception:
                log.exception("creating campaign rounds failed; will retry")
                return {}
        if created and self.on_rounds is not None:
            await self.on_rounds(created)
        return created

    def next_runs(self) -> dict[str, datetime | None]:
        return {
            j.id.removeprefix("campaign:"): j.next_run_time
            for j in self.sched.get_jobs()
            if j.id.startswith("campaign:")
        }

    def start(self) -> None:
        self.sched.start()

    def shutdown(self) -> None:
        if self.sched.running:
            self.sched.shutdown(wait=False)
