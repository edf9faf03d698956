"""Finding the form a customer would use: in the page, in iframes, behind buttons, on the contact page.

Shops hide their question form in modals ("Задать вопрос"), slide-ins ("Заказать
звонок"), third-party iframes, or on a separate contacts page. This module tries what a
person would: look, click the obvious button, follow the "Contacts" link, in that order
and within the time budget.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Frame, Page

from probes.form.classify import fitness
from probes.form.snapshot import Group, Snapshot, scan

log = logging.getLogger(__name__)

MIN_FIT = 3.0

TRIGGERS = {
    "form": r"задать вопрос|задайте вопрос|обратн\w* связ|напи(шите|сать) нам|связаться|зв'язатися|зворотн|"
            r"поставити питання|задати питання|напишіть нам|contact us|ask a question|send (us )?a message|"
            r"get in touch|feedback|вопрос|питання|консультац|получить прайс|прайс|написать",
    "pricelist": r"прайс|price ?list|получить каталог|коммерческое предложение|комерційна пропозиція|отримати прайс",
    "subscribe": r"подпис|підпис|subscribe|newsletter|рассылк|розсилк",
    "callback": r"заказать (обратный )?звонок|перезвоните|обратный звонок|замовити дзвінок|передзвоніть|"
                r"зворотний дзвінок|request a call ?back|call me back|callback|call back|звонок|дзвінок",
}
CONTACT_LINK = re.compile(
    r"контакт|обратн\w* связ|связаться|зворотн|зв'яз|contact|feedback|support|kontakt|svyaz|help|помощь|допомога", re.I)


@dataclass(frozen=True)
class Found:
    frame: Frame
    group: Group
    snapshot: Snapshot
    score: float
    how: str  # page | iframe | button: <text> | link: <url>


async def snapshots(page: Page, root: str | None = None) -> list[tuple[Frame, Snapshot]]:
    out = []
    for i, frame in enumerate(page.frames):
        if frame.is_detached():
            continue
        out.append((frame, await scan(frame, i, root)))
    return out


def best(snaps: list[tuple[Frame, Snapshot]], want: str, root_only: bool = False) -> Found | None:
    top: Found | None = None
    for frame, snap in snaps:
        for g in snap.groups:
            if not g.visible_fields:
                continue
            if root_only:
                score = 100.0 if g is snap.groups[0] else 0.0
            else:
                score = fitness(g, want)
            if score >= MIN_FIT and (top is None or score > top.score):
                how = "page" if frame == frame.page.main_frame else "iframe"
                top = Found(frame, g, snap, score, how)
    return top


def trigger_candidates(snaps: list[tuple[Frame, Snapshot]], want: str, tried: set[str]) -> list[tuple[Frame, str, str]]:
    rx = re.compile(TRIGGERS.get(want, TRIGGERS["form"]), re.I)
    found = []
    for frame, snap in snaps:
        for t in snap.triggers:
            if t.tid in tried or not rx.search(t.text):
                continue
            if t.href and not t.href.startswith(("#", "javascript")) and urlsplit(t.href).path not in ("", "/"):
                # a real link: followed as a page below, not clicked as a button
                continue
            found.append((frame, t.selector, t.text))
    # the most specific (longest matching) phrases first
    found.sort(key=lambda x: -len(rx.search(x[2]).group(0)))  # type: ignore[union-attr]
    return found


def contact_links(snap: Snapshot, base: str, visited: set[str], want: str) -> list[str]:
    host = urlsplit(base).netloc
    rx = re.compile(TRIGGERS.get(want, "") + "|" + CONTACT_LINK.pattern, re.I)
    out: list[str] = []
    for href, text in snap.links:
        url = urljoin(base, href).split("#")[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host or url in visited or url in out:
            continue
        if rx.search(text) or CONTACT_LINK.search(parts.path):
            out.append(url)
    root = f"{urlsplit(base).scheme}://{host}/"
    if root not in visited and root not in out:
        out.append(root)  # the home page's header button is the last place a person looks
    return out[:3]


async def locate(page: Page, want: str, *, selector: str | None = None, max_clicks: int = 3,
                 max_pages: int = 2) -> Found | None:
    """The best form for a touchpoint kind, opening modals and following contact links as needed."""
    if selector:
        return await _by_selector(page, selector)
    visited = {page.url.split("#")[0]}
    queue: list[str] = []
    for hop in range(max_pages + 1):
        snaps = await snapshots(page)
        found = best(snaps, want)
        if found:
            return found
        # late scripts and lazy blocks render forms only after a moment or on scroll, as a reader scrolls
        await _scroll_through(page)
        snaps = await snapshots(page)
        found = best(snaps, want)
        if found:
            return found
        tried: set[str] = set()
        for _ in range(max_clicks):
            cands = trigger_candidates(snaps, want, tried)
            if not cands:
                break
            frame, sel, text = cands[0]
            tried.add(sel.split('"')[1])
            try:
                await frame.locator(sel).first.click(timeout=3000)
                await page.wait_for_timeout(500)
            except Exception as exc:
                log.debug("trigger %r did not click: %s", text, exc)
                continue
            snaps = await snapshots(page)
            found = best(snaps, want)
            if found:
                return Found(found.frame, found.group, found.snapshot, found.score, f"button: {text}")
        main = next((s for f, s in snaps if f == page.main_frame), None)
        if main:
            queue += [u for u in contact_links(main, page.url, visited, want) if u not in queue]
        queue = [u for u in queue if u not in visited]
        if hop == 0 and not queue:
            # nowhere else to look: the page's own timed popup is the last chance
            found = await _wait_for_late_popup(page, want)
            if found:
                return found
        if hop == max_pages or not queue:
            break
        nxt = queue.pop(0)
        visited.add(nxt)
        try:
            await page.goto(nxt, wait_until="domcontentloaded")
        except Exception as exc:
            log.debug("contact page %s did not load: %s", nxt, exc)
    return None


LATE_POPUP_S = 6.0  # "we'll call you back in 30 s!" popups open a few seconds after the page


async def _wait_for_late_popup(page: Page, want: str, until: float = LATE_POPUP_S) -> Found | None:
    """Give the page's own timed popups a chance before leaving it, as a reader would notice them."""
    while True:
        try:
            age = float(await page.evaluate("() => performance.now() / 1000"))
        except Exception:
            return None
        if age >= until:
            return None
        await page.wait_for_timeout(min(1000.0, (until - age) * 1000 + 50))
        found = best(await snapshots(page), want)
        if found:
            return Found(found.frame, found.group, found.snapshot, found.score, "popup")


async def _scroll_through(page: Page) -> None:
    try:
        await page.evaluate("() => window.scrollTo(0, document.body ? document.body.scrollHeight : 0)")
        await page.wait_for_timeout(600)
        await page.evaluate("() => window.scrollTo(0, 0)")
    except Exception as exc:  # navigation in progress: the next scan will tell
        log.debug("scroll failed: %s", exc)


async def _by_selector(page: Page, selector: str) -> Found | None:
    snaps = await snapshots(page, root=selector)
    for frame, snap in snaps:
        if snap.groups and (await frame.locator(selector).count()) > 0:
            g = snap.groups[0]
            return Found(frame, g, snap, 100.0, "selector")
    return None


def rescan_group(snaps: list[tuple[Frame, Snapshot]], gid: str) -> tuple[Frame, Group] | None:
    for frame, snap in snaps:
        for g in snap.groups:
            if g.gid == gid:
                return frame, g
    return None


BANNER_JS = r"""
() => {
  const OK = /^(принять|принимаю|согласен|согласна|понятно|хорошо|ok|okay|accept|accept all|accept cookies|allow all|i agree|got it|прийняти|погоджуюсь|зрозуміло|закрыть)$/i;
  let n = 0;
  for (const el of document.querySelectorAll('button,a,[role=button],input[type=button]')) {
    const t = (el.innerText || el.value || '').trim();
    if (!OK.test(t)) continue;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const pos = getComputedStyle(a).position;
      if ((pos === 'fixed' || pos === 'sticky') && /cookie|куки|кукі|персональн|файлы/i.test(a.innerText)) { el.click(); n++; break; }
    }
  }
  return n;
}
"""


async def dismiss_banners(page: Page) -> int:
    """Close cookie banners the way a visitor does, so they do not cover the form's button."""
    try:
        return int(await page.evaluate(BANNER_JS))
    except Exception:
        return 0
