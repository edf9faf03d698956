"""Delivery status notifications and read receipts: what the mail system says about our question.

- RFC 3464 DSNs (``multipart/report; report-type=delivery-status``) carry an
  ``Action`` per recipient: ``failed`` is a permanent bounce, ``delayed`` means
  still trying, ``delivered``/``relayed``/``expanded`` are good news. Only a
  permanent failure fails a probe; the failing address and status are evidence.
- Bounces that are not RFC 3464 (qmail, old Exim and Exchange, Yahoo...) are
  read by flufl.bounce (GNU Mailman's bounce detectors, maintained, typed), which
  splits addresses into temporary and permanent failures.
- RFC 8098 MDNs (``report-type=disposition-notification``) are read receipts:
  someone opened the question, nobody answered it yet.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from flufl.bounce import all_failures

from monitor.mail.parse import ParsedMail

# Senders of bounces (RFC 3464 section 2 and every MTA's null-sender persona).
BOUNCE_SENDERS = re.compile(
    r"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|mail\.daemon|mdaemon)@", re.I
)
BOUNCE_SUBJECT = re.compile(
    r"undeliver(?:ed|able)|delivery (?:status notification|has failed|failure|failed)|not delivered|"
    r"mail delivery (?:failed|failure|subsystem|system)|returned mail|failure notice|returned to sender|"
    r"недоставлен|не доставлен|не удалось доставить|ошибка доставки|не вдалося доставити|недоставлене|не доставлено",
    re.I,
)
# Delay warnings: Postfix "Delayed Mail (still being retried)", Exim "Warning: message ... delayed",
# Sendmail "Warning: could not send message for past 4 hours", Gmail/Exchange "(Delay)", "Delivery delayed".
DELAY_SUBJECT = re.compile(
    r"\bdelay(?:ed)?\b|still being retried|warning: could not send|"
    r"задерж|отложен|затримк|відкладен",
    re.I,
)
# Postfix, Sendmail, Gmail and Zoho all head their delay notices with "THIS IS A WARNING (MESSAGE) ONLY".
WARNING_ONLY = re.compile(r"this is a warning (?:message )?only|you do not need to resend your message", re.I)
DELAY_TEXT = re.compile(
    r"will (?:continue to )?(?:retry|be retried|keep trying|try again)|still trying|has not (?:yet )?been delivered|"
    r"not yet been delivered|delivery (?:is )?delayed|will retry for|continue to attempt|"
    r"повторн\w+ попытк|будет (?:повторен\w*|продолжен\w*)|продолж\w+ попытки|пока не доставлен|"
    r"буде (?:повторен\w*|продовжен\w*)|ще не доставлен",
    re.I,
)
_PERMANENT_STATUS = re.compile(r"^\s*5\.\d{1,3}\.\d{1,3}")


@dataclass(frozen=True)
class ReportVerdict:
    kind: str  # bounce | delivery | receipt
    reasons: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict)


def _message(raw: bytes | None) -> Message | None:
    if not raw:
        return None
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def _report_blocks(msg: Message, ctype: str) -> list[dict[str, str]]:
    """Field blocks of every ``ctype`` part (per-message block first, then one per recipient)."""
    blocks: list[dict[str, str]] = []
    for part in msg.walk():
        if part.get_content_type() != ctype:
            continue
        payload = part.get_payload()
        if isinstance(payload, list):  # the email package parses message/delivery-status into blocks
            for sub in payload:
                if isinstance(sub, Message):
                    blocks.append({k.lower(): str(v).strip() for k, v in sub.items()})
            continue
        data = part.get_payload(decode=True)
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(payload)
        for chunk in re.split(r"\r?\n\s*\r?\n", text):
            fields = email.message_from_string(chunk.strip() + "\n", policy=email.policy.compat32)
            if fields.keys():
                blocks.append({k.lower(): str(v).strip() for k, v in fields.items()})
    return blocks


def _addr(value: str) -> str:
    """'rfc822; olga@shop.example' -> 'olga@shop.example'."""
    return value.split(";", 1)[-1].strip().strip("<>").lower()


def dsn_verdict(msg: Message) -> ReportVerdict | None:
    """RFC 3464 per-recipient actions; None when the report has none."""
    recipients = [b for b in _report_blocks(msg, "message/delivery-status") if "action" in b]
    if not recipients:
        return None
    by_action: dict[str, list[dict[str, str]]] = {}
    for b in recipients:
        by_action.setdefault(b["action"].split()[0].lower(), []).append(b)
    evidence = [
        {
            "recipient": _addr(b.get("final-recipient") or b.get("original-recipient", "")),
            "action": b["action"].lower(),
            "status": b.get("status"),
            "diagnostic": (b.get("diagnostic-code") or "")[:300] or None,
        }
        for b in recipients
    ]
    if "failed" in by_action:
        failed = by_action["failed"]
        return ReportVerdict(
            "bounce",
            ("dsn:action=failed", *(f"dsn:status={b.get('status')}" for b in failed[:3])),
            {"failed_recipients": [_addr(b.get("final-recipient", "")) for b in failed], "dsn": evidence},
        )
    for action in ("delayed", "delivered", "relayed", "expanded"):
        if action in by_action:
            return ReportVerdict(
                "delivery", (f"dsn:action={action}",), {"dsn_action": action, "dsn": evidence}
            )
    return None


_TEXT_ACTION = re.compile(r"^\s*action:\s*(failed|delayed|delivered|relayed|expanded)\b", re.I | re.M)


def text_actions(text: str) -> set[str]:
    """RFC 3464 Action fields written into a flattened (non-MIME) report's text."""
    return {a.lower() for a in _TEXT_ACTION.findall(text[:20000])}


def mdn_verdict(msg: Message | None) -> ReportVerdict:
    """RFC 8098: the disposition (displayed, deleted...) and which message it was about."""
    blocks = _report_blocks(msg, "message/disposition-notification") if msg is not None else []
    fields = {k: v for b in blocks for k, v in b.items()}
    disposition = fields.get("disposition", "")
    details = {
        "disposition": disposition.split(";")[-1].strip().lower() or None,
        "original_message_id": fields.get("original-message-id"),
        "final_recipient": _addr(fields["final-recipient"]) if "final-recipient" in fields else None,
    }
    return ReportVerdict(
        "receipt",
        (
            "mdn:disposition-notification",
            *([f"mdn:disposition={details['disposition']}"] if details["disposition"] else []),
        ),
        details,
    )


def _flufl(msg: Message) -> tuple[list[str], list[str]]:
    try:
        temporary, permanent = all_failures(msg)
    except Exception:  # a detector choking on odd input must not lose the message
        return [], []
    dec = sorted(a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in permanent)
    tmp = sorted(a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in temporary)
    return tmp, dec


def looks_like_report(mail: ParsedMail) -> bool:
    """Cheap test before any report parsing: a report part, a bounce sender, or X-Failed-Recipients."""
    return (
        mail.content_type == "multipart/report"
        or bool(mail.sender and BOUNCE_SENDERS.match(mail.sender))
        or "x-failed-recipients" in mail.headers
        or not mail.sender
        and bool(BOUNCE_SUBJECT.search(mail.subject))
    )


def delivery_report(mail: ParsedMail, raw: bytes | None) -> ReportVerdict | None:
    """Bounce, delivery notice or read receipt, with evidence; None for anything else."""
    if mail.content_type == "multipart/report" and mail.report_type == "disposition-notification":
        return mdn_verdict(_message(raw))
    if not looks_like_report(mail):
        return None
    msg = _message(raw)
    is_dsn = mail.content_type == "multipart/report" and mail.report_type == "delivery-status"
    if msg is not None and is_dsn and (v := dsn_verdict(msg)) is not None:
        return v
    actions = text_actions(mail.text)
    if actions and "failed" not in actions:
        action = next(a for a in ("delayed", "delivered", "relayed", "expanded") if a in actions)
        return ReportVerdict("delivery", (f"dsn-text:action={action}",), {"dsn_action": action})
    if WARNING_ONLY.search(mail.text[:5000]) and "failed" not in actions:
        return ReportVerdict("delivery", ("warning only: delayed",), {"dsn_action": "delayed"})
    tmp, perm = _flufl(msg) if msg is not None else ([], [])
    failed_hdr = [
        a.strip().lower()
        for a in mail.headers.get("x-failed-recipients", "").replace("\n", ",").split(",")
        if "@" in a
    ]
    if perm:
        return ReportVerdict("bounce", ("flufl.bounce:permanent",), {"failed_recipients": perm})
    delayed_text = bool(DELAY_SUBJECT.search(mail.subject) or DELAY_TEXT.search(mail.text[:5000]))
    if tmp or (delayed_text and not _PERMANENT_STATUS.search(mail.text[:5000])):
        why = ("flufl.bounce:temporary",) if tmp else ("delay wording",)
        return ReportVerdict("delivery", why, {"dsn_action": "delayed", "temporary_recipients": tmp})
    signs = [
        s
        for s, ok in (
            ("dsn:multipart/report", is_dsn),
            (
                "sender:" + (mail.sender or "").split("@")[0],
                bool(mail.sender and BOUNCE_SENDERS.match(mail.sender)),
            ),
            ("header:x-failed-recipients", bool(failed_hdr)),
            ("subject:undeliverable", bool(BOUNCE_SUBJECT.search(mail.subject))),
        )
        if ok
    ]
    # A DSN, or two signs (a postmaster notice that is not about delivery has neither a bounce subject nor a report).
    if is_dsn or len(signs) >= 2:
        return ReportVerdict("bounce", tuple(signs), {"failed_recipients": failed_hdr})
    return None
