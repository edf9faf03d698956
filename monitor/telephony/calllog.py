"""Call logs exported from a provider (CSV) turned into call/SMS events, row by row.

For calls the hook never saw (it was down, or the provider was set up later). Presets:

- ``twilio``: Twilio's call or message log export (Console "Download CSV", or the CLI's
  ``twilio api:core:calls:list -o csv``): Sid, From, To, Start Time / Date Sent, Duration,
  Direction, Body. Times are UTC. Only inbound rows are calls to us.
- ``zadarma``: Zadarma's PBX call statistics (the ``statistics/pbx`` fields of its API,
  zadarma/user-api-v1 lib/Response/PbxStatistics.php): callstart, clid, destination, seconds,
  disposition. Times are in the account's zone (``--tz``). A call's id is the same
  (caller, called, start) triple the webhook uses, so a call seen by both is stored once.
- ``generic``: any CSV, with the columns named by ``--map id=...,from=...,to=...,at=...``
  (optional ``duration``, ``text``, ``channel``, ``direction``).

The log's own time is used: it is the provider's record, exported by the operator.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from monitor.telephony.base import HookError, caller, dialled_number, duration, event_id, text_field
from monitor.telephony.zadarma import triple_id
from monitor.watch.calls import CallEvent

ROLES = ("id", "from", "to", "at", "duration", "text", "channel", "direction")
REQUIRED = ("from", "to", "at")

TWILIO = {
    "id": ("Sid", "Call Sid", "CallSid", "Message Sid", "MessageSid", "sid"),
    "from": ("From", "from"),
    "to": ("To", "to"),
    "at": (
        "Start Time",
        "StartTime",
        "startTime",
        "Date Sent",
        "DateSent",
        "dateSent",
        "Date Created",
        "DateCreated",
        "dateCreated",
    ),
    "duration": ("Duration", "duration"),
    "direction": ("Direction", "direction"),
    "text": ("Body", "body"),
}
ZADARMA = {
    "from": ("clid", "caller_id"),
    "to": ("destination", "called_did"),
    "at": ("callstart", "call_start"),
    "duration": ("seconds", "duration"),
    "direction": ("call_type", "direction"),
}


class LogError(ValueError):
    """The file as a whole cannot be read (a missing column, an unknown format)."""


@dataclass(frozen=True)
class Mapping:
    provider: str  # twilio | zadarma | the --provider label of a generic log
    columns: dict[str, str]  # role -> column name in this file
    tz: ZoneInfo  # for times written without an offset
    id_from_triple: bool = False


@dataclass
class Row:
    number: int  # line in the file (the header is line 1)
    event: CallEvent | None = None
    skipped: str = ""  # why the row is not an event (outbound, bad field)
    extra: dict[str, str] = field(default_factory=dict)


def _pick(headers: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in headers}
    return next((lowered[n.lower()] for n in names if n.lower() in lowered), None)


def header_of(text: str) -> list[str]:
    first = text.splitlines()[0] if text.strip() else ""
    return next(csv.reader([first]), [])


def detect(headers: list[str]) -> str | None:
    if _pick(headers, ZADARMA["at"]) and _pick(headers, ZADARMA["from"]):
        return "zadarma"
    if _pick(headers, TWILIO["id"]) and _pick(headers, TWILIO["from"]) and _pick(headers, TWILIO["at"]):
        return "twilio"
    return None


def parse_map(spec: str) -> dict[str, str]:
    """'id=Call ID,from=Caller,to=Called,at=Started' -> {role: column}."""
    out: dict[str, str] = {}
    for part in [p for p in spec.split(",") if p.strip()]:
        role, sep, column = part.partition("=")
        role = role.strip().lower()
        if not sep or role not in ROLES or not column.strip():
            raise LogError(
                f"--map: expected role=column with roles {', '.join(ROLES)}, found {part.strip()!r}"
            )
        out[role] = column.strip()
    return out


def make_mapping(
    wanted: str, headers: list[str], *, spec: str = "", tz: str = "UTC", provider: str = ""
) -> Mapping:
    fmt = detect(headers) if wanted == "auto" else wanted
    if fmt is None:
        raise LogError(
            f"cannot tell the log's format from its columns ({', '.join(headers[:12])}); "
            "give --format twilio|zadarma, or --format generic with --map"
        )
    if fmt in ("twilio", "zadarma"):
        table = TWILIO if fmt == "twilio" else ZADARMA
        columns = {role: col for role, names in table.items() if (col := _pick(headers, names))}
        columns.update(parse_map(spec))
    elif fmt == "generic":
        columns = parse_map(spec)
    else:
        raise LogError(f"--format: expected auto, twilio, zadarma or generic, found {fmt!r}")
    needed = [*REQUIRED, *(("id",) if fmt != "zadarma" else ())]
    missing = [r for r in needed if r not in columns]
    if missing:
        raise LogError(
            f"no column for {', '.join(missing)} (columns: {', '.join(headers[:12])}); name it with --map"
        )
    absent = [c for c in columns.values() if c not in headers]
    if absent:
        raise LogError(f"--map names column(s) not in the file: {', '.join(absent)}")
    label = fmt if fmt != "generic" else (provider or "import")
    return Mapping(
        label,
        columns,
        ZoneInfo("UTC") if fmt == "twilio" else ZoneInfo(tz),
        id_from_triple=fmt == "zadarma" and "id" not in columns,
    )


def parse_time(value: str, tz: ZoneInfo) -> datetime:
    text = value.strip()
    text = re.sub(r"\s+(UTC|GMT)$", "+00:00", text)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise HookError(
                400, f"at: expected a date and time like 2026-11-27 10:15:00, found {value[:40]!r}"
            ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(ZoneInfo("UTC"))


def read_rows(text: str, mapping: Mapping, *, region: str | None, now: datetime) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(text))
    for i, rec in enumerate(reader, start=2):
        try:
            yield _row(i, rec, mapping, region, now)
        except HookError as exc:
            yield Row(i, skipped=f"bad row: {exc.reason}")


def _row(i: int, rec: dict[str, str], m: Mapping, region: str | None, now: datetime) -> Row:
    def get(role: str) -> str:
        col = m.columns.get(role)
        return (rec.get(col) or "").strip() if col else ""

    direction = get("direction").lower()
    if direction and not direction.startswith(("in", "incoming", "входящ")):
        return Row(i, skipped=f"not an incoming call or message ({direction})")
    at = parse_time(get("at"), m.tz)
    if at > now:
        raise HookError(400, f"at: {get('at')!r} is in the future")
    text = text_field("text", get("text"), required=False)
    ident = get("id")
    channel = get("channel").lower() or ("sms" if text or ident.upper().startswith(("SM", "MM")) else "call")
    if channel not in ("call", "sms"):
        raise HookError(400, f"channel: expected call or sms, found {channel!r}")
    if m.id_from_triple:
        ident = triple_id(get("from"), get("to"), get("at"))
    ev = CallEvent(
        channel=channel,
        from_number=caller("from", get("from"), region, required=False),
        to_number=dialled_number("to", get("to"), region),
        at=at,
        event_id=event_id("id", ident),
        duration_s=duration("duration", get("duration")),
        text=text,
        provider=m.provider,
        details={"source": "call log"},
    )
    return Row(i, event=ev)
