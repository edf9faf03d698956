"""Callback shops on loopback whose staff call or text the number a visitor left, through fake providers.

Each shop serves one of the committed callback pages (tests/calls/shops/*.html). When its form
is submitted, its "backend" reads the phone number the probe typed and, after the delay the
shop is set to, has a fake provider (Twilio, Zadarma, Mango Office or the generic signed hook)
post a correctly signed webhook to the running daemon, exactly as the provider would: calls,
SMS acknowledgements, a person's SMS. A shop can also have a forger post a call with a wrong
signature in its name. Nothing here knows about probes or the database: the numbers that come
out of `replywatch report` must follow from what the shops did.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from monitor.demo.serving import BackgroundServers, listen
from probes import phones
from tests.calls import fakes
from tests.calls.conftest import SECRETS

PAGES = Path(__file__).parent / "shops"
ACK = "Заявка №{n} принята. Мастер свяжется с вами."


@dataclass(frozen=True)
class Act:
    """One thing a shop does after a submission."""

    kind: str  # call | sms
    after: float  # seconds after the shop received the form
    provider: str  # twilio | zadarma | mango | generic
    text: str = ""
    caller: str = ""  # default: the shop's listed number; "local" = that number in its national form


@dataclass
class CallbackShop:
    name: str
    page: str  # a file in tests/calls/shops
    phone: str | None  # the number the shop lists (None: it calls from a number nobody was told)
    acts: tuple[Act, ...] = ()
    forged: bool = False  # someone posts a forged "this shop called" webhook
    region: str = "RU"
    host: str = ""
    port: int = 0
    received: list[dict[str, str]] = field(default_factory=list)
    posts: list[tuple[str, int]] = field(default_factory=list)  # (what, HTTP status of the hook)
    unlisted: str = field(default_factory=lambda: f"+7343{secrets.randbelow(10**7):07d}")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


def _phone_in(fields: dict[str, str]) -> str | None:
    for key, value in fields.items():
        digits = "".join(ch for ch in value if ch.isdigit())
        if 10 <= len(digits) <= 13 and "@" not in value and key not in ("sessid", "WEB_FORM_ID"):
            return value
    return None


class CallbackShops:
    """Serve the shops; each submission starts that shop's acts against ``hooks`` (the daemon's hook URL)."""

    def __init__(self, shops: list[CallbackShop], *, base: str = "127.0.74") -> None:
        self.shops = shops
        self.base = base
        self.hooks = ""
        self._servers = BackgroundServers("callback-shops")
        self._tasks: set[asyncio.Task[Any]] = set()

    def __enter__(self) -> CallbackShops:
        self._servers.start(self._serve)
        return self

    def __exit__(self, *exc: object) -> None:
        self._servers.stop()

    async def _serve(self, runners: list[web.AppRunner]) -> None:
        for i, shop in enumerate(self.shops, start=1):
            shop.host = f"{self.base}.{i}"
            runner = web.AppRunner(self._app(shop), access_log=None)
            await runner.setup()
            runners.append(runner)
            shop.port = await listen(runner, shop.host)

    def _app(self, shop: CallbackShop) -> web.Application:
        listed = shop.phone or ""
        html = (PAGES / shop.page).read_text("utf-8").replace("{SHOP}", shop.name).replace("{PHONE}", listed)
        html = html.replace("{PHONE_DIGITS}", phones.e164(listed, shop.region) or "")

        async def page(request: web.Request) -> web.Response:
            body = (
                html
                if request.path == "/"
                else "<h1>Спасибо!</h1><p>Мы перезвоним вам в ближайшее время.</p>"
            )
            return web.Response(
                text=f"<!doctype html><html lang=ru><head><meta charset=utf-8><title>{shop.name}</title>"
                f"</head><body>{body}</body></html>",
                content_type="text/html",
            )

        async def submit(request: web.Request) -> web.StreamResponse:
            if request.content_type == "application/json":
                fields = {k: str(v) for k, v in (await request.json()).items()}
            else:
                fields = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
            shop.received.append(fields)
            number = _phone_in(fields)
            if number:
                for act in shop.acts:
                    self._spawn(self._act(shop, act, number))
                if shop.forged:
                    self._spawn(self._forge(shop, number))
            if shop.page == "english_callback.html":
                raise web.HTTPSeeOther("/thanks")
            if request.content_type == "application/json" or "route=" in request.path_qs:
                return web.json_response(
                    {"ok": True, "success": "Дякуємо! Ми зателефонуємо вам найближчим часом."}
                )
            return web.Response(
                text="<!doctype html><html><body><p>Спасибо! Ваша заявка принята, менеджер "
                "перезвонит вам.</p></body></html>",
                content_type="text/html",
            )

        app = web.Application()
        app.router.add_get("/{tail:.*}", page)
        app.router.add_post("/{tail:.*}", submit)
        return app

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _act(self, shop: CallbackShop, act: Act, typed: str) -> None:
        await asyncio.sleep(act.after)
        called = phones.e164(typed, shop.region) or typed
        frm = shop.phone or shop.unlisted
        if act.caller == "local" and shop.phone:  # the network shows the shop's number in its national form
            frm = "8" + phones.split(shop.phone, shop.region)[1]
        post = self._post(shop, act, frm, called)
        await self._send(shop, f"{act.provider} {act.kind} after {act.after:g}s", post)

    def _post(self, shop: CallbackShop, act: Act, frm: str, called: str) -> fakes.Post:
        sid = secrets.token_hex(8)
        digits = called.lstrip("+")
        caller_e164 = phones.e164(frm, shop.region) or frm
        if act.provider == "twilio":
            params = (
                fakes.twilio_sms("SM" + sid, caller_e164, called, act.text)
                if act.kind == "sms"
                else fakes.twilio_call("CA" + sid, caller_e164, called)
            )
            return fakes.twilio(SECRETS["TWILIO_AUTH_TOKEN"], f"{self.hooks}/hooks/twilio", params)
        if act.provider == "zadarma":
            if act.kind == "sms":
                return fakes.zadarma_sms(
                    caller_e164.lstrip("+"), digits, act.text, secret=SECRETS["ZADARMA_API_SECRET"]
                )
            start = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
            return fakes.zadarma_start(frm.lstrip("+"), digits, start, secret=SECRETS["ZADARMA_API_SECRET"])
        if act.provider == "mango":
            payload = fakes.mango_call("e" + sid, caller_e164.lstrip("+"), digits, int(time.time()))
            return fakes.mango("call", payload, key=SECRETS["MANGO_API_KEY"], salt=SECRETS["MANGO_API_SALT"])
        event: dict[str, Any] = {"channel": act.kind, "id": "g" + sid, "from": frm, "to": called}
        if act.kind == "sms":
            event["text"] = act.text
        return fakes.generic(SECRETS["REPLYWATCH_HOOK_SECRET"], event, int(time.time()))

    async def _forge(self, shop: CallbackShop, typed: str) -> None:
        await asyncio.sleep(1)
        called = phones.e164(typed, shop.region) or typed
        params = fakes.twilio_call(
            "CAforged" + secrets.token_hex(4), phones.e164(shop.phone, shop.region) or "", called
        )
        await self._send(
            shop, "forged twilio call", fakes.twilio("not-the-token", f"{self.hooks}/hooks/twilio", params)
        )

    async def _send(self, shop: CallbackShop, what: str, post: fakes.Post) -> None:
        for _ in range(10):
            try:
                async with httpx.AsyncClient(timeout=10) as client:
                    r = await client.post(self.hooks + post.path, content=post.body, headers=post.headers)
                shop.posts.append((what, r.status_code))
                return
            except httpx.HTTPError:
                await asyncio.sleep(0.5)
        shop.posts.append((what, 0))

    def targets_yaml(self) -> str:
        lines = ["targets:"]
        for shop in self.shops:
            lines += [f"  - name: {shop.name}", f"    url: {shop.url}", "    country: RU"]
            if shop.phone:
                lines.append(f'    phones: ["{shop.phone}"]')
            lines += ["    touchpoints:", f"      - {{kind: callback, url: {shop.url}}}"]
        return "\n".join(lines) + "\n"


def ack(n: int) -> str:
    return ACK.format(n=n)


def report_json(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data
