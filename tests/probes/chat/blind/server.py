"""Blind-corpus chat shops: one shop page per widget, a scripted operator, true send times recorded.

Two loopback origins serve the same app: the shop (``127.0.0.1``) and a widget
host (``127.0.0.2``), so iframe widgets can be cross-origin as real ones are.
Every widget talks to ``/ws`` through ``agent.js``; the operator script of the
case's outcome answers, and the server stamps each operator message with the
moment it sent it (the truth latency errors are measured against).

URL: ``/c/{case}?run=ID&d=SECONDS``.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import WSMsgType, web

from tests.probes.chat.blind.cases import CASES, Case

HERE = Path(__file__).parent
FRAME_HOST = "127.0.0.2"

TEXTS: dict[str, dict[str, list[str]]] = {
    "ru": {
        "greeting": [
            "Здравствуйте! Я на связи, если будут вопросы.",
            "Добрый день! Чем можем быть полезны?",
            "Привет! Загляните в наш каталог, а если что-то непонятно, пишите сюда.",
        ],
        "human": [
            "Добрый день! Да, в Екатеринбург доставляем, обычно за 2-3 дня, курьер привезёт до двери.",
            "Здравствуйте, Анна. Доставка есть, стоимость зависит от веса, для заказа от 3000 ₽ бесплатно.",
            "Да, конечно. Отправим транспортной компанией, срок примерно три рабочих дня, трек-номер пришлём.",
        ],
        "bot": [
            "Я бот-помощник магазина. Выберите, что вас интересует:",
            "Виртуальный ассистент на связи. Выберите тему обращения:",
        ],
        "auto": [
            "Спасибо за обращение! Оператор скоро ответит.",
            "Ваше сообщение получено, ожидайте ответа оператора.",
        ],
        "buttons": ["Доставка", "Оплата", "Связаться с оператором"],
        "offline": ["Сейчас нет операторов в сети. Оставьте e-mail, и мы ответим на почту."],
    },
    "uk": {
        "greeting": [
            "Вітаємо! Якщо будуть питання, пишіть, я на зв'язку.",
            "Доброго дня! Чим можемо допомогти?",
        ],
        "human": [
            "Добрий день! Так, доставляємо по всій Україні, зазвичай 1-2 дні Новою поштою.",
            "Вітаю! Доставка є, вартість за тарифами перевізника, відправляємо щодня.",
        ],
        "bot": ["Я віртуальний помічник. Оберіть тему:", "Бот магазину вітає вас. Оберіть варіант:"],
        "auto": [
            "Дякуємо за звернення! Оператор незабаром відповість.",
            "Всі оператори зайняті, оператор скоро підключиться.",
        ],
        "buttons": ["Доставка", "Оплата", "Оператор"],
        "offline": ["Зараз немає операторів у мережі. Залиште e-mail, ми відповімо на пошту."],
    },
    "en": {
        "greeting": [
            "Hi there! Let us know if you have any questions.",
            "Welcome! We're here if you need anything.",
        ],
        "human": [
            "Hello Anna, yes, we ship to Yekaterinburg. It usually takes 2-3 days by courier.",
            "Hi! Sure, delivery is available there; standard shipping is about three business days.",
        ],
        "bot": [
            "I'm the store's virtual assistant. Choose a topic:",
            "Hi, I'm a bot. Pick one of the options below:",
        ],
        "auto": [
            "Thanks for your message! An agent will be with you shortly.",
            "All our agents are busy. You are number 2 in the queue.",
        ],
        "buttons": ["Shipping", "Payment", "Talk to a person"],
        "offline": [
            "We're offline right now. Leave us a message with your e-mail and we'll get back to you."
        ],
    },
}


@dataclass
class Conversation:
    key: str
    case: Case
    run: str
    delay: float
    messages: list[dict[str, Any]] = field(default_factory=list)
    sockets: set[web.WebSocketResponse] = field(default_factory=set)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    prechat: dict[str, Any] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def first_human(self) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["from"] == "operator" and not m.get("greeting")), None)

    def visitor_message(self) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["from"] == "visitor"), None)


class BlindSites:
    """The corpus server: ``await start()``, then ``url(case_id)``; conversations are inspectable."""

    def __init__(self, host: str = "127.0.0.1", frame_host: str = FRAME_HOST, *, quick: float = 0.6) -> None:
        self.host, self.frame_host, self.quick = host, frame_host, quick
        self.port = self.frame_port = 0
        self.conversations: dict[str, Conversation] = {}
        self._runner: web.AppRunner | None = None
        self.app = web.Application()
        self.app.add_routes(
            [
                web.get("/ws", self._ws),
                web.get("/c/{case}", self._page),
                web.get("/f/{case}", self._frame),
                web.static("/blind", HERE, show_index=False),
            ]
        )

    async def start(self) -> str:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        self.port = await self._listen(self.host)
        self.frame_port = await self._listen(self.frame_host)
        return self.base_url

    async def _listen(self, host: str) -> int:
        assert self._runner is not None
        site = web.TCPSite(self._runner, host, 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        return int(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]

    async def stop(self) -> None:
        for conv in self.conversations.values():
            for t in conv.tasks:
                t.cancel()
            for ws in list(conv.sockets):
                await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, case_id: str, *, run: str | None = None, delay: float = 5.0) -> str:
        return f"{self.base_url}/c/{case_id}?run={run or uuid.uuid4().hex[:8]}&d={delay}"

    def find(self, run: str) -> list[Conversation]:
        return [c for c in self.conversations.values() if c.run == run]

    # ------------------------------------------------------------------ pages
    async def _page(self, request: web.Request) -> web.Response:
        case = CASES.get(request.match_info["case"])
        if case is None:
            raise web.HTTPNotFound()
        conv = "/".join([case.id, request.query.get("run", "-"), request.query.get("d", "5")])
        origin = f"http://{self.frame_host}:{self.frame_port}" if case.cross_origin else ""
        return web.Response(text=shop_page(case, conv, origin), content_type="text/html")

    async def _frame(self, request: web.Request) -> web.Response:
        case = CASES.get(request.match_info["case"])
        if case is None:
            raise web.HTTPNotFound()
        conv = request.query.get("conv", "")
        head = f"<script>window.RW_CONV = {json.dumps(conv)}; window.RW_FRAME = true;</script>"
        body = (
            f"{head}<script src='/blind/agent.js'></script><script src='/blind/widgets/{case.file}'></script>"
        )
        return web.Response(
            text=f"<!doctype html><html lang={case.lang}><head><meta charset=utf-8></head>"
            f"<body style='margin:0;background:transparent'>{body}</body></html>",
            content_type="text/html",
        )

    # ------------------------------------------------------------------ chat
    def _conversation(self, conv: str, vid: str) -> Conversation:
        key = f"{conv}/{vid}"
        c = self.conversations.get(key)
        if c is None:
            parts = conv.split("/")
            case = CASES[parts[0]]
            c = Conversation(
                key=key,
                case=case,
                run=parts[1] if len(parts) > 1 else "-",
                delay=float(parts[2]) if len(parts) > 2 else 5.0,
            )
            self.conversations[key] = c
        return c

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=20)
        await ws.prepare(request)
        conv = request.query.get("conv", "")
        if conv.split("/")[0] not in CASES:
            await ws.close()
            return ws
        c = self._conversation(conv, request.query.get("vid", "anon"))
        c.sockets.add(ws)
        online = c.case.outcome != "offline_email"
        await ws.send_json(
            {
                "type": "history",
                "online": online,
                "prechat": c.case.outcome.startswith("prechat") and not c.prechat,
                "messages": c.messages,
            }
        )
        if c.case.outcome == "greet_human" and not c.messages:
            self._later(c, 0.4, "greeting", sender="operator", greeting=True)
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_client(c, json.loads(msg.data))
        finally:
            c.sockets.discard(ws)
        return ws

    async def _on_client(self, c: Conversation, data: dict[str, Any]) -> None:
        kind = data.get("type")
        if kind == "ticket":
            c.tickets.append({**{k: str(v)[:2000] for k, v in (data.get("form") or {}).items()}, "ts": _ms()})
        elif kind == "prechat":
            c.prechat = {k: str(v)[:200] for k, v in (data.get("form") or {}).items()}
            if data.get("text"):
                await self._visitor(c, str(data["text"]))
        elif kind == "visitor":
            await self._visitor(c, str(data.get("text", "")))

    async def _visitor(self, c: Conversation, text: str) -> None:
        first = c.visitor_message() is None
        c.messages.append(
            {
                "id": uuid.uuid4().hex[:10],
                "from": "visitor",
                "name": "visitor",
                "text": text[:4000],
                "ts": _ms(),
            }
        )
        await self._broadcast(c, {"type": "echo", **c.messages[-1]})
        if not first:
            return
        out = c.case.outcome
        if out in ("greet_human", "prechat_human"):
            self._later(c, c.delay, "human")
        elif out == "bot_human":
            self._later(c, self.quick, "bot", sender="bot", buttons=True)
            self._later(c, c.delay, "human")
        elif out == "bot_only":
            self._later(c, self.quick, "bot", sender="bot", buttons=True)
        elif out == "auto_only":
            self._later(c, self.quick, "auto", sender="system")

    def _later(
        self,
        c: Conversation,
        delay: float,
        what: str,
        *,
        sender: str = "operator",
        buttons: bool = False,
        greeting: bool = False,
    ) -> None:
        texts = TEXTS[c.case.lang]

        async def go() -> None:
            if sender == "operator" and not greeting and delay > 1:
                await asyncio.sleep(delay - 1)
                await self._broadcast(c, {"type": "typing", "name": c.case.agent})
                await asyncio.sleep(1)
            else:
                await asyncio.sleep(delay)
            pool = texts[what]
            msg = {
                "id": uuid.uuid4().hex[:10],
                "from": sender,
                "name": c.case.agent if sender == "operator" else "Bot",
                "text": pool[c.case.index % len(pool)],
                "ts": _ms(),
                "greeting": greeting,
                "buttons": texts["buttons"] if buttons else [],
            }
            c.messages.append(msg)  # ts is the true send time
            await self._broadcast(c, {"type": "msg", **msg})

        c.tasks.append(asyncio.get_running_loop().create_task(go()))

    async def _broadcast(self, c: Conversation, data: dict[str, Any]) -> None:
        for ws in list(c.sockets):
            try:
                await ws.send_json(data)
            except Exception:
                c.sockets.discard(ws)


def _ms() -> int:
    return int(time.time() * 1000)


def shop_page(case: Case, conv: str, frame_origin: str) -> str:
    """A plain shop page with the usual distractors (search, newsletter, a contact form) and one widget."""
    extras = "".join(DISTRACTORS[d] for d in case.distractors)
    cfg = {
        "conv": conv,
        "frameOrigin": frame_origin,
        "frameUrl": f"{frame_origin}/f/{case.id}?conv={quote(conv, safe='')}",
        "lang": case.lang,
    }
    return f"""<!doctype html><html lang={case.lang}><head><meta charset=utf-8><title>{SHOP_TITLE[case.lang]}</title>
<style>body{{font-family:sans-serif;margin:0;padding:20px;min-height:2400px}} header{{display:flex;gap:12px}}</style></head>
<body><header><h1>{SHOP_TITLE[case.lang]}</h1><form role=search action=/search><input type=search name=q placeholder="{SEARCH[case.lang]}"></form></header>
<main><p>{ABOUT[case.lang]}</p><h2>{CONTACT[case.lang]}</h2>
<form class=feedback action=/feedback method=post><input name=name placeholder="Name"><input type=email name=email placeholder="E-mail">
<input type=tel name=phone placeholder="Phone"><textarea name=message placeholder="Message"></textarea><button>OK</button></form></main>
<footer><form class=subscribe><input type=email name=news placeholder="Newsletter e-mail"><button type=button>Subscribe</button></form></footer>
{extras}<script>window.RW_CONV = {json.dumps(conv)}; window.RW_CFG = {json.dumps(cfg)};</script>
<script src="/blind/agent.js"></script><script src="/blind/widgets/{case.file}"></script></body></html>"""


SHOP_TITLE = {"ru": "Сад и дом", "uk": "Дім і сад", "en": "Home & Garden"}
SEARCH = {"ru": "Поиск товаров", "uk": "Пошук товарів", "en": "Search products"}
ABOUT = {
    "ru": "Инструменты и товары для сада. Доставка по России.",
    "uk": "Інструменти для саду. Доставка по Україні.",
    "en": "Garden tools and supplies, shipped worldwide.",
}
CONTACT = {"ru": "Обратная связь", "uk": "Зворотний зв'язок", "en": "Contact us"}
DISTRACTORS = {
    "cookie": """<div id=cookie-notice style="position:fixed;left:0;right:0;bottom:0;background:#333;color:#fff;padding:12px;z-index:9000">
We use cookies. Мы используем файлы cookie. <button onclick="this.parentNode.remove()">OK</button></div>""",
    "totop": """<a href="#" aria-label="Наверх" class=to-top style="position:fixed;right:24px;bottom:110px;width:44px;height:44px;background:#ddd;border-radius:4px;text-align:center;line-height:44px">↑</a>""",
    "whatsapp": """<a href="https://wa.me/79120000000" class=float-wa style="position:fixed;left:20px;bottom:20px;width:56px;height:56px;border-radius:28px;background:#25d366"><svg viewBox="0 0 24 24" width=32 height=32><title>WhatsApp</title><circle cx=12 cy=12 r=10 fill=#fff /></svg></a>""",
    "callback": """<div class=cb-phone role=button style="position:fixed;left:24px;bottom:24px;width:60px;height:60px;border-radius:30px;background:#e33;cursor:pointer"
onclick="document.getElementById('cbf').style.display='block'"></div><div id=cbf style="display:none;position:fixed;left:24px;bottom:100px;background:#fff;border:1px solid #ccc;padding:10px;z-index:50">
<p>Перезвоним за 30 секунд!</p><input type=tel name=cbphone placeholder="+7 (___) ___-__-__"><button type=button>Жду звонка</button></div>""",
    "sticky": """<nav style="position:sticky;top:0;background:#fafafa;padding:8px;z-index:10"><a href=/catalog>Каталог</a> <a href=/cart>Корзина</a>
<input name=q2 placeholder="Search"></nav>""",
}
