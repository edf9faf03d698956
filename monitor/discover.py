"""Touchpoint inventory of a shop site: step 1 of the audit users otherwise do by hand.

A light, polite crawl (a few same-site pages, robots.txt respected, a pause between
pages) in the shared Chromium, reusing the form probe's own eyes (probes.form) so that
what `discover` lists is exactly what a probe would find: forms and their kinds
(including those behind buttons and in iframes), callback widgets, the chat vendor,
e-mail addresses, phone numbers and messenger links. It never submits anything.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from playwright.async_api import Page

from probes import phones
from probes.browser import BrowserPool
from probes.form.classify import classify
from probes.form.fields import role_of
from probes.form.locate import CONTACT_LINK, TRIGGERS, snapshots
from probes.form.snapshot import Group, Snapshot

log = logging.getLogger(__name__)

USER_AGENT = "replywatch-discover"
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(
    r"(?<![\d\w])(?:\+\d{1,3}[\s\-]?|8[\s\-]?)?(?:\(\d{2,5}\)|\d{2,5})[\s\-]?\d{2,3}[\s\-]?\d{2}[\s\-]?\d{2}(?![\d\w])"
)
MESSENGERS = {
    "telegram": re.compile(r"^(https?://)?(t\.me|telegram\.me|telegram\.dog)/|^tg://", re.I),
    "whatsapp": re.compile(
        r"^(https?://)?(wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com)/|^whatsapp://", re.I
    ),
    "viber": re.compile(r"^viber://", re.I),
    "vk": re.compile(r"^(https?://)?(m\.)?(vk\.com|vk\.me)/", re.I),
}
# Third-party callback widgets, by the hosts or names of their scripts and frames.
CALLBACK_VENDORS = {
    "envybox": r"envybox\.io|envycrm",
    "callbackhunter": r"callbackhunter",
    "callbackkiller": r"callbackkiller|cbkiller",
    "calltouch": r"calltouch\.ru",
    "comagic/uis": r"comagic\.ru|uiscom\.ru",
    "redconnect": r"redconnect\.ru",
    "leadback": r"leadback\.ru",
    "lptracker": r"lptracker\.ru",
    "perezvoni": r"perezvoni\.com",
    "bitrix24 callback": r"bitrix24\.\w+/b\d+/crm/site_button|crm/site_button",
    "zadarma": r"zadarma\.com.*callback",
}
TOUCHPOINT_OF = {
    "question": "form",
    "callback": "callback",
    "pricelist": "pricelist",
    "subscribe": "subscription",
}


@dataclass(frozen=True)
class FoundForm:
    page: str
    kind: str  # question | callback | pricelist | subscribe | search | login | cart | other
    where: str  # page | iframe | button: <text>
    fields: tuple[str, ...]  # roles of the visible fields
    action: str = ""
    score: float = 0.0

    @property
    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.kind, self.action, self.fields)


@dataclass
class Inventory:
    url: str
    pages: list[str] = field(default_factory=list)
    forms: list[FoundForm] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    messengers: dict[str, list[str]] = field(default_factory=dict)
    chat: str | None = None
    callback_buttons: list[str] = field(default_factory=list)
    callback_vendors: list[str] = field(default_factory=list)
    robots_skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add_form(self, form: FoundForm) -> None:
        if all(f.signature != form.signature for f in self.forms):
            self.forms.append(form)


# ---------------------------------------------------------------- pure extraction


def emails_in(text: str, links: tuple[tuple[str, str], ...]) -> list[str]:
    found = [unquote(h[7:].split("?")[0]) for h, _ in links if h.lower().startswith("mailto:")]
    found += EMAIL_RE.findall(text)
    out: list[str] = []
    for e in found:
        e = e.strip().strip(".").lower()
        if EMAIL_RE.fullmatch(e) and not e.endswith((".png", ".jpg", ".svg", ".webp")) and e not in out:
            out.append(e)
    return out


def phone_key(text: str, region: str | None = None) -> str:
    """E.164 when the number reads as one in ``region`` (the site's country), else its digits."""
    return phones.key(text, region)


def phones_in(text: str, links: tuple[tuple[str, str], ...], region: str | None = None) -> list[str]:
    found = [m.group(0) for m in PHONE_RE.finditer(text)]  # as the shop writes it, first
    found += [unquote(h[4:]) for h, _ in links if h.lower().startswith("tel:")]
    out: list[str] = []
    keys: set[str] = set()
    for p in found:
        p = p.strip()
        k = phone_key(p, region)
        if (k.startswith("+") or (k.isdigit() and 10 <= len(k) <= 13)) and k not in keys:
            keys.add(k)
            out.append(p)
    return out


def messengers_in(links: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for href, _ in links:
        for name, rx in MESSENGERS.items():
            if rx.search(href) and href not in out.setdefault(name, []):
                out[name].append(href)
    return {k: v for k, v in out.items() if v}


def callback_vendors_in(sources: list[str]) -> list[str]:
    """Callback widget vendors named by script/iframe URLs. Pure."""
    return [name for name, rx in CALLBACK_VENDORS.items() if any(re.search(rx, u, re.I) for u in sources)]


def describe_group(page_url: str, g: Group, where: str) -> FoundForm:
    v = classify(g)
    roles = tuple(role_of(f) for f in g.visible_fields)
    return FoundForm(page_url, v.kind, where, roles, g.action, v.score)


def next_links(snap: Snapshot, base: str, seen: set[str]) -> list[str]:
    """Same-site pages worth a look, contact-like ones first."""
    host = urlsplit(base).netloc
    contact: list[str] = []
    other: list[str] = []
    for href, text in snap.links:
        url = urljoin(base, href).split("#")[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host or url in seen:
            continue
        if re.search(r"\.(pdf|jpe?g|png|gif|zip|docx?|xlsx?)$", parts.path, re.I):
            continue
        bucket = contact if (CONTACT_LINK.search(text) or CONTACT_LINK.search(parts.path)) else other
        if url not in bucket:
            bucket.append(url)
    return contact + other


# ---------------------------------------------------------------- crawl

ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2: follow at least five
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 2.5: at least 500 KiB must be parsed; more may be ignored
ALLOW_ALL: list[str] = []
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


async def load_robots(url: str, timeout: float = 5.0) -> RobotFileParser:
    """robots.txt by RFC 9309: redirects followed (up to 5), 2xx parsed, 4xx or too many
    redirects allow all (unavailable), 5xx or no connection disallow all (unreachable).
    """
    parts = urlsplit(url)
    where = f"{parts.scheme}://{parts.netloc}/robots.txt"
    robots = RobotFileParser(where)
    try:
        async with httpx.AsyncClient(
            timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=False
        ) as client:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):
                resp = await client.get(where)
                if not resp.is_redirect:
                    break
                where = urljoin(where, resp.headers.get("location", ""))
            else:
                robots.parse(ALLOW_ALL)
                return robots
    except httpx.HTTPError:
        robots.parse(DISALLOW_ALL)
        return robots
    if resp.status_code >= 500:
        robots.parse(DISALLOW_ALL)
    elif resp.status_code >= 400:
        robots.parse(ALLOW_ALL)
    else:
        robots.parse(resp.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
    return robots


async def _page_inventory(
    page: Page, url: str, inv: Inventory, tried: set[str], max_clicks: int
) -> Snapshot | None:
    snaps = await snapshots(page)
    main = next((s for f, s in snaps if f == page.main_frame), None)
    region = phones.region_from_url(inv.url)
    for frame, snap in snaps:
        where = "page" if frame == page.main_frame else "iframe"
        for g in snap.groups:
            if g.visible_fields:
                inv.add_form(describe_group(url, g, where))
            elif g.reveal and g.revealed().visible_fields:
                inv.add_form(describe_group(url, g.revealed(), f"{where}, in a closed tab or accordion"))
        for lst, new in (
            (inv.emails, emails_in(snap.text, snap.links)),
            (inv.phones, phones_in(snap.text, snap.links, region)),
        ):
            keys = {phone_key(x, region) if lst is inv.phones else x for x in lst}
            for item in new:
                if (phone_key(item, region) if lst is inv.phones else item) not in keys:
                    lst.append(item)
        for name, hrefs in messengers_in(snap.links).items():
            for h in hrefs:
                if h not in inv.messengers.setdefault(name, []):
                    inv.messengers[name].append(h)
    # buttons that open forms: click each (from a fresh load) and see what appears
    rx = re.compile(TRIGGERS["form"] + "|" + TRIGGERS["callback"], re.I)
    cb_rx = re.compile(TRIGGERS["callback"], re.I)
    buttons = [
        t
        for _, s in snaps
        for t in s.triggers
        if rx.search(t.text) and (not t.href or t.href.startswith(("#", "javascript")))
    ]
    for t in buttons[:max_clicks]:
        if t.text in tried:
            continue
        tried.add(t.text)
        if cb_rx.search(t.text) and t.text not in inv.callback_buttons:
            inv.callback_buttons.append(t.text)
        try:
            before = {g.gid for _, s in await snapshots(page) for g in s.groups if g.visible_fields}
            await page.locator(t.selector).first.click(timeout=3000)
            for _ in range(8):  # an AJAX-loaded form takes a moment to arrive
                await page.wait_for_timeout(300)
                fresh = [
                    g
                    for _f, snap in await snapshots(page)
                    for g in snap.groups
                    if g.visible_fields and g.gid not in before
                ]
                if fresh:
                    break
            for g in fresh:
                inv.add_form(describe_group(url, g, f"button: {t.text}"))
            await page.goto(url, wait_until="domcontentloaded")
        except Exception as exc:
            log.debug("button %r: %s", t.text, exc)
    return main


async def discover(
    url: str,
    pool: BrowserPool,
    *,
    max_pages: int = 6,
    delay: float = 0.5,
    chat_wait: float = 8.0,
    max_clicks: int = 4,
) -> Inventory:
    """Crawl lightly from ``url`` and list the site's touchpoints. Submits nothing."""
    inv = Inventory(url=url)
    robots = await load_robots(url)
    queue = [url]
    seen = {url}
    tried: set[str] = set()
    async with pool.context(allow_url=url) as ctx:
        page = await ctx.new_page()
        page.on("dialog", lambda d: asyncio.ensure_future(d.dismiss()))
        while queue and len(inv.pages) < max_pages:
            current = queue.pop(0)
            if not robots.can_fetch(USER_AGENT, current):
                inv.robots_skipped.append(current)
                continue
            if inv.pages:
                await asyncio.sleep(delay)  # be a polite visitor
            try:
                resp = await page.goto(current, wait_until="domcontentloaded", timeout=30000)
                if resp is not None and resp.status >= 400:
                    inv.errors.append(f"{current}: HTTP {resp.status}")
                    continue
                await page.wait_for_load_state("load", timeout=5000)
            except Exception as exc:
                inv.errors.append(f"{current}: {str(exc).splitlines()[0][:120]}")
                continue
            inv.pages.append(page.url)
            if len(inv.pages) == 1:
                inv.chat = await _chat_vendor(page, chat_wait)
            for vendor in callback_vendors_in(await _sources(page)):
                if vendor not in inv.callback_vendors:
                    inv.callback_vendors.append(vendor)
            main = await _page_inventory(page, page.url, inv, tried, max_clicks)
            if main is not None:
                for link in next_links(main, page.url, seen):
                    seen.add(link)
                    queue.append(link)
                queue.sort(key=lambda u: 0 if CONTACT_LINK.search(urlsplit(u).path) else 1)
    return inv


async def _sources(page: Page) -> list[str]:
    try:
        srcs = await page.evaluate(
            "() => [...document.querySelectorAll('script[src],iframe[src]')].map(e => e.src)"
        )
    except Exception:
        return []
    return [*map(str, srcs), *(f.url for f in page.frames[1:])]


async def _chat_vendor(page: Page, wait: float) -> str | None:
    """The chat on this page: its vendor, "unknown widget" for a generic one, or None.

    Detection may click floating launchers to see whether they open a chat, so it
    runs in a second tab: the page being inventoried stays as a visitor found it.
    """
    try:
        from probes.chat.detect import UNKNOWN, detect_vendor
    except ImportError:
        return None
    probe_page = await page.context.new_page()
    try:
        await probe_page.goto(page.url, wait_until="load", timeout=30000)
        found = await detect_vendor(probe_page, wait=wait)
    except Exception as exc:
        log.debug("chat detection failed: %s", exc)
        return None
    finally:
        await probe_page.close()
    return UNKNOWN_WIDGET if found == UNKNOWN else found


UNKNOWN_WIDGET = "unknown widget"


# ---------------------------------------------------------------- output


def target_name(url: str) -> str:
    host = urlsplit(url).hostname or "shop"
    return re.sub(r"[^\w.-]", "-", host.removeprefix("www."))


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_snippet(inv: Inventory, name: str | None = None) -> str:
    """A ready `targets:` entry; comments say where each touchpoint was found."""
    parts = urlsplit(inv.url)
    lines = [
        "targets:",
        f"  - name: {_q(name or target_name(inv.url))}",
        "    group: competitor",
        f"    url: {_q(f'{parts.scheme}://{parts.netloc}/')}",
        "    touchpoints:",
    ]
    used: set[str] = set()
    for kind in ("question", "callback", "pricelist", "subscribe"):
        forms = sorted((f for f in inv.forms if f.kind == kind), key=lambda f: -f.score)
        if not forms:
            continue
        f = forms[0]
        tp = TOUCHPOINT_OF[kind]
        used.add(tp)
        lines.append(f"      - {{kind: {tp}, url: {_q(f.page)}}}  # {f.where}: {', '.join(f.fields)}")
    if "callback" not in used and (inv.callback_buttons or inv.callback_vendors):
        what = (
            f"widget button: {inv.callback_buttons[0]}"
            if inv.callback_buttons
            else f"widget: {inv.callback_vendors[0]}"
        )
        lines.append(
            f"      - {{kind: callback, url: {_q(inv.pages[0] if inv.pages else inv.url)}}}  # {what}"
        )
    for i, email in enumerate(inv.emails[:3]):
        nm = "" if i == 0 else f", name: mail{i + 1}"
        lines.append(f"      - {{kind: email, to: {_q(email)}{nm}}}")
    if inv.chat:
        lines.append(
            f"      - {{kind: chat, url: {_q(inv.pages[0] if inv.pages else inv.url)}}}  # vendor: {inv.chat}"
        )
    if inv.phones:
        lines.insert(4, f"    phones: [{', '.join(_q(p) for p in inv.phones[:5])}]")
    return "\n".join(lines) + "\n"


def table_rows(inv: Inventory) -> list[tuple[str, str, str]]:
    """(touchpoint, what, where) rows for the readable table."""
    rows: list[tuple[str, str, str]] = []
    for f in inv.forms:
        rows.append((f"form: {f.kind}", ", ".join(f.fields), f"{f.page} ({f.where})"))
    for b in inv.callback_buttons:
        rows.append(("callback widget", b, "button"))
    for v in inv.callback_vendors:
        rows.append(("callback widget", v, "third-party script"))
    rows.append(("chat", inv.chat or "none found", inv.pages[0] if inv.pages else inv.url))
    for e in inv.emails:
        rows.append(("e-mail", e, ""))
    for p in inv.phones:
        rows.append(("phone", p, ""))
    for name, hrefs in inv.messengers.items():
        for h in hrefs:
            rows.append((f"messenger: {name}", h, ""))
    return rows
