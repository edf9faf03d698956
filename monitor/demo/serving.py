"""aiohttp servers on their own event loop in a background thread.

A thread keeps the demo shops independent of whatever loop the caller runs
(pytest-asyncio, the demo's Typer command, a benchmark), while Chromium and the
probes talk to them over real TCP on loopback.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web


async def listen(runner: web.AppRunner, host: str) -> int:
    """Bind an already set-up runner to ``host`` on a free port; returns the port."""
    site = web.TCPSite(runner, host, 0)
    await site.start()
    server = site._server
    assert server is not None
    return int(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]


class BackgroundServers:
    """Runs ``serve(runners)`` on a fresh loop in a daemon thread until ``stop()``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self, serve: Callable[[list[web.AppRunner]], Awaitable[None]], timeout: float = 20.0) -> None:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            runners: list[web.AppRunner] = []
            try:
                loop.run_until_complete(serve(runners))
            except BaseException as exc:  # reported to the starting thread
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            for runner in runners:
                loop.run_until_complete(runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, name=self.name, daemon=True)
        self._thread.start()
        ready.wait(timeout)
        if errors:
            raise errors[0]

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self.loop = None
