"""Promised reply times in RU/UK/EN, with working-hours phrasing; durations that are not about replies are not promises."""

from __future__ import annotations

import pytest

from monitor.promises import describe, parse_promise

CASES = [
    ("Ответим в течение 15 минут!", 900, False),
    ("Менеджер перезвонит за 30 секунд", 30, False),
    ("Відповімо протягом години", 3600, False),
    ("We reply within 24 hours.", 86400, False),
    ("Оператор перезвонит в течение 15-ти минут", 900, False),
    ("Usually replies in a few minutes", 300, False),
    ("Typically replies in under an hour", 3600, False),
    ("Обычно отвечаем в течение пяти минут", 300, False),
    ("Ответ в течение получаса", 1800, False),
    ("Передзвонимо за 5 хвилин", 300, False),
    ("відповімо протягом 2 годин у робочий час", 7200, True),
    ("Ответим в течение рабочего дня", 86400, True),
    ("We will get back to you the next business day", 86400, True),
    ("We will respond within 1-2 business days", 172800, True),
    ("Менеджер свяжется с вами в рабочее время", None, True),
]


@pytest.mark.parametrize("text,seconds,business", CASES, ids=[c[0][:30] for c in CASES])
def test_it_parses_a_promise(text: str, seconds: int | None, business: bool) -> None:
    p = parse_promise(f"Оставьте заявку. {text} Доставка бесплатно.", "page")
    assert p is not None and p.seconds == seconds and p.business == business, p
    assert p.source == "page" and text.rstrip(".!") in p.text
    assert describe(p)


@pytest.mark.parametrize(
    "text",
    [
        "Доставка за 2 часа по городу",
        "Скидка 15 минут назад закончилась",
        "",
        "Гарантия 24 месяца",
        "Free shipping within 3 days",
    ],
)
def test_it_ignores_durations_that_are_not_about_replying(text: str) -> None:
    assert parse_promise(text) is None
