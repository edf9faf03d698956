"""Captcha signatures: a probe that meets one stops as `blocked: captcha`, never solves it.

Signatures are the vendors' public embedding markup (class names, response fields,
iframe/script hosts) plus the wording of challenge pages, so a captcha is recognised
whether it sits in the form, pops up after the click or replaces the page.
"""

from __future__ import annotations

import re

from probes.form.snapshot import Group, Snapshot

CHALLENGE_TEXT = re.compile(
    r"не робот|not a robot|i'?m not a robot|verify (that )?you are (a )?human|подтвердите,? что вы (не робот|человек)|"
    r"підтвердіть,? що ви не робот|checking your browser|проверка браузера|security check|введите символы с картинки|"
    r"введите код с картинки|введіть код|enter the characters|solve the captcha|smartcaptcha",
    re.I,
)


# "Сколько будет 3 + 4?": a home-made anti-bot question is a captcha too; a probe never answers it
MATH_QUESTION = re.compile(
    r"\d+\s*[-+*×x÷:/]\s*\d+\s*(=|\?)|сколько будет|скільки буде|решите пример|"
    r"розв'?яжіть приклад|what is \d+|how much is \d+",
    re.I,
)


def captcha_in(snapshot: Snapshot, group: Group | None = None) -> str | None:
    """Vendor of a captcha guarding ``group`` (or anywhere on the page when group is None)."""
    for sign in snapshot.captcha:
        if group is None or group.gid in (sign.form, sign.gid):
            return sign.vendor
    if group is not None and re.search(r"captcha|капч", group.html_hint, re.I):
        return "captcha"
    if group is not None and any(f.fillable and is_math_question(f.words) for f in group.fields):
        return "math-question"
    return None


def is_math_question(words: str) -> bool:
    return bool(MATH_QUESTION.search(words))


def challenge_in_text(text: str) -> bool:
    return bool(CHALLENGE_TEXT.search(text))
