"""Shop pages on loopback whose chat widgets behave like the real vendors', for tests and `replywatch demo`.

Vendor emulations expose the documented globals, methods and event payloads
(Jivo ``jivo_api`` + ``jivo_on*``, Tawk.to ``Tawk_API``, LiveChat
``LiveChatWidget``, Crisp ``$crisp``, Tidio ``tidioChatApi``); generic widgets
have no API (one in an iframe, one in an open shadow root, one with a
contenteditable input). Every widget talks to this aiohttp server over a
WebSocket; an operator script per scenario answers, and the true send time of
every operator message is recorded for accuracy checks.

URL: ``/{widget}/{scenario}?run=ID&d=SECONDS`` (``d`` = delay of the person's reply).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from aiohttp import WSMsgType, web

WIDGETS = (
    "jivo",
    "tawk",
    "livechat",
    "crisp",
    "tidio",
    "generic-iframe",
    "generic-shadow",
    "generic-ce",
    "generic-rerender",
)
VENDOR_WIDGETS = {"jivo": "jivo", "tawk": "tawk", "livechat": "livechat", "crisp": "crisp", "tidio": "tidio"}
SCENARIOS = ("greet_human", "bot_human", "auto_nobody", "offline", "closed", "ask_email", "nobody", "late")

TEXTS = {
    "ru": {
        "greeting": ("Мария", "Здравствуйте! Меня зовут Мария. Если появятся вопросы, пишите, я на связи."),
        "human": (
            "Мария",
            "Добрый день! Да, доставка в ваш город есть, обычно 2-3 дня курьером. Подсказать стоимость?",
        ),
        "bot": ("Бот-помощник", "Я виртуальный помощник. Выберите тему:"),
        "human2": (
            "Ольга",
            "Ольга на связи. Доставка занимает около трёх дней, оплатить можно при получении.",
        ),
        "auto": ("Система", "Спасибо за обращение! Оператор скоро ответит, обычно в течение 5 минут."),
        "late": (
            "Сергей",
            "Извините за ожидание! Да, доставляем по всей стране, срок 3-5 дней, оплата картой или наличными.",
        ),
        "offline": "Сейчас нет операторов в сети. Оставьте сообщение и e-mail, мы ответим на почту.",
        "ask_email": ("Система", "Сейчас нет операторов в сети. Укажите ваш e-mail, мы ответим на почту."),
        "buttons": ["Доставка", "Оплата", "Позвать оператора"],
    },
    "uk": {
        "greeting": ("Марія", "Вітаємо! Мене звати Марія. Якщо будуть питання, пишіть, я на зв'язку."),
        "human": (
            "Марія",
            "Добрий день! Так, доставка до вашого міста є, зазвичай 2-3 дні кур'єром. Підказати вартість?",
        ),
        "bot": ("Бот-помічник", "Я віртуальний помічник. Оберіть тему:"),
        "human2": (
            "Ольга",
            "Ольга на зв'язку. Доставка триває близько трьох днів, оплатити можна при отриманні.",
        ),
        "auto": (
            "Система",
            "Дякуємо за звернення! Оператор незабаром відповість, зазвичай протягом 5 хвилин.",
        ),
        "late": (
            "Сергій",
            "Вибачте за очікування! Так, доставляємо по всій країні, термін 3-5 днів, оплата карткою.",
        ),
        "offline": "Зараз немає операторів у мережі. Залиште повідомлення та e-mail, ми відповімо на пошту.",
        "ask_email": ("Система", "Зараз немає операторів у мережі. Залиште e-mail, ми відповімо на пошту."),
        "buttons": ["Доставка", "Оплата", "Покликати оператора"],
    },
}


@dataclass
class Conversation:
    key: str
    widget: str
    scenario: str
    run: str
    delay: float
    lang: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    sockets: set[web.WebSocketResponse] = field(default_factory=set)
    tickets: list[dict[str, Any]] = field(default_factory=list)  # offline forms left
    visitor: dict[str, Any] = field(default_factory=dict)  # identify() data
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def online(self) -> bool:
        return self.scenario not in ("offline", "closed")

    def operator_messages(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["from"] != "visitor"]

    def first_human(self) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["from"] == "operator" and not m.get("greeting")), None)

    def visitor_message(self) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["from"] == "visitor"), None)


class ChatSites:
    """The demo server. ``await start()`` then ``url(widget, scenario)``; conversations are inspectable."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, quick: float = 0.5) -> None:
        self.host, self.port, self.quick = host, port, quick
        self.conversations: dict[str, Conversation] = {}
        self._runner: web.AppRunner | None = None
        self.app = web.Application()
        self.app.add_routes(
            [
                web.get("/", self._index),
                web.get("/ws", self._ws),
                web.get("/frame", self._frame),
                web.get("/static/core.js", self._core),
                web.get("/static/v/{vendor}.js", self._vendor),
                web.get("/truth", self._truth),
                web.get("/{widget}/{scenario}", self._page),
            ]
        )

    async def start(self) -> str:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self.base_url

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

    def url(
        self, widget: str, scenario: str, *, run: str | None = None, delay: float = 4.0, lang: str = "ru"
    ) -> str:
        return f"{self.base_url}/{widget}/{scenario}?run={run or uuid.uuid4().hex[:8]}&d={delay}&lang={lang}"

    def find(self, run: str) -> list[Conversation]:
        return [c for c in self.conversations.values() if c.run == run]

    # ------------------------------------------------------------------ pages
    async def _index(self, request: web.Request) -> web.Response:
        links = "".join(f'<li><a href="/{w}/{s}">{w} / {s}</a></li>' for w in WIDGETS for s in SCENARIOS)
        return web.Response(
            text=f"<!doctype html><meta charset=utf-8><h1>Demo chat shops</h1><ul>{links}</ul>",
            content_type="text/html",
        )

    async def _page(self, request: web.Request) -> web.Response:
        widget, scenario = request.match_info["widget"], request.match_info["scenario"]
        if widget not in WIDGETS or scenario not in SCENARIOS:
            raise web.HTTPNotFound()
        conv = "/".join(
            [
                widget,
                scenario,
                request.query.get("run", "-"),
                request.query.get("d", "4"),
                request.query.get("lang", "ru"),
            ]
        )
        return web.Response(text=shop_page(widget, conv), content_type="text/html")

    async def _frame(self, request: web.Request) -> web.Response:
        mount = request.query.get("mount")
        body = ""
        if mount == "generic-iframe":
            conv = json.dumps(request.query.get("conv", ""))
            body = (
                f"<script src='/static/core.js'></script><script>RWDemo.generic('iframe', {conv});</script>"
            )
        return web.Response(
            text=f"<!doctype html><html><head><meta charset=utf-8><style>{CSS}</style></head>"
            f"<body class=frame>{body}</body></html>",
            content_type="text/html",
        )

    async def _core(self, request: web.Request) -> web.Response:
        return web.Response(text=CORE_JS, content_type="application/javascript")

    async def _vendor(self, request: web.Request) -> web.Response:
        js = VENDOR_JS.get(request.match_info["vendor"])
        if js is None:
            raise web.HTTPNotFound()
        return web.Response(text=js, content_type="application/javascript")

    async def _truth(self, request: web.Request) -> web.Response:
        run = request.query.get("run", "")
        return web.json_response(
            [{"key": c.key, "messages": c.messages, "tickets": c.tickets} for c in self.find(run)]
        )

    # ------------------------------------------------------------------ chat
    def _conversation(self, conv: str, vid: str) -> Conversation:
        key = f"{conv}/{vid}"
        c = self.conversations.get(key)
        if c is None:
            parts = conv.split("/")
            widget, scenario, run = parts[0], parts[1], parts[2]
            delay = float(parts[3]) if len(parts) > 3 else 4.0
            lang = parts[4] if len(parts) > 4 and parts[4] in TEXTS else "ru"
            c = Conversation(key=key, widget=widget, scenario=scenario, run=run, delay=delay, lang=lang)
            self.conversations[key] = c
        return c

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=20)
        await ws.prepare(request)
        c = self._conversation(request.query.get("conv", ""), request.query.get("vid", "anon"))
        c.sockets.add(ws)
        await ws.send_json(
            {"type": "history", "online": c.online, "form": c.scenario != "closed", "messages": c.messages}
        )
        if c.scenario == "greet_human" and not c.messages:
            self._later(c, 0.3, "greeting")
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                await self._on_client(c, data)
        finally:
            c.sockets.discard(ws)
        return ws

    async def _on_client(self, c: Conversation, data: dict[str, Any]) -> None:
        kind = data.get("type")
        if kind == "identify":
            c.visitor.update({k: str(v)[:200] for k, v in (data.get("info") or {}).items()})
        elif kind == "offline":
            c.tickets.append({**{k: str(v)[:2000] for k, v in (data.get("form") or {}).items()}, "ts": _ms()})
        elif kind == "visitor":
            first = c.visitor_message() is None
            c.messages.append(
                {
                    "id": uuid.uuid4().hex[:10],
                    "from": "visitor",
                    "name": "visitor",
                    "text": str(data.get("text", ""))[:4000],
                    "ts": _ms(),
                }
            )
            if first and c.online:
                self._script(c)

    def _script(self, c: Conversation) -> None:
        if c.scenario == "greet_human":
            self._later(c, c.delay, "human")
        elif c.scenario == "bot_human":
            self._later(c, self.quick, "bot", buttons=True, sender="bot")
            self._later(c, c.delay, "human2")
        elif c.scenario == "auto_nobody":
            self._later(c, self.quick, "auto", sender="system")
        elif c.scenario == "late":
            self._later(c, c.delay, "late")
        elif c.scenario == "ask_email":
            self._later(c, self.quick, "ask_email", sender="system")

    def _later(
        self, c: Conversation, delay: float, what: str, *, buttons: bool = False, sender: str = "operator"
    ) -> None:
        async def go() -> None:
            await asyncio.sleep(max(0.0, delay - 0.8))
            if sender == "operator" and what != "greeting":
                await self._broadcast(c, {"type": "typing", "name": TEXTS[c.lang][what][0]})
            await asyncio.sleep(min(0.8, delay))
            name, text = TEXTS[c.lang][what]
            msg = {
                "id": uuid.uuid4().hex[:10],
                "from": sender,
                "name": name,
                "text": text,
                "ts": _ms(),
                "greeting": what == "greeting",
                "buttons": TEXTS[c.lang]["buttons"] if buttons else [],
                "ask_email": what == "ask_email",
            }
            c.messages.append(msg)  # ts above is the true send time
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


def shop_page(widget: str, conv: str) -> str:
    """A plain shop page (with a search box and a newsletter field as distractors) plus one widget."""
    snippet = WIDGET_SNIPPETS[widget].replace("__CONV_Q__", quote(conv, safe=""))
    return f"""<!doctype html><html lang=ru><head><meta charset=utf-8><title>Демо-магазин</title><style>{CSS}</style></head>
<body><header><h1>Демо-магазин</h1><input type=search name=q placeholder="Поиск по каталогу"></header>
<main><p>Товары для дома и сада. Доставка по всей стране.</p><ul class=products><li>Лейка, 450 ₽</li><li>Грабли, 900 ₽</li></ul></main>
<footer><form class=subscribe><label>Подписка на новости <input type=email name=news placeholder="Ваш e-mail"></label>
<button type=button>Подписаться</button></form></footer>
<script>window.RW_CONV = __CONV__;</script>{snippet}</body></html>""".replace("__CONV__", json.dumps(conv))


CSS = """
body{font-family:sans-serif;margin:0;padding:20px;min-height:1200px} body.frame{padding:0;min-height:0;background:transparent}
.rw-panel{width:340px;height:420px;background:#fff;border:1px solid #ccc;display:flex;flex-direction:column;font-size:14px}
.rw-list{flex:1;overflow:auto;padding:8px;display:flex;flex-direction:column}
.rw-list>*{max-width:75%;margin:4px 0;padding:6px;border-radius:8px}
.rw-me{align-self:flex-end;background:#dcf8c6} .rw-op{align-self:flex-start;background:#eee}
.rw-launcher{width:60px;height:60px;border-radius:30px;background:#2a7;color:#fff;display:flex;align-items:center;justify-content:center;cursor:pointer}
.rw-fixed{position:fixed;right:20px;bottom:20px;z-index:99999}
.rw-composer{display:flex;border-top:1px solid #ccc} .rw-composer textarea,.rw-composer [contenteditable]{flex:1;min-height:40px}
.rw-offline form{display:flex;flex-direction:column;gap:4px;padding:8px}
"""

CORE_JS = r"""
window.RWDemo = (function () {
  const pad = n => String(n).padStart(2, '0');
  const fmt = (ts, style) => { const d = new Date(ts); const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
    return style === 'hms' ? hm + ':' + pad(d.getSeconds()) : hm; };
  const vid = () => { let v = localStorage.getItem('rw_demo_vid'); if (!v) { v = Math.random().toString(36).slice(2, 12); localStorage.setItem('rw_demo_vid', v); } return v; };
  // o: {doc, root, tag, cls, timeStyle, ce, enterSends, hooks, offlineText, conv}
  function mount(o) {
    const d = o.doc, tag = o.tag || 'div', c = o.cls, hooks = o.hooks || {};
    const el = (t, cls, txt) => { const e = d.createElement(t); if (cls) e.className = cls; if (txt !== undefined) e.textContent = txt; return e; };
    const launcher = el(tag, 'rw-launcher ' + c.launcher, o.launcherText || 'Чат'); launcher.setAttribute('role', 'button'); launcher.setAttribute('aria-label', 'Открыть чат');
    const panel = el(tag, 'rw-panel ' + c.panel); panel.style.display = 'none';
    const header = el(tag, c.header || 'hdr', o.title || 'Онлайн-консультант');
    let list = el(tag, 'rw-list ' + c.list);
    const composer = el(tag, 'rw-composer ' + (c.composer || ''));
    let input;
    if (o.ce) { input = el('div', c.input); input.setAttribute('contenteditable', 'true'); input.setAttribute('aria-label', 'Напишите сообщение'); }
    else { input = el('textarea', c.input); input.placeholder = o.placeholder || 'Введите сообщение...'; }
    const send = el('button', c.send, o.sendText || 'Отправить'); send.type = 'button'; send.setAttribute('aria-label', 'Отправить');
    composer.append(input, send);
    const offline = el(tag, 'rw-offline ' + (c.offline || '')); offline.style.display = 'none';
    const form = el('form'); form.append(el('p', null, o.offlineText || ''));
    const fName = el('input'); fName.name = 'name'; fName.placeholder = 'Имя';
    const fMail = el('input'); fMail.type = 'email'; fMail.name = 'email'; fMail.placeholder = 'E-mail';
    const fMsg = el('textarea'); fMsg.name = 'message'; fMsg.placeholder = 'Сообщение';
    const fBtn = el('button', null, 'Отправить'); fBtn.type = 'submit';
    form.append(fName, fMail, fMsg, fBtn); offline.append(form);
    panel.append(header, list, composer, offline);
    o.root.append(launcher, panel);
    const ctl = {online: true, opened: false, ws: null, queue: []};
    const wsSend = m => { if (ctl.ws && ctl.ws.readyState === 1) ctl.ws.send(JSON.stringify(m)); else ctl.queue.push(m); };
    const all = [];
    const bubble = m => {
      if (o.rerender && !m.again) {  // like some widgets: rebuild the whole list element on every message
        all.push(m); const nl = list.cloneNode(false); const old = list; list = nl;
        for (const x of all) bubble({...x, again: true}); old.replaceWith(nl); return; }
      const mine = m.from === 'visitor';
      const b = el(tag, (mine ? c.me : c.op) + ' ' + (mine ? 'rw-me' : 'rw-op'));
      if (!mine && o.showNames !== false) b.append(el(tag, c.name, m.name));
      b.append(el(tag, c.text, m.text));
      if (m.buttons && m.buttons.length) { const row = el(tag, c.buttons || 'quick-replies'); for (const x of m.buttons) row.append(el('button', 'quick-reply', x)); b.append(row); }
      const t = el(o.timeStyle === 'iso' ? 'time' : tag, c.time, fmt(m.ts, o.timeStyle === 'iso' ? 'hms' : o.timeStyle));
      if (o.timeStyle === 'iso') t.setAttribute('datetime', new Date(m.ts).toISOString());
      b.append(t);
      if (m.ask_email && !m.again) { const f = el('form', c.inlineForm || 'inline-email'); const i = el('input'); i.type = 'email'; i.placeholder = 'Ваш e-mail';
        const ok = el('button', null, 'Отправить'); ok.type = 'submit'; f.append(i, ok);
        f.addEventListener('submit', e => { e.preventDefault(); wsSend({type: 'offline', form: {email: i.value, message: ''}}); f.replaceChildren(el('span', null, 'Спасибо!')); });
        b.append(f); }
      list.append(b); list.scrollTop = 1e9; return b; };
    let typing = null;
    const showMode = () => { composer.style.display = ctl.online ? '' : 'none'; offline.style.display = ctl.online ? 'none' : ''; };
    const connect = () => {
      const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?conv=' + encodeURIComponent(o.conv) + '&vid=' + vid());
      ctl.ws = ws;
      ws.onopen = () => { while (ctl.queue.length) ws.send(JSON.stringify(ctl.queue.shift())); };
      ws.onmessage = e => { const m = JSON.parse(e.data);
        if (m.type === 'history') { ctl.online = m.online; showMode(); if (m.form === false) { form.style.display = 'none'; offline.append(el('p', null, o.closedText || 'Сейчас никого нет на месте. Позвоните нам: +7 800 000-00-00')); } for (const x of m.messages) bubble(x); if (hooks.status) hooks.status(m.online ? 'online' : 'offline'); if (hooks.ready) hooks.ready(); }
        else if (m.type === 'typing') { if (typing) typing.remove(); typing = el(tag, c.typing || 'typing', m.name + ' печатает...'); list.append(typing); }
        else if (m.type === 'msg') { if (typing) { typing.remove(); typing = null; } bubble(m); if (m.greeting || !ctl.opened) ctl.open(); if (hooks.incoming) hooks.incoming(m); } };
    };
    ctl.open = () => { panel.style.display = 'flex'; launcher.style.display = 'none'; ctl.opened = true; if (hooks.opened) hooks.opened(); };
    ctl.identify = info => wsSend({type: 'identify', info});
    ctl.send = text => { text = String(text || '').trim(); if (!text) return false;
      bubble({from: 'visitor', text, ts: Date.now()}); wsSend({type: 'visitor', text}); if (hooks.sent) hooks.sent(text); return true; };
    const readInput = () => o.ce ? input.innerText : input.value;
    const clearInput = () => { if (o.ce) input.innerHTML = ''; else input.value = ''; };
    launcher.addEventListener('click', () => ctl.open());
    send.addEventListener('click', () => { if (ctl.send(readInput())) clearInput(); });
    input.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey && o.enterSends !== false) { e.preventDefault(); if (ctl.send(readInput())) clearInput(); } });
    form.addEventListener('submit', e => { e.preventDefault(); const f = {name: fName.value, email: fMail.value, message: fMsg.value};
      wsSend({type: 'offline', form: f}); form.replaceChildren(el('p', null, 'Спасибо! Мы ответим на ' + f.email)); if (hooks.offline) hooks.offline(f); });
    connect();
    return ctl;
  }
  function frame(id, title, cls) {
    const host = document.createElement('div'); host.id = id.container; host.className = 'rw-fixed';
    const f = document.createElement('iframe'); if (id.frame) f.id = id.frame; if (cls) f.className = cls; f.title = title; f.src = '/frame';
    f.style.cssText = 'width:360px;height:500px;border:0'; host.append(f); document.body.append(host);
    return new Promise(res => f.addEventListener('load', () => res(f)));
  }
  function generic(kind, conv) {
    const cls = {launcher: 'support-launcher', panel: 'support-panel', list: 'support-feed', me: 'item out', op: 'item in',
      name: 'author', text: 'body', time: 'stamp', input: 'support-input', send: 'support-send', typing: 'dots'};
    const o = {doc: document, conv, cls, timeStyle: 'hms', offlineText: null};
    if (kind === 'iframe') { const w = document.createElement('div'); w.className = 'rw-fixed'; document.body.append(w);
      return mount({...o, root: w, offlineText: OFFLINE()}); }
    if (kind === 'shadow') {
      customElements.define('support-box', class extends HTMLElement { connectedCallback() {
        if (this.shadowRoot) return; const sr = this.attachShadow({mode: 'open'});
        const st = document.createElement('style'); st.textContent = document.querySelector('style').textContent; sr.append(st);
        const w = document.createElement('div'); w.className = 'rw-fixed'; sr.append(w);
        mount({...o, root: w, timeStyle: 'iso', cls: {...cls, me: 'msg msg--client', op: 'msg msg--agent'}, offlineText: OFFLINE()}); } });
      document.body.append(document.createElement('support-box')); return; }
    if (kind === 'rerender') { const w = document.createElement('div'); w.className = 'rw-fixed helpdesk-chat'; document.body.append(w);
      return mount({...o, root: w, rerender: true, timeStyle: 'hm', cls: {...cls, me: 'row row-right', op: 'row row-left'}, offlineText: OFFLINE()}); }
    if (kind === 'ce') { const w = document.createElement('section'); w.className = 'rw-fixed consult-widget'; document.body.append(w);
      return mount({...o, root: w, ce: true, enterSends: false, sendText: 'Отправить', cls: {...cls, me: 'line visitor-line', op: 'line staff-line'}, offlineText: OFFLINE()}); }
  }
  const OFFLINE = () => (document.documentElement.lang === 'uk' ? 'Зараз немає операторів у мережі. Залиште повідомлення та e-mail, ми відповімо на пошту.' : 'Сейчас нет операторов в сети. Оставьте сообщение и e-mail, мы ответим на почту.');
  return {mount, frame, generic, OFFLINE};
})();
"""

WIDGET_SNIPPETS = {
    "jivo": """<script>function jivo_onLoadCallback() { window.siteLoaded = (window.siteLoaded || 0) + 1; }
function jivo_onMessageReceived(m) { window.siteSaw = (window.siteSaw || 0) + 1; }</script>
<script src="/static/core.js"></script><script src="/static/v/jivo.js" async></script>""",
    "tawk": """<script>var Tawk_API = Tawk_API || {}, Tawk_LoadStart = new Date();
Tawk_API.onChatMessageAgent = function (m) { window.siteSaw = (window.siteSaw || 0) + 1; };</script>
<script src="/static/core.js"></script><script src="/static/v/tawk.js" async></script>""",
    "livechat": """<script>window.__lc = window.__lc || {}; window.__lc.license = 12345678;</script>
<script src="/static/core.js"></script><script src="/static/v/livechat.js" async></script>""",
    "crisp": """<script>window.$crisp = []; window.CRISP_WEBSITE_ID = "0d5c1a3e-demo";</script>
<script src="/static/core.js"></script><script src="/static/v/crisp.js" async></script>""",
    "tidio": """<script src="/static/core.js"></script><script src="/static/v/tidio.js" async></script>""",
    "generic-iframe": """<div class=rw-fixed style="width:360px;height:500px"><iframe id=consult title="Онлайн-консультант" style="width:100%;height:100%;border:0"
 src="/frame?mount=generic-iframe&conv=__CONV_Q__"></iframe></div>""",
    "generic-shadow": """<script src="/static/core.js"></script><script>RWDemo.generic('shadow', window.RW_CONV);</script>""",
    "generic-ce": """<script src="/static/core.js"></script><script>RWDemo.generic('ce', window.RW_CONV);</script>""",
    "generic-rerender": """<script src="/static/core.js"></script><script>RWDemo.generic('rerender', window.RW_CONV);</script>""",
}


VENDOR_JS = {
    "jivo": r"""
(function () {
  const root = document.createElement('jdiv'); root.className = 'globalClass_a1b2'; root.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:2147483000';
  document.body.append(root); let accepted = false, sent = false;
  const cb = (n, a) => { if (typeof window[n] === 'function') window[n](a); };
  const w = RWDemo.mount({doc: document, root, tag: 'jdiv', conv: window.RW_CONV, timeStyle: 'hm', offlineText: RWDemo.OFFLINE(),
    cls: {launcher: 'button__x9', panel: 'chat__k2', list: 'messages__q1', me: 'client__m1', op: 'agent__m2', name: 'agentName__n', text: 'text__t', time: 'time__z', input: 'inputField__i', send: 'sendButton__s'},
    hooks: {incoming: m => { if (m.from === 'operator' && !m.greeting && !accepted) { accepted = true; cb('jivo_onAccept', {name: m.name}); }
              cb('jivo_onMessageReceived', {type: m.from === 'operator' ? 'operator' : m.from, message: m.text, name: m.name}); },
            sent: t => { if (!sent) { sent = true; cb('jivo_onMessageSent', t); } }, opened: () => cb('jivo_onOpen'),
            ready: () => setTimeout(() => cb('jivo_onLoadCallback'), 0)}});
  window.jivo_api = {open: o => { w.open(); return {result: 'ok'}; }, close: () => ({result: 'ok'}),
    setContactInfo: info => { w.identify(info); return {result: 'ok'}; }, chatMode: () => (w.online ? 'online' : 'offline'),
    sendOfflineMessage: f => { w.identify(f); return {result: 'ok'}; }};
})();
""",
    "tawk": r"""
(function () {
  const api = window.Tawk_API = window.Tawk_API || {};
  const call = (n, a) => { if (typeof api[n] === 'function') api[n](a); };
  RWDemo.frame({container: 'tawkchat-container'}, 'chat widget').then(f => {
    let joined = false;
    const w = RWDemo.mount({doc: f.contentDocument, root: f.contentDocument.body, conv: window.RW_CONV, timeStyle: 'hm', offlineText: RWDemo.OFFLINE(),
      cls: {launcher: 'tawk-min-container', panel: 'tawk-chat-panel', list: 'tawk-messages', me: 'tawk-message visitor', op: 'tawk-message agent', name: 'tawk-agent-name', text: 'tawk-text', time: 'tawk-time', input: 'tawk-chatinput-editor', send: 'tawk-button-send'},
      hooks: {incoming: m => { if (m.from === 'system') { call('onChatMessageSystem', {message: m.text}); return; }
                if (m.from === 'operator' && !m.greeting && !joined) { joined = true; call('onAgentJoinChat', {name: m.name, position: 'Оператор', image: '', id: 'a1'}); }
                call('onChatMessageAgent', {message: m.text, name: m.name}); },
              sent: t => call('onChatMessageVisitor', {message: t}), status: s => call('onStatusChange', s), offline: f => call('onOfflineSubmit', f),
              opened: () => call('onChatMaximized')}});
    api.maximize = () => w.open(); api.minimize = () => {}; api.toggle = () => w.open();
    api.getStatus = () => (w.online ? 'online' : 'offline');
    api.setAttributes = (a, cb) => { w.identify(a); if (cb) cb(); };
    call('onLoad');
  });
})();
""",
    "livechat": r"""
(function () {
  const handlers = {}; let loaded = false, w = null, seq = 0;
  const emit = (n, d) => (handlers[n] || []).forEach(f => f(d));
  window.LiveChatWidget = {
    on: (n, f) => { (handlers[n] = handlers[n] || []).push(f); }, off: (n, f) => { handlers[n] = (handlers[n] || []).filter(x => x !== f); },
    call: (m, a) => { if (!w) return; if (m === 'maximize') w.open(); else if (m === 'set_customer_name') w.identify({name: a});
      else if (m === 'set_customer_email') w.identify({email: a}); else if (m === 'set_session_variables') w.identify(a); },
    get: n => { if (!loaded) throw new Error('LiveChatWidget is not loaded yet');
      if (n === 'state') return {availability: w.online ? 'online' : 'offline', visibility: w.opened ? 'maximized' : 'minimized'};
      if (n === 'customer_data') return {}; return null; },
  };
  RWDemo.frame({container: 'chat-widget-container', frame: 'chat-widget'}, 'LiveChat chat widget').then(f => {
    w = RWDemo.mount({doc: f.contentDocument, root: f.contentDocument.body, conv: window.RW_CONV, timeStyle: 'hm', offlineText: RWDemo.OFFLINE(),
      cls: {launcher: 'lc-minimized', panel: 'lc-chat', list: 'lc-message-list', me: 'lc-msg lc-customer', op: 'lc-msg lc-agent', name: 'lc-author', text: 'lc-text', time: 'lc-time', input: 'lc-textarea', send: 'lc-send'},
      hooks: {incoming: m => { const ev = {id: m.id, timestamp: m.ts, type: 'message', text: m.text,
                  author: {id: m.from === 'bot' ? 'bot-chatbot-1' : m.from === 'system' ? 'system' : 'agent-' + m.name, type: 'agent', name: m.name}};
                if (m.greeting) { ev.greeting = {id: 7, uniqueId: 'g-' + m.id}; emit('greeting_displayed', ev.greeting); }
                emit('new_event', ev); },
              sent: t => emit('new_event', {id: 'c' + (++seq), timestamp: Date.now(), type: 'message', text: t, author: {id: 'me', type: 'customer'}}),
              status: s => emit('availability_changed', {availability: s}), offline: f => emit('form_submitted', {type: 'ticket'}),
              ready: () => { loaded = true; emit('ready', {state: LiveChatWidget.get('state')}); }}});
  });
})();
""",
    "crisp": r"""
(function () {
  const queued = Array.isArray(window.$crisp) ? window.$crisp : []; const handlers = {}; let w = null, loaded = false;
  const emit = (n, d) => (handlers[n] || []).forEach(f => f(d));
  const root = document.createElement('div'); root.className = 'crisp-client'; root.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:1000000';
  const box = document.createElement('div'); box.id = 'crisp-chatbox'; root.append(box); document.body.append(root);
  const run = cmd => { const [verb, what, arg] = cmd;
    if (verb === 'on') { (handlers[what] = handlers[what] || []).push(arg); return; }
    if (!w) { queued.push(cmd); return; }
    if (verb === 'do' && what === 'chat:open') w.open();
    else if (verb === 'do' && what === 'message:send') { w.open(); w.send(arg[1]); }
    else if (verb === 'set' && what === 'user:nickname') w.identify({name: arg[0]});
    else if (verb === 'set' && what === 'user:email') w.identify({email: arg[0]});
    else if (verb === 'set' && what === 'user:phone') w.identify({phone: arg[0]}); };
  window.$crisp = {push: run, is: n => { if (!loaded) return false; if (n === 'website:available') return w.online; if (n === 'chat:opened') return w.opened; return false; },
    get: n => null};
  w = RWDemo.mount({doc: document, root: box, conv: window.RW_CONV, timeStyle: 'hms', offlineText: RWDemo.OFFLINE(),
    cls: {launcher: 'cc-launcher', panel: 'cc-chat', list: 'cc-messages', me: 'cc-message cc-message--user', op: 'cc-message cc-message--operator', name: 'cc-nickname', text: 'cc-content', time: 'cc-date', input: 'cc-textarea', send: 'cc-send'},
    hooks: {incoming: m => emit('message:received', {type: 'text', from: 'operator', origin: m.from === 'operator' ? 'chat' : 'urn:crisp.im:bot',
              automated: m.from !== 'operator', content: m.text, timestamp: m.ts, fingerprint: m.id, user: {nickname: m.name, user_id: m.from}}),
            sent: t => emit('message:sent', {type: 'text', from: 'user', origin: 'chat', content: t, timestamp: Date.now()}),
            status: s => emit('website:availability:changed', s === 'online'), ready: () => { loaded = true; emit('session:loaded', 'demo-session'); }}});
  for (const cmd of queued.splice(0)) run(cmd);
})();
""",
    "tidio": r"""
(function () {
  const handlers = {}; let w = null;
  const emit = (n, d) => { (handlers[n] || []).forEach(f => f(d)); document.dispatchEvent(new CustomEvent('tidioChat-' + n, {detail: d})); };
  RWDemo.frame({container: 'tidio-chat', frame: 'tidio-chat-iframe'}, 'Tidio Chat').then(f => {
    w = RWDemo.mount({doc: f.contentDocument, root: f.contentDocument.body, conv: window.RW_CONV, timeStyle: 'hm', offlineText: RWDemo.OFFLINE(),
      cls: {launcher: 'tidio-launcher', panel: 'tidio-chat-window', list: 'tidio-conversation', me: 'message message-visitor', op: 'message message-operator', name: 'operator-name', text: 'message-content', time: 'message-time', input: 'tidio-input', send: 'tidio-send'},
      hooks: {incoming: m => emit('messageFromOperator', {message: m.text}), sent: t => emit('messageFromVisitor', {message: t}),
              ready: () => { window.tidioChatApi = api; emit('ready', {}); }}});
  });
  const api = {on: (n, f) => { (handlers[n] = handlers[n] || []).push(f); }, open: () => w && w.open(), close: () => {}, show: () => {}, hide: () => {},
    setVisitorData: d => w && w.identify(d), messageFromVisitor: t => { if (w) { w.open(); w.send(t); } },
    messageFromOperator: t => {}, display: () => {}};
})();
""",
}
