"""What a frame shows, as plain typed data: the bridge between Chromium and pure logic.

One JavaScript pass (scan.js) reads every form and formless input group of a frame and
tags the elements; everything after it (classifying, mapping fields, spotting captchas)
is pure Python over these dataclasses, so it is testable without a browser and never
executes anything the site sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from playwright.async_api import Frame

SCAN_JS = resources.files("probes.form").joinpath("scan.js").read_text(encoding="utf-8")

# querySelector that also looks into open shadow roots (web components), where scan.js tags fields too
DEEP_FIND = """(sel) => { const look = (r) => { const hit = r.querySelector(sel); if (hit) return hit;
  for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { const h = look(el.shadowRoot); if (h) return h; }
  return null; }; return look(document); }"""
# the page's visible text including open shadow roots (body.innerText skips them)
DEEP_TEXT = """() => { const out = [document.body ? document.body.innerText : ''];
  const walk = (r) => r.querySelectorAll('*').forEach(el => { if (el.shadowRoot) {
    [...el.shadowRoot.children].forEach(c => out.push(c.innerText || '')); walk(el.shadowRoot); } });
  walk(document); return out.join('\\n'); }"""


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    disabled: bool = False


@dataclass(frozen=True)
class FieldInfo:
    fid: str
    tag: str
    type: str
    name: str = ""
    id: str = ""
    cls: str = ""
    placeholder: str = ""
    autocomplete: str = ""
    aria: str = ""
    label: str = ""
    required: bool = False
    visible: bool = True
    via_label: bool = False  # hidden control operated through its label or widget
    tabindex: str = ""
    readonly: bool = False
    pattern: str = ""
    maxlength: int = 0
    minlength: int = 0
    mask: str = ""
    inputmode: str = ""
    value: str = ""
    checked: bool = False
    options: tuple[Option, ...] = ()

    @property
    def selector(self) -> str:
        return f'[data-rw="{self.fid}"]'

    @property
    def words(self) -> str:
        """Everything a person or a screen reader would read about the field, lower-cased."""
        return " ".join(
            [self.label, self.placeholder, self.aria, self.name, self.id, self.autocomplete]
        ).lower()

    @property
    def fillable(self) -> bool:
        return (
            self.visible
            and not self.readonly
            and self.type not in ("hidden", "file", "submit", "button", "reset", "image")
        )


@dataclass(frozen=True)
class ButtonInfo:
    bid: str
    text: str
    type: str
    visible: bool

    @property
    def selector(self) -> str:
        return f'[data-rw="{self.bid}"]'


@dataclass(frozen=True)
class Group:
    """A <form> or a formless block of inputs with a button (AJAX sites)."""

    gid: str
    kind: str  # form | group
    action: str = ""
    method: str = "get"
    id: str = ""
    name: str = ""
    cls: str = ""
    heading: str = ""
    text: str = ""
    visible: bool = True
    fields: tuple[FieldInfo, ...] = ()
    buttons: tuple[ButtonInfo, ...] = ()
    html_hint: str = ""
    frame_index: int = 0
    reveal: str = ""  # data-rw id of the tab/accordion control that shows this hidden group

    def revealed(self) -> Group:
        """The group as it will look once its tab or accordion is open: for scoring before the click."""
        return replace(
            self,
            visible=True,
            fields=tuple(f if f.type == "hidden" else replace(f, visible=True) for f in self.fields),
        )

    @property
    def selector(self) -> str:
        return f'[data-rw="{self.gid}"]'

    @property
    def visible_fields(self) -> list[FieldInfo]:
        return [f for f in self.fields if f.fillable]


@dataclass(frozen=True)
class Trigger:
    tid: str
    text: str
    href: str = ""

    @property
    def selector(self) -> str:
        return f'[data-rw="{self.tid}"]'


@dataclass(frozen=True)
class CaptchaSign:
    vendor: str
    gid: str = ""
    form: str = ""
    visible: bool = False


@dataclass(frozen=True)
class Snapshot:
    url: str
    title: str = ""
    groups: tuple[Group, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    captcha: tuple[CaptchaSign, ...] = ()
    text: str = ""
    frame_index: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _field(d: dict[str, Any]) -> FieldInfo:
    opts = tuple(
        Option(str(o["value"]), str(o["text"]), bool(o.get("disabled"))) for o in d.get("options", [])
    )
    known = {k: d[k] for k in FieldInfo.__dataclass_fields__ if k in d and k != "options"}
    return FieldInfo(**known, options=opts)


def parse(raw: dict[str, Any], frame_index: int = 0) -> Snapshot:
    groups = []
    for g in raw.get("groups", []):
        known = {k: g[k] for k in Group.__dataclass_fields__ if k in g and k not in ("fields", "buttons")}
        groups.append(
            Group(
                **known,
                frame_index=frame_index,
                fields=tuple(_field(f) for f in g.get("fields", [])),
                buttons=tuple(
                    ButtonInfo(b["bid"], b["text"], b["type"], bool(b["visible"]))
                    for b in g.get("buttons", [])
                ),
            )
        )
    return Snapshot(
        url=raw.get("url", ""),
        title=raw.get("title", ""),
        groups=tuple(groups),
        triggers=tuple(Trigger(t["tid"], t["text"], t.get("href", "")) for t in raw.get("triggers", [])),
        links=tuple((lk["href"], lk["text"]) for lk in raw.get("links", [])),
        captcha=tuple(
            CaptchaSign(c["vendor"], c.get("gid", ""), c.get("form", ""), bool(c.get("visible")))
            for c in raw.get("captcha", [])
        ),
        text=raw.get("text", ""),
        frame_index=frame_index,
    )


async def scan(frame: Frame, frame_index: int = 0, root: str | None = None) -> Snapshot:
    """Snapshot one frame (a detached or cross-origin-dead frame yields an empty one).

    ``root`` is a configured CSS selector that must be treated as a form even when it is a div.
    """
    try:
        raw = await frame.evaluate(SCAN_JS, {"root": root} if root else {})
    except Exception:
        return Snapshot(url=frame.url, frame_index=frame_index)
    return parse(raw, frame_index)
