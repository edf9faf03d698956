"""One long-lived Chromium shared by all browser probes, a fresh context per probe.

Launching Chromium costs ~1 s and ~100 MB; a context costs a few ms, and gives
each probe its own cookies and storage, so probes never see each other's
state. A semaphore bounds how many probes use the browser at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from playwright.async_api import Browser, BrowserContext, Playwright, async_playwright

log = logging.getLogger(__name__)

# Flags that work on locked-down machines (no sandbox as root, no GPU, no phoning home).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

DEFAULT_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
)


def find_executable(explicit: str | None = None) -> str | None:
    """The configured Chromium, else a system one, else None (Playwright's own build, from `playwright install`)."""
    if explicit:
        return explicit
    env = os.environ.get("REPLYWATCH_CHROMIUM")
    if env:
        return env
    for path in SYSTEM_CHROMIUM:
        if os.path.exists(path):
            return path
    found = shutil.which("chromium")
    return found


class BrowserPool:
    """Shared browser + concurrency limit. Start once, use ``context()`` per probe."""

    def __init__(self, *, executable_path: str | None = None, headless: bool = True, concurrency: int = 2,
                 extra_args: list[str] | None = None) -> None:
        self.executable_path = find_executable(executable_path)
        self.headless = headless
        self.extra_args = list(extra_args or [])
        self.semaphore = asyncio.Semaphore(concurrency)
        self._pw: Playwright | None = None
        self._browser: Browser | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> Browser:
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            if self._pw is None:
                self._pw = await async_playwright().start()
            kw: dict[str, Any] = {"headless": self.headless, "args": [*LAUNCH_ARGS, *self.extra_args]}
            if self.executable_path:
                kw["executable_path"] = self.executable_path
            self._browser = await self._pw.chromium.launch(**kw)
            return self._browser

    async def close(self) -> None:
        async with self._lock:
            if self._browser is not None:
                try:
                    await self._browser.close()
                except Exception:  # already gone (crashed or closed by Playwright)
                    log.debug("browser already closed", exc_info=True)
                self._browser = None
            if self._pw is not None:
                await self._pw.stop()
                self._pw = None

    async def new_context(self, *, proxy: str | None = None, storage_state: Any = None,
                          locale: str = "ru-RU", **kw: Any) -> BrowserContext:
        """A context like a real visitor's: no downloads, no permission prompts."""
        browser = await self.start()
        opts: dict[str, Any] = {
            "accept_downloads": False,
            "permissions": [],
            "locale": locale,
            "user_agent": DEFAULT_UA,
            "viewport": {"width": 1280, "height": 900},
            "ignore_https_errors": False,
        }
        if proxy:
            opts["proxy"] = {"server": proxy}
        if storage_state is not None:
            opts["storage_state"] = storage_state
        opts.update(kw)
        return await browser.new_context(**opts)

    @asynccontextmanager
    async def context(self, **kw: Any) -> AsyncIterator[BrowserContext]:
        """A fresh context under the concurrency limit, always closed afterwards."""
        async with self.semaphore:
            ctx = await self.new_context(**kw)
            try:
                yield ctx
            finally:
                try:
                    await ctx.close()
                except Exception:  # the probe's verdict is made; a context that will not close dies with the browser
                    log.debug("browser context did not close", exc_info=True)

    async def __aenter__(self) -> BrowserPool:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
