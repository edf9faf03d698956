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

from probes.netguard import GuardState, NetGuard

log = logging.getLogger(__name__)

# Flags that work on locked-down machines (no GPU, no phoning home). --no-sandbox is added only
# when the kernel cannot give Chromium its sandbox (see BrowserPool._launch).
NO_SANDBOX = "--no-sandbox"
LAUNCH_ARGS = [
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

    def __init__(
        self,
        *,
        executable_path: str | None = None,
        headless: bool = True,
        concurrency: int = 2,
        extra_args: list[str] | None = None,
        sandbox: str = "auto",
        guard: NetGuard | None = None,
    ) -> None:
        self.executable_path = find_executable(executable_path)
        self.sandbox = sandbox  # auto: use it when the kernel allows; on: required; off: never
        self.sandboxed: bool | None = None  # known after the first launch
        self.guard = guard  # None: no address guard (tools, tests); probes get one from config
        self._guards: dict[BrowserContext, GuardState] = {}
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
            self._browser = await self._launch(self._pw)
            return self._browser

    async def _launch(self, pw: Playwright) -> Browser:
        """Chromium with its sandbox when the kernel allows (tried once), else without it and a warning."""
        kw: dict[str, Any] = {"headless": self.headless}
        if self.executable_path:
            kw["executable_path"] = self.executable_path
        args = [a for a in [*LAUNCH_ARGS, *self.extra_args] if a != NO_SANDBOX]
        if self.sandbox != "off" and NO_SANDBOX not in self.extra_args and self.sandboxed is not False:
            try:
                browser = await pw.chromium.launch(args=args, chromium_sandbox=True, **kw)
                self.sandboxed = True
                return browser
            except Exception as exc:
                if self.sandbox == "on":
                    raise
                why = next(
                    (
                        ln.strip()
                        for ln in str(exc).splitlines()
                        if "sandbox" in ln.lower() or "root" in ln.lower()
                    ),
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                )
                log.warning(
                    "Chromium's sandbox is not available here (%s); running shops' pages WITHOUT it. "
                    "Run as a non-root user with unprivileged user namespaces enabled "
                    "(sysctl kernel.unprivileged_userns_clone=1) to get it back.",
                    why[:200],
                )
        self.sandboxed = False
        return await pw.chromium.launch(args=[*args, NO_SANDBOX], chromium_sandbox=False, **kw)

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

    async def new_context(
        self,
        *,
        proxy: str | None = None,
        storage_state: Any = None,
        locale: str = "ru-RU",
        allow_url: str | None = None,
        check_redirects: bool = True,
        **kw: Any,
    ) -> BrowserContext:
        """A context like a real visitor's: no downloads, no permission prompts.

        With the pool's address guard, every request is checked; `allow_url` is the target's own
        configured URL, whose host may be private (a shop on the intranet, a local test shop).
        """
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
        if self.guard is not None:
            opts["service_workers"] = "block"  # a worker's fetches would bypass the route handler
        opts.update(kw)
        ctx = await browser.new_context(**opts)
        if self.guard is not None:
            self._guards[ctx] = await self.guard.install(ctx, allow_url, check_redirects=check_redirects)

            def forget(closed: BrowserContext) -> None:
                self._guards.pop(closed, None)

            ctx.on("close", forget)
        return ctx

    def guard_state(self, ctx: BrowserContext) -> GuardState | None:
        """What the address guard refused in this context (None when unguarded)."""
        return self._guards.get(ctx)

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
                except (
                    Exception
                ):  # the probe's verdict is made; a context that will not close dies with the browser
                    log.debug("browser context did not close", exc_info=True)

    async def __aenter__(self) -> BrowserPool:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
