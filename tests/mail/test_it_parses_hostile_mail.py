"""Parsing and storing bounded against hostile input: depth, size, NULs, HTML that made parsers quadratic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select

from monitor.mail.html_text import html_to_text
from monitor.mail.mimescan import mime_depth
from monitor.mail.parse import MAX_MIME_DEPTH, parse_message
from monitor.store.db import session_factory, transaction
from monitor.store.models import Reply
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from monitor.store.text import clean_json, clean_text
from tests.fixtures.hostile_mail import HOSTILE, deep_messages, deep_mime, raw_nul_message, remote_content


def test_it_measures_mime_depth_like_the_parser_nests() -> None:
    assert mime_depth(b"Subject: x\r\n\r\nhi\r\n", 50) == 0
    assert mime_depth(deep_mime("a@b.test", 3), 50) == 4
    assert mime_depth(deep_messages("a@b.test", 5), 50) == 5
    assert mime_depth(deep_mime("a@b.test", 10_000), 50) == 51  # stops counting past the limit
    # Sibling parts do not add depth; a closed multipart gives its depth back.
    flat = (
        b'Content-Type: multipart/mixed; boundary="o"\r\n\r\n'
        + b'--o\r\nContent-Type: multipart/alternative; boundary="i"\r\n\r\n--i\r\n\r\na\r\n--i--\r\n' * 100
        + b"--o--\r\n"
    )
    assert mime_depth(flat, 50) == 2


@pytest.mark.parametrize("depth", [1200, 10_000])
def test_it_reads_only_the_headers_of_mail_nested_too_deep(depth: int) -> None:
    mail = parse_message(deep_mime("anna.k7q2m@shopper.test", depth))
    assert mail.problem == f"MIME nested more than {MAX_MIME_DEPTH} levels deep"
    assert mail.recipients == ("anna.k7q2m@shopper.test",) and mail.subject == f"deep mime {depth}"
    assert mail.text == ""


def test_it_parses_mail_just_inside_the_depth_limit() -> None:
    mail = parse_message(deep_mime("a@b.test", MAX_MIME_DEPTH - 1))
    assert mail.problem is None and mail.text == "bottom"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_it_never_raises_on_hostile_mail(name: str) -> None:
    mail = parse_message(HOSTILE[name]("anna.k7q2m@shopper.test"))
    assert "anna.k7q2m@shopper.test" in mail.recipients
    assert len(mail.recipients) <= 200 and len(mail.thread_ids) <= 100


def test_it_turns_deep_html_into_text() -> None:
    assert html_to_text("<div>" * 100_000 + "deep" + "</div>" * 100_000) == "deep"
    # Unterminated constructs swallow the rest, as in a browser; nothing before them is lost.
    assert html_to_text("kept <!--" * 50_000) == "kept"
    assert html_to_text("a</" * 50_000).startswith("a")
    assert html_to_text("<p>x</p><a " + " ".join(f"k{i}=1" for i in range(50_000)) + ">y") == "x\n\ny"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<p>Здравствуйте,</p><p>есть&nbsp;в наличии &amp; доставка</p>",
            "Здравствуйте,\n\nесть в наличии & доставка",
        ),
        ("<html><head><title>T</title><style>p{x:1}</style></head><body>a<br>b</body></html>", "a\nb"),
        (
            "ok<script>if (a<b) {document.write('<p>x</p>')}</script> <noscript><p>n</p></noscript>done",
            "ok done",
        ),
        (
            "<div>Да</div><blockquote>вопрос<blockquote>старое</blockquote></blockquote>",
            "Да\n\n> вопрос\n>\n> > старое",
        ),
        ("<a title=\"a>b\" href='x>y'>link</a> <img alt=don't src=x>", "link"),
        ("<!DOCTYPE html><!-- c --><![CDATA[x]]><?xml ?>text<", "text<"),
        ("1 < 2 and <3", "1 < 2 and <3"),
    ],
)
def test_it_keeps_what_a_reader_sees(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_it_never_fetches_remote_content() -> None:
    mail = parse_message(remote_content("a@b.test", "http://127.0.0.1:9"))
    assert mail.text == "Здравствуйте, прайс" and "127.0.0.1" not in mail.text


def test_it_cleans_what_databases_refuse() -> None:
    assert clean_text("a\x00b\x07c\td\ne\r") == "abc\td\ne\r"
    assert clean_text("x\udcff") == "x\ufffd"
    assert clean_json({"k\x00": ["v\x00", ("t\x00", 1, None)]}) == {"k": ["v", ["t", 1, None]]}


@pytest.mark.postgres
def test_it_stores_text_with_nuls_on_postgresql(pg_engine: Engine) -> None:
    """psycopg.DataError before the fix; the raw NULs of a server that passes them through."""
    mail = parse_message(raw_nul_message("a@b.test"))
    factory = session_factory(pg_engine)
    now = datetime.now(UTC)
    with transaction(factory) as s:
        stored = store_reply(
            s,
            IncomingReply(
                channel="email",
                kind="human",
                message_key="<nul\x00@x>",
                received_at=now,
                detected_at=now,
                sender="a\x00@b",
                subject=mail.subject,
                excerpt=mail.excerpt,
                reasons=("r\x00",),
                details={"name\x00": "v\x00\udcff"},
            ),
            MatchResult(None, "unmatched", None),
        )
        assert stored is not None
    with factory() as s:
        r = s.scalars(select(Reply)).one()
    assert (r.subject, r.excerpt, r.message_key, r.sender) == (
        "zerobyte",
        "Здравствуйте, ответ",
        "<nul@x>",
        "a@b",
    )
    assert r.details == {"name": "v\ufffd"} and r.reasons == ["r"]
