"""Raw RFC 5322 bytes -> a typed, decoded view that matching and classification can rely on.

Shops send whatever their mail system produces: windows-1251 or koi8-r bodies,
mislabelled charsets, HTML-only messages, DSN reports. Parsing never raises on
such input; it decodes as well as it can and keeps going, because a message we
fail to parse would otherwise be a reply we never count.

Hostile input is bounded before it costs anything: MIME nesting past
``MAX_MIME_DEPTH`` is refused before the (recursive) standard parser runs, text
parts are cut at ``MAX_PART_BYTES``, HTML at ``MAX_HTML_CHARS`` and turned into
text by a linear scan, and header lists are capped. A message that cannot be
understood still yields its headers, with ``problem`` saying why, so the watcher
can keep it as ``unparsed`` and go on to the next one.
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from charset_normalizer import from_bytes

from monitor.mail.html_text import html_to_text
from monitor.mail.mimescan import mime_depth

ADDRESS_HEADERS = ("to", "cc", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to", "resent-to")
EXCERPT_CHARS = 1000
MAX_MIME_DEPTH = 50  # people's mail nests a few levels; a forward of a forward stays under ten
MAX_PART_BYTES = 4 * 1024 * 1024  # of one text part, before decoding
MAX_HTML_CHARS = 1_000_000  # of one HTML part, before turning it into text
MAX_TEXT_CHARS = 1_000_000  # of the whole body text kept for matching and classification
MAX_HEADER_VALUES = 200  # per header name (Received, References lines...)
MAX_HEADER_CHARS = 65536  # per header value
MAX_ADDRESSES = 200
MAX_THREAD_IDS = 100
MAX_HEADER_BYTES = 1024 * 1024  # read for a headers-only parse
EXCERPT_SCAN_CHARS = 200_000  # the new text of a reply is at its top


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
    problem: str | None = None  # set when only the headers could be read: why the body could not


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


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    """Header values as received, by lowercased name, in one pass and capped in number and length.

    8-bit bytes stay as surrogates (``get()`` would mangle them); ``decode_header_value`` decodes.
    """
    out: dict[str, list[str]] = {}
    for k, v in msg.raw_items():
        values = out.setdefault(str(k).lower(), [])
        if len(values) < MAX_HEADER_VALUES:
            values.append(str(v)[:MAX_HEADER_CHARS])
    return out


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
            return "".join(
                decode_bytes(c, cs) if isinstance(c, bytes) else c for c, cs in decode_header(text)
            )
        except Exception:
            return text


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Decode with the declared charset, or detect it when missing or wrong."""
    if declared:
        name = declared.strip().strip('"').lower()
        name = {
            "cp-1251": "cp1251",
            "win-1251": "cp1251",
            "x-cp1251": "cp1251",
            "unicode-1-1-utf-7": "utf-7",
        }.get(name, name)
        try:
            return data.decode(name)
        except (LookupError, ValueError):  # unknown codec, bad bytes, a NUL in the name
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
    return decode_bytes(payload[:MAX_PART_BYTES], part.get_content_charset())


def _leaves(root: Message) -> Iterable[Message]:
    """Leaf parts in order, not descending into attached messages (a DSN's original is not the reply's text).

    A loop, not recursion: depth is bounded before parsing, but nothing here should depend on it.
    """
    todo = [root]
    while todo:
        part = todo.pop()
        if part.get_content_type().startswith("multipart/"):
            subs = part.get_payload()
            if isinstance(subs, list):
                todo.extend(sub for sub in reversed(subs) if isinstance(sub, Message))
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
        return "\n".join(plain).strip()[:MAX_TEXT_CHARS], False, embedded
    if html:
        return "\n".join(html_to_text(h[:MAX_HTML_CHARS]) for h in html)[:MAX_TEXT_CHARS], True, embedded
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
    out: dict[str, None] = {}
    for _name, addr in getaddresses(list(values)):
        addr = addr.strip().strip("<>").lower()
        if "@" in addr:
            out[addr] = None
            if len(out) >= MAX_ADDRESSES:
                break
    return list(out)


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
    """Parse any message; never raises. Past the limits, only the headers are read (``problem`` says why)."""
    try:
        if mime_depth(raw, MAX_MIME_DEPTH) > MAX_MIME_DEPTH:
            return headers_only(raw, f"MIME nested more than {MAX_MIME_DEPTH} levels deep")
        # compat32 rather than policy.default: headers are decoded by us, once, which is several
        # times faster on a catch-up of thousands of messages and never raises on broken headers.
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        text, html_only, embedded = _walk_text(msg)
        return _parsed(msg, text=text, html_only=html_only, embedded=embedded)
    except Exception as exc:  # RecursionError and MemoryError included: the headers are still worth keeping
        return headers_only(raw, f"unparseable body: {type(exc).__name__}: {exc}"[:300])


def headers_only(raw: bytes, problem: str) -> ParsedMail:
    """The headers of a message whose body is not read (too deep, too big, or broken)."""
    try:
        msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw[:MAX_HEADER_BYTES])
        return _parsed(msg, text="", html_only=False, embedded=[], problem=problem)
    except Exception as exc:
        return ParsedMail(
            message_id=None,
            subject="",
            sender=None,
            sender_name="",
            recipients=(),
            thread_ids=(),
            embedded_ids=(),
            date=None,
            text="",
            excerpt="",
            problem=f"{problem}; headers unreadable too: {type(exc).__name__}"[:300],
        )


def _parsed(
    msg: Message, *, text: str, html_only: bool, embedded: list[str], problem: str | None = None
) -> ParsedMail:
    raw_headers = _raw_headers(msg)
    headers = {
        name: "\n".join(decode_header_value(v) for v in values) for name, values in raw_headers.items()
    }
    raw_from = raw_headers.get("from") or raw_headers.get("sender") or raw_headers.get("return-path") or []
    pairs = getaddresses(raw_from[:1])
    sender_name, from_addr = (decode_header_value(pairs[0][0]), pairs[0][1].lower()) if pairs else ("", "")
    sender = from_addr if "@" in from_addr else None
    report_type = msg.get_param("report-type") if msg.get_content_type() == "multipart/report" else None
    thread = [*msg_ids(headers.get("in-reply-to")), *msg_ids(headers.get("references"))]
    ids = msg_ids(headers.get("message-id"))
    return ParsedMail(
        message_id=ids[0] if ids else None,
        subject=re.sub(r"\s+", " ", headers.get("subject", "")).strip(),
        sender=sender,
        sender_name=sender_name,
        recipients=tuple(_addresses(v for h in ADDRESS_HEADERS for v in raw_headers.get(h, []))),
        thread_ids=_capped_ids(thread),
        embedded_ids=_capped_ids(embedded),
        date=_date(headers.get("date")),
        text=text,
        excerpt=strip_quote_and_signature(text[:EXCERPT_SCAN_CHARS])[:EXCERPT_CHARS],
        headers=headers,
        content_type=msg.get_content_type(),
        report_type=str(report_type).lower() if report_type else None,
        html_only=html_only,
        received_dates=_received_dates([decode_header_value(v) for v in raw_headers.get("received", [])]),
        problem=problem,
    )


def _capped_ids(ids: list[str]) -> tuple[str, ...]:
    """Distinct ids; of a huge list the first and last ones (a thread's root and its latest messages)."""
    unique = list(dict.fromkeys(ids))
    if len(unique) <= MAX_THREAD_IDS:
        return tuple(unique)
    half = MAX_THREAD_IDS // 2
    return tuple(unique[:half] + unique[-half:])
