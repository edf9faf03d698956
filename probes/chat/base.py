"""One small interface for chat vendors; the vendors themselves are listed in ``vendors.py``.

An adapter declares how to recognise its widget (script hosts, globals, DOM)
and what its official JS API can do (capabilities as class attributes, like
Apprise plugins). Behaviour is mostly short JS snippets run in the page; what
the API cannot do (usually sending) falls back to the widget's own UI through
``probes.chat.dom``. Vendors are listed in ``probes.chat.vendors.VENDORS``. Vendor payloads are untrusted data, parsed defensively.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, ClassVar

from playwright.async_api import Page

from probes.base import Persona
from probes.chat import dom


@dataclass(frozen=True)
class ApiSignal:
    """What a vendor event says, normalised: a message, a join, or a status change."""

    event: str
    text: str | None = None
    sender: str | None = None
    sender_type: str | None = None  # agent | system | bot | customer
    greeting: bool = False
    joined: bool = False  # a named agent joined / accepted the chat
    status: str | None = None  # online | offline
    vendor_ms: float | None = None  # the vendor's own timestamp, when it sends one


def text_of(payload: Any, *keys: str) -> str | None:
    """First string found under any of ``keys`` (dotted paths allowed) in a JSON-ish payload."""
    for key in keys:
        cur: Any = payload
        for part in key.split("."):
            if isinstance(cur, dict):
                cur = cur.get(part)
            elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
                cur = cur[int(part)]
            else:
                cur = None
                break
        if isinstance(cur, str) and cur.strip():
            return cur.strip()
    if isinstance(payload, str) and payload.strip() and not keys:
        return payload.strip()
    return None


class ChatAdapter:
    """Base adapter: JS snippets per vendor; ``None`` means "use the widget UI"."""

    name: ClassVar[str] = "unknown"
    has_js_api: ClassVar[bool] = True
    reports_sender_type: ClassVar[bool] = False
    can_send_by_api: ClassVar[bool] = False
    # Detection signatures (see probes.chat.detect).
    script_hosts: ClassVar[tuple[str, ...]] = ()  # regexes matched against script src URLs
    globals: ClassVar[tuple[str, ...]] = ()  # window properties the vendor defines
    dom: ClassVar[tuple[str, ...]] = ()  # CSS selectors of its launcher/container
    # Callback globals the capture script wraps before the site's scripts run (see js/capture.js):
    callback_globals: ClassVar[tuple[str, ...]] = ()  # window.<name> = function
    callback_holder: ClassVar[tuple[str, tuple[str, ...]] | None] = None  # window.<holder>.<name> = function
    # JS run in the top frame; ``arg`` is {name, email, phone, text}.
    ready_js: ClassVar[str | None] = None  # expression, truthy once the API is usable
    open_js: ClassVar[str | None] = None
    identify_js: ClassVar[str | None] = None
    subscribe_js: ClassVar[str | None] = None  # must report through window.__rwApi(vendor, event, payload)
    status_js: ClassVar[str | None] = None  # returns 'online' | 'offline' | null
    send_js: ClassVar[str | None] = None

    async def _run(self, page: Page, js: str | None, arg: Any = None) -> Any:
        if not js:
            return None
        try:
            return await page.evaluate(f"async (arg) => {{ {js} }}", arg)
        except Exception:  # the vendor API threw or is not there yet
            return None

    async def ready(self, page: Page, timeout: float = 10.0) -> bool:
        if not self.ready_js:
            return True
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if await self._run(page, f"return !!({self.ready_js});"):
                return True
            await asyncio.sleep(0.2)
        return False

    async def subscribe(self, page: Page) -> None:
        await self._run(page, self.subscribe_js)

    async def open(self, page: Page) -> bool:
        if self.open_js:
            await self._run(page, self.open_js)
            return True
        return await dom.open_widget(page)

    async def identify(self, page: Page, persona: Persona) -> None:
        await self._run(page, self.identify_js, persona_arg(persona))

    async def status(self, page: Page) -> str | None:
        res = await self._run(page, self.status_js)
        return res if res in ("online", "offline") else None

    async def send(self, page: Page, text: str) -> str:
        """Send the visitor's question. Returns how: 'api', 'enter' or 'button'."""
        if self.can_send_by_api and self.send_js:
            ok = await self._run(page, self.send_js + "\nreturn true;", {"text": text})
            if ok:
                return "api"
        return await dom.type_and_send(page, text)

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        """Turn one vendor event into a signal; None for events that say nothing useful."""
        return None


def persona_arg(persona: Persona) -> dict[str, str]:
    return {
        "name": persona.full_name,
        "first": persona.first_name,
        "email": persona.email,
        "phone": persona.phone,
    }
