"""The configured browser pool: one place turns `browser:` settings into a BrowserPool.

Every command that lets shops' pages into Chromium (probe, run, worker, discover) builds it
here, so none can forget the sandbox setting or the private-address guard.
"""

from __future__ import annotations

from monitor.config import BrowserConfig
from probes.browser import BrowserPool
from probes.netguard import NetGuard, parse_networks


def browser_pool(b: BrowserConfig, *, concurrency: int | None = None) -> BrowserPool:
    guard = NetGuard(parse_networks(b.allow_networks)) if b.block_private else None
    return BrowserPool(
        executable_path=b.executable_path,
        headless=b.headless,
        concurrency=concurrency or b.concurrency,
        extra_args=b.extra_args,
        sandbox=b.sandbox,
        guard=guard,
    )
