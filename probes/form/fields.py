"""Which field is which, and what a person would type into it.

Roles come from everything a person reads (label, placeholder, aria) and everything a
developer wrote (name, id, type, autocomplete), in Russian, Ukrainian and English.
Invisible, off-screen and trap fields are never filled: a real customer cannot see
them, and shops use them to drop bots' requests silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from probes.base import ProbeTask
from probes.form import phone as phones
from probes.form.snapshot import FieldInfo, Group

# role -> regexes over FieldInfo.words; checked in order, the first hit wins
ROLE_WORDS: list[tuple[str, str]] = [
    ("captcha", r"captcha|капч|код с картинки|код з картинки|проверочн\w* код|security code"),
    ("password", r"парол|password|пароль"),
    ("search", r"(^|\s)(q|s|search|query)(\s|$)|поиск|пошук|search|найти"),
    (
        "email",
        r"e-?mail|почт|пошт|\bmail\b|электронн|електронн|@|куда (вам )?ответить|куди (вам )?відповісти|"
        r"where (should|can|do) we reply|reply.?to",
    ),
    (
        "phone",
        r"phone|телефон|\btel\b|\btel\d|моб[иі]льн|mobile|номер тел|whatsapp|\bphone\b|контактный номер|номер телефону|\bтел\b",
    ),
    ("full_name", r"фио|піб|full.?name|имя и фамилия|фамилия и имя|ім'я та прізвище|ваше имя и фамилия"),
    ("last_name", r"фамили|прізвищ|last.?name|surname|lname|family.?name|^last\b|\blast$"),
    (
        "first_name",
        r"first.?name|fname|given.?name|^first\b|\bfirst$|\bимя\b|ім'я|імя|\bname\b|your.?name|обращаться|зовут|как к вам|как вас|звертатися|як вас|\bauthor\b|звати|\bnm\b|\bfio\b|client.?name|\bимя",
    ),
    ("subject", r"тема|subject|topic|заголов|предмет"),
    ("city", r"город|місто|city|town|населенн"),
    ("company", r"компани|организац|організац|company|organi[sz]ation|фирма|ИНН"),
    ("order", r"номер заказа|order.?(id|number|no)|номер замовлення"),
    (
        "message",
        r"сообщени|вопрос|коммент|повідомл|питанн|коментар|message|question|comment|enquiry|inquiry|текст|опишите|how can we help|чем (мы )?можем помочь|details|подробн|\bmsg\b|\bbody\b|\btext\b",
    ),
]

CONSENT = re.compile(
    r"соглас|персональн|политик|конфиденц|услови|правил|оферт|згод|політик|умов|agree|consent|privacy|"
    r"policy|terms|accept|gdpr|152-фз",
    re.I,
)
NEWSLETTER = re.compile(r"рассылк|новост|розсилк|newsletter|subscribe|подпис|акци", re.I)
TRAP = re.compile(
    r"honeypot|hp_|_hp\b|leave .{0,20}(empty|blank)|не заполня|остав\w* .{0,20}пуст|"
    r"не заповнюй|залиш\w* .{0,20}порожн|\btrap\b|\bbot\b|antispam",
    re.I,
)
AUTOCOMPLETE = {
    "given-name": "first_name",
    "family-name": "last_name",
    "name": "full_name",
    "email": "email",
    "tel": "phone",
    "tel-national": "phone",
    "address-level2": "city",
    "organization": "company",
}
# preferred topics, best first: a general question, then "other", then anything about products
GOOD_TOPICS = [
    re.compile(p, re.I)
    for p in (
        r"вопрос|question|консультац|питанн|inquiry|enquiry|general|общ",
        r"другое|other|інше|прочее|разное",
        r"наличи|товар|product|sales|продаж|доставк|delivery",
    )
]
PLACEHOLDER_OPTION = re.compile(r"выбер|choose|select|оберіть|виберіть|--|please|—", re.I)


def role_of(f: FieldInfo) -> str:
    """The field's role, or 'unknown'. Pure: depends only on the snapshot."""
    if f.type in ("hidden", "file", "submit", "button", "reset", "image", "password"):
        return "password" if f.type == "password" else "skip"
    if f.type == "checkbox":
        return (
            "consent"
            if CONSENT.search(f.words) and not NEWSLETTER.search(f.words)
            else ("newsletter" if NEWSLETTER.search(f.words) else "checkbox")
        )
    if f.type == "radio":
        return "radio"
    if f.type == "combobox":
        return "city" if re.search(r"город|місто|city", f.words) else "topic"
    ac = f.autocomplete.lower().split()
    for token in reversed(ac):
        if token in AUTOCOMPLETE:
            return AUTOCOMPLETE[token]
    if f.type == "email":
        return "email"
    if f.type == "tel":
        return "phone"
    if f.type == "search":
        return "search"
    words = f.words
    if f.tag == "select":
        words = words + " " + " ".join(o.text.lower() for o in f.options[:3])
        if re.search(r"город|місто|city", words):
            return "city"
        return "topic"
    if f.tag == "textarea":
        for role in ("captcha", "order", "company"):
            if re.search(dict(ROLE_WORDS)[role], words, re.I):
                return role
        return "message"
    for role, rx in ROLE_WORDS:
        if re.search(rx, words, re.I):
            return role
    if f.inputmode == "tel" or shape_of(f) or phones.is_mask(f.placeholder):
        return "phone"
    return "unknown"


def shape_of(f: FieldInfo) -> str:
    """The field's input mask: a mask attribute, or an old-style template shown as its value."""
    return f.mask or (f.value if phones.is_mask(f.value) else "")


def is_trap(f: FieldInfo) -> bool:
    """Fields a person cannot see or is told to leave alone."""
    if not f.visible:
        return True
    if TRAP.search(f.words) or TRAP.search(f.cls):
        return True
    # visible yet unreachable by keyboard and unlabeled for autofill: the classic visible honeypot
    return f.tabindex == "-1" and f.autocomplete == "off" and role_of(f) in ("unknown", "subject")


@dataclass(frozen=True)
class Action:
    """One thing to do to one field."""

    field: FieldInfo
    role: str
    op: str  # fill | type | select | check
    value: str = ""


def pick_option(f: FieldInfo, hint: str = "") -> str | None:
    """A sensible select option: the configured one, a general-question one, else the first real one."""
    real = [o for o in f.options if o.value and not o.disabled and not PLACEHOLDER_OPTION.search(o.text)]
    if not real:
        real = [o for o in f.options if not o.disabled and o.value]
    if not real:
        return None
    if hint:
        for o in real:
            if hint.lower() in (o.text.lower(), o.value.lower()) or hint.lower() in o.text.lower():
                return o.value
    for rx in GOOD_TOPICS:
        for o in real:
            if rx.search(o.text):
                return o.value
    return real[0].value


# a polite closing a person adds when the shop says the text is too short; never changes the question
CLOSINGS = (
    (re.compile(r"[іїєґ]", re.I), "Заздалегідь дякую за відповідь на e-mail."),
    (re.compile(r"[а-яё]", re.I), "Заранее спасибо за ответ на e-mail."),
    (re.compile(r""), "I would appreciate a reply by e-mail. Thank you!"),
)


def long_enough(text: str, minlength: int) -> str:
    """The question, with a polite closing added only when the field demands more characters."""
    if len(text) >= minlength:
        return text
    closing = next(c for rx, c in CLOSINGS if rx.search(text))
    out = f"{text.rstrip()} {closing}"
    while len(out) < minlength:
        out = f"{out} {closing}"
    return out


REPLY_BY = {
    "email": re.compile(r"e-?mail|почт|пошт|письм|лист|напи(сать|шіть|шите)|mail", re.I),
    "phone": re.compile(r"телефон|phone|звон|дзвін|позвон|зателеф|call|перезвон|передзвон", re.I),
}


def pick_radios(radios: list[FieldInfo], kind: str) -> dict[str, FieldInfo | None]:
    """Per required radio group, the option a customer of this probe picks ("answer me by e-mail").

    A question probe wants its answer by e-mail, a callback probe by phone; otherwise the
    first option, as most shops put the usual choice first. Optional groups are left alone.
    """
    groups: dict[str, list[FieldInfo]] = {}
    for r in radios:
        groups.setdefault(r.name, []).append(r)
    want = REPLY_BY["phone" if kind == "callback" else "email"]
    out: dict[str, FieldInfo | None] = {}
    for name, opts in groups.items():
        if not any(o.required for o in opts) or any(o.checked for o in opts):
            out[name] = None
            continue
        out[name] = next((o for o in opts if want.search(o.label + " " + o.value + " " + o.aria)), opts[0])
    return out


def short_enough(text: str, maxlength: int) -> str:
    """The question cut at a word boundary to fit ``maxlength``, as a person shortens it (never mid-word)."""
    if not maxlength or len(text) <= maxlength:
        return text
    end = "?" if text.rstrip().endswith("?") else ""
    cut = text[: maxlength - len(end) + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[: maxlength - len(end)]
    return cut.rstrip(" ,;:-—") + end


def value_for(
    role: str,
    f: FieldInfo,
    task: ProbeTask,
    *,
    has_last: bool,
    phone_hint: str = "",
    avoid_phone: tuple[str, ...] = (),
) -> str | None:
    p = task.persona
    opts: Mapping[str, object] = task.options
    if role == "first_name":
        return p.first_name if has_last else p.full_name
    if role == "full_name":
        return p.full_name
    if role == "last_name":
        return p.last_name
    if role == "email":
        return p.email
    if role == "phone":
        return phones.choose(
            p.phone,
            mask=shape_of(f),
            placeholder=f.placeholder,
            pattern=f.pattern,
            maxlength=f.maxlength,
            hint=phone_hint,
            avoid=avoid_phone,
            digits_only=f.type == "number",
        )
    if role == "message":
        return short_enough(long_enough(task.question, f.minlength), f.maxlength)
    if role == "subject":
        return task.subject or task.question[:60]
    if role == "city":
        city = p.city or str(opts.get("city", "")) or ("Москва" if f.required else "")
        return city or None
    if role == "company" and f.required:
        return str(opts.get("company", "Частное лицо"))
    return None


def plan(
    group: Group,
    task: ProbeTask,
    *,
    phone_hint: str = "",
    avoid_phone: tuple[str, ...] = (),
    overrides: Mapping[str, str] | None = None,
) -> list[Action]:
    """What to do to each visible field of a group: the pure heart of 'fill like a person'."""
    fields = [f for f in group.fields if f.fillable and not is_trap(f)]
    roles = {f.fid: role_of(f) for f in fields}
    has_last = "last_name" in roles.values()
    radios = pick_radios([f for f in fields if f.type == "radio"], task.kind)
    used: set[str] = set()
    actions: list[Action] = []
    for f in fields:
        role = roles[f.fid]
        if overrides and f.fid in overrides:
            role = overrides[f.fid]
        if role in ("skip", "search", "password", "captcha", "order", "newsletter", "unknown"):
            continue
        if f.tag == "select" or f.type == "combobox":
            hint = (
                str(task.options.get("topic", "")) if role == "topic" else str(task.options.get("city", ""))
            )
            if role == "city" and task.persona.city:
                hint = task.persona.city
            if f.type == "combobox":  # options are known only once it is open: widgets.choose picks then
                actions.append(Action(f, role, "choose", hint))
                continue
            choice = pick_option(f, hint)
            if choice is not None:
                actions.append(Action(f, role, "select", choice))
            continue
        if role == "consent" or (role == "checkbox" and f.required):
            actions.append(Action(f, role, "check"))
            continue
        if role == "radio":
            chosen = radios.get(f.name)
            if f.name not in used and chosen is not None:
                used.add(f.name)
                actions.append(Action(chosen, role, "check"))
            continue
        if role == "checkbox":
            continue
        if role in ("message", "phone", "first_name", "full_name") and role in used:
            continue  # one message and one phone per person; a second e-mail box is a "repeat e-mail"
        value = value_for(role, f, task, has_last=has_last, phone_hint=phone_hint, avoid_phone=avoid_phone)
        if value is None:
            continue
        used.add(role)
        op = "type" if role == "phone" and (shape_of(f) or phones.is_mask(f.placeholder)) else "fill"
        actions.append(Action(f, role, op, value))
    return actions


def roles_summary(actions: list[Action]) -> dict[str, str]:
    return {a.role: a.value for a in actions}
