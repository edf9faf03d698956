"""Which button a person presses: the one that sends the form, and whether it only moves to the next screen."""

from __future__ import annotations

import re

from probes.form.classify import NEXT_WORDS
from probes.form.snapshot import ButtonInfo, Group

SUBMIT_WORDS = re.compile(
    r"отправ|послать|send|submit|надісл|відправ|жду|перезвон|передзвон|получить|отримати|заказать|замовити|"
    r"задать|задати|спросить|request|get|оставить|залишити|call|далее|далі|next|продолж|continue|ok\b|готово",
    re.I,
)
NOT_SUBMIT = re.compile(
    r"^\W*(сброс\w*|очистить|очистити|reset|clear|закрыть|закрити|close|отмена|отменить|скасувати|"
    r"cancel|назад|back|previous|prev|×|x|✕|←)\W*$",
    re.I,
)


def choose_button(group: Group) -> ButtonInfo | None:
    """The button a person would press to send this form (or to go on to its next screen)."""
    best: tuple[float, ButtonInfo] | None = None
    for b in group.buttons:
        if not b.visible or NOT_SUBMIT.search(b.text):
            continue
        score = 0.0
        if b.type in ("submit", "image"):
            score += 2
        if b.type == "button" and b.text == "":
            score -= 2
        if SUBMIT_WORDS.search(b.text):
            score += 3
        if best is None or score > best[0]:
            best = (score, b)
    return best[1] if best else None


def is_next_button(b: ButtonInfo) -> bool:
    return b.visible and bool(NEXT_WORDS.search(b.text.strip()))
