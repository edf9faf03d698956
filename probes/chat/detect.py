"""Which chat a page carries: a known vendor by its signatures, else any widget by its shape and behaviour.

Vendors are scored from the signatures their adapters declare (script hosts
first, then globals, then DOM/iframe selectors), so adding a vendor never
touches detection. With no vendor, a chat is something floating near a
viewport corner that is, or opens on a click into, a panel with a message
input (``probes.chat.dom``); words only rank the candidates. ``detect_vendor``
returns the vendor name, ``"unknown"`` for such a generic widget, or None.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Page

from probes.chat import capture, dom, scripts, vendors

UNKNOWN = "unknown"
VENDOR_GRACE = 1.5  # after a generic widget shows, a vendor script may still be loading


@dataclass(frozen=True)
class PageFacts:
    scripts: tuple[str, ...]
    frames: tuple[str, ...]
    globals: frozenset[str]
    dom: frozenset[str]
    chatlike: bool = False  # an open chat panel (shape), whoever made it


def score_vendors(facts: PageFacts) -> list[tuple[int, str]]:
    """Vendors ranked by evidence: a script host is worth most, DOM least."""
    ranked: list[tuple[int, str]] = []
    for name, cls in vendors.all_adapters().items():
        score = 0
        for pattern in cls.script_hosts:
            rx = re.compile(pattern, re.I)
            if any(rx.search(src) for src in facts.scripts) or any(rx.search(f) for f in facts.frames):
                score += 5
                break
        score += 3 * sum(1 for g in cls.globals if g in facts.globals)
        score += 2 * sum(1 for s in cls.dom if s in facts.dom)
        if score:
            ranked.append((score, name))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    return ranked


def choose(facts: PageFacts) -> str | None:
    ranked = score_vendors(facts)
    if ranked:
        return ranked[0][1]
    return UNKNOWN if facts.chatlike else None


async def page_facts(page: Page) -> PageFacts:
    adapters = vendors.all_adapters()
    globals_ = sorted({g for cls in adapters.values() for g in cls.globals})
    selectors = sorted({s for cls in adapters.values() for s in cls.dom})
    raw = await page.evaluate(scripts.function_js("facts"), [globals_, selectors])
    frames = [*raw["frames"], *(f.url for f in page.frames[1:])]
    chatlike = (await dom.panel_state(page)).is_open
    return PageFacts(
        tuple(raw["scripts"]), tuple(frames), frozenset(raw["present"]), frozenset(raw["dom"]), chatlike
    )


async def _vendor_now(page: Page) -> str | None:
    try:
        return choose(await page_facts(page))
    except Exception:  # navigation in progress
        return None


async def _named_like_a_chat(page: Page) -> bool:
    for frame, widget in await dom.frames(page):
        if frame != page.main_frame and widget and dom.chatty_url(frame.url):
            return True
        try:
            if await frame.evaluate(scripts.function_js("chatlike")):
                return True
        except Exception:
            continue
    return False


async def detect_vendor(page: Page, *, wait: float = 15.0, click: bool = True) -> str | None:
    """Vendor name, "unknown" for a generic widget, or None when no chat shows within ``wait`` seconds.

    Widgets load late (after a mouse move, a scroll, or a timer), so this polls,
    waking the page now and then. With ``click``, floating corner elements are
    clicked to see whether they open a chat panel (the probe wants it open anyway).
    """
    loop = asyncio.get_running_loop()
    start = loop.time()
    end = start + wait
    grace_end: float | None = None
    next_wake = start
    while True:
        now = loop.time()
        if now >= next_wake:
            await dom.wake(page)
            next_wake = now + 3.0
        found = await _vendor_now(page)
        if found and found != UNKNOWN:
            return found
        if found == UNKNOWN:
            grace_end = grace_end or now + VENDOR_GRACE
            if now >= grace_end:
                return UNKNOWN
        elif click and now - start >= VENDOR_GRACE and await dom.launchers(page):
            if await dom.click_launchers(page):
                return await _vendor_now(page) or UNKNOWN  # opening may have loaded a vendor's script
            if await _named_like_a_chat(page):
                return UNKNOWN  # it opened, but shows no input: offline or closed; the probe reads which
        if loop.time() >= end:
            if found is None and click and await dom.click_launchers(page, attempts=2):
                return UNKNOWN  # a loaded machine scans slowly: what floats in a corner still gets its click
            return found or (UNKNOWN if await _named_like_a_chat(page) else None)
        await asyncio.sleep(0.4)


async def discover(browser: Any, url: str, *, wait: float = 6.0) -> str | None:
    """`replywatch discover URL`: open the page in a fresh context and name its chat widget.

    Returns the vendor, ``"unknown"`` for a widget with no known signature, or
    None when the page shows no chat.
    """
    async with browser.context() as ctx:
        await capture.install(ctx)  # the same view the probe has (wrapped callback globals)
        page = await ctx.new_page()
        await page.goto(url, wait_until="load", timeout=30000)
        return await detect_vendor(page, wait=wait)
