"""Layers that cover the form (city questions, cookie walls, promo popups), closed like a visitor does.

Filling works through any overlay, but a click on the send button lands on whatever
covers it; a person answers "Your city is Moscow? — Yes" or closes the promo first.
Only affirmative or closing buttons of the covering layer are ever clicked, never a
link that leads away.
"""

from __future__ import annotations

import logging

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from probes.form.snapshot import DEEP_FIND

log = logging.getLogger(__name__)

# what a visitor clicks to get a layer out of the way: agree first, then close; JS regex source
DISMISS = (
    r"^(да|yes|ok|ок|верно|все верно|так|вірно|принять|принимаю|прийняти|accept|allow|agree|согла|погоджу|"
    r"понятно|зрозуміло|хорошо|got it|продолжить|continue|закрыть|закрити|close|dismiss|не сейчас|позже|"
    r"пізніше|not now|later|нет,? спасибо|ні,? дякую|no,? thanks|×|✕|✖|x)(?=$|[\s,.!])"
)

COVER_JS = f"""([sel, dismiss]) => {{
  const find = {DEEP_FIND};
  const g = find(sel);
  if (!g) return 'gone';
  g.scrollIntoView({{block: 'center'}});
  const root = g.getRootNode().elementFromPoint ? g.getRootNode() : document;
  const r = g.getBoundingClientRect();
  const pts = [[r.left + r.width / 2, r.top + Math.min(r.height / 2, innerHeight / 3)],
               [r.left + Math.min(20, r.width / 2), r.top + Math.min(20, r.height / 2)]];
  let hit = null;
  for (const [x, y] of pts) {{
    const h = root.elementFromPoint(x, y);
    if (h && !g.contains(h) && !h.contains(g)) {{ hit = h; break; }}
  }}
  if (!hit) return 'clear';
  let modal = false;  // the form's own modal would close on Escape too
  for (let a = g; a; a = a.parentElement) if (a.tagName === 'DIALOG' || getComputedStyle(a).position === 'fixed') modal = true;
  let layer = hit;
  for (let a = hit; a && a !== document.body; a = a.parentElement)
    if (['fixed', 'absolute', 'sticky'].includes(getComputedStyle(a).position) || a.tagName === 'DIALOG') layer = a;
  const ok = new RegExp(dismiss, 'i');
  for (const b of layer.querySelectorAll('button,[role=button],input[type=button],a,span,div,i')) {{
    const t = (b.innerText || b.value || b.getAttribute('aria-label') || b.getAttribute('title') || '').trim();
    if (!t || t.length > 40 || !ok.test(t)) continue;
    const br = b.getBoundingClientRect();
    if (br.width < 3 || br.height < 3) continue;
    if (b.tagName === 'A' && b.getAttribute('href') && !/^(#|javascript)/.test(b.getAttribute('href'))) continue;
    b.click();
    return 'clicked: ' + t;
  }}
  return modal ? 'stuck' : 'covered';
}}"""


FRAME_TAG_JS = """e => { if (!e.getAttribute('data-rw-frame')) e.setAttribute('data-rw-frame', String(Math.random()).slice(2, 10));
  return '[data-rw-frame="' + e.getAttribute('data-rw-frame') + '"]'; }"""


async def uncover(page: Page, frame: Frame, selector: str, *, tries: int = 3) -> list[str]:
    """Close what covers ``selector``, also a layer of the parent page over the form's iframe.

    Returns what was done (for the evidence); never raises.
    """
    done = await _uncover_in(page, frame, selector, tries)
    parent = frame.parent_frame
    if parent is not None:
        try:
            holder = await frame.frame_element()
            done += await _uncover_in(page, parent, str(await holder.evaluate(FRAME_TAG_JS)), tries)
        except PlaywrightError as exc:
            log.debug("iframe overlay check failed: %s", exc)
    return done


async def _uncover_in(page: Page, frame: Frame, selector: str, tries: int) -> list[str]:
    done: list[str] = []
    for _ in range(tries):
        try:
            state = str(await frame.evaluate(COVER_JS, [selector, DISMISS]))
        except PlaywrightError as exc:
            log.debug("overlay check failed: %s", exc)
            return done
        if state in ("clear", "gone", "stuck"):
            return done
        if state == "covered":
            await page.keyboard.press("Escape")  # modal libraries close on Escape
            done.append("escape")
        else:
            done.append(state)
        await page.wait_for_timeout(300)
    return done
