"""E-mail touchpoint: write to the shop as the persona and time from the moment SMTP accepted it.

The message is sent from the probe's unique reply address (also the envelope
sender, so bounces come back to it) with a Message-ID of our own derived from
the probe's token: replies thread to it, and a resend after an ambiguous
failure would carry the same id, so receivers can deduplicate it.

smtplib is blocking and every step runs through ``asyncio.to_thread``; the
session is driven step by step so ``env.submit_started()`` is recorded right
before DATA, the one irreversible step.
"""

from __future__ import annotations

import asyncio
import re
import smtplib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from probes.base import Evidence, ProbeEnv, ProbeFailed, ProbeTask, Submission, TemporaryFailure
from probes.private import write_private
from probes.tls import tls_context

_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")


def sign_off(text: str) -> str:
    """A closing in the question's language, so the letter reads like a customer's."""
    if _UK_LETTERS.search(text):
        return "З повагою,"
    if _CYRILLIC.search(text):
        return "С уважением,"
    return "Best regards,"


def message_id_for(task: ProbeTask) -> str:
    domain = task.persona.email.rsplit("@", 1)[-1] or "localhost"
    return f"<{task.token}.{task.probe_id}@{domain}>"


def default_subject(question: str) -> str:
    first = re.split(r"(?<=[.!?])\s+", question.strip(), maxsplit=1)[0]
    return first if len(first) <= 60 else first[:57].rstrip() + "..."


def compose(task: ProbeTask, env: ProbeEnv) -> EmailMessage:
    """The question as a plain, natural letter (UTF-8; no tracking, no HTML)."""
    if not task.to_address:
        raise ProbeFailed("config: the email touchpoint has no 'to' address", submission_possible=False)
    persona = task.persona
    name = persona.full_name or str(task.options.get("from_name") or "")
    local, _, domain = persona.email.partition("@")
    msg = EmailMessage()
    msg["From"] = Address(display_name=name, username=local, domain=domain)
    msg["To"] = task.to_address
    msg["Subject"] = task.subject or default_subject(task.question)
    msg["Date"] = format_datetime(env.now())
    msg["Message-ID"] = task.message_id or message_id_for(task)
    msg["MIME-Version"] = "1.0"
    lines = [task.question.strip(), "", sign_off(task.question), persona.full_name or name]
    if persona.phone:
        lines.append(persona.phone)
    msg.set_content("\n".join(lines) + "\n", charset="utf-8")
    return msg


def _reply_text(resp: Any) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _raise_for(stage: str, code: int, resp: Any, *, submission_possible: bool = False) -> None:
    reason = f"smtp {code} at {stage}: {_reply_text(resp)}"[:500]
    if 400 <= code < 500:
        raise TemporaryFailure(reason, submission_possible=submission_possible)
    raise ProbeFailed(reason, submission_possible=submission_possible)


class _Session:
    """One SMTP conversation, opened step by step (each step is a blocking call)."""

    def __init__(self, cfg: Any, password: str | None) -> None:
        self.cfg = cfg
        self.password = password
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        cfg = self.cfg
        timeout = cfg.timeout.total_seconds()
        ctx = tls_context(cfg.verify_tls, getattr(cfg, "ca_file", None))
        if cfg.tls:
            self.smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=timeout, context=ctx)
        else:
            self.smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=timeout)
        self.smtp.ehlo()
        if cfg.starttls and not cfg.tls:
            if not self.smtp.has_extn("starttls"):
                raise ProbeFailed(
                    "smtp: server does not offer STARTTLS and the config requires it",
                    submission_possible=False,
                )
            code, resp = self.smtp.starttls(context=ctx)
            if code != 220:
                _raise_for("STARTTLS", code, resp)
            self.smtp.ehlo()
        if cfg.username:
            self.smtp.login(cfg.username, self.password or "")

    def envelope(self, sender: str, rcpt: str) -> None:
        assert self.smtp is not None
        code, resp = self.smtp.mail(sender)
        if code != 250:
            _raise_for("MAIL FROM", code, resp)
        code, resp = self.smtp.rcpt(rcpt)
        if code not in (250, 251):
            _raise_for("RCPT TO", code, resp)

    def data(self, raw: bytes) -> str:
        assert self.smtp is not None
        code, resp = self.smtp.data(raw)
        return f"{code} {_reply_text(resp)}"

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()


class EmailProbe:
    kind = "email"

    async def submit(self, task: ProbeTask, env: ProbeEnv) -> Submission:
        if env.smtp is None:
            raise ProbeFailed("config: shopper.mailbox.smtp is not configured", submission_possible=False)
        msg = compose(task, env)
        raw = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
        session = _Session(env.smtp, env.smtp_password)
        try:
            try:
                await asyncio.to_thread(session.open)
                await asyncio.to_thread(session.envelope, task.persona.email, str(task.to_address))
            except smtplib.SMTPAuthenticationError as exc:
                _raise_for("AUTH", exc.smtp_code, exc.smtp_error)
            except smtplib.SMTPResponseException as exc:
                _raise_for("connect", exc.smtp_code, exc.smtp_error)
            except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                raise TemporaryFailure(
                    f"smtp: cannot reach {env.smtp.host}:{env.smtp.port}: {exc}"[:500]
                ) from exc
            await env.submit_started()
            try:
                response = await asyncio.to_thread(session.data, raw)
            except smtplib.SMTPDataError as exc:
                # The server refused the message (or DATA itself): it was not accepted.
                _raise_for("DATA", exc.smtp_code, exc.smtp_error)
                raise  # unreachable
            except (smtplib.SMTPException, OSError) as exc:
                raise TemporaryFailure(
                    f"smtp: connection lost during DATA, the shop may have received it: {exc}"[:500],
                    submission_possible=True,
                ) from exc
            submitted_at = env.now()
        finally:
            await asyncio.to_thread(session.close)
        sent = _keep(task, raw)
        return Submission(
            submitted_at=submitted_at,
            evidence=(Evidence("email", str(sent), "the message as sent"),) if sent else (),
            details={"smtp_response": response[:300], "to": task.to_address, "from": task.persona.email},
            message_id=str(msg["Message-ID"]),
        )


def _keep(task: ProbeTask, raw: bytes) -> Path | None:
    """The sent message as proof; losing it must not lose the submission."""
    try:
        return write_private(task.evidence_dir / "sent.eml", raw)
    except OSError:
        return None
