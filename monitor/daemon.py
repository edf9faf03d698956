"""`replywatch run`: the long-running monitor process.

One process schedules campaigns, hands due probes to a dispatcher, turns
overdue probes `unanswered`, watches the inbox and open chats, evaluates alerts
and (optionally) serves the dashboard. Watchers, alerts and the dashboard are
other modules, imported only when the config uses them (they pull in the
browser, IMAP or web stacks).

Shutdown (SIGTERM/SIGINT) is bounded: running probes get ``grace`` seconds to
finish, anything still running is released through crash recovery (retried
only if its submission never began), and the process exits within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock
from monitor.config import Config
from monitor.dispatch import Dispatcher, Pacer, due_probes
from monitor.dispatch.inprocess import InProcessDispatcher
from monitor.dispatch.jobqueue import ProcrastinateDispatcher
from monitor.dispatch.recovery import recover_dead
from monitor.runner import make_env, worker_name
from monitor.scheduler import CampaignScheduler, scheduler_lock, wait_for_lock
from monitor.store import repo
from monitor.store.db import require_current_schema, transaction
from monitor.store.outage import is_outage
from monitor.store.watchers import record_status

log = logging.getLogger("replywatch.daemon")


@dataclass
class DaemonOptions:
    web: bool = True
    once: bool = False  # one cycle (rounds due now, their probes, deadlines), then exit
    tick: float = 1.0  # how often due probes are looked for
    grace: float = 5.0  # seconds running probes get to finish on shutdown
    lock_retry: float = 5.0
    expire_every: float = 5.0
    alerts_every: float = 60.0
    maintain_every: float = 15.0
    prune_every: float = 3600.0  # evidence retention, when retention.evidence_days is set


class DaemonSetupError(RuntimeError):
    """A configuration the daemon cannot run with (said plainly, no traceback)."""


def heartbeat(factory: sessionmaker[Session], clock: Clock, state: str, details: dict[str, Any]) -> None:
    """The scheduler's own health row, shown by `replywatch status` next to the watchers'."""
    now = clock.now()
    with transaction(factory) as s:
        record_status(s, "scheduler", now, state, details=details)


class Daemon:
    """Everything `replywatch run` starts, in one object so tests can drive it."""

    def __init__(
        self,
        cfg: Config,
        engine: Engine,
        factory: sessionmaker[Session],
        clock: Clock,
        opts: DaemonOptions | None = None,
    ) -> None:
        self.cfg, self.engine, self.factory, self.clock = cfg, engine, factory, clock
        self.opts = opts or DaemonOptions()
        self.stop = asyncio.Event()
        self.worker = worker_name()
        self.browser: Any = None
        self.dispatcher: Dispatcher | None = None
        self.scheduler: CampaignScheduler | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._servers: list[Any] = []  # uvicorn servers: the dashboard, the hooks, /metrics
        self._chat: Any = None
        self.lock: Any = None
        self._lock_held = True  # False while the lock's database session is gone and cannot be renewed
        self.exit_code = 0
        gaps = [c.min_gap for c in cfg.campaigns if c.enabled]
        self.pacer = Pacer(min(gaps) if gaps else timedelta(seconds=30), clock)

    # ----------------------------------------------------------------- lifecycle

    async def run(self) -> int:
        require_current_schema(self.engine)
        if self.cfg.worker.backend == "procrastinate" and self.engine.dialect.name != "postgresql":
            raise DaemonSetupError(
                "worker.backend: procrastinate needs a PostgreSQL database; "
                "with SQLite use the default in-process backend"
            )
        with transaction(self.factory) as s:
            repo.sync_config(s, self.cfg)
        lock = self.lock = scheduler_lock(self.engine)
        if not await wait_for_lock(lock, self.stop, retry=self.opts.lock_retry):
            log.info("stopped while idle")
            return 0
        try:
            return await self._run_leader()
        finally:
            lock.release()  # instant; not through the executor, which may be busy with cut-short probes

    async def _run_leader(self) -> int:
        cfg = self.cfg
        log.info(
            "scheduler started (%s backend, %d campaigns)",
            cfg.worker.backend,
            len(cfg.campaigns),
            extra={"event": "daemon_started"},
        )
        await asyncio.to_thread(recover_dead, cfg, self.factory, self.clock, exclude=self.worker)
        self._chat = None if self.opts.once else self._make_chat_watcher()
        self.dispatcher = self._make_dispatcher()
        await self.dispatcher.start()
        self.scheduler = CampaignScheduler(cfg, self.factory, self.clock, on_rounds=self._after_rounds)
        try:
            if self.opts.once:
                await self._once()
                return 0
            self._start_components()
            self.scheduler.build()
            s = self.scheduler
            s.add_periodic("dispatch", self.dispatch_due, self.opts.tick, first_in=0)
            s.add_periodic("deadlines", self.expire, self.opts.expire_every, first_in=0)
            s.add_periodic("maintain", self.maintain, self.opts.maintain_every)
            s.add_periodic("heartbeat", self._beat, 15.0, first_in=0)
            if self._alerts is not None:
                s.add_periodic("alerts", self.alerts, self.opts.alerts_every)
            if cfg.retention.evidence_days:
                s.add_periodic("prune", self.prune, self.opts.prune_every, first_in=60)
            s.start()
            await self.stop.wait()
            log.info("stopping", extra={"event": "daemon_stopping"})
            return self.exit_code
        finally:
            await self._shutdown()

    async def _once(self) -> None:
        assert self.scheduler is not None and self.dispatcher is not None
        await self.scheduler.rounds()
        while not self.stop.is_set():
            due = await asyncio.to_thread(self._due)
            if not due and not getattr(self.dispatcher, "running", 0):
                break
            await self._submit(due)
            await asyncio.sleep(0.05)
            if isinstance(self.dispatcher, InProcessDispatcher) and not due:
                await self.dispatcher.wait_idle()
            if not isinstance(self.dispatcher, InProcessDispatcher):
                break
        await self.expire()

    async def _shutdown(self) -> None:
        self.stop.set()
        if self.scheduler is not None:
            self.scheduler.shutdown()
        for server in self._servers:
            server.should_exit = True
        if self.dispatcher is not None:
            await self.dispatcher.close(self.opts.grace)
        if self._tasks:
            _done, pending = await asyncio.wait(self._tasks, timeout=max(self.opts.grace, 1.0))
            for t in pending:
                t.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.browser is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.browser.close(), timeout=5)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(
                asyncio.to_thread(heartbeat, self.factory, self.clock, "stopped", self._details()), timeout=3
            )
        log.info("stopped", extra={"event": "daemon_stopped"})

    # ----------------------------------------------------------------- parts

    def _browser(self) -> Any:
        if self.browser is None:
            from monitor.browsing import browser_pool

            self.browser = browser_pool(self.cfg.browser)
        return self.browser

    def _make_chat_watcher(self) -> Any:
        """The chat watcher, created before probes run so chat probes can hand their pages to it."""
        if not any(tp.kind == "chat" for t in self.cfg.targets for tp in t.touchpoints):
            return None
        from monitor.watch.chat import ChatWatcher

        return ChatWatcher(self.cfg, self.factory, self.clock, self._browser())

    def _make_dispatcher(self) -> Dispatcher:
        cfg = self.cfg
        if cfg.worker.backend == "procrastinate":
            # Workers run the probes; a chat probe there parks its page and this watcher reopens it.
            return ProcrastinateDispatcher(cfg, self.factory, self.clock, self.engine)
        env = make_env(cfg, browser=self._browser())
        env.now = self.clock.now
        if self._chat is not None:
            env.extras["chat_watcher"] = self._chat
        return InProcessDispatcher(
            cfg, self.factory, self.clock, env, concurrency=cfg.worker.concurrency, worker=self.worker
        )

    def _start_components(self) -> None:
        cfg = self.cfg
        if cfg.alerts or cfg.notifications:
            from monitor.alerts.run import run_alerts

            self._alerts = run_alerts
        if cfg.shopper.mailbox.imap is not None:
            from monitor.watch.imap import InboxWatcher

            self._spawn("inbox watcher", InboxWatcher(cfg, self.factory, self.clock, password=None).run)
        if self._chat is not None:
            self._spawn("chat watcher", self._chat.run)
        if cfg.web.hooks_port is not None:
            from monitor.hooks import create_hooks_app

            self._serve(
                "hooks",
                create_hooks_app(cfg, self.factory, self.clock),
                cfg.web.hooks_host or cfg.web.host,
                cfg.web.hooks_port,
            )
        if self.opts.web:
            self._serve_metrics()
            from monitor.web import create_app

            try:
                web_app = create_app(cfg, self.factory, self.clock)
            except Exception as exc:  # e.g. no dashboard password: monitoring goes on without it
                log.warning("dashboard not started: %s", exc)
            else:
                self._serve("dashboard", web_app, cfg.web.host, cfg.web.port)

    _alerts: Any = None

    def _serve_metrics(self) -> None:
        """/metrics without a token on web.metrics_listen, next to the dashboard (even one that failed)."""
        if (address := self.cfg.web.metrics_address) is None:
            return
        from monitor.web.metrics_listener import create_metrics_app

        self._serve("metrics", create_metrics_app(self.factory, self.clock), *address)

    def _spawn(self, name: str, run: Callable[[asyncio.Event], Awaitable[Any]]) -> None:
        async def guarded() -> None:
            while not self.stop.is_set():
                try:
                    await run(self.stop)
                    return
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("%s crashed; restarting in 10s", name)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.stop.wait(), timeout=10)

        self._tasks.append(asyncio.create_task(guarded(), name=name))
        log.info("%s started", name)

    def _serve(self, name: str, app: Any, host: str, port: int) -> None:
        import uvicorn

        class _Server(uvicorn.Server):
            # The daemon owns SIGTERM; uvicorn must not replace its handlers.
            def install_signal_handlers(self) -> None:
                return None

            @contextlib.contextmanager
            def capture_signals(self) -> Any:
                yield

        from monitor.web.serve import server_config

        conf = server_config(app, self.cfg, host, port, log_config=None, access_log=False, lifespan="auto")
        server = _Server(conf)
        self._servers.append(server)
        self._tasks.append(asyncio.create_task(server.serve(), name=name))
        log.info("%s on http://%s:%s/", name, host, port)

    # ----------------------------------------------------------------- periodic chores

    def _due(self) -> list[Any]:
        with transaction(self.factory) as s:
            return due_probes(s, self.clock.now())

    async def dispatch_due(self) -> None:
        if self.stop.is_set() or self.dispatcher is None or not self._lock_held:
            return
        try:
            due = await asyncio.to_thread(self._due)
            if due:
                await self._submit(due)
        except Exception:
            log.exception("dispatching due probes failed; will retry")

    async def _submit(self, due: list[Any]) -> None:
        assert self.dispatcher is not None
        admitted = self.pacer.admit(due)
        accepted = set(await self.dispatcher.submit(admitted)) if admitted else set()
        for d in admitted:
            if d.id in accepted:
                self.pacer.started(d)

    async def _after_rounds(self, created: dict[str, int]) -> None:
        await self.dispatch_due()

    async def expire(self) -> int:
        def _do() -> int:
            with transaction(self.factory) as s:
                return repo.expire_deadlines(s, self.clock.now())

        try:
            n = await asyncio.to_thread(_do)
        except Exception:
            log.exception("deadline expiry failed; will retry")
            return 0
        if n:
            log.info(
                "%d probe(s) passed their reply deadline: unanswered", n, extra={"event": "deadline_expired"}
            )
        return n

    async def maintain(self) -> None:
        try:
            await asyncio.to_thread(recover_dead, self.cfg, self.factory, self.clock, exclude=self.worker)
            if self.dispatcher is not None:
                await self.dispatcher.maintain()
        except Exception:
            log.exception("maintenance failed; will retry")

    async def prune(self) -> int:
        """Delete evidence older than retention.evidence_days (figures stay); returns files deleted."""
        from monitor.store.retention import prune_evidence

        days = self.cfg.retention.evidence_days
        if not days:
            return 0
        try:
            done = await asyncio.to_thread(
                prune_evidence, self.factory, self.cfg.data_path(), days=days, now=self.clock.now()
            )
        except Exception:
            log.exception("evidence pruning failed; will retry")
            return 0
        if done.files:
            log.info(
                "pruned %d evidence file(s) older than %d days",
                done.files,
                days,
                extra={"event": "evidence_pruned"},
            )
        return done.files

    async def alerts(self) -> None:
        if self._alerts is None:
            return
        try:
            await asyncio.to_thread(self._alerts, self.cfg, self.factory, self.clock)
        except Exception:
            log.exception("alert evaluation failed; will retry")

    def _details(self) -> dict[str, Any]:
        nxt = self.scheduler.next_runs() if self.scheduler is not None else {}
        return {
            "host": socket.gethostname(),
            "worker": self.worker,
            "backend": self.cfg.worker.backend,
            "next_runs": {k: v.isoformat() if v else None for k, v in nxt.items()},
        }

    async def _beat(self) -> None:
        if self.lock is not None and not await asyncio.to_thread(self.lock.check):
            regained = await asyncio.to_thread(self._regain_lock)
            if regained is False:
                # Another scheduler took over meanwhile; carrying on would make two.
                log.error(
                    "the single-scheduler lock was lost and another scheduler holds it now; stopping",
                    extra={"event": "scheduler_lock_lost"},
                )
                self.exit_code = 1
                self.stop.set()
                return
            self._lock_held = bool(regained)
            if regained is None:
                log.error(
                    "the database session holding the single-scheduler lock is gone and the database is "
                    "unreachable; no probe is dispatched until it is back",
                    extra={"event": "database_unavailable"},
                )
                return
            log.warning(
                "the database session holding the single-scheduler lock was lost (a database restart?); "
                "the lock is held again",
                extra={"event": "scheduler_lock_regained"},
            )
        with contextlib.suppress(Exception):
            await asyncio.to_thread(heartbeat, self.factory, self.clock, "running", self._details())

    def _regain_lock(self) -> bool | None:
        """After the lock's session died: True if held again, False if another scheduler has it, None if no database."""
        assert self.lock is not None
        with contextlib.suppress(Exception):
            self.lock.release()  # closes the dead session
        try:
            return bool(self.lock.acquire())
        except Exception as exc:
            if is_outage(exc):
                return None
            raise


def install_signal_handlers(stop: asyncio.Event, *, hard_limit: float | None = None) -> None:
    """SIGTERM/SIGINT start a clean stop; after ``hard_limit`` seconds the process ends regardless."""
    import os
    import threading

    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if not stop.is_set() and hard_limit is not None:
            timer = threading.Timer(hard_limit, _hard_exit)
            timer.daemon = True
            timer.start()
        stop.set()

    def _hard_exit() -> None:
        log.error("shutdown took longer than %.0fs; exiting now", hard_limit)
        logging.shutdown()
        os._exit(3)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal)


def run_bounded(main: Awaitable[int], *, linger: float = 2.0) -> int:
    """Run ``main`` and exit promptly even if a probe left a blocking thread behind.

    ``asyncio.run`` would wait for every executor thread (a socket stuck in a
    slow shop's SMTP DATA, say) before returning; the daemon has already
    released such probes, so after ``linger`` seconds the process just ends.
    """
    import os
    import threading
    import time

    loop = asyncio.new_event_loop()
    try:
        code = loop.run_until_complete(main)
    finally:
        executor = getattr(loop, "_default_executor", None)
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        loop.close()
    deadline = time.monotonic() + linger
    while time.monotonic() < deadline:
        stuck = [
            t
            for t in threading.enumerate()
            if t is not threading.main_thread() and not t.daemon and t.is_alive()
        ]
        if not stuck:
            return code
        time.sleep(0.05)
    log.warning("exiting with %d blocked thread(s) still running", len(stuck))
    logging.shutdown()
    os._exit(code)


async def run_daemon(
    cfg: Config,
    engine: Engine,
    factory: sessionmaker[Session],
    clock: Clock,
    opts: DaemonOptions | None = None,
) -> int:
    """Entry point for `replywatch run`: a Daemon with SIGTERM/SIGINT wired to a clean stop."""
    d = Daemon(cfg, engine, factory, clock, opts)
    install_signal_handlers(d.stop, hard_limit=d.opts.grace + 10)
    return await d.run()
