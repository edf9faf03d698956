"""Seeing every chat message with the browser's own timestamp, whatever the widget.

One init script (``js/capture.js``) runs in every frame before the site's scripts. It
- wraps vendor callback globals (``jivo_on*``, ``Tawk_API.on*``, ``ChatraSetup``)
  with ``Object.defineProperty`` accessors that chain the site's own handlers,
  so a site that overwrites them later neither loses its handler nor ours;
- watches the DOM (documents and every shadow root, open or closed) with a
  MutationObserver and remembers when each node appeared;
- once armed with the question text, ships each new node to Python through an
  exposed binding with ``Date.now()`` of the moment it appeared, flagging the
  nodes added to the list that holds the visitor's own bubble.

``window.__rwSnapshot()`` reads the message list around the visitor's bubble on
a page reopened later, so a parked watch can read what came meanwhile.
Everything the page sends is data: text is truncated and never evaluated.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from playwright.async_api import BrowserContext, Frame, Page

from probes.chat import scripts, vendors

log = logging.getLogger("replywatch.chat.capture")

BINDING = "__rwEmit"
MAX_TEXT = 2000
MAX_EVENTS = 400  # per watch: bounds memory on chatty pages


@cache
def init_script() -> str:
    """js/capture.js configured with every listed vendor's callback globals."""
    adapters = vendors.all_adapters()
    config = {
        "maxt": MAX_TEXT,
        "binding": BINDING,
        "globals": {
            name: list(cls.callback_globals) for name, cls in adapters.items() if cls.callback_globals
        },
        "holders": {
            cls.callback_holder[0]: [name, list(cls.callback_holder[1])]
            for name, cls in adapters.items()
            if cls.callback_holder
        },
    }
    return scripts.init_js(config)


def ms_to_dt(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


@dataclass
class Captured:
    """One thing the page showed or a vendor API reported, with the browser's time."""

    kind: str  # dom | api
    at: datetime  # browser clock when it appeared (exact to the ms for live events)
    received: float  # Python monotonic-free wall time it reached us (cross-check)
    frame_url: str
    data: dict[str, Any]


@dataclass
class CaptureSink:
    """Bounded buffer of captured events for one chat page; new ones wake waiters."""

    events: deque[Captured] = field(default_factory=lambda: deque(maxlen=MAX_EVENTS))
    cursor: int = 0  # events consumed by the watcher so far (monotonic count)
    total: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, source: dict[str, Any], ev: Any) -> None:
        if not isinstance(ev, dict) or ev.get("kind") not in ("dom", "api"):
            return
        frame = source.get("frame")
        url = getattr(frame, "url", "") if frame is not None else ""
        t = ev.get("t")
        at = ms_to_dt(float(t)) if isinstance(t, int | float) else datetime.now(UTC)
        if isinstance(ev.get("text"), str):
            ev["text"] = ev["text"][:MAX_TEXT]
        self.events.append(
            Captured(kind=ev["kind"], at=at, received=time.time(), frame_url=str(url)[:500], data=ev)
        )
        self.total += 1
        self.changed.set()

    def drain(self) -> list[Captured]:
        """Events not yet consumed (older ones may have been dropped by the bound)."""
        new = self.total - self.cursor
        self.cursor = self.total
        if new <= 0:
            return []
        return list(self.events)[-min(new, len(self.events)) :]

    async def wait(self, timeout: float) -> bool:
        self.changed.clear()
        try:
            await asyncio.wait_for(self.changed.wait(), timeout)
            return True
        except TimeoutError:
            return False


async def install(context: BrowserContext) -> CaptureSink:
    """Hook a fresh context before any page loads: binding first, then the init script."""
    sink = CaptureSink()
    await context.expose_binding(BINDING, sink.push)
    await context.add_init_script(init_script())
    return sink


async def ensure_in_frames(page: Page) -> None:
    """Frames created without navigation (about:blank, srcdoc) miss init scripts: add it there."""
    js = init_script()
    for frame in page.frames:
        with contextlib.suppress(Exception):  # detached or navigating frame
            await frame.evaluate(js)


async def arm(page: Page, question: str, depth: int | None = None) -> int:
    """Start shipping new nodes, and tell every frame which text is ours. Returns frames armed."""
    await ensure_in_frames(page)
    n = 0
    for frame in page.frames:
        try:
            if await frame.evaluate(
                "([q, d]) => window.__rwArm ? window.__rwArm(q, d) : false", [question, depth]
            ):
                n += 1
        except Exception as exc:  # a frame that is detached or navigating has nothing to arm
            log.debug("chat capture: frame %s not armed: %s", frame.url[:80], exc)
    return n


async def snapshot(
    page: Page, question: str, depth: int | None = None
) -> tuple[Frame | None, list[dict[str, Any]], int | None]:
    """The message list around our bubble, from whichever frame holds it, and the bubble's depth.

    ``depth`` (levels from the text to the bubble, learnt on the live page) lets a
    reopened page find the same list without guessing.
    """
    await ensure_in_frames(page)
    for frame in page.frames:
        try:
            res = await frame.evaluate(
                "([q, d]) => window.__rwSnapshot ? window.__rwSnapshot(q, d) : null", [question, depth]
            )
        except Exception:
            continue
        if res and res.get("found"):
            return frame, list(res.get("messages") or []), res.get("depth")
    return None, [], None
