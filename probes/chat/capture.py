"""Seeing every chat message with the browser's own timestamp, whatever the widget.

One init script runs in every frame before the site's scripts. It
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
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import BrowserContext, Frame, Page

BINDING = "__rwEmit"
MAX_TEXT = 2000
MAX_EVENTS = 400  # per watch: bounds memory on chatty pages

CALLBACK_GLOBALS = (
    "jivo_onLoadCallback", "jivo_onMessageReceived", "jivo_onAccept", "jivo_onMessageSent",
    "jivo_onChangeState", "jivo_onOpen", "jivo_onClientStartChat", "jivo_onIntroduction",
)
TAWK_CALLBACKS = (
    "onLoad", "onStatusChange", "onChatMaximized", "onChatStarted", "onChatEnded", "onAgentJoinChat",
    "onAgentLeaveChat", "onChatMessageVisitor", "onChatMessageAgent", "onChatMessageSystem",
    "onOfflineSubmit", "onUnreadCountChanged",
)
CHATRA_CALLBACKS = ("onNewMessage", "onAnalyticEvent", "onChatStarted")

INIT_JS = r"""
(() => {
  if (window.__rwCap) return; window.__rwCap = 1;
  const MAXT = %(maxt)d, queue = [];
  const send = ev => { ev.tz = new Date().getTimezoneOffset();
    if (typeof window.%(binding)s === 'function') { while (queue.length) window.%(binding)s(queue.shift()); window.%(binding)s(ev); }
    else if (queue.length < 200) { queue.push(ev); setTimeout(() => send({kind: 'flush', t: Date.now()}), 200); } };
  const safe = v => { try { return JSON.parse(JSON.stringify(v, (k, x) => typeof x === 'string' ? x.slice(0, MAXT) : x)); } catch (e) { return String(v).slice(0, MAXT); } };
  window.__rwApi = (vendor, event, payload) => send({kind: 'api', t: Date.now(), vendor, event, payload: safe(payload)});
  // ---- callback globals: keep the site's handler and ours
  const chain = (vendor, name, getSite) => function (...args) {
    try { window.__rwApi(vendor, name, args.length > 1 ? args : args[0]); } catch (e) {}
    const f = getSite(); if (typeof f === 'function') return f.apply(this, args); };
  const wrapProp = (obj, name, vendor) => {
    let site = obj[name]; const ours = chain(vendor, name, () => site);
    try { Object.defineProperty(obj, name, {configurable: true, enumerable: true,
      get: () => ours, set: v => { if (v !== ours) site = v; }}); } catch (e) {} };
  for (const n of %(globals)s) wrapProp(window, n, 'jivo');
  // a site's `function jivo_onX() {}` replaces our accessor with a plain property: wrap it again
  const rewrap = () => { for (const n of %(globals)s) { const d = Object.getOwnPropertyDescriptor(window, n);
    if (d && 'value' in d && typeof d.value === 'function' && !d.value.__rw && d.writable) {
      const site = d.value; const ours = chain('jivo', n, () => site); ours.__rw = 1; try { window[n] = ours; } catch (e) {} } } };
  document.addEventListener('DOMContentLoaded', rewrap); window.addEventListener('load', rewrap);
  if (window === window.top) setInterval(rewrap, 300);
  const wrapHolder = (holder, names, vendor) => { let cur;
    try { Object.defineProperty(window, holder, {configurable: true, enumerable: true, get: () => cur,
      set: v => { cur = v; if (v && typeof v === 'object' && !v.__rwWrapped) {
        try { Object.defineProperty(v, '__rwWrapped', {value: 1}); } catch (e) {}
        for (const n of names) wrapProp(v, n, vendor); } }}); } catch (e) {} };
  wrapHolder('Tawk_API', %(tawk)s, 'tawk');
  wrapHolder('ChatraSetup', %(chatra)s, 'chatra');
  window.addEventListener('onBitrixLiveChat', e => { try { window.__rwB24 = e.detail && e.detail.widget; } catch (x) {} });
  // ---- DOM: when did each node appear, and which list holds our bubble
  const seen = new WeakMap(); window.__rwSeen = seen;
  const norm = s => String(s || '').replace(/\s+/g, ' ').trim();
  const textOf = n => norm(n.innerText !== undefined && n.isConnected ? n.innerText : n.textContent).slice(0, MAXT);
  const SKIP = /^(SCRIPT|STYLE|LINK|META|NOSCRIPT|TEMPLATE|SVG|PATH|IMG|BR)$/;
  const timeHint = n => { const out = {};
    const te = n.matches && n.matches('time,[datetime]') ? n : n.querySelector && n.querySelector('time[datetime],[datetime],[data-time],[data-timestamp]');
    if (te) { out.datetime = te.getAttribute('datetime') || te.getAttribute('data-time') || te.getAttribute('data-timestamp'); }
    for (const a of ['data-time', 'data-timestamp', 'data-ts']) if (!out.datetime && n.getAttribute && n.getAttribute(a)) out.datetime = n.getAttribute(a);
    const TIME = /^[0-2]?\d:[0-5]\d(?::[0-5]\d)?$/;
    if (n.querySelectorAll) for (const x of n.querySelectorAll('*')) { const t = norm(x.textContent); if (!x.childElementCount && TIME.test(t)) { out.clock = t; break; } }
    if (!out.clock) { const all = [...textOf(n).matchAll(/(?:^|[^\d:])([0-2]?\d:[0-5]\d(?::[0-5]\d)?)(?![\d:])/g)]; if (all.length) out.clock = all[all.length - 1][1]; }
    return out; };
  const senderHint = n => { const s = n.querySelector && n.querySelector('[class*="name" i],[class*="author" i],[class*="sender" i],[class*="operator-name" i]');
    return s ? textOf(s).slice(0, 120) : null; };
  const clsChain = n => { const out = []; let x = n;
    for (let i = 0; x && x.nodeType === 1 && i < 4; i++, x = x.parentElement) out.push(String(x.className && x.className.baseVal !== undefined ? x.className.baseVal : x.className || '') + ' ' + (x.getAttribute('data-from') || '') + ' ' + (x.getAttribute('data-author') || ''));
    return out.join(' | ').slice(0, 400); };
  const side = n => { try { const r = n.getBoundingClientRect(), p = (n.parentElement || n).getBoundingClientRect();
    if (!r.width || !p.width) return null; const c = (r.left + r.right) / 2 - p.left;
    return r.width > p.width * 0.9 ? 'full' : c > p.width * 0.55 ? 'right' : c < p.width * 0.45 ? 'left' : 'center'; } catch (e) { return null; } };
  const seenAt = n => { for (let x = n; x; x = x.parentElement || (x.getRootNode && x.getRootNode().host)) { const v = seen.get(x); if (v) return v; } return Date.now(); };
  const describe = (n, extra) => ({t: seenAt(n), text: textOf(n), cls: clsChain(n), side: side(n),
    buttons: n.querySelectorAll ? n.querySelectorAll('button,[role=button],a.button,[class*="button" i],[class*="quick" i]').length : 0,
    sender: senderHint(n), time: timeHint(n), tag: n.tagName, tz: new Date().getTimezoneOffset(), ...extra});
  let question = null, container = null;
  const inList = n => !!(container && container.isConnected && (container === n || container.contains(n)));
  const isOwnInput = n => n.closest && n.closest('textarea,input,[contenteditable=""],[contenteditable=true]');
  const onAdded = (target, n) => {
    seen.set(n, Date.now());
    if (!question || SKIP.test(n.tagName) || isOwnInput(n)) return;
    setTimeout(() => {  // let the widget fill the node (frameworks add then fill)
      if (!n.isConnected) return; const d = describe(n, {}); if (!d.text) return;
      if (container && !container.isConnected) container = null;  // the widget re-rendered its list
      if (!container && d.text.includes(question)) { let c = target.nodeType === 1 ? target : (target.host || null);
        for (let i = 0; i < 2 && c && c.children.length <= 1 && c.parentElement && c.parentElement !== document.body; i++) c = c.parentElement;
        container = c; }
      d.kind = 'dom'; d.inList = inList(n); d.mine = d.text.includes(question); send(d); }, 30); };
  const watch = root => new MutationObserver(ms => { for (const m of ms) for (const x of m.addedNodes) {
      const n = x.nodeType === 3 ? x.parentElement : x;
      if (n && n.nodeType === 1) { onAdded(x.nodeType === 3 ? (n.parentNode || m.target) : m.target, n); if (n.shadowRoot) watch(n.shadowRoot); } } })
    .observe(root, {childList: true, subtree: true});
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (o) { const r = attach.call(this, o); try { watch(r); } catch (e) {} return r; };
  watch(document);
  window.__rwArm = (q, depth) => { question = norm(q).slice(0, 60);
    try { const f = window.__rwLocate && window.__rwLocate(question, depth); if (f && f.bubble && f.bubble.parentNode) container = f.bubble.parentNode; } catch (e) {}
    return true; };  // on a reopened page our bubble is already there: its list is the container
  // ---- reading the list around our bubble (reopened pages, fallbacks)
  const allRoots = () => { const roots = [document]; const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } }; walk(document); return roots; };
  const deepest = qq => { let best = null;
    for (const r of allRoots()) for (const el of r.querySelectorAll('*')) {
      if (SKIP.test(el.tagName) || isOwnInput(el)) continue;
      const t = norm(el.textContent); if (t.includes(qq) && (!best || best.contains(el) || t.length < norm(best.textContent).length)) best = el; }
    return best; };
  const alike = (a, b) => { if (a.tagName !== b.tagName) return false;
    const ca = new Set(String(a.className || '').split(/\s+/).filter(Boolean)); const cb = String(b.className || '').split(/\s+/).filter(Boolean);
    return cb.some(x => ca.has(x)) || (a.childElementCount > 0 && b.childElementCount > 0); };
  const isChrome = k => !!(k.querySelector && k.querySelector('textarea,input,[contenteditable],form')) || /^(TEXTAREA|INPUT|FORM|BUTTON)$/.test(k.tagName);
  const locate = (qq, depth) => { const best = deepest(qq); if (!best) return null;
    let bubble = null;
    if (typeof depth === 'number' && depth >= 0) { bubble = best; for (let i = 0; i < depth && bubble.parentElement; i++) bubble = bubble.parentElement; }
    else { let b = best;  // climb to the level where our bubble has look-alike siblings, inside the widget only
      for (let i = 0; i < 6 && b.parentElement && b.parentElement !== document.body; i++) {
        const sib = [...b.parentElement.children].filter(k => k !== b && norm(k.textContent) && !isChrome(k));
        if (sib.some(k => alike(k, b))) { bubble = b; break; }
        if (getComputedStyle(b.parentElement).position === 'fixed') break; b = b.parentElement; } }
    return {best, bubble}; };
  window.__rwLocate = locate;
  window.__rwSnapshot = (q, depth) => { const qq = norm(q).slice(0, 60); const found = locate(qq, depth);
    if (!found) return null; const {best, bubble} = found;
    if (!bubble || !bubble.parentNode) return {found: true, messages: [], depth: null};
    let d = 0; for (let x = best; x && x !== bubble; x = x.parentElement) d++;
    const list = bubble.parentNode, kids = [...list.children], i = kids.indexOf(bubble);
    return {found: true, depth: d, messages: kids.map((k, j) => (isChrome(k) ? null : {...describe(k, {}), order: j - i, mine: j === i})).filter(m => m && m.text)}; };
})();
"""


def init_script() -> str:
    import json

    return INIT_JS % {
        "maxt": MAX_TEXT, "binding": BINDING, "globals": json.dumps(list(CALLBACK_GLOBALS)),
        "tawk": json.dumps(list(TAWK_CALLBACKS)), "chatra": json.dumps(list(CHATRA_CALLBACKS)),
    }


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
        self.events.append(Captured(kind=ev["kind"], at=at, received=time.time(), frame_url=str(url)[:500], data=ev))
        self.total += 1
        self.changed.set()

    def drain(self) -> list[Captured]:
        """Events not yet consumed (older ones may have been dropped by the bound)."""
        new = self.total - self.cursor
        self.cursor = self.total
        if new <= 0:
            return []
        return list(self.events)[-min(new, len(self.events)):]

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
        try:
            await frame.evaluate(js)
        except Exception:  # detached or navigating frame
            pass


async def arm(page: Page, question: str, depth: int | None = None) -> int:
    """Start shipping new nodes, and tell every frame which text is ours. Returns frames armed."""
    await ensure_in_frames(page)
    n = 0
    for frame in page.frames:
        try:
            if await frame.evaluate("([q, d]) => window.__rwArm ? window.__rwArm(q, d) : false", [question, depth]):
                n += 1
        except Exception:
            pass
    return n


async def snapshot(page: Page, question: str, depth: int | None = None) -> tuple[Frame | None, list[dict[str, Any]], int | None]:
    """The message list around our bubble, from whichever frame holds it, and the bubble's depth.

    ``depth`` (levels from the text to the bubble, learnt on the live page) lets a
    reopened page find the same list without guessing.
    """
    await ensure_in_frames(page)
    for frame in page.frames:
        try:
            res = await frame.evaluate("([q, d]) => window.__rwSnapshot ? window.__rwSnapshot(q, d) : null", [question, depth])
        except Exception:
            continue
        if res and res.get("found"):
            return frame, list(res.get("messages") or []), res.get("depth")
    return None, [], None
