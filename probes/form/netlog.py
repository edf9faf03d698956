"""What the page sent to the shop and when the shop's server answered: the form's network record.

Two jobs. ``NetLog`` keeps every request the page makes after ``arm()`` (POSTs, fetch/XHR,
beacons) with the monotonic moment the shop's server answered it, read from Chromium's own
timing when it has one, so ``submitted_at`` is when the shop took the request, not when the
thank-you appeared. ``DetailsGate`` holds back the first request that carries the persona's
details (e-mail, phone, name) until the runner has recorded ``submit_started``: a wizard's
step 1 already gives the shop a lead, and a crash after it must never send the form again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus

from playwright.async_api import Dialog, Page, Request, Response, Route

from probes.base import Persona
from probes.form.outcome import NOISE, SEND_CONFIRM, Exchange, is_submission

log = logging.getLogger(__name__)

KINDS = ("document", "xhr", "fetch", "ping", "other")  # "ping" is how Chromium types navigator.sendBeacon


def persona_marks(p: Persona) -> list[bytes]:
    """Byte patterns by which a request body or URL shows it carries this persona's details."""
    raw = [p.email, p.first_name, p.last_name]
    digits = "".join(c for c in p.phone if c.isdigit())
    out: set[bytes] = set()
    for text in (t for t in raw if len(t) >= 3):
        for form in (text, quote(text), quote_plus(text), json.dumps(text)[1:-1]):
            out.add(form.encode())
    if len(digits) >= 7:
        out.add(digits[-7:].encode())  # the subscriber part survives every mask and format
    return sorted(out, key=len, reverse=True)


def carries(req: Request, marks: list[bytes]) -> bool:
    body = b""
    try:
        body = req.post_data_buffer or b""
    except Exception:  # noqa: BLE001 - unreadable bodies count as not carrying
        body = b""
    flat = body.replace(b"-", b"").replace(b" ", b"").replace(b"(", b"").replace(b")", b"")
    url = req.url.encode()
    return any(m in body or m in flat or m in url for m in marks)


def answered_moment(resp: Response) -> float:
    """Monotonic time the response headers arrived, corrected by Chromium's timing for event lag."""
    now_mono, now_wall = time.monotonic(), time.time()
    try:
        t = resp.request.timing
        start, rs = float(t.get("startTime", -1)), float(t.get("responseStart", -1))
    except Exception:  # noqa: BLE001 - no timing: the event's own moment
        return now_mono
    if start <= 0 or rs < 0:
        return now_mono
    lag = now_wall - (start + rs) / 1000.0
    return now_mono - lag if 0.0 <= lag <= 5.0 else now_mono


@dataclass
class NetLog:
    """Requests the page makes after ``arm()``: the submission, its response, and when it came."""

    items: list[Exchange] = field(default_factory=list)
    dialogs: list[str] = field(
        default_factory=list
    )  # alert()/confirm() texts: some shops say "thanks" this way
    marks: list[bytes] = field(default_factory=list)
    armed_at: float = 0.0
    _by_req: dict[int, Exchange] = field(default_factory=dict)

    def attach(self, page: Page) -> None:
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_failed)
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message[:500])
        if dialog.type == "confirm" and SEND_CONFIRM.search(dialog.message):
            asyncio.ensure_future(dialog.accept())  # "Отправить сообщение?": the customer meant to send
        else:
            asyncio.ensure_future(dialog.dismiss())

    def arm(self) -> None:
        self.armed_at = time.monotonic()
        self.items.clear()
        self.dialogs.clear()
        self._by_req.clear()

    def _relevant(self, req: Request) -> bool:
        if not self.armed_at or NOISE.search(req.url):
            return False
        return req.resource_type in KINDS and (req.resource_type != "other" or req.method != "GET")

    def _on_request(self, req: Request) -> None:
        if not self._relevant(req):
            return
        try:
            post = (req.post_data or "")[:2000]
        except Exception:  # noqa: BLE001 - binary multipart
            post = "<binary>"
        ex = Exchange(
            req.method,
            req.url,
            req.resource_type,
            post=post,
            started=time.monotonic(),
            carries=carries(req, self.marks),
        )
        self.items.append(ex)
        self._by_req[id(req)] = ex

    def _on_response(self, resp: Response) -> None:
        ex = self._by_req.get(id(resp.request))
        if ex is None:
            return
        ex.status = resp.status
        ex.answered = answered_moment(resp)
        if ex.resource in ("xhr", "fetch", "ping"):
            asyncio.ensure_future(self._read_body(resp, ex))
        else:
            ex.done = True

    async def _read_body(self, resp: Response, ex: Exchange) -> None:
        try:
            ex.body = (await resp.text())[:4000]
        except Exception:  # noqa: BLE001 - a body we cannot read says nothing
            log.debug("response body of %s unreadable", resp.url, exc_info=True)
        ex.done = True

    def _on_failed(self, req: Request) -> None:
        ex = self._by_req.get(id(req))
        if ex is not None:
            ex.status = ex.status or 0
            ex.done = True

    @property
    def submissions(self) -> list[Exchange]:
        """Requests that carry data to the shop (not page assets, not plain reloads)."""
        return [e for e in self.items if is_submission(e)]

    def the_submission(self) -> Exchange | None:
        """The request that carried the form: the last one with our details, else the first data request."""
        subs = self.submissions
        ours = [e for e in subs if e.carries and e.status is not None and 0 < e.status < 400]
        return ours[-1] if ours else (subs[0] if subs else None)

    def pending(self) -> bool:
        return any(not e.done for e in self.items)

    async def settle(self, *, quiet: float = 0.4, first: float = 1.5, limit: float = 10.0) -> None:
        """Wait until the click's requests are done and the page stayed quiet a moment."""
        start = time.monotonic()
        last_change = start
        seen = 0
        while time.monotonic() - start < limit:
            await asyncio.sleep(0.05)
            if len(self.items) != seen or self.pending():
                seen = len(self.items)
                last_change = time.monotonic()
                continue
            idle = time.monotonic() - last_change
            if seen and idle >= quiet:
                return
            if not seen and time.monotonic() - start >= first:
                return

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {
                "method": e.method,
                "url": e.url,
                "type": e.resource,
                "status": e.status,
                "carries_details": e.carries,
                "request": e.post[:1000],
                "response": e.body[:1000],
            }
            for e in self.items
        ]


@dataclass
class DetailsGate:
    """Holds the first request carrying the persona's details until ``submit_started`` is recorded."""

    marks: list[bytes]
    announce: Callable[[], Awaitable[None]]
    first_url: str = ""

    async def attach(self, page: Page) -> None:
        await page.route("**/*", self._route)

    async def _route(self, route: Route) -> None:
        req = route.request
        try:
            if req.method != "GET" or "?" in req.url:
                if req.resource_type in KINDS and carries(req, self.marks):
                    if not self.first_url:
                        self.first_url = req.url
                    await self.announce()
        except Exception as exc:  # noqa: BLE001 - a gate problem must never swallow the request
            log.debug("details gate: %s", exc)
        try:
            await route.fallback()  # later handlers (other routes, e.g. address blocking) still apply
        except Exception as exc:  # noqa: BLE001 - page closed meanwhile
            log.debug("route fallback: %s", exc)
