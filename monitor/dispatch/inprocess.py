"""The embedded executor: due probes run as asyncio tasks of the daemon's own process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock
from monitor.config import Config
from monitor.dispatch import DueProbe
from monitor.runner import run_probe, worker_name
from monitor.store import repo
from monitor.store.db import transaction
from probes.base import ProbeEnv

log = logging.getLogger("replywatch.dispatch")


class InProcessDispatcher:
    """Runs probes as asyncio tasks of this process, at most ``concurrency`` at once."""

    def __init__(
        self,
        cfg: Config,
        factory: sessionmaker[Session],
        clock: Clock,
        env: ProbeEnv,
        *,
        concurrency: int = 2,
        worker: str | None = None,
    ) -> None:
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
