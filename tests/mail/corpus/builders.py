"""Small builders for corpus mail: plain/HTML replies, RFC 8098 read receipts, RFC 3464 delivery reports."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr

TO = "anna.k7m2x9p4qr@shopper.test"
DATE = format_datetime(datetime(2026, 11, 27, 10, 5, tzinfo=UTC))
OUR_ID = "<rw.k7m2x9p4qr@shopper.test>"


def _text(body: str, subtype: str, charset: str) -> MIMEText:
    return MIMEText(body, subtype, charset)


def _stable_id(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:16]


def mail(
    sender: str,
    subject: str,
    body: str,
    *,
    headers: dict[str, str] | None = None,
    html: bool = False,
    charset: str = "utf-8",
    reply: bool = True,
    to: str = TO,
) -> bytes:
    """A reply as a shop's mail system sends it (headers first, then one text or HTML part)."""
    msg = _text(body, "html" if html else "plain", charset)
    _head(msg, sender, subject, reply, to, headers)
    return msg.as_bytes()


def _head(
    msg: MIMEBase, sender: str, subject: str, reply: bool, to: str, headers: dict[str, str] | None
) -> None:
    name, addr = parseaddr(sender)
    msg["From"] = formataddr((name, addr), charset="utf-8")
    msg["To"] = to
    msg["Subject"] = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    msg["Date"] = DATE
    msg["Message-ID"] = (
        f"<{_stable_id(sender, subject, to, msg.get_payload() if isinstance(msg.get_payload(), str) else '')}@corpus.test>"
    )
    if reply:
        msg["In-Reply-To"] = OUR_ID
        msg["References"] = OUR_ID
    for k, v in (headers or {}).items():
        msg[k] = v


def _report(
    sender: str,
    subject: str,
    report_type: str,
    parts: list[tuple[str, str]],
    headers: dict[str, str] | None,
    to: str = TO,
) -> bytes:
    """multipart/report written out by hand: the email package cannot serialise a report part it did not parse."""
    boundary = "=_report_" + _stable_id(sender, subject, *(b for _, b in parts))
    head = MIMEBase("multipart", "report", report_type=report_type, boundary=boundary)
    _head(head, sender, subject, False, to, headers)
    lines = [head.as_string().split("\n\n", 1)[0], "", "This is a MIME-formatted message.", ""]
    for ctype, body in parts:
        lines += [f"--{boundary}", f"Content-Type: {ctype}", "Content-Transfer-Encoding: 8bit", "", body, ""]
    lines.append(f"--{boundary}--")
    return "\r\n".join(lines).replace("\r\r", "\r").encode("utf-8")


def mdn(
    sender: str,
    subject: str,
    human: str,
    *,
    disposition: str = "manual-action/MDN-sent-manually; displayed",
    ua: str = "mail.shop.test",
    headers: dict[str, str] | None = None,
    to: str = TO,
    original_id: str = OUR_ID,
) -> bytes:
    """RFC 8098 section 9 example shape: a human-readable part and message/disposition-notification."""
    notice = (
        f"Reporting-UA: {ua}\r\nOriginal-Recipient: rfc822;{sender_addr(sender)}\r\n"
        f"Final-Recipient: rfc822;{sender_addr(sender)}\r\nOriginal-Message-ID: {original_id}\r\n"
        f"Disposition: {disposition}"
    )
    return _report(
        sender,
        subject,
        "disposition-notification",
        [("text/plain; charset=utf-8", human), ("message/disposition-notification", notice)],
        headers,
        to,
    )


def dsn(
    sender: str,
    subject: str,
    human: str,
    *,
    action: str,
    status: str,
    recipient: str,
    diagnostic: str | None = None,
    headers: dict[str, str] | None = None,
    to: str = TO,
    original_id: str = OUR_ID,
) -> bytes:
    """RFC 3464: a human-readable part, message/delivery-status, and the original's headers."""
    fields = (
        f"Reporting-MTA: dns; mx.relay.test\r\nArrival-Date: {DATE}\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}"
    )
    if diagnostic:
        fields += f"\r\nDiagnostic-Code: smtp; {diagnostic}"
    original = f"From: {to}\r\nTo: {recipient}\r\nSubject: Question\r\nMessage-ID: {original_id}"
    return _report(
        sender,
        subject,
        "delivery-status",
        [
            ("text/plain; charset=utf-8", human),
            ("message/delivery-status", fields),
            ("text/rfc822-headers", original),
        ],
        headers,
        to,
    )


def sender_addr(sender: str) -> str:
    return sender.split("<")[-1].rstrip(">").strip()
