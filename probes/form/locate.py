"""Finding the form a customer would use: in the page, in iframes, behind buttons, on the contact page.

Shops hide their question form in modals ("Задать вопрос"), slide-ins ("Заказать
звонок"), third-party iframes, or on a separate contacts page. This module tries what a
person would: look, click the obvious button, follow the "Contacts" link, in that order
and within the time budget.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Frame, Page

from probes.form.classify import NEXT_WORDS, classify, fitness
from probes.form.snapshot import Group, Snapshot, scan

log = logging.getLogger(__name__)

MIN_FIT = 3.0
SETTLE_S = 2.5  # the start page is looked at until it is this old before going elsewhere
LATE_FORM_S = 8.0  # forms rendered by late scripts and lazy embeds: the last look waits until then
TRIGGER_WAIT_S = 4.0  # an AJAX modal behind "Задать вопрос" gets this long to arrive
REVEAL_WAIT_S = 3.0  # a tab or accordion animating open
POLL_S = 0.3
STEP_MARK = re.compile(r"(шаг|step|крок)\s*\d+\s*(из|of|з|/)\s*\d+|готово:?\s*\d+\s*%", re.I)

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
    r"контакт|обратн\w* связ|связаться|зворотн|зв'яз|contact|feedback|support|kontakt|svyaz|help|помощь|допомога",
    re.I,
)


@dataclass(frozen=True)
class Found:
    frame: Frame
    group: Group
    snapshot: Snapshot
    score: float
    how: str  # page | iframe | button: <text> | tab: <text> | late | flow | link: <url>
    want: str = "form"


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
            score = (100.0 if g is snap.groups[0] else 0.0) if root_only else fitness(g, want)
            if score >= MIN_FIT and (top is None or score > top.score):
                how = "page" if frame == frame.page.main_frame else "iframe"
                top = Found(frame, g, snap, score, how, want)
    return top


def hidden_candidates(snaps: list[tuple[Frame, Snapshot]], want: str) -> list[tuple[float, Frame, Group]]:
    """Forms in closed tabs and accordions that would fit once shown, best first."""
    out = []
    for frame, snap in snaps:
        for g in snap.groups:
            if g.reveal and not g.visible_fields:
                score = fitness(g.revealed(), want)
                if score >= MIN_FIT:
                    out.append((score, frame, g))
    return sorted(out, key=lambda x: -x[0])


def flow_start(snaps: list[tuple[Frame, Snapshot]], want: str) -> Found | None:
    """The first screen of a flow (a wizard's step 1, a quiz question): a "Next" button over fields.

    Used only when no form fits outright: the screens after it say what the flow is for.
    """
    starts: list[tuple[int, Found]] = []
    for frame, snap in snaps:
        for g in snap.groups:
            if not g.visible_fields or classify(g).kind in ("search", "login", "cart", "review"):
                continue
            if not any(b.visible and NEXT_WORDS.search(b.text.strip()) for b in g.buttons):
                continue  # "Next" is what tells a person more screens follow
            marked = bool(STEP_MARK.search(snap.text) or STEP_MARK.search(g.text))
            starts.append((int(marked), Found(frame, g, snap, MIN_FIT, "flow", want)))
    return max(starts, key=lambda x: x[0])[1] if starts else None


def trigger_candidates(
    snaps: list[tuple[Frame, Snapshot]], want: str, tried: set[str]
) -> list[tuple[Frame, str, str]]:
    rx = re.compile(TRIGGERS.get(want, TRIGGERS["form"]), re.I)
    found = []
    for frame, snap in snaps:
        for t in snap.triggers:
            if t.tid in tried or not rx.search(t.text):
                continue
            if (
                t.href
                and not t.href.startswith(("#", "javascript"))
                and urlsplit(t.href).path not in ("", "/")
            ):
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


async def locate(
    page: Page, want: str, *, selector: str | None = None, max_clicks: int = 3, max_pages: int = 2
) -> Found | None:
    """The best form for a touchpoint kind: look, look again, open what hides it, then other pages.

    A form that only a late script renders is waited for last, back on the start page: most
    pages without a form simply link to the contacts page, and waiting there first costs seconds.
    """
    if selector:
        return await _by_selector(page, selector)
    start_url = page.url
    visited = {start_url.split("#")[0]}
    queue: list[str] = []
    for hop in range(max_pages + 1):
        found, snaps = await _on_this_page(page, want, max_clicks, settle=SETTLE_S if hop == 0 else 0.0)
        if found:
            return found
        main = next((s for f, s in snaps if f == page.main_frame), None)
        if main:
            queue += [u for u in contact_links(main, page.url, visited, want) if u not in queue]
        queue = [u for u in queue if u not in visited]
        if hop == 0 and not queue:
            return (await _wait_late(page, want))[0]
        if hop == max_pages or not queue:
            break
        nxt = queue.pop(0)
        visited.add(nxt)
        try:
            await page.goto(nxt, wait_until="domcontentloaded")
        except Exception as exc:
            log.debug("contact page %s did not load: %s", nxt, exc)
    try:
        await page.goto(start_url, wait_until="domcontentloaded")
    except Exception as exc:
        log.debug("start page %s did not load again: %s", start_url, exc)
        return None
    return (await _wait_late(page, want))[0]


async def _on_this_page(
    page: Page, want: str, max_clicks: int, *, settle: float
) -> tuple[Found | None, list[tuple[Frame, Snapshot]]]:
    """What a visitor does on one page: look, accept the cookie wall, scroll, open tabs and buttons."""
    snaps = await snapshots(page)
    found = best(snaps, want)
    if found is None and await dismiss_banners(page):
        found, snaps = await _poll(page, want, 1.5, "page")
    if found is None:
        await _scroll_through(page)
        snaps = await snapshots(page)
        found = best(snaps, want)
    if found is None:
        found = await _reveal(page, snaps, want)
    if found is None:
        found = await _click_triggers(page, snaps, want, max_clicks)
    if found is None:
        found = flow_start(await snapshots(page), want)
    if found is None and settle:
        found, snaps = await _poll(page, want, max(0.0, settle - await _age(page)), "late")
    return found, snaps


async def _age(page: Page) -> float:
    try:
        return float(await page.evaluate("() => performance.now() / 1000"))
    except Exception:
        return 0.0


async def _poll(
    page: Page, want: str, seconds: float, how: str
) -> tuple[Found | None, list[tuple[Frame, Snapshot]]]:
    """Look again every moment for ``seconds``: AJAX modals, consent-gated and late forms take a while."""
    deadline = time.monotonic() + seconds
    while True:
        snaps = await snapshots(page)
        found = best(snaps, want)
        if found is not None:
            return Found(
                found.frame,
                found.group,
                found.snapshot,
                found.score,
                how if how != "page" else found.how,
                want,
            ), snaps
        if time.monotonic() >= deadline:
            return None, snaps
        await page.wait_for_timeout(POLL_S * 1000)


async def _reveal(page: Page, snaps: list[tuple[Frame, Snapshot]], want: str) -> Found | None:
    """Open the tab or accordion that holds a fitting form, as a reader clicks "Questions"."""
    for _, frame, g in hidden_candidates(snaps, want)[:2]:
        try:
            await frame.locator(f'[data-rw="{g.reveal}"]').first.click(timeout=5000)
        except Exception as exc:
            log.debug("revealer did not click: %s", exc)
            continue
        found, _ = await _poll(page, want, REVEAL_WAIT_S, "tab")
        if found:
            return found
    return None


async def _click_triggers(
    page: Page, snaps: list[tuple[Frame, Snapshot]], want: str, max_clicks: int
) -> Found | None:
    tried: set[str] = set()
    for _ in range(max_clicks):
        cands = trigger_candidates(snaps, want, tried)
        if not cands:
            return None
        frame, sel, text = cands[0]
        tried.add(sel.split('"')[1])
        try:
            await frame.locator(sel).first.click(timeout=3000)
        except Exception as exc:
            log.debug("trigger %r did not click: %s", text, exc)
            continue
        found, snaps = await _poll(page, want, TRIGGER_WAIT_S, f"button: {text}")
        if found:
            return found
    return None


async def _wait_late(page: Page, want: str) -> tuple[Found | None, list[tuple[Frame, Snapshot]]]:
    """Give late scripts, timed popups and lazy embeds until the page is LATE_FORM_S old; banners too."""
    found, snaps = await _poll(page, want, max(0.0, LATE_FORM_S - await _age(page)), "late")
    if found is None and await dismiss_banners(page):
        found, snaps = await _poll(page, want, 1.5, "late")
    if found is None:
        found = flow_start(snaps, want)
    return found, snaps


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


BANNER_JS = r"""
() => {
  const OK = /^(принять|принять все|принять всё|принимаю|согласен|согласна|согласиться|понятно|хорошо|ok|okay|accept|accept all|accept cookies|accept all cookies|allow|allow all|allow cookies|allow all cookies|i agree|agree|got it|прийняти|прийняти все|погоджуюсь|зрозуміло|закрыть|разрешить|разрешить все|дозволити)$/i;
  let n = 0;
  for (const el of document.querySelectorAll('button,a,[role=button],input[type=button]')) {
    const t = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ');
    if (!OK.test(t)) continue;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const pos = getComputedStyle(a).position;
      if ((pos === 'fixed' || pos === 'sticky') && /cookie|куки|кукі|персональн|файлы|consent|конфиденц/i.test(a.innerText)) { el.click(); n++; break; }
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
