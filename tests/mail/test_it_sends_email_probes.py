"""The e-mail probe against a real SMTP server (aiosmtpd): what it sends, when it counts as submitted, failures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import SystemClock
from monitor.config import SmtpConfig
from monitor.demo.dovecot import free_port
from monitor.demo.mailshop import Behaviour, MailShop
from monitor.runner import make_env, run_probe
from probes.base import Persona, ProbeEnv, ProbeFailed, ProbeTask, TemporaryFailure
from probes.email import EmailProbe, compose, sign_off
from tests.fixtures.mail_env import SMTP_PASSWORD, SMTP_USER, create_email_probes, probes_by_target

pytestmark = pytest.mark.mail


def _task(
    tmp_path: Path, to: str, question: str = "Здравствуйте! Есть ли доставка в Екатеринбург?"
) -> ProbeTask:
    return ProbeTask(
        probe_id=7,
        token="k7m2x9p4qr",
        kind="email",
        target="shop",
        persona=Persona("Анна", "Кузнецова", "+7 912 345-67-01", "anna.k7m2x9p4qr@shopper.test"),
        question=question,
        subject="Вопрос по доставке",
        evidence_dir=tmp_path / "ev",
        to_address=to,
    )


def _env(
    shop: MailShop | None,
    *,
    port: int | None = None,
    password: str = SMTP_PASSWORD,
    marks: list[datetime] | None = None,
) -> ProbeEnv:
    smtp = SmtpConfig(
        host="127.0.0.1",
        port=port or (shop.port if shop else 1),
        starttls=False,
        username=SMTP_USER,
        timeout=timedelta(seconds=5),
    )

    async def mark() -> None:
        if marks is not None:
            marks.append(datetime.now(UTC))

    return ProbeEnv(smtp=smtp, smtp_password=password, mark_submit_started=mark)


@pytest.fixture
def shop(make_shop: Callable[[dict[str, Behaviour]], MailShop]) -> MailShop:
    return make_shop(
        {
            "info@shop.test": Behaviour("silent"),
            "greylist@shop.test": Behaviour("tempfail"),
            "gone@shop.test": Behaviour("reject"),
        }
    )


async def test_it_sends_a_natural_letter_from_the_reply_address(shop: MailShop, tmp_path: Path) -> None:
    marks: list[datetime] = []
    before = datetime.now(UTC)
    sub = await EmailProbe().submit(_task(tmp_path, "info@shop.test"), _env(shop, marks=marks))
    after = datetime.now(UTC)
    assert len(shop.received) == 1
    got = shop.received[0]
    assert got.mail_from == "anna.k7m2x9p4qr@shopper.test"  # bounces come back to the probe's address
    assert got.rcpts == ("info@shop.test",)
    msg = message_from_bytes(got.raw, policy=policy.default)
    assert msg["From"].addresses[0].display_name == "Анна Кузнецова"
    assert msg["From"].addresses[0].addr_spec == "anna.k7m2x9p4qr@shopper.test"
    assert str(msg["Subject"]) == "Вопрос по доставке"
    assert msg["Message-ID"] == sub.message_id == "<k7m2x9p4qr.7@shopper.test>"
    body = msg.get_body().get_content()
    assert (
        "Есть ли доставка в Екатеринбург?" in body and "С уважением," in body and "+7 912 345-67-01" in body
    )
    # Submitted = accepted by the server: after DATA started, before we returned.
    assert len(marks) == 1 and before <= marks[0] <= sub.submitted_at <= after
    assert got.received_at <= sub.submitted_at
    assert sub.details["smtp_response"].startswith("250")
    assert Path(sub.evidence[0].path).read_bytes() == got.raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.mark.parametrize(
    "question,closing",
    [
        ("Добрый день! Есть ли в наличии?", "С уважением,"),
        ("Доброго дня! Чи є доставка до Києва?", "З повагою,"),
        ("Hello, do you ship to Riga?", "Best regards,"),
    ],
)
def test_it_signs_off_in_the_questions_language(question: str, closing: str, tmp_path: Path) -> None:
    assert sign_off(question) == closing
    msg = compose(_task(tmp_path, "info@shop.test", question), ProbeEnv())
    assert closing in msg.get_content()


async def test_a_temporary_refusal_is_retryable_and_nothing_was_sent(shop: MailShop, tmp_path: Path) -> None:
    marks: list[datetime] = []
    with pytest.raises(TemporaryFailure) as exc:
        await EmailProbe().submit(_task(tmp_path, "greylist@shop.test"), _env(shop, marks=marks))
    assert exc.value.submission_possible is False
    assert "451" in exc.value.reason and "RCPT" in exc.value.reason
    assert not marks and not shop.received


async def test_a_permanent_refusal_fails_with_the_servers_reason(shop: MailShop, tmp_path: Path) -> None:
    with pytest.raises(ProbeFailed) as exc:
        await EmailProbe().submit(_task(tmp_path, "gone@shop.test"), _env(shop))
    assert "550" in exc.value.reason and "User unknown" in exc.value.reason
    assert not isinstance(exc.value, TemporaryFailure)


async def test_wrong_credentials_fail_without_sending(shop: MailShop, tmp_path: Path) -> None:
    with pytest.raises(ProbeFailed) as exc:
        await EmailProbe().submit(_task(tmp_path, "info@shop.test"), _env(shop, password="wrong"))
    assert "535" in exc.value.reason and exc.value.submission_possible is False
    assert not shop.received


async def test_an_unreachable_server_is_a_temporary_failure(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(TemporaryFailure) as exc:
        await EmailProbe().submit(_task(tmp_path, "info@shop.test"), _env(None, port=port))
    assert exc.value.submission_possible is False


async def test_a_connection_lost_during_data_is_never_retried(tmp_path: Path) -> None:
    """A server that vanishes after the message was sent may have kept it: not safe to send again."""
    import asyncio

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 flaky ESMTP\r\n")
        while line := await reader.readline():
            cmd = line.decode().upper()
            if cmd.startswith(("EHLO", "HELO")):
                writer.write(b"250-flaky\r\n250 AUTH PLAIN LOGIN\r\n")
            elif cmd.startswith("AUTH"):
                writer.write(b"235 ok\r\n")
            elif cmd.startswith(("MAIL", "RCPT")):
                writer.write(b"250 ok\r\n")
            elif cmd.startswith("DATA"):
                writer.write(b"354 go\r\n")
                await writer.drain()
                while (await reader.readline()) not in (b".\r\n", b""):
                    pass
                writer.transport.abort()  # gone before answering
                return
            await writer.drain()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    marks: list[datetime] = []
    try:
        with pytest.raises(TemporaryFailure) as exc:
            await EmailProbe().submit(_task(tmp_path, "info@shop.test"), _env(None, port=port, marks=marks))
    finally:
        server.close()
    assert exc.value.submission_possible is True and len(marks) == 1


async def test_the_runner_records_submission_retry_and_failure(
    shop: MailShop,
    write_mail_config: Callable[..., Any],
    dovecot: Any,
    factory: sessionmaker[Session],
) -> None:
    cfg = write_mail_config(
        dovecot, shop, {"ok": "info@shop.test", "grey": "greylist@shop.test", "gone": "gone@shop.test"}
    )
    env = make_env(cfg)
    for pid in create_email_probes(cfg, factory):
        await run_probe(cfg, factory, SystemClock(), pid, env)
    probes = probes_by_target(factory)
    ok, grey, gone = probes["info@shop.test"], probes["greylist@shop.test"], probes["gone@shop.test"]
    assert ok.status == "submitted" and ok.message_id and ok.submit_started_at and ok.submitted_at
    assert ok.submit_started_at <= ok.submitted_at
    assert grey.status == "scheduled" and (grey.reason or "").startswith("retry: smtp 451")
    assert grey.submit_started_at is None  # nothing reached the shop: safe to send later
    assert gone.status == "failed" and "550" in (gone.reason or "")
    assert len(shop.received) == 1


async def test_it_never_downgrades_when_starttls_is_required(shop: MailShop, tmp_path: Path) -> None:
    env = _env(shop)
    env.smtp = env.smtp.model_copy(update={"starttls": True})
    with pytest.raises(ProbeFailed) as exc:
        await EmailProbe().submit(_task(tmp_path, "info@shop.test"), env)
    assert "STARTTLS" in exc.value.reason and exc.value.submission_possible is False
    assert not shop.received
