"""Typing with real key events, for inputs that ignore values set any other way.

Some apps' inputs (design-system and masked inputs in React, Vue...) edit their own state on
keydown and throw away text inserted without one. Playwright types non-US-layout characters
(Cyrillic) by inserting text, without keydown, so here each character is sent as the keyboard
would send it, through Chromium's input pipeline: keydown carrying the character, keyup.
"""

from __future__ import annotations

from playwright.async_api import Frame, Page

KEY_DELAY_MS = 0  # no pause between keys: the events, not the pace, are what these inputs check


async def type_keys(page: Page, frame: Frame, selector: str, text: str) -> None:
    """Focus the field, clear it, type ``text`` key by key, leave it (blur)."""
    loc = frame.locator(selector).first
    await loc.click(timeout=3000)
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Delete")
    cdp = await page.context.new_cdp_session(page)
    try:
        for ch in text:
            if ch == "\n":
                await page.keyboard.press("Enter")
                continue
            await cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch, "unmodifiedText": ch})
            await cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})
    finally:
        await cdp.detach()
    await loc.evaluate("el => el.blur()")
