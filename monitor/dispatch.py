"""How due probes get executed: in this process, or by workers on other machines.

The daemon asks the database which probes are due and hands them to a
``Dispatcher``. ``InProcessDispatcher`` (the embedded default, SQLite or
PostgreSQL) runs them here through ``monitor.runner.run_probe``, bounded by a
concurrency limit. ``ProcrastinateDispatcher`` defers one procrastinate job per
probe into PostgreSQL, where any number of ``replywatch worker`` processes pick
them up (``FOR UPDATE SKIP LOCKED``, LISTEN/NOTIFY). Either way a probe is only
executed after ``repo.claim_probe`` wins its conditional UPDATE, so a duplicate
job or a second dispatch can never submit a form twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock, as_utc
from monitor.config import Config
from monitor.runner import run_probe, worker_name
from monitor.sites import site_domain, site_keys
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe, Target, Touchpoint
from probes.base import ProbeEnv

log = logging.getLogger("replywatch.dispatch")

TASK_NAME = "replywatch.run_probe"
DEFAULT_QUEUE = "probes"
# A probe still due this long after its job was deferred is deferred again: its job may have been
# aborted by a stopping worker. The queueing lock makes a redundant deferral a no-op.
REDEFER_AFTER = 15.0


@dataclass(frozen=True)
class DueProbe:
    id: int
    worker_tag: str | None
    scheduled_at: datetime
    sites: tuple[str, ...] = ()  # rate-limit keys: target and domain


def queue_for(tag: str | None) -> str:
    """Worker tags map to procrastinate queues: no tag -> 'probes', 'eu' -> 'probes.eu'."""
    return f"{DEFAULT_QUEUE}.{tag}" if tag else DEFAULT_QUEUE


def queues_for_tags(tags: Sequence[str], *, only_tagged: bool = False) -> list[str]:
    """A tagged worker serves its tags and, unless told otherwise, untagged probes too."""
    out = [queue_for(t) for t in tags]
    if not tags or not only_tagged:
        out.append(DEFAULT_QUEUE)
    return out


def due_probes(session: Session, now: datetime, *, limit: int = 200) -> list[DueProbe]:
    q = (select(Probe.id, Probe.worker_tag, Probe.scheduled_at, Target.name, Target.url, Touchpoint.url,
                Touchpoint.kind)
         .join(Target, Target.id == Probe.target_id).join(Touchpoint, Touchpoint.id == Probe.touchpoint_id)
         .where(Probe.status == "scheduled", Probe.scheduled_at <= now)
         .order_by(Probe.scheduled_at).limit(limit))
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


# --------------------------------------------------------------------------- in-process


class InProcessDispatcher:
    """Runs probes as asyncio tasks of this process, at most ``concurrency`` at once."""

    def __init__(self, cfg: Config, factory: sessionmaker[Session], clock: Clock, env: ProbeEnv, *,
                 concurrency: int = 2, worker: str | None = None) -> None:
        self.cfg, self.factory, self.clock, self.env = cfg, factory, clock, env
        self.concurrency = concurrency
        self.worker = worker or worker_name()
        self._tasks: dict[int, asyncio.Task[str]] = {}
        self._closing = False

    async def start(self) -> None:
        return None

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def submit(self, due: Sequence[DueProbe]) -> list[int]:
        accepted: list[int] = []
        for d in due:
            if self._closing or len(self._tasks) >= self.concurrency:
                break
            if d.id in self._tasks:
                continue
            task = asyncio.create_task(self._run(d.id), name=f"probe-{d.id}")
            self._tasks[d.id] = task
            accepted.append(d.id)
        return accepted

    async def _run(self, probe_id: int) -> str:
        try:
            return await run_probe(self.cfg, self.factory, self.clock, probe_id, self.env, worker=self.worker)
        finally:
            self._tasks.pop(probe_id, None)

    async def maintain(self) -> None:
        return None

    async def wait_idle(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def close(self, timeout: float) -> None:
        self._closing = True
        tasks = list(self._tasks.values())
        if tasks:
            log.info("waiting up to %.0fs for %d running probe(s)", timeout, len(tasks))
            _done, pending = await asyncio.wait(tasks, timeout=timeout)
            for t in pending:
                t.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        # Anything cut short is released: retried if it never began submitting, else ended.
        with transaction(self.factory) as s:
            counts = repo.recover_interrupted(s, self.clock.now(), worker=self.worker)
        if any(counts.values()):
            log.warning("released interrupted probes: %s", counts)


# --------------------------------------------------------------------------- procrastinate


def libpq_conninfo(url: str) -> str:
    """SQLAlchemy URL -> a libpq URI psycopg and procrastinate accept."""
    u = make_url(url)
    if not u.drivername.startswith("postgresql"):
        raise ValueError("the procrastinate backend needs a PostgreSQL database (database: postgresql+psycopg://...)")
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(conninfo: str, runtime: WorkerRuntime | None = None) -> Any:
    """A procrastinate App on the replywatch database; with a runtime it can also execute probes."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo, min_size=1, max_size=4))
    if runtime is not None:

        @app.task(name=TASK_NAME, pass_context=True)
        async def run_probe_job(context: Any, probe_id: int) -> str:
            status = await runtime.run(probe_id)
            log.info("job %s: probe %s -> %s", context.job.id, probe_id, status)
            return status

    return app


def ensure_schema(engine: Engine) -> bool:
    """Install procrastinate's tables once (under an advisory lock: workers may start together)."""
    from procrastinate.schema import SchemaManager

    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT pg_advisory_lock(hashtext('replywatch.procrastinate_schema'))")
        try:
            cur.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
            row = cur.fetchone()
            if row and row[0]:
                return False
            cur.execute(SchemaManager.get_schema())
            raw.commit()
            log.info("installed the procrastinate job queue schema")
            return True
        finally:
            cur.execute("SELECT pg_advisory_unlock(hashtext('replywatch.procrastinate_schema'))")
            raw.commit()
    finally:
        raw.close()


@dataclass
class WorkerRuntime:
    """What a worker process needs to execute a probe job: built once by `replywatch worker`."""

    cfg: Config
    factory: sessionmaker[Session]
    clock: Clock
    env: ProbeEnv
    worker: str = ""

    async def run(self, probe_id: int) -> str:
        return await run_probe(self.cfg, self.factory, self.clock, probe_id, self.env,
                               worker=self.worker or worker_name())


class ProcrastinateDispatcher:
    """Defers one job per due probe; workers anywhere execute them exactly once.

    ``queueing_lock`` keeps at most one waiting job per probe and ``lock`` at
    most one running, so re-deferring a probe that is still due is harmless.
    """

    def __init__(self, cfg: Config, factory: sessionmaker[Session], clock: Clock, engine: Engine, *,
                 stalled_after: float = 30.0) -> None:
        self.cfg, self.factory, self.clock, self.engine = cfg, factory, clock, engine
        self.stalled_after = stalled_after
        self.app = make_app(libpq_conninfo(engine.url.render_as_string(hide_password=False)))
        self._deferred: dict[int, float] = {}

    async def start(self) -> None:
        await asyncio.to_thread(ensure_schema, self.engine)
        await self.app.open_async()

    async def submit(self, due: Sequence[DueProbe]) -> list[int]:
        from procrastinate import exceptions

        loop = asyncio.get_running_loop()
        accepted: list[int] = []
        for d in due:
            last = self._deferred.get(d.id)
            if last is not None and loop.time() - last < REDEFER_AFTER:
                continue
            lock = f"probe-{d.id}"
            try:
                await self.app.configure_task(TASK_NAME, queue=queue_for(d.worker_tag), lock=lock,
                                              queueing_lock=lock).defer_async(probe_id=d.id)
                accepted.append(d.id)
            except exceptions.AlreadyEnqueued:
                pass
            self._deferred[d.id] = loop.time()
        if len(self._deferred) > 100_000:
            cutoff = loop.time() - REDEFER_AFTER
            self._deferred = {k: v for k, v in self._deferred.items() if v >= cutoff}
        return accepted

    async def maintain(self) -> None:
        """Jobs of workers that stopped heart-beating (SIGKILL, lost machine) are settled.

        Their probes go through the usual crash recovery (retried only if the
        submission never began) and the stuck job is marked failed so its
        per-probe lock is freed.
        """
        from procrastinate import jobs

        stalled = await self.app.job_manager.get_stalled_jobs(seconds_since_heartbeat=self.stalled_after)
        for job in stalled:
            probe_id = int(job.task_kwargs.get("probe_id", 0))
            counts = await asyncio.to_thread(recover_probe, self.factory, self.clock, probe_id)
            await self.app.job_manager.finish_job(job, status=jobs.Status.FAILED, delete_job=False)
            self._deferred.pop(probe_id, None)
            log.warning("stalled job %s (probe %s) of a dead worker settled: %s", job.id, probe_id, counts)

    async def close(self, timeout: float) -> None:
        await self.app.close_async()


def recover_probe(factory: sessionmaker[Session], clock: Clock, probe_id: int) -> dict[str, int]:
    """Crash recovery for one probe whose executor is known to be dead."""
    with transaction(factory) as s:
        p = s.get(Probe, probe_id)
        if p is None or p.status != "running" or not p.claimed_by:
            return {"retried": 0, "ended": 0}
        return repo.recover_interrupted(s, clock.now(), worker=p.claimed_by)


# --------------------------------------------------------------------------- dead executors


def _local_pid(claimed_by: str) -> int | None:
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return int(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_dead(cfg: Config, factory: sessionmaker[Session], clock: Clock, *,
                 exclude: str | None = None) -> dict[str, int]:
    """Release `running` probes whose executor is gone.

    A local executor is gone when its PID no longer exists; a remote one when
    the probe has run far longer than any probe may (its time budget plus the
    runner's margin). Never touches ``exclude`` (this process's own probes).
    """
    now = clock.now()
    overdue = cfg.browser.probe_timeout + timedelta(seconds=90)
    total = {"retried": 0, "ended": 0}
    with transaction(factory) as s:
        rows = s.execute(select(Probe.claimed_by, Probe.started_at).where(Probe.status == "running")).all()
        owners: dict[str, datetime] = {}
        for who, started in rows:
            if who and who != exclude:
                owners[who] = min(owners.get(who, as_utc(started)), as_utc(started)) if started else now
        for who, started in owners.items():
            pid = _local_pid(who)
            dead = (pid is not None and not _alive(pid)) or (pid is None and now - started > overdue)
            if dead:
                counts = repo.recover_interrupted(s, now, worker=who)
                for k, v in counts.items():
                    total[k] += v
    if any(total.values()):
        log.warning("recovered probes of dead executors: %s", total)
    return total
