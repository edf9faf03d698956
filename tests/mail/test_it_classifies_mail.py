"""Classification case table: headers first, then wording (RU/UK/EN), timing only as support, bounces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.mail.classify import classify
from monitor.mail.parse import parse_message

SUBMITTED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
HUMAN = "Здравствуйте, Анна! Да, доставка есть, привезём в четверг. Стоимость 300 рублей."


def _mail(
    body: str, *, headers: str = "", subject: str = "Re: Вопрос", sender: str = "olga@shop.test"
) -> bytes:
    return (
        f"From: {sender}\r\nTo: anna.x@shopper.test\r\nSubject: {subject}\r\n{headers}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    ).encode()


CASES = [
    # (name, raw, seconds after submission, expected kind, a reason that must be present)
    ("plain human", _mail(HUMAN), 1800, "human", None),
    ("fast human stays human", _mail(HUMAN), 4, "human", "timing:4s after submission"),
    (
        "rfc 3834",
        _mail(HUMAN, headers="Auto-Submitted: auto-replied\r\n"),
        600,
        "auto",
        "header:auto-submitted=auto-replied",
    ),
    ("auto-submitted no", _mail(HUMAN, headers="Auto-Submitted: no\r\n"), 600, "human", None),
    ("x-autoreply", _mail(HUMAN, headers="X-Autoreply: yes\r\n"), 600, "auto", "header:x-autoreply"),
    ("x-autorespond", _mail(HUMAN, headers="X-Autorespond: Thanks\r\n"), 600, "auto", "header:x-autorespond"),
    (
        "apple vacation",
        _mail("Back on Monday.", headers="X-Apple-Action: vacation\r\n"),
        600,
        "ooo",
        "header:x-apple-action=vacation",
    ),
    (
        "precedence auto_reply",
        _mail(HUMAN, headers="Precedence: auto_reply\r\n"),
        600,
        "auto",
        "header:precedence=auto_reply",
    ),
    # Helpdesks and CRMs put these on their agents' replies: a person who answers stays a person.
    ("precedence bulk, a person answering", _mail(HUMAN, headers="Precedence: bulk\r\n"), 600, "human", None),
    ("precedence junk, a person answering", _mail(HUMAN, headers="Precedence: junk\r\n"), 600, "human", None),
    (
        "auto-generated, a person answering",
        _mail(HUMAN, headers="Auto-Submitted: auto-generated\r\n"),
        600,
        "human",
        None,
    ),
    (
        "ms suppress is not a sign",
        _mail(HUMAN, headers="X-Auto-Response-Suppress: All\r\n"),
        600,
        "human",
        None,
    ),
    (
        "auto-generated ack",
        _mail(
            "Спасибо за обращение! Ответим в ближайшее время.", headers="Auto-Submitted: auto-generated\r\n"
        ),
        600,
        "ack",
        None,
    ),
    ("precedence list is a person", _mail(HUMAN, headers="Precedence: list\r\n"), 600, "human", None),
    (
        "ru: request accepted",
        _mail("Здравствуйте! Ваша заявка принята и будет обработана."),
        600,
        "ack",
        None,
    ),
    ("ru: ticket number", _mail("Спасибо! Номер вашего обращения 4521."), 600, "ack", None),
    ("ru: generated automatically", _mail("Это письмо сформировано автоматически."), 600, "auto", None),
    ("ru: do not reply", _mail("Пожалуйста, не отвечайте на это письмо."), 600, "auto", None),
    (
        "ru: subject says auto",
        _mail("Отсутствую до понедельника.", subject="Автоматический ответ: Вопрос"),
        600,
        "ooo",
        None,
    ),
    ("uk: request received", _mail("Добрий день! Ваше звернення прийнято, очікуйте."), 600, "ack", None),
    ("uk: we received", _mail("Ми отримали ваш лист і відповімо найближчим часом."), 600, "ack", None),
    ("uk: automatic", _mail("Це повідомлення надіслано автоматично."), 600, "auto", None),
    ("en: automatic reply", _mail("This is an automatic reply. We will get back to you."), 600, "auto", None),
    (
        "en: received your message",
        _mail("Hello, we have received your message and a ticket was created."),
        600,
        "ack",
        None,
    ),
    ("en: out of office", _mail("I am out of the office until Monday."), 600, "ooo", None),
    (
        "weak wording alone is a person",
        _mail("Спасибо за обращение! Да, есть размер 42, приезжайте."),
        600,
        "human",
        None,
    ),
    (
        "weak wording fast is an ack",
        _mail("Спасибо за обращение! Ответим в ближайшее время."),
        3,
        "ack",
        "timing:3s after submission",
    ),
    (
        "two weak signs are an ack",
        _mail("Спасибо за ваше обращение. Ответим в течение дня в рабочее время."),
        900,
        "ack",
        None,
    ),
    (
        "auto wording only in quote is a person",
        _mail("Да, есть в наличии.\n\n> Ваша заявка принята. Номер обращения 12."),
        600,
        "human",
        None,
    ),
    (
        "ack wording beside a real answer is a person",
        _mail("Мы получили ваш вопрос. Да, диван Омега есть в наличии, цена 45 000 руб."),
        600,
        "human",
        None,
    ),
    ("ё spelling", _mail("Ваш запрос получён."), 600, "ack", None),
    (
        "read receipt as text",
        _mail("Ваше сообщение было прочитано 27.11.2026 10:00.", subject="Прочитано: Вопрос"),
        1,
        "receipt",
        None,
    ),
]


@pytest.mark.parametrize("name,raw,after,kind,reason", CASES, ids=[c[0] for c in CASES])
def test_it_classifies(name: str, raw: bytes, after: float, kind: str, reason: str | None) -> None:
    got = classify(
        parse_message(raw),
        received_at=SUBMITTED + timedelta(seconds=after),
        submitted_at=SUBMITTED,
        raw=raw,
        question="Есть ли диван Омега в наличии и сколько стоит доставка?",
    )
    assert got.kind == kind, got.reasons
    if reason:
        assert reason in got.reasons
    if kind != "human":
        assert got.reasons


DSN = (
    b"From: Mail Delivery System <MAILER-DAEMON@mx.shop.test>\r\nTo: anna.x@shopper.test\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\n"
    b"Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
    b"--B\r\nContent-Type: text/plain\r\n\r\nUser unknown\r\n"
    b"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\nStatus: 5.1.1\r\n--B--\r\n"
)


@pytest.mark.parametrize(
    "raw",
    [
        DSN,
        _mail(
            "Delivery to the following recipient failed permanently",
            sender="postmaster@shop.test",
            subject="Delivery Status Notification (Failure)",
        ),
        _mail("Не удалось доставить", sender="mailer-daemon@mail.ru", subject="Недоставленное сообщение"),
        _mail(
            "failed",
            sender="robot@shop.test",
            subject="Mail delivery failed",
            headers="X-Failed-Recipients: x@shop.test\r\n",
        ),
    ],
    ids=["dsn", "postmaster", "mailer-daemon-ru", "x-failed-recipients"],
)
def test_it_recognises_bounces(raw: bytes) -> None:
    got = classify(parse_message(raw), received_at=SUBMITTED, submitted_at=SUBMITTED, raw=raw)
    assert got.kind == "bounce", got.reasons


def test_it_needs_more_than_x_failed_recipients_alone() -> None:
    raw = _mail(HUMAN, headers="X-Failed-Recipients: x@shop.test\r\n")
    assert classify(parse_message(raw), received_at=SUBMITTED, submitted_at=None).kind == "human"
