"""Custom dropdowns built of divs (react-select, vue-select, design-system selects), chosen like a person.

They have no <select> to set: a person clicks the box, reads the options that pop up
([role=option], or the items of the list that just appeared) and clicks one. The choice
follows the same preferences as native selects (``fields.pick_option``), and is checked
by reading the box again: a dropdown that did not take the click is reported, not hidden.
"""

from __future__ import annotations

from importlib import resources

from playwright.async_api import Frame, Page

from probes.form.fields import pick_option
from probes.form.snapshot import FieldInfo, Option

OPTIONS_JS = resources.files("probes.form").joinpath("options.js").read_text(encoding="utf-8")
OPEN_WAIT_MS = 3000


async def choose(page: Page, frame: Frame, f: FieldInfo, hint: str = "") -> str:
    """Open the dropdown, click the best option; returns the text now shown (raises if nothing took)."""
    box = frame.locator(f.selector).first
    await box.click(timeout=3000)
    options: list[dict[str, str]] = []
    waited = 0
    while waited <= OPEN_WAIT_MS:
        options = list(await frame.evaluate(OPTIONS_JS, f.selector))
        if options:
            break
        await page.wait_for_timeout(150)
        waited += 150
    if not options:
        raise LookupError(f"the dropdown {f.label or f.placeholder!r} showed no options")
    as_options = tuple(Option(o["oid"], o["text"]) for o in options)
    oid = pick_option(FieldInfo(fid=f.fid, tag="select", type="select", options=as_options), hint)
    if oid is None:
        raise LookupError(f"the dropdown {f.label!r} offered nothing to choose")
    text = next(o["text"] for o in options if o["oid"] == oid)
    await frame.locator(f'[data-rw="{oid}"]').first.click(timeout=3000)
    await page.wait_for_timeout(100)
    shown = str(await box.evaluate("el => (el.innerText || el.value || '').trim()"))
    if text.strip() not in shown and shown == f.value:
        raise LookupError(f"the dropdown {f.label!r} did not take the choice {text!r}")
    return text
