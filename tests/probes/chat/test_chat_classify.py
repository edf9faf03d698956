"""Classification case table: greetings, automatic answers, bots and people, in RU/UK/EN."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from probes.chat.classify import ChatMessage, Context, classify, is_noise, is_offline_text, promised_seconds

Q = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def msg(text: str, after: float, **kw) -> ChatMessage:  # type: ignore[no-untyped-def]
    return ChatMessage(text=text, at=Q + timedelta(seconds=after), **kw)


CASES = [
    # (message, context extras, expected kind)
    (msg("Здравствуйте! Меня зовут Мария, чем могу помочь?", -5, sender="Мария"), {}, "greeting"),
    (msg("Добрый день, Анна! Да, доставка есть, 2-3 дня.", 40, sender="Мария"), {}, "human"),
    (msg("Оператор скоро ответит, ожидайте.", 0.8), {}, "auto"),
    (msg("Все операторы заняты. Оставьте ваш телефон, и мы перезвоним.", 25), {}, "auto"),
    (msg("Я виртуальный помощник. Выберите тему:", 1.0, sender="Бот-помощник", buttons=3), {}, "bot"),
    (msg("Вітаємо! Оператор незабаром відповість.", 0.5), {}, "auto"),
    (
        msg("Так, доставка до Львова є, зазвичай два дні. Оформити замовлення?", 35, sender="Оксана"),
        {},
        "human",
    ),
    (msg("An agent will be with you shortly.", 1.2), {}, "auto"),
    (msg("Hi! I'm a virtual assistant. Choose an option below.", 2, sender="Fin", buttons=2), {}, "bot"),
    (
        msg(
            "Sure, we ship to Berlin in 3 days; shipping is free over 50 EUR.",
            50,
            sender="Tom",
            sender_type="agent",
        ),
        {},
        "human",
    ),
    (
        msg("Thanks for contacting us! We typically reply in a few minutes.", 3.5, sender_type="system"),
        {},
        "auto",
    ),
    (msg("Привет! Есть промокод на первый заказ", 10, greeting=True), {}, "greeting"),
    (msg("Да, есть", 12, sender="Ирина"), {"agent_joined": True}, "human"),
    (
        msg(
            "Спасибо за вопрос! Да, доставка в Екатеринбург есть, курьером за 2-3 дня, стоимость 300 рублей.",
            60,
            sender="Ольга",
        ),
        {},
        "human",
    ),
    (msg("Здравствуйте! Вы 3 в очереди.", 2.0), {}, "auto"),
]


@pytest.mark.parametrize(("message", "extra", "expected"), CASES, ids=[c[0].text[:30] for c in CASES])
def test_it_classifies(message: ChatMessage, extra: dict, expected: str) -> None:
    verdict = classify(message, Context(question_at=Q, **extra))
    assert verdict.kind == expected, verdict.reasons
    assert verdict.reasons  # every call can be reviewed


def test_it_calls_a_repeat_of_an_earlier_text_canned() -> None:
    text = "Уточните, пожалуйста, номер заказа"
    first = classify(msg(text, 20), Context(question_at=Q))
    again = classify(msg(text, 90), Context(question_at=Q, seen_texts={text.lower()}))
    assert "repeats an earlier message" in again.reasons and "repeats an earlier message" not in first.reasons


def test_it_never_counts_anything_before_the_question_even_from_a_named_agent() -> None:
    v = classify(
        msg("Мария на связи: отвечу на любой вопрос о доставке!", -1, sender="Мария", sender_type="agent"),
        Context(question_at=Q, agent_joined=True),
    )
    assert v.kind == "greeting"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Ответим в течение 5 минут", 300),
        ("Typically replies in 2 hours", 7200),
        ("відповімо протягом 30 хвилин", 1800),
        ("Спасибо!", None),
    ],
)
def test_it_reads_the_promised_reply_time(text: str, seconds: int | None) -> None:
    assert promised_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "offline"),
    [
        ("Сейчас нет операторов в сети. Оставьте сообщение", True),
        ("Залиште повідомлення, ми відповімо на пошту", True),
        ("We're offline. Leave us a message and we'll reply by email", True),
        ("Чем могу помочь?", False),
    ],
)
def test_it_spots_offline_widgets(text: str, offline: bool) -> None:
    assert is_offline_text(text) is offline


@pytest.mark.parametrize(
    ("text", "noise"),
    [("12:31", True), ("Мария печатает...", True), ("Доставлено", True), ("Да, есть в наличии", False)],
)
def test_it_ignores_widget_chrome(text: str, noise: bool) -> None:
    assert is_noise(text) is noise
