"""What a form is for, scored from its words, fields and buttons in RU/UK/EN.

A `form` touchpoint must submit a question/feedback form, never the newsletter box in
the footer or the search bar; a `callback` touchpoint wants the "call me back" form.
Scores are additive and explainable (``reasons``), so a wrong pick can be debugged
from the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from probes.form.fields import TRAP, is_trap, role_of
from probes.form.snapshot import Group

KINDS = ("question", "callback", "pricelist", "subscribe", "search", "login", "cart", "review", "other")
IGNORED = ("search", "login", "cart", "review", "other")
WANTED = {"form": ("question",), "callback": ("callback",)}

NEXT_WORDS = re.compile(
    r"^(далее|дальше|далі|продолжить|продовжити|next|continue|следующий шаг|вперед|→|>)", re.I
)

WORDS: dict[str, str] = {
    "question": r"вопрос|обратн\w* связ|напи(шите|сать)|свяж|сообщени|контакт|консультац|зворотн|питанн|напишіть|"
    r"повідомл|contact|question|message|feedback|get in touch|enquir|inquir|ask|help|support|задать",
    "callback": r"перезвон|обратн\w* звон|заказать звон|звонок|жду звонка|передзвон|зателефону|дзвінок|call ?back|"
    r"callback|call me|request a call",
    "pricelist": r"прайс|price.?list|каталог на почту|коммерческ\w* предложени|комерційн|get (the )?price|прайс-лист",
    "subscribe": r"подпи(ш|с)|рассылк|новост|розсилк|підпис|newsletter|subscribe|акции и скидки|скидк",
    "search": r"поиск|пошук|search|найти|знайти",
    "login": r"вход|войти|логин|авториз|увійти|sign in|log ?in|password|парол",
    "review": r"отзыв|відгук|review|rating|рейтинг|оценк|оцінк|ваша оценка|достоинства|недостатки",
    "cart": r"корзин|кошик|в корзину|оформ\w* заказ|купить|checkout|add to cart|cart|промокод|coupon|количеств",
}


@dataclass(frozen=True)
class Verdict:
    kind: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


def classify(group: Group) -> Verdict:
    """Kind of a form or formless group. Pure."""
    fields = [f for f in group.fields if f.fillable and not is_trap(f)]
    roles = [role_of(f) for f in fields]
    if fields and any(b.visible and NEXT_WORDS.search(b.text) for b in group.buttons):
        # a wizard: later steps are hidden now but say what the form is for
        later = [
            f
            for f in group.fields
            if not f.visible and f.type not in ("hidden", "submit", "button") and not TRAP.search(f.words)
        ]
        roles += [role_of(f) for f in later]
    s = dict.fromkeys(KINDS, 0.0)
    why: list[str] = []

    def add(kind: str, pts: float, reason: str) -> None:
        s[kind] += pts
        why.append(f"{kind}{pts:+g} {reason}")

    if not fields:
        return Verdict("other", 0.0, s, ("no visible fields",))
    head = (group.heading + " " + " ".join(b.text for b in group.buttons)).lower()
    body = (group.text + " " + group.id + " " + group.cls + " " + group.name + " " + group.action).lower()
    for kind, rx in WORDS.items():
        if re.search(rx, head, re.I):
            add(kind, 3, "heading/button words")
        if re.search(rx, body, re.I):
            add(kind, 1.5, "text/attributes words")
    if "message" in roles:
        add("question", 5, "message box")
    if "email" in roles and "message" in roles:
        add("question", 2, "e-mail + message")
    if "phone" in roles and "message" not in roles and "email" not in roles:
        add("callback", 5, "phone without message/e-mail")
    if "phone" in roles and len(fields) <= 3 and "message" not in roles:
        add("callback", 2, "short phone form")
    if (
        roles
        and set(roles) <= {"email", "consent", "newsletter", "first_name", "full_name", "unknown"}
        and "email" in roles
    ):
        add("subscribe", 3, "e-mail only")
        if "company" not in roles:
            add("pricelist", 1, "e-mail only")
    if "company" in roles and "email" in roles and "message" not in roles:
        add("pricelist", 2, "company + e-mail")
    if "password" in roles:
        add("login", 8, "password field")
    if "search" in roles or (
        len(fields) == 1 and roles[0] in ("search", "unknown") and group.method == "get"
    ):
        add("search", 8, "search box")
    if group.method == "get" and "message" not in roles:
        add("search", 1, "GET form")
    if "message" not in roles and "phone" not in roles and "email" not in roles:
        add("other", 2, "no contact fields")
    best = max(s, key=lambda k: s[k])
    return Verdict(best, s[best], s, tuple(why))


def fitness(group: Group, want: str) -> float:
    """How well a group serves a touchpoint kind ('form' or 'callback'); <= 0 means not at all."""
    v = classify(group)
    kinds = WANTED.get(want, (want,))
    if v.kind in IGNORED and v.kind not in kinds:
        return 0.0
    own = max(v.scores.get(k, 0.0) for k in kinds)
    if v.kind not in kinds:
        # e.g. a callback-only site probed as `form`: usable only as a weak fallback
        own -= max(v.scores.values()) - own + 1
        if want == "form" and v.kind in ("subscribe",):
            return 0.0
    return own
