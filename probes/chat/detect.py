"""Which chat widget a page carries: script hosts first, then globals, then DOM/iframe signatures.

Each adapter declares its signatures; this module only scores them, so adding a
vendor never touches detection. ``detect_vendor`` returns the vendor name,
``"unknown"`` when a chat-like widget with no known signature is present, and
None when the page has no chat at all.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Page

from probes.chat.base import ADAPTERS

UNKNOWN = "unknown"

PAGE_FACTS_JS = r"""
([globals, selectors]) => {
  const scripts = [...document.scripts].map(s => s.src).filter(Boolean);
  const frames = [...document.querySelectorAll('iframe')].map(f => [f.id, f.className, f.title, f.name, f.src].join(' '));
  const present = globals.filter(g => { try { return typeof window[g] !== 'undefined' && window[g] !== null; } catch (e) { return false; } });
  const roots = [document]; const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } }; walk(document);
  const dom = selectors.filter(s => { try { return roots.some(r => r.querySelector(s)); } catch (e) { return false; } });
  return {scripts, frames, present, dom};
}
"""

CHATLIKE_JS = r"""
() => { const CHAT = /(chat|messenger|livechat|support-widget|consult|чат|консульт|оператор)/i;
  const roots = [document]; const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } }; walk(document);
  for (const r of roots) for (const el of r.querySelectorAll('*')) {
    const lab = [el.id, String(el.className && el.className.baseVal !== undefined ? el.className.baseVal : el.className || ''), el.getAttribute('aria-label'), el.getAttribute('title'), el.tagName === 'IFRAME' ? el.src : ''].join(' ');
    if (!CHAT.test(lab)) continue;
    let x = el; const up = e => e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
    for (; x; x = up(x)) if (getComputedStyle(x).position === 'fixed') return true;
  } return false; }
"""


@dataclass(frozen=True)
class PageFacts:
    scripts: tuple[str, ...]
    frames: tuple[str, ...]
    globals: frozenset[str]
    dom: frozenset[str]
    chatlike: bool = False


def score_vendors(facts: PageFacts) -> list[tuple[int, str]]:
    """Vendors ranked by evidence: a script host is worth most, DOM least."""
    from probes.chat import load_adapters

    load_adapters()
    ranked: list[tuple[int, str]] = []
    for name, cls in ADAPTERS.items():
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
    from probes.chat import load_adapters

    load_adapters()
    globals_ = sorted({g for cls in ADAPTERS.values() for g in cls.globals})
    selectors = sorted({s for cls in ADAPTERS.values() for s in cls.dom})
    raw = await page.evaluate(PAGE_FACTS_JS, [globals_, selectors])
    frames = [*raw["frames"], *(f.url for f in page.frames[1:])]
    chatlike = False
    for frame in page.frames:
        try:
            chatlike = bool(await frame.evaluate(CHATLIKE_JS)) or (frame != page.main_frame and _chatty(frame.url))
        except Exception:
            continue
        if chatlike:
            break
    return PageFacts(tuple(raw["scripts"]), tuple(frames), frozenset(raw["present"]), frozenset(raw["dom"]), chatlike)


def _chatty(url: str) -> bool:
    return bool(re.search(r"(chat|messenger|widget|support|consult)", url, re.I))


async def detect_vendor(page: Page, *, wait: float = 6.0) -> str | None:
    """Vendor name, "unknown" for a chat-like widget nobody claims, or None when there is no chat.

    Widgets load late (often after a mouse move or scroll), so this polls for a while.
    """
    try:
        await page.mouse.move(200, 200)
        await page.mouse.wheel(0, 200)
    except Exception:
        pass
    loop = asyncio.get_running_loop()
    end = loop.time() + wait
    found: str | None = None
    while True:
        try:
            found = choose(await page_facts(page))
        except Exception:  # navigation in progress
            found = None
        if (found and found != UNKNOWN) or loop.time() >= end:
            return found
        if found == UNKNOWN:  # a vendor script may still be loading: give it a little longer only
            end = min(end, loop.time() + 1.5)
        await asyncio.sleep(0.3)


async def discover(browser: Any, url: str, *, wait: float = 6.0) -> str | None:
    """`replywatch discover URL`: open the page in a fresh context and name its chat widget.

    Returns the vendor, ``"unknown"`` for a chat-like widget with no known
    signature, or None when the page shows no chat.
    """
    from probes.chat import capture

    async with browser.context() as ctx:
        await capture.install(ctx)  # the same view the probe has (wrapped callback globals)
        page = await ctx.new_page()
        await page.goto(url, wait_until="load", timeout=30000)
        return await detect_vendor(page, wait=wait)
