"""Raw RFC 5322 bytes -> a typed, decoded view that matching and classification can rely on.

Shops send whatever their mail system produces: windows-1251 or koi8-r bodies,
mislabelled charsets, HTML-only messages, DSN reports. Parsing never raises on
such input; it decodes as well as it can and keeps going, because a message we
fail to parse would otherwise be a reply we never count.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes

ADDRESS_HEADERS = ("to", "cc", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to", "resent-to")
EXCERPT_CHARS = 1000


@dataclass(frozen=True)
class ParsedMail:
    """What the rest of the pipeline needs from one message; all text already decoded."""

    message_id: str | None
    subject: str
    sender: str | None  # lowercased address of From (or Sender/Return-Path)
    sender_name: str
    recipients: tuple[str, ...]  # lowercased addresses from To/Cc/Delivered-To/X-Original-To...
    thread_ids: tuple[str, ...]  # Message-IDs from In-Reply-To and References
    embedded_ids: tuple[str, ...]  # Message-IDs of originals carried inside a DSN / forwarded part
    date: datetime | None  # the sender's Date header (their clock: reference only)
    text: str  # the whole body as text, quoted original included
    excerpt: str  # the new text only: quoted original and signature stripped
    headers: dict[str, str] = field(default_factory=dict)  # lowercased name -> values joined by "\n"
    content_type: str = "text/plain"
    report_type: str | None = None  # multipart/report's report-type (delivery-status for DSNs)
    html_only: bool = False
    received_dates: tuple[datetime, ...] = ()  # from Received headers, newest (topmost) first


_MSGID_RE = re.compile(r"<[^<>\s]+>")


def msg_ids(value: str | None) -> list[str]:
    """'<a@b> <c@d>' -> ['<a@b>', '<c@d>']; bare ids without brackets are bracketed."""
    if not value:
        return []
    found = _MSGID_RE.findall(value)
    if found:
        return found
    bare = value.strip()
    return [f"<{bare}>"] if bare and " " not in bare else []


def _raw_header(msg: Message, name: str) -> list[str]:
    """Header values as received (8-bit bytes kept as surrogates, which ``get()`` would mangle)."""
    return [str(v) for k, v in msg.raw_items() if k.lower() == name]


def _header(msg: Message, name: str) -> list[str]:
    return [decode_header_value(v) for v in _raw_header(msg, name)]


def decode_header_value(value: object) -> str:
    """RFC 2047 words in any charset, or raw 8-bit bytes (sent by careless mailers), to text."""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit header bytes kept as surrogates
        return decode_bytes(text.encode("ascii", "surrogateescape"), None)
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (LookupError, UnicodeDecodeError, ValueError, HeaderParseError):
        try:
            return "".join(decode_bytes(c, cs) if isinstance(c, bytes) else c for c, cs in decode_header(text))
        except Exception:
            return text


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Decode with the declared charset, or detect it when missing or wrong."""
    if declared:
        name = declared.strip().strip('"').lower()
        name = {"cp-1251": "cp1251", "win-1251": "cp1251", "x-cp1251": "cp1251", "unicode-1-1-utf-7": "utf-7"}.get(name, name)
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("latin-1")


def part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if payload is None:
        inner = part.get_payload()
        return inner if isinstance(inner, str) else ""
    assert isinstance(payload, bytes)
    return decode_bytes(payload, part.get_content_charset())


_BLOCKS = ("p", "div", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
           "article", "header", "footer", "pre", "hr")


def html_to_text(html: str) -> str:
    """Visible text of an HTML body; scripts and styles are dropped, never run."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title", "noscript", "template"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    for quote in reversed(soup.find_all("blockquote")):
        lines = _tidy(quote.get_text()).splitlines()
        quote.replace_with("\n\n" + "\n".join("> " + ln for ln in lines) + "\n\n")
    return _tidy(soup.get_text())


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _leaves(part: Message) -> Iterable[Message]:
    """Leaf parts, not descending into attached messages (a DSN's original is not the reply's text)."""
    if part.get_content_type().startswith("multipart/"):
        for sub in part.get_payload() or []:
            if isinstance(sub, Message):
                yield from _leaves(sub)
    else:
        yield part


def _walk_text(msg: Message) -> tuple[str, bool, list[str]]:
    """(body text, html_only, Message-IDs of embedded originals)."""
    plain: list[str] = []
    html: list[str] = []
    embedded: list[str] = []
    for part in _leaves(msg):
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global"):
            for sub in part.get_payload() or []:
                if isinstance(sub, Message):
                    embedded.extend(msg_ids(sub.get("message-id")))
            continue
        if ctype in ("text/rfc822-headers", "message/rfc822-headers"):
            inner = email.message_from_string(part_text(part), policy=email.policy.compat32)
            embedded.extend(msg_ids(inner.get("message-id")))
            continue
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        if ctype == "text/plain":
            plain.append(part_text(part))
        elif ctype == "text/html":
            html.append(part_text(part))
    if plain:
        return "\n".join(plain).strip(), False, embedded
    if html:
        return "\n".join(html_to_text(h) for h in html), True, embedded
    return "", False, embedded


# A line where the quoted original starts, in the languages shops write in.
_QUOTE_START = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:original message|forwarded message|исходное сообщение|пересылаемое сообщение|"
    r"оригінальне повідомлення|вихідне повідомлення)\s*-{2,}"
    r"|on .{3,200}wrote:\s*$"
    r"|.{3,200}\s(?:написал|написала|написал\(а\)|пишет|написав|написала\(в\)|пише)\s*:\s*$"
    r"|(?:from|от|від)\s*:\s*.+@.+$"
    r"|_{10,}\s*$"
    r")",
    re.IGNORECASE,
)
# A line where the signature starts.
_SIGNATURE_START = re.compile(
    r"^\s*(?:--\s*$|—\s*$|с уважением|с наилучшими пожеланиями|всего доброго|з повагою|"
    r"best regards|kind regards|regards,|sincerely|отправлено с (?:iphone|моего)|"
    r"sent from my|надіслано з)",
    re.IGNORECASE,
)


def strip_quote_and_signature(text: str) -> str:
    """The new part of a reply: stop at the quoted original or the signature."""
    out: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith(">") or _QUOTE_START.match(line):
            break
        if _SIGNATURE_START.match(line) and out:
            break
        out.append(line.rstrip())
    result = "\n".join(out).strip()
    return re.sub(r"\n{3,}", "\n\n", result)


def _addresses(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for _name, addr in getaddresses(list(values)):
        addr = addr.strip().strip("<>").lower()
        if "@" in addr and addr not in out:
            out.append(addr)
    return out


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        d = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if d is None:
        return None
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)


def _received_dates(values: list[str]) -> tuple[datetime, ...]:
    out = []
    for v in values:
        _, _, when = v.rpartition(";")
        d = _date(when.strip())
        if d is not None:
            out.append(d)
    return tuple(out)


def parse_message(raw: bytes) -> ParsedMail:
    """Parse any message; never raises on malformed or oddly encoded input."""
    # compat32 rather than policy.default: headers are decoded by us, once, which is several
    # times faster on a catch-up of thousands of messages and never raises on broken headers.
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    headers: dict[str, str] = {}
    for name in {k.lower() for k in msg.keys()}:
        headers[name] = "\n".join(_header(msg, name))
    raw_from = _raw_header(msg, "from") or _raw_header(msg, "sender") or _raw_header(msg, "return-path")
    pairs = getaddresses(raw_from)
    sender_name, from_addr = (decode_header_value(pairs[0][0]), pairs[0][1].lower()) if pairs else ("", "")
    sender = from_addr if "@" in from_addr else None
    text, html_only, embedded = _walk_text(msg)
    report_type = msg.get_param("report-type") if msg.get_content_type() == "multipart/report" else None
    thread = [*msg_ids(headers.get("in-reply-to")), *msg_ids(headers.get("references"))]
    ids = msg_ids(headers.get("message-id"))
    return ParsedMail(
        message_id=ids[0] if ids else None,
        subject=re.sub(r"\s+", " ", headers.get("subject", "")).strip(),
        sender=sender,
        sender_name=sender_name,
        recipients=tuple(_addresses(v for h in ADDRESS_HEADERS for v in _raw_header(msg, h))),
        thread_ids=tuple(dict.fromkeys(thread)),
        embedded_ids=tuple(dict.fromkeys(embedded)),
        date=_date(headers.get("date")),
        text=text,
        excerpt=strip_quote_and_signature(text)[:EXCERPT_CHARS],
        headers=headers,
        content_type=msg.get_content_type(),
        report_type=str(report_type).lower() if report_type else None,
        html_only=html_only,
        received_dates=_received_dates(_header(msg, "received")),
    )
