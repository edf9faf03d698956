"""The scaled-out executor: one procrastinate job per due probe, run by `replywatch worker`s.

Jobs live in the replywatch PostgreSQL database; worker tags map to queues.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock
from monitor.config import Config
from monitor.dispatch import DueProbe
from monitor.dispatch.recovery import recover_probe
from monitor.runner import run_probe, worker_name
from probes.base import ProbeEnv

log = logging.getLogger("replywatch.dispatch")

TASK_NAME = "replywatch.run_probe"
DEFAULT_QUEUE = "probes"
# A probe still due this long after its job was deferred is deferred again: its job may have been
# aborted by a stopping worker. The queueing lock makes a redundant deferral a no-op.
REDEFER_AFTER = 15.0


def queue_for(tag: str | None) -> str:
    """Worker tags map to procrastinate queues: no tag -> 'probes', 'eu' -> 'probes.eu'."""
    return f"{DEFAULT_QUEUE}.{tag}" if tag else DEFAULT_QUEUE


def queues_for_tags(tags: Sequence[str], *, only_tagged: bool = False) -> list[str]:
    """A tagged worker serves its tags and, unless told otherwise, untagged probes too."""
    out = [queue_for(t) for t in tags]
    if not tags or not only_tagged:
        out.append(DEFAULT_QUEUE)
    return out


def libpq_conninfo(url: str) -> str:
    """SQLAlchemy URL -> a libpq URI psycopg and procrastinate accept."""
    u = make_url(url)
    if not u.drivername.startswith("postgresql"):
        raise ValueError(
            "the procrastinate backend needs a PostgreSQL database (database: postgresql+psycopg://...)"
        )
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(conninfo: str, runtime: WorkerRuntime | None = None) -> Any:
    """A procrastinate App on the replywatch database; with a runtime it can also execute probes."""
    import procrastinate

    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo, min_size=1, max_size=4)
    )
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
        return await run_probe(
            self.cfg, self.factory, self.clock, probe_id, self.env, worker=self.worker or worker_name()
        )


class ProcrastinateDispatcher:
    """Defers one job per due probe; workers anywhere execute them exactly once.

    ``queueing_lock`` keeps at most one waiting job per probe and ``lock`` at
    most one running, so re-deferring a probe that is still due is harmless.
    """

    def __init__(
        self,
        cfg: Config,
        factory: sessionmaker[Session],
        clock: Clock,
        engine: Engine,
        *,
        stalled_after: float = 30.0,
    ) -> None:
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
                await self.app.configure_task(
                    TASK_NAME, queue=queue_for(d.worker_tag), lock=lock, queueing_lock=lock
                ).defer_async(probe_id=d.id)
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
