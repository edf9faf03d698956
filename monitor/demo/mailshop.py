"""Shops that answer e-mail, on loopback: an aiosmtpd server plus replies delivered by LMTP.

It receives the probes' messages like a shop's mail server would and answers
through a ``PrivateDovecot`` the way real shops do: a person after a while
(threaded, fresh, or from a free-mail address), an auto-reply with or without
headers, an auto-reply then a person, a bounce, a reply the spam filter files
in Junk, windows-1251 or HTML-only bodies, or nothing at all. Behaviour is
chosen per recipient address; delays are real but small (seconds).

AUTH without TLS is accepted here only: this server exists for tests and demos.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, getaddresses, make_msgid
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from monitor.demo.dovecot import PrivateDovecot, free_port

MODES = (
    "human-reply",  # a person answers "Re:", threaded with In-Reply-To/References
    "human-fresh",  # a person writes a new message, no threading headers
    "human-freemail",  # a person answers from a personal free-mail address
    "auto-headers",  # an auto-reply with RFC 3834 / vendor headers
    "auto-wording",  # an auto-reply with no such headers: only its wording tells
    "auto-then-human",  # an auto-reply at once, a person later
    "bounce",  # a DSN: the address does not exist
    "junk",  # a person's reply that the spam filter files in Junk
    "cp1251",  # a person's reply in windows-1251
    "html-only",  # a person's reply with an HTML body only
    "silent",  # nobody answers
    "tempfail",  # RCPT gets 451: try again later
    "reject",  # RCPT gets 550: no such mailbox
)


@dataclass(frozen=True)
class Behaviour:
    mode: str
    delay: float = 2.0  # seconds until the (first) answer
    human_delay: float = 4.0  # auto-then-human: seconds until the person's answer
    date_skew: float = 0.0  # the shop's wrong clock, in seconds, shown only in its Date header
    name: str = "Магазин"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; known: {', '.join(MODES)}")


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpts: tuple[str, ...]
    raw: bytes
    received_at: datetime


@dataclass(frozen=True)
class SentReply:
    """One answer as delivered: ``delivered_at`` is when LMTP accepted it (the true delivery time)."""

    shop: str
    to: str
    kind: str  # human | auto | bounce
    mode: str
    message_id: str
    folder: str | None
    delivered_at: datetime
    in_reply_to: str | None


HUMAN_TEXT = (
    "Здравствуйте!\n\nДа, конечно. Доставка в ваш город есть, обычно занимает 2-3 дня. "
    "Товар в наличии, можем отправить завтра.\n\nМенеджер Ольга"
)
AUTO_TEXT = (
    "Здравствуйте!\n\nВаша заявка принята. Номер обращения {n}. "
    "Мы свяжемся с вами в ближайшее время.\n\nЭто письмо сформировано автоматически, "
    "пожалуйста, не отвечайте на него."
)


class MailShop:
    """Start with ``start()``; ``received`` and ``replies`` record everything for assertions."""

    def __init__(
        self,
        dovecot: PrivateDovecot,
        behaviours: dict[str, Behaviour],
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.dovecot = dovecot
        self.behaviours = {k.lower(): v for k, v in behaviours.items()}
        self.host = host
        self.port = port or free_port(host)
        self.username = username
        self.password = password
        self.received: list[ReceivedMail] = []
        self.replies: list[SentReply] = []
        self.errors: list[str] = []
        self._pending = 0
        self._lock = threading.Lock()
        self._controller: Controller | None = None
        self._counter = 1000
        self._tasks: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ server

    def start(self) -> MailShop:
        kw: dict[str, Any] = {"auth_require_tls": False}
        if self.username is not None:
            kw.update(auth_required=True, authenticator=self._authenticate)
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port, **kw)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> MailShop:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.username
            and auth_data.password.decode() == (self.password or "")
        )
        return AuthResult(success=ok, handled=False)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until every scheduled answer has been delivered."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if self._pending == 0:
                    return
            time.sleep(0.05)
        raise TimeoutError(f"{self._pending} answers still pending")

    # ------------------------------------------------------------------ answering

    def behaviour_for(self, rcpt: str) -> Behaviour | None:
        return self.behaviours.get(rcpt.lower())

    def schedule(self, mail: ReceivedMail) -> None:
        loop = asyncio.get_running_loop()
        for rcpt in mail.rcpts:
            b = self.behaviour_for(rcpt)
            if b is None or b.mode in ("silent", "tempfail", "reject"):
                continue
            plan: list[tuple[float, str]] = {
                "auto-then-human": [(b.delay, "auto-headers"), (b.human_delay, "human-reply")],
            }.get(b.mode, [(b.delay, b.mode)])
            for delay, mode in plan:
                with self._lock:
                    self._pending += 1
                task = loop.create_task(self._answer_later(delay, rcpt, b, mode, mail))
                self._tasks.add(task)  # the loop keeps only weak references to tasks
                task.add_done_callback(self._tasks.discard)

    async def _answer_later(
        self, delay: float, shop: str, b: Behaviour, mode: str, mail: ReceivedMail
    ) -> None:
        try:
            await asyncio.sleep(delay)
            folder = "Junk" if mode == "junk" else None
            raw, to, kind, msgid, irt = self._compose(shop, b, mode, mail)
            await asyncio.to_thread(self.dovecot.deliver, to, raw, folder)
            self.replies.append(SentReply(shop, to, kind, mode, msgid, folder, datetime.now(UTC), irt))
        except Exception as exc:  # recorded for the test to see; the server keeps serving
            self.errors.append(f"{shop} {mode}: {type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._pending -= 1

    def _compose(
        self, shop: str, b: Behaviour, mode: str, mail: ReceivedMail
    ) -> tuple[bytes, str, str, str, str | None]:
        orig = message_from_bytes(mail.raw, policy=policy.default)
        reply_to = getaddresses([str(orig.get("reply-to") or orig.get("from") or mail.mail_from)])
        to = reply_to[0][1] if reply_to and reply_to[0][1] else mail.mail_from
        orig_id = str(orig.get("message-id") or "").strip() or None
        subject = str(orig.get("subject") or "")
        shop_domain = shop.rsplit("@", 1)[-1]
        msg = EmailMessage()
        msgid = make_msgid(domain=shop_domain)
        msg["Message-ID"] = msgid
        msg["Date"] = format_datetime(datetime.now(UTC) + timedelta(seconds=b.date_skew))
        msg["To"] = to
        self._counter += 1
        if mode == "bounce":
            return self._bounce(shop, mail, msgid), mail.mail_from, "bounce", msgid, None
        local, _, domain = shop.partition("@")
        msg["From"] = Address(display_name=b.name, username=local, domain=domain)
        threaded = mode not in ("human-fresh", "human-freemail")
        if threaded and orig_id:
            msg["In-Reply-To"] = orig_id
            msg["References"] = orig_id
        if mode == "human-freemail":
            msg.replace_header(
                "From",
                str(Address(display_name="Ольга Петрова", username="olga.petrova.1987", domain="gmail.com")),
            )
        if mode in ("auto-headers", "auto-wording"):
            if mode == "auto-headers":
                msg["Auto-Submitted"] = "auto-replied"
                msg["X-Autoreply"] = "yes"
                msg["Precedence"] = "auto_reply"
                msg["Subject"] = f"Автоматический ответ: {subject}"
            else:
                msg["Subject"] = f"Re: {subject}"
            msg.set_content(AUTO_TEXT.format(n=self._counter), charset="utf-8")
            return msg.as_bytes(), to, "auto", msgid, orig_id if threaded else None
        msg["Subject"] = f"Re: {subject}" if threaded else "Ответ на ваш вопрос"
        quoted = "\n".join("> " + ln for ln in _orig_text(orig).splitlines())
        body = HUMAN_TEXT + (
            f"\n\n{format_datetime(mail.received_at)}, вы написали:\n{quoted}\n" if threaded else "\n"
        )
        if mode == "cp1251":
            msg.set_content(body, charset="windows-1251", cte="8bit")
        elif mode == "html-only":
            paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in HUMAN_TEXT.split("\n\n"))
            html = f"<html><head><style>p{{margin:0}}</style></head><body>{paragraphs}</body></html>"
            msg.set_content(html, subtype="html", charset="utf-8")
        else:
            msg.set_content(body, charset="utf-8")
        return msg.as_bytes(), to, "human", msgid, orig_id if threaded else None

    def _bounce(self, shop: str, mail: ReceivedMail, msgid: str) -> bytes:
        """An RFC 3464 DSN, as Postfix would send it for a mailbox that does not exist."""
        host = shop.rsplit("@", 1)[-1]
        dsn = MIMEMultipart("report", report_type="delivery-status")
        dsn["From"] = f"Mail Delivery System <MAILER-DAEMON@{host}>"
        dsn["To"] = mail.mail_from
        dsn["Subject"] = "Undelivered Mail Returned to Sender"
        dsn["Date"] = format_datetime(datetime.now(UTC))
        dsn["Message-ID"] = msgid
        dsn["Auto-Submitted"] = "auto-replied"
        dsn.attach(
            MIMEText(
                f"I'm sorry to have to inform you that your message could not be delivered.\n\n"
                f"<{shop}>: host {host} said: 550 5.1.1 <{shop}>: Recipient address rejected: "
                f"User unknown in virtual mailbox table\n"
            )
        )
        status = MIMEBase("message", "delivery-status")
        per_message, per_rcpt = Message(), Message()
        per_message["Reporting-MTA"] = f"dns; {host}"
        per_rcpt["Final-Recipient"] = f"rfc822; {shop}"
        per_rcpt["Action"] = "failed"
        per_rcpt["Status"] = "5.1.1"
        per_rcpt["Diagnostic-Code"] = "smtp; 550 5.1.1 User unknown"
        status.set_payload([per_message, per_rcpt])
        dsn.attach(status)
        headers = mail.raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode("ascii", "replace")
        dsn.attach(MIMEText(headers + "\n", "rfc822-headers", "us-ascii"))
        return dsn.as_bytes()


def _orig_text(orig: Any) -> str:
    body = orig.get_body(preferencelist=("plain", "html"))
    return str(body.get_content()) if body is not None else ""


class _Handler:
    """aiosmtpd handler: accept mail for known shops, record it, schedule the answers."""

    def __init__(self, shop: MailShop) -> None:
        self.shop = shop

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        b = self.shop.behaviour_for(address)
        if b is None or b.mode == "reject":
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if b.mode == "tempfail":
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's hook name)
        raw = envelope.original_content or envelope.content
        mail = ReceivedMail(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(raw), datetime.now(UTC))
        self.shop.received.append(mail)
        self.shop.schedule(mail)
        return "250 2.0.0 Ok: queued"
