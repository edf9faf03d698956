"""Typing with real key events, for inputs that ignore values set any other way.

Some apps' inputs (design-system and masked inputs in React, Vue...) edit their own state on
keydown and throw away text inserted without one. Playwright types non-US-layout characters
(Cyrillic) by inserting text, without keydown, so here each character is sent as the keyboard
would send it, through Chromium's input pipeline: keydown carrying the character, keyup.
"""

from __future__ import annotations

import asyncio

from playwright.async_api import Frame, Page


async def type_keys(page: Page, frame: Frame, selector: str, text: str) -> None:
    """Focus the field, clear it, type ``text`` key by key, leave it (blur)."""
    loc = frame.locator(selector).first
    await loc.click(timeout=3000)
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Delete")
    cdp = await page.context.new_cdp_session(page)
    try:
        # sent back to back and awaited together: Chromium handles them in order, one round trip in all
        sends = []
        for ch in text:
            key = "Enter" if ch == "\n" else ch
            sends.append(
                cdp.send(
                    "Input.dispatchKeyEvent",
                    {"type": "keyDown", "key": key, "text": ch, "unmodifiedText": ch},
                )
            )
            sends.append(cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key}))
        await asyncio.gather(*sends)
    finally:
        await cdp.detach()
    await loc.evaluate("el => el.blur()")
