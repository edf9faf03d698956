"""Typing into the page like a person: real key events for masked inputs, clicks on labels.

JavaScript masks and validators only react to real input events, so phones with masks
are typed key by key and read back; everything else is filled at once (or typed with a
human pace when the task asks for it).
"""

from __future__ import annotations

import random
import re

from playwright.async_api import Frame, Page

from probes.form import keys, widgets
from probes.form import phone as phones
from probes.form.fields import Action, roles_summary
from probes.form.snapshot import DEEP_FIND, FieldInfo

FIELD_TIMEOUT_MS = 5000  # one field's action; the fill step as a whole has its own limit (steps.LIMITS)


async def apply(page: Page, frame: Frame, actions: list[Action], *, pacing: bool = False) -> dict[str, str]:
    """Perform the plan; returns role -> value actually left in each field."""
    failed: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for a in actions:
        try:
            if a.op == "choose":
                chosen[a.role] = await widgets.choose(page, frame, a.field, a.value)
            else:
                await _one(page, frame, a, pacing)
            if pacing:
                await frame.wait_for_timeout(random.uniform(150, 500))
        except Exception as exc:  # one stubborn field must not stop the rest; the outcome will tell
            failed[a.role] = f"<error: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}>"
    plain = [a for a in actions if a.op != "choose"]
    return {**await _values(frame, plain), **chosen, **failed}


async def _one(page: Page, frame: Frame, a: Action, pacing: bool) -> None:
    loc = frame.locator(a.field.selector).first
    if a.op == "select":
        # a select hidden behind a widget (select2 & co.) is set directly; the widget listens to change
        await loc.select_option(a.value, timeout=FIELD_TIMEOUT_MS, force=a.field.via_label)
    elif a.op == "check":
        await _check(frame, a.field)
    elif a.op == "type":
        await _type_phone(frame, a)
    elif pacing:
        await loc.click(timeout=FIELD_TIMEOUT_MS)
        await loc.press_sequentially(a.value, delay=random.uniform(30, 90))
    else:
        await loc.fill(a.value, timeout=FIELD_TIMEOUT_MS)  # focuses and fires input like typing
        if str(await loc.evaluate(LEAVE_JS, timeout=FIELD_TIMEOUT_MS)).strip() != a.value.strip():
            # the app threw the text away (it only trusts key events): type it as a keyboard would
            await keys.type_keys(page, frame, a.field.selector, a.value)


# what the end of typing and leaving a field fire: old validators listen to keyup, change and blur only
LEAVE_JS = """el => { el.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}));
  el.dispatchEvent(new Event('change', {bubbles: true})); el.blur(); return el.value; }"""


async def _values(frame: Frame, actions: list[Action]) -> dict[str, str]:
    """What the fields hold now (masks and scripts may have changed our input), in one round trip."""
    got = await frame.evaluate(
        "sels => { const find = "
        + DEEP_FIND
        + "; return sels.map(s => { const el = find(s); if (!el) return '';"
        " return (el.type === 'checkbox' || el.type === 'radio') ? (el.checked ? 'on' : '') : el.value; }); }",
        [a.field.selector for a in actions],
    )
    return {a.role: str(v) for a, v in zip(actions, got, strict=True)}


async def _check(frame: Frame, f: FieldInfo) -> None:
    """Tick a box the way a person does: custom-styled ones are ticked via their label."""
    loc = frame.locator(f.selector).first
    if await loc.evaluate("el => el.checked"):
        return
    if f.via_label:
        await loc.evaluate("el => el.labels[0].click()")
    else:
        await loc.check(timeout=FIELD_TIMEOUT_MS)


async def _type_phone(frame: Frame, a: Action) -> None:
    """Type digits into a masked input, then make sure the mask ended with our number."""
    loc = frame.locator(a.field.selector).first
    await loc.click(timeout=FIELD_TIMEOUT_MS)
    await loc.fill("")
    _, national = phones.split_number(a.value)
    await loc.press_sequentially(national or phones.digits(a.value), delay=15)
    got = await loc.input_value()
    typed = national or phones.digits(a.value)
    if got == typed and a.value != typed:
        # no script shaped our digits: the placeholder only showed the format, so type it that way
        await loc.fill(a.value)
    elif not phones.digits(got).endswith(national):
        await loc.fill(a.value)
        await loc.dispatch_event("input")


async def fill_extra(frame: Frame, selectors: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """Configured per-role selectors win over detection (task.field_selectors)."""
    done: dict[str, str] = {}
    for role, sel in selectors.items():
        if role not in values:
            continue
        loc = frame.locator(sel).first
        tag = await loc.evaluate("el => el.tagName + ':' + (el.type || '')")
        if tag.startswith("SELECT"):
            await loc.select_option(label=values[role]) if values[role] else None
        elif re.search(r"checkbox|radio", tag):
            await loc.check()
        else:
            await loc.fill(values[role])
        done[role] = values[role]
    return done


__all__ = ["apply", "fill_extra", "roles_summary"]
