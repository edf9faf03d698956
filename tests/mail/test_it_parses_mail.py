"""Parsing: any charset and transfer encoding, HTML-only mail, quoted originals and signatures, headers."""

from __future__ import annotations

import base64
import quopri
from datetime import UTC, datetime

import pytest

from monitor.mail.parse import html_to_text, parse_message, strip_quote_and_signature

ANSWER = "Здравствуйте, Анна! Да, доставка в Екатеринбург есть, 3 дня."


def _plain(body: bytes, charset: str, cte: str = "8bit", extra: str = "") -> bytes:
    head = (
        f"From: =?utf-8?b?{base64.b64encode('Ольга'.encode()).decode()}?= <olga@shop.test>\r\n"
        f"To: anna.k7m2x9p4qr@shopper.test\r\nSubject: Re: Вопрос\r\nMessage-ID: <a1@shop.test>\r\n"
        f"Date: Fri, 27 Nov 2026 05:00:00 +0300\r\n{extra}"
        f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    )
    return head.encode() + body


@pytest.mark.parametrize(
    "charset,cte,encode",
    [
        ("windows-1251", "8bit", lambda t: t.encode("cp1251")),
        ("koi8-r", "8bit", lambda t: t.encode("koi8-r")),
        ("utf-8", "quoted-printable", lambda t: quopri.encodestring(t.encode("utf-8"))),
        ("utf-8", "base64", lambda t: base64.encodebytes(t.encode("utf-8"))),
        ("windows-1251", "base64", lambda t: base64.encodebytes(t.encode("cp1251"))),
        ("koi8-u", "quoted-printable", lambda t: quopri.encodestring(t.encode("koi8-u"))),
    ],
)
def test_it_decodes_every_charset_and_encoding(charset: str, cte: str, encode: object) -> None:
    mail = parse_message(_plain(encode(ANSWER), charset, cte))  # type: ignore[operator]
    assert mail.text == ANSWER
    assert mail.sender == "olga@shop.test" and mail.sender_name == "Ольга"
    assert mail.recipients == ("anna.k7m2x9p4qr@shopper.test",)
    assert mail.subject == "Re: Вопрос"


def test_it_detects_a_missing_or_wrong_charset() -> None:
    text = "Добрый день! Товар есть в наличии, можно забрать сегодня до 18:00 в нашем магазине."
    unlabeled = parse_message(b"From: a@b.test\r\nContent-Type: text/plain\r\n\r\n" + text.encode("cp1251"))
    assert unlabeled.text == text
    wrong = parse_message(
        b"From: a@b.test\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text.encode("cp1251")
    )
    assert wrong.text == text
    unknown = parse_message(
        b"From: a@b.test\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\n" + text.encode()
    )
    assert unknown.text == text


def test_it_turns_html_only_mail_into_text_without_running_it() -> None:
    html = (
        "<html><head><style>.x{color:red}</style><script>alert('x')</script></head><body>"
        "<p>Здравствуйте!</p><p>Есть&nbsp;в наличии.<br>Звоните.</p>"
        "<blockquote>Ваш вопрос: есть ли доставка?</blockquote></body></html>"
    )
    raw = (
        b"From: a@b.test\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html.encode())
    )
    mail = parse_message(raw)
    assert mail.html_only
    assert "alert" not in mail.text and "color" not in mail.text
    assert mail.excerpt == "Здравствуйте!\n\nЕсть в наличии.\nЗвоните."
    assert "> Ваш вопрос" in mail.text


def test_it_prefers_the_plain_part_of_an_alternative() -> None:
    raw = (
        b"From: a@b.test\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n--XX\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nplain text\r\n--XX\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>html text</p>\r\n--XX--\r\n"
    )
    mail = parse_message(raw)
    assert mail.text == "plain text" and not mail.html_only


@pytest.mark.parametrize(
    "body,expected",
    [
        ("Да, есть.\n\nС уважением,\nОльга\n+7 900", "Да, есть."),
        ("Так, є в наявності.\n\nЗ повагою,\nОксана", "Так, є в наявності."),
        ("Yes, in stock.\n-- \nJohn, Shop Ltd", "Yes, in stock."),
        (
            "Да, есть.\n\n27.11.2026, 10:00, Анна <anna.x@shopper.test> написал(а):\n> Есть ли доставка?",
            "Да, есть.",
        ),
        (
            "Да, есть.\n\nПт, 27 нояб. 2026 г. в 10:00, Анна Кузнецова <a@b.c>:\n> вопрос",
            "Да, есть.\n\nПт, 27 нояб. 2026 г. в 10:00, Анна Кузнецова <a@b.c>:",
        ),
        ("Yes.\n\nOn Fri, Nov 27, 2026 at 10:00 AM Anna <a@b.c> wrote:\n> question", "Yes."),
        ("Да.\n\n-----Original Message-----\nFrom: Anna\nSent: today", "Да."),
        ("Да.\n\n-------- Исходное сообщение --------\nОт: Анна", "Да."),
        ("Так.\n\nВід: Анна <a@b.c>\nНадіслано: сьогодні", "Так."),
        ("Да, есть.\n\nОтправлено с iPhone", "Да, есть."),
    ],
)
def test_it_strips_quoted_original_and_signature(body: str, expected: str) -> None:
    assert strip_quote_and_signature(body) == expected


def test_it_keeps_the_senders_date_and_received_stamps() -> None:
    raw = _plain(
        ANSWER.encode(),
        "utf-8",
        extra=(
            "Received: from lmtp by mx; Fri, 27 Nov 2026 02:00:07 +0000\r\n"
            "Received: from shop by relay; Fri, 27 Nov 2026 01:59:59 +0000\r\n"
        ),
    )
    mail = parse_message(raw)
    assert mail.date == datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    assert mail.received_dates[0] == datetime(2026, 11, 27, 2, 0, 7, tzinfo=UTC)


def test_it_reads_threading_headers_and_survives_garbage() -> None:
    raw = (
        b"From: broken\r\nIn-Reply-To: <q1@shopper.test>\r\nReferences: <q0@x> <q1@shopper.test>\r\n"
        b"Date: not a date\r\nSubject: =?unknown-charset?q?=FF=FE?=\r\n\r\n\xff\xfe\x00"
    )
    mail = parse_message(raw)
    assert mail.thread_ids == ("<q1@shopper.test>", "<q0@x>")
    assert mail.date is None and mail.sender is None
    assert isinstance(mail.text, str)


def test_it_finds_the_original_message_id_inside_a_dsn() -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.shop.test\r\nTo: anna.x@shopper.test\r\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nUndeliverable\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
        b"Final-Recipient: rfc822; x@shop.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"--B\r\nContent-Type: message/rfc822\r\n\r\nFrom: anna.x@shopper.test\r\nMessage-ID: <orig@shopper.test>\r\n"
        b"\r\nquestion\r\n--B--\r\n"
    )
    mail = parse_message(raw)
    assert mail.report_type == "delivery-status"
    assert mail.embedded_ids == ("<orig@shopper.test>",)
    assert "question" not in mail.text


def test_html_to_text_drops_markup_and_scripts() -> None:
    assert html_to_text("<div>a<script>b()</script><br/>c</div>") == "a\nc"
