"""The chat widget through its DOM alone: find its parts by shape, open it, fill a pre-chat form, type and send.

Works in the page, inside iframes (same- and cross-origin: each Playwright
frame) and inside open shadow roots (the JS walks them; Playwright CSS
locators pierce them). A part counts as the widget's when it sits in a
fixed/sticky layer near a viewport corner, or in a frame that floats like one,
so the shop's own forms, search box and cookie banner are left alone. Words
(RU/UK/EN, aria, title, alt, SVG titles) only add to a shape's score.
Candidates are scored in JS (``js/find.js``) and marked with an attribute a
locator then clicks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Frame, Locator, Page

from probes.base import Persona
from probes.chat import scripts

log = logging.getLogger("replywatch.chat.dom")

MARK = "data-rw-mark"
# Below these scores a candidate is more likely the shop's own field than the chat's.
MIN_SCORE = {"input": 4, "send": 3, "email": 5}
OPEN_INPUT = 5  # an input this good in a floating layer means the panel is open
TYPE_DELAY_MS = 12  # between key presses: fast, but every key is a real event


async def frame_is_widget(frame: Frame) -> bool:
    """Is this child frame (or a frame it sits in) floating over the page like a chat widget?"""
    while frame.parent_frame is not None:
        try:
            el = await frame.frame_element()
            if await el.evaluate(scripts.function_js("frame_layer")):
                return True
        except Exception:  # detached while we looked
            return False
        frame = frame.parent_frame
    return False


async def frames(page: Page) -> list[tuple[Frame, bool]]:
    """Every frame of the page with whether it is a widget frame (the main frame never is)."""
    out: list[tuple[Frame, bool]] = []
    for f in page.frames:
        out.append((f, False if f == page.main_frame else await frame_is_widget(f)))
    return out


def chatty_url(url: str) -> bool:
    return bool(re.search(r"(chat|messenger|livechat|consult)", url, re.I))


async def _run(frame: Frame, name: str, arg: Any) -> Any:
    try:
        return await frame.evaluate(scripts.function_js(name), arg)
    except Exception:  # navigating or detached frame
        return None


async def _mark(page: Page, what: str) -> tuple[Frame, int] | None:
    """The frame holding the best-scoring candidate, which is now marked there."""
    best: tuple[Frame, int, bool] | None = None
    for frame, widget in await frames(page):
        score = await _run(frame, "find", [what, MARK, widget])
        if isinstance(score, int | float) and score > 0 and (best is None or score > best[1]):
            best = (frame, int(score), widget)
    if best is None:
        return None
    await _run(best[0], "find", [what, MARK, best[2]])  # re-mark in the winning frame
    return best[0], best[1]


async def locate(page: Page, what: str) -> Locator | None:
    """The widget's ``input``, ``send`` button or ``email`` field, or None."""
    found = await _mark(page, what)
    if found is None or found[1] < MIN_SCORE.get(what, 1):
        return None
    return found[0].locator(f"[{MARK}='{what}']").first


@dataclass(frozen=True)
class PanelState:
    """What an open chat panel shows, in the best frame."""

    input: int = 0  # score of the best message input
    personal: int = 0  # name / phone / e-mail fields in the widget (a pre-chat or offline form)
    button: bool = False
    words: bool = False  # chat words in the widget's text

    @property
    def is_open(self) -> bool:
        return self.input >= OPEN_INPUT or self.is_form

    @property
    def is_form(self) -> bool:
        return self.personal >= 2 and self.button and self.words


async def panel_state(page: Page) -> PanelState:
    best = PanelState()
    for frame, widget in await frames(page):
        res = await _run(frame, "find", ["panel", MARK, widget])
        if not isinstance(res, dict):
            continue
        st = PanelState(
            int(res.get("input") or 0),
            int(res.get("personal") or 0),
            bool(res.get("button")),
            bool(res.get("words")),
        )
        if (st.is_open, st.input, st.personal) > (best.is_open, best.input, best.personal):
            best = st
    return best


async def launchers(page: Page) -> list[tuple[Locator, int, str]]:
    """Clickable things floating near a corner (best first): locator, score, label."""
    found: list[tuple[Locator, int, str]] = []
    for frame, widget in await frames(page):
        if frame != page.main_frame and not widget:
            continue
        res = await _run(frame, "find", ["launchers", MARK, widget])
        for c in res if isinstance(res, list) else []:
            found.append(
                (
                    frame.locator(f"[{MARK}='launcher-{c['i']}']").first,
                    int(c["score"]),
                    str(c.get("label") or ""),
                )
            )
    found.sort(key=lambda x: -x[1])
    return found


async def wake(page: Page) -> None:
    """Lazy widgets load on the first mouse move, scroll or touch."""
    try:
        await page.mouse.move(300, 300)
        await page.mouse.move(420, 360)
        await page.mouse.wheel(0, 300)
        await page.mouse.wheel(0, -300)
    except Exception as exc:  # a closing or navigating page: the next scan looks again anyway
        log.debug("chat wake: %s", exc)


async def wait_open(page: Page, seconds: float) -> PanelState | None:
    """Poll until a chat panel shows (frames may still be loading after a click)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while True:
        st = await panel_state(page)
        if st.is_open:
            return st
        if loop.time() >= end:
            return None
        await asyncio.sleep(0.4)


async def click_launchers(page: Page, *, attempts: int = 3, settle: float = 4.0) -> bool:
    """Click floating corner elements, best first, until one opens a chat panel.

    A click that opens a menu (chat, callback, messenger links) shows new
    floating candidates: those are tried next, before the menu is dismissed.
    """
    for _ in range(attempts):
        cands = await launchers(page)
        if not cands:
            return False
        before = {label for _, _, label in cands}
        if await _click(page, cands[0], settle):
            return True
        fresh = [c for c in await launchers(page) if c[2] not in before]
        if fresh and await _click(page, fresh[0], settle):
            return True
        with contextlib.suppress(Exception):  # the page may be navigating; nothing to undo then
            await page.keyboard.press("Escape")  # whatever it opened was not a chat
    return False


async def _click(page: Page, cand: tuple[Locator, int, str], settle: float) -> bool:
    loc, score, label = cand
    try:
        await loc.evaluate("el => el.setAttribute('data-rw-tried', '1')")
        await loc.click(timeout=3000)
    except Exception as exc:
        log.debug("launcher %r (score %s) not clickable: %s", label, score, exc)
        return False
    return await wait_open(page, settle) is not None


async def open_widget(page: Page, timeout: float = 10.0) -> bool:
    """Wake the widget, then click its launcher unless the panel is already open."""
    await wake(page)
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if (await panel_state(page)).is_open:
            return True
        if await click_launchers(page):
            return True
        await asyncio.sleep(0.5)
    return (await panel_state(page)).is_open


async def fill_prechat(page: Page, persona: Persona, question: str) -> dict[str, Any]:
    """Fill a pre-chat form (name, phone, e-mail before the chat) with the persona; click its button."""
    arg = {
        "name": persona.full_name,
        "first": persona.first_name,
        "last": persona.last_name,
        "email": persona.email,
        "phone": persona.phone,
    }
    for frame, widget in await frames(page):
        res = await _run(frame, "prechat", [arg, question, MARK, widget])
        if isinstance(res, dict) and res.get("filled"):
            if res.get("button"):
                await frame.locator(f"[{MARK}='prechat']").first.click(timeout=5000)
            return {"filled": int(res["filled"]), "asked": bool(res.get("asked"))}
    return {"filled": 0, "asked": False}


async def _box_text(box: Locator) -> str:
    try:
        return str(
            await box.evaluate("el => (el.value !== undefined ? el.value : el.innerText || '').trim()")
        )
    except Exception:
        return ""


async def type_and_send(page: Page, text: str) -> str:
    """Type into the widget's input with real key events and send with Enter, else its send button.

    Returns how it was sent: ``enter`` or ``button``.
    """
    box = await locate(page, "input")
    if box is None:
        raise LookupError("no chat input found")
    try:
        await box.click(timeout=5000)
    except Exception:  # an overlay or animation: focusing is enough to type
        await box.focus(timeout=5000)
    await box.press_sequentially(text, delay=TYPE_DELAY_MS, timeout=30000)
    if " ".join(text.split())[:20] not in " ".join((await _box_text(box)).split()):
        await box.fill(text, timeout=10000)  # a widget that swallowed key events still takes input events
    await box.press("Enter", timeout=10000)
    await asyncio.sleep(0.5)
    left = " ".join((await _box_text(box)).split())
    if not left or " ".join(text.split())[:20] not in left:
        return "enter"
    button = await locate(page, "send")
    if button is None:
        raise LookupError("the message stayed in the input and no send button was found")
    await button.click(timeout=10000)
    return "button"


async def widget_text(page: Page, limit: int = 6000) -> str:
    """Visible text of the widget layers and widget frames: offline notices, header promises."""
    parts: list[str] = []
    for frame, widget in await frames(page):
        res = await _run(frame, "widget_text", [widget, limit])
        if isinstance(res, str) and res:
            parts.append(res)
    return "\n".join(parts)[: limit * 2]


async def leave_email(page: Page, persona: Persona, question: str) -> bool:
    """Fill an offline/contact form inside the widget with the probe's reply address and send it."""
    field = await locate(page, "email")
    if field is None:
        return False
    await field.fill(persona.email, timeout=10000)
    for frame, _ in await frames(page):
        if await _run(frame, "leave_email", [persona.full_name, persona.phone, question, MARK]):
            return True
    return False
