"""Unknown widgets through the DOM alone: launcher, input, send, offline form.

Works in the page, inside iframes (each Playwright frame) and inside open
shadow roots (the JS walks them; Playwright CSS locators pierce them). An
element counts as part of a widget when it sits in a fixed-position layer or
in a child frame, so the shop's own search box or newsletter field is left alone.
Candidates are scored in JS and marked with a data attribute that a locator clicks.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, ClassVar

from playwright.async_api import Frame, Locator, Page

from probes.chat.base import ApiSignal, ChatAdapter

MARK = "data-rw-mark"

FIND_JS = r"""
([what, mark]) => {
  const CHAT = /(chat|widget|messenger|support|consult|operator|livechat|helpdesk|чат|консульт|оператор|написать|напишите|допомог|online)/i;
  const MSG = /(message|сообщ|повідом|вопрос|питання|напишите|напишіть|введите|type|write|ask|спросите)/i;
  const SEARCH = /(search|поиск|пошук|найти|знайти|promo|купон|coupon)/i;
  const SEND = /(send|отправ|надісл|відправ|submit)/i;
  const roots = [document]; const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } }; walk(document);
  const inFrame = window !== window.top;
  const up = el => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  const fixedLayer = el => { for (let x = el; x; x = up(x)) { const p = getComputedStyle(x).position; if (p === 'fixed' || p === 'sticky') return x; } return null; };
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05; };
  const label = el => [el.id, String(el.className && el.className.baseVal !== undefined ? el.className.baseVal : el.className || ''), el.getAttribute('aria-label'), el.getAttribute('title'),
    el.getAttribute('placeholder'), el.getAttribute('name'), el.getAttribute('data-testid'), el.tagName === 'IFRAME' ? el.src : '', (el.innerText || '').slice(0, 40)].join(' ');
  const inWidget = el => inFrame || !!fixedLayer(el);
  for (const r of roots) for (const el of r.querySelectorAll('[' + mark + ']')) el.removeAttribute(mark);
  let best = null, bestScore = 0;
  const consider = (el, score) => { if (score > bestScore) { best = el; bestScore = score; } };
  for (const r of roots) for (const el of r.querySelectorAll('*')) {
    if (!visible(el)) continue; const lab = label(el);
    if (what === 'input') {
      const ce = el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable);
      if (!(el.tagName === 'TEXTAREA' || ce || (el.tagName === 'INPUT' && /^(text|)$/.test(el.type || '')))) continue;
      if (el.disabled || el.readOnly) continue;
      let s = 1; if (MSG.test(lab)) s += 3; if (inWidget(el)) s += 3; if (el.tagName === 'TEXTAREA' || ce) s += 1;
      if (SEARCH.test(lab)) s -= 6; if (el.closest('form') && el.closest('form').querySelectorAll('input,textarea').length > 3) s -= 2;
      consider(el, s);
    } else if (what === 'launcher') {
      const tag = el.tagName; if (!/^(BUTTON|A|DIV|SPAN|IFRAME|JDIV|IMG|SVG)$/.test(tag) && !el.getAttribute('role')) continue;
      const layer = fixedLayer(el); const rect = el.getBoundingClientRect();
      if (!layer && !inFrame) continue; if (rect.width > 200 || rect.height > 200) continue;
      let s = 0; if (CHAT.test(lab)) s += 3; if (tag === 'BUTTON' || el.getAttribute('role') === 'button' || tag === 'A') s += 1;
      if (rect.bottom > innerHeight - 200 && (rect.right > innerWidth - 200 || rect.left < 200)) s += 2;
      if (Number(getComputedStyle(layer || el).zIndex) > 1000) s += 1; if (SEARCH.test(lab)) s -= 5;
      if (s >= 4) consider(el, s);
    } else if (what === 'send') {
      if (!/^(BUTTON|A|DIV|SPAN|INPUT)$/.test(el.tagName) || !inWidget(el)) continue;
      const s = SEND.test(lab) ? 3 + (el.tagName === 'BUTTON' ? 1 : 0) : 0; if (s) consider(el, s);
    } else if (what === 'email') {
      if (el.tagName !== 'INPUT' || !inWidget(el)) continue;
      if (el.type === 'email' || /(e-?mail|почт|пошт)/i.test(lab)) consider(el, 5);
    }
  }
  if (best) best.setAttribute(mark, what);
  return best ? bestScore : 0;
}
"""

WIDGET_TEXT_JS = r"""
() => { const roots = [document]; const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } }; walk(document);
  const inFrame = window !== window.top; const out = [];
  const up = el => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  const fixed = el => { for (let x = el; x; x = up(x)) if (getComputedStyle(x).position === 'fixed') return true; return false; };
  for (const r of roots) { const base = r === document ? document.body : r; if (!base) continue;
    if (inFrame) { out.push((base.innerText || base.textContent || '').slice(0, 3000)); continue; }
    for (const el of (r === document ? document.body.children : r.children)) if (fixed(el)) out.push((el.innerText || el.textContent || '').slice(0, 3000)); }
  return out.join('\n').slice(0, 6000); }
"""


async def _mark(page: Page, what: str) -> tuple[Frame, int] | None:
    """The frame holding the best-scoring candidate, which is now marked."""
    best: tuple[Frame, int] | None = None
    for frame in page.frames:
        try:
            score = await frame.evaluate(FIND_JS, [what, MARK])
        except Exception:
            continue
        if score and (best is None or score > best[1]):
            best = (frame, int(score))
    if best is not None:  # re-mark in the winning frame only (others keep stale marks harmlessly)
        await best[0].evaluate(FIND_JS, [what, MARK])
    return best


# Below these scores a candidate is more likely the shop's own field than the chat's.
MIN_SCORE = {"input": 4, "launcher": 4, "send": 3, "email": 5}


async def locate(page: Page, what: str) -> Locator | None:
    found = await _mark(page, what)
    if found is None or found[1] < MIN_SCORE.get(what, 1):
        return None
    return found[0].locator(f"[{MARK}='{what}']").first


async def open_widget(page: Page, timeout: float = 8.0) -> bool:
    """Wake lazy widgets (mouse, scroll), then click the launcher unless an input is already there."""
    try:
        await page.mouse.move(300, 300)
        await page.mouse.wheel(0, 300)
    except Exception:
        pass
    end = asyncio.get_running_loop().time() + timeout
    clicked = False
    while asyncio.get_running_loop().time() < end:
        found = await _mark(page, "input")
        if found and found[1] >= 5:
            return True
        launcher = await locate(page, "launcher")
        if launcher is not None:
            try:
                await launcher.click(timeout=2000)
                clicked = True
                await asyncio.sleep(0.5)
                found = await _mark(page, "input")
                if found and found[1] >= 4:
                    return True
            except Exception:
                pass
        elif clicked:
            return True  # the launcher is gone: the widget opened, without a chat input (offline form?)
        await asyncio.sleep(0.5)
    return clicked


async def send_via_ui(page: Page, text: str) -> None:
    """Type into the widget's input and send with Enter, or the send button if Enter did nothing."""
    box = await locate(page, "input")
    if box is None:
        raise LookupError("no chat input found")
    try:
        await box.click(timeout=5000)
    except Exception:  # an overlay or animation: fill() focuses the field anyway
        pass
    await box.fill(text, timeout=10000)
    await box.press("Enter", timeout=10000)
    await asyncio.sleep(0.4)
    try:
        left = await box.evaluate("el => (el.value !== undefined ? el.value : el.innerText || '').trim()")
    except Exception:
        left = ""
    if left and text.strip()[:20] in left:
        button = await locate(page, "send")
        if button is None:
            raise LookupError("the message stayed in the input and no send button was found")
        await button.click(timeout=10000)


async def widget_text(page: Page) -> str:
    """Visible text of widget layers (fixed-position and child frames), to spot offline modes."""
    parts: list[str] = []
    for frame in page.frames:
        try:
            parts.append(await frame.evaluate(WIDGET_TEXT_JS))
        except Exception:
            continue
    return "\n".join(p for p in parts if p)[:12000]


async def leave_email(page: Page, name: str, email: str, question: str) -> bool:
    """Fill an offline/contact form inside the widget with the probe's reply address and send it."""
    field = await locate(page, "email")
    if field is None:
        return False
    await field.fill(email, timeout=3000)
    frame_js = r"""([name, question]) => {
      const roots = [document]; const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } }; walk(document);
      const email = roots.map(r => r.querySelector('[data-rw-mark=email]')).find(Boolean); if (!email) return false;
      const form = email.closest('form') || email.parentElement.closest('div');
      const fire = el => { el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); };
      for (const el of form.querySelectorAll('input,textarea')) { if (el === email || el.value || el.type === 'hidden' || el.type === 'checkbox') continue;
        const lab = [el.name, el.placeholder, el.id, el.getAttribute('aria-label')].join(' ');
        if (el.tagName === 'TEXTAREA' || /(message|сообщ|повідом|вопрос|question|text)/i.test(lab)) { el.value = question; fire(el); }
        else if (/(name|имя|ім)/i.test(lab)) { el.value = name; fire(el); } }
      const btn = form.querySelector('button[type=submit],input[type=submit],button') ; if (btn) { btn.click(); return true; }
      if (form.requestSubmit) { form.requestSubmit(); return true; } return false; }"""
    for frame in page.frames:
        try:
            if await frame.evaluate(frame_js, [name, question]):
                return True
        except Exception:
            continue
    return False


class GenericAdapter(ChatAdapter):
    """No vendor API: everything through the DOM; every new non-visitor node is incoming."""

    name: ClassVar[str] = "unknown"
    has_js_api: ClassVar[bool] = False

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        return None


def looks_like_email_prompt(text: str) -> bool:
    return bool(re.search(r"(e-?mail|почт|пошт)", text, re.I))
