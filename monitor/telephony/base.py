"""What every telephony provider adapter gets and gives: a received webhook in, call/SMS events out.

An adapter knows one provider's signature scheme and payload. It never trusts a time the
sender can choose: an event's time is when we received it, or a timestamp the provider
signed. Anything wrong with a request ends as a ``HookError`` whose status and reason the
hook returns as is (401 unsigned or forged, 400 malformed, 404 provider not configured),
so a bad post never reaches the database and never becomes a 500.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol

from monitor.config import Config, read_secret
from monitor.watch.calls import CallEvent
from probes import phones

MAX_ID = 200
MAX_TEXT = 1600  # ten concatenated SMS parts
MAX_SENDER = 64
MAX_DURATION_S = 86400.0
CLOCK_SKEW = timedelta(seconds=60)  # a provider's signed time may run this far ahead of ours
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class HookError(Exception):
    """A request the hook refuses: ``status`` and ``reason`` go back to the sender as they are."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def unauthorized(reason: str) -> HookError:
    return HookError(401, reason)


def bad_request(reason: str) -> HookError:
    return HookError(400, reason)


@dataclass(frozen=True)
class WebhookRequest:
    """One received webhook, as the provider sent it and as it reached us."""

    method: str
    url: str  # the full URL as the provider requested it (telephony.public_url + path + query)
    path: str
    headers: Mapping[str, str]  # lowercase names
    body: bytes
    params: Sequence[tuple[str, str]]  # form fields in order, for urlencoded/multipart bodies
    query: Sequence[tuple[str, str]]
    received_at: datetime

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.params if k == name), None)

    def param_dict(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for k, v in self.params:
            out.setdefault(k, []).append(v)
        return out


@dataclass(frozen=True)
class HookContext:
    """What parsing needs beyond the request: the persona numbers' region."""

    region: str | None  # the country the config's time zone is in: personas' numbers are read in it


@dataclass(frozen=True)
class Reply:
    """What the hook answers the provider with (TwiML for Twilio, plain JSON for others)."""

    body: str
    media_type: str = "application/json"


class Provider(Protocol):
    """One telephony provider: its paths, its secrets, its signature check, its payload."""

    name: ClassVar[str]
    paths: ClassVar[tuple[str, ...]]  # Starlette route paths under /hooks
    methods: ClassVar[tuple[str, ...]]

    def secrets(self, cfg: Config) -> dict[str, str] | None:
        """The provider's secrets, read now from env/files; None when it is not configured."""
        ...

    def verify(self, req: WebhookRequest, secrets: dict[str, str], cfg: Config) -> None:
        """Raise ``unauthorized`` unless the request carries the provider's valid signature."""
        ...

    def events(self, req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        """The inbound calls/SMS in a verified request ([] for events we only acknowledge)."""
        ...

    def reply(self, req: WebhookRequest) -> Reply | None:
        """A provider-specific answer (None: a JSON summary of what was stored)."""
        ...


# --------------------------------------------------------------------------- field checks


def read_secrets(cfg: Config, **names: tuple[str | None, str | None]) -> dict[str, str] | None:
    """Each named secret from its ``*_env``/``*_file`` pair; None unless every one of them is set
    (a half-configured provider answers 404, as an absent one does)."""
    found: dict[str, str] = {}
    for key, (env, path) in names.items():
        try:
            value = read_secret(env, path, base=cfg.base_dir)
        except (LookupError, OSError):
            return None
        if not value:
            return None
        found[key] = value
    return found


def text_field(name: str, value: Any, *, required: bool = True, limit: int = MAX_TEXT) -> str | None:
    if value is None or value == "":
        if required:
            raise bad_request(f"{name}: required field is missing")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name}: expected a string, found {type(value).__name__}")
    if len(value) > limit:
        raise bad_request(f"{name}: longer than {limit} characters")
    return _CONTROL_RE.sub("", value)


def event_id(name: str, value: Any) -> str:
    text = text_field(name, value, limit=MAX_ID)
    assert text is not None
    if not text.strip() or any(ch.isspace() for ch in text.strip()):
        raise bad_request(f"{name}: expected an id without spaces, found {value!r}")
    return text.strip()


def dialled_number(name: str, value: Any, region: str | None) -> str:
    """The number that was called or texted (the persona's): must be a phone number."""
    text = text_field(name, value, limit=MAX_SENDER)
    number = phones.e164(text, region)
    if number is None:
        raise bad_request(f"{name}: {value!r} is not a phone number")
    return number


def caller(name: str, value: Any, region: str | None, *, required: bool = True) -> str:
    """Who called or texted: a number, or what the network shows instead (an SMS sender name,
    'Anonymous'), kept as given: a withheld number is still a shop calling back."""
    text = text_field(name, value, required=required, limit=MAX_SENDER)
    if text is None:
        return "unknown"
    return phones.e164(text, region) or text.strip()


def duration(name: str, value: Any) -> float | None:
    """Seconds, finite and within a day ('nan', '-5' and 'abc' are errors, never stored)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise bad_request(f"{name}: expected seconds, found {value!r}")
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise bad_request(f"{name}: expected seconds, found {value!r}") from None
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_DURATION_S:
        raise bad_request(f"{name}: expected seconds between 0 and {MAX_DURATION_S:.0f}, found {value!r}")
    return seconds


def event_time(signed: datetime | None, received_at: datetime) -> datetime:
    """The provider's signed time when it has one and it is not in our future, else our receipt time."""
    if signed is None or signed > received_at + CLOCK_SKEW:
        return received_at
    return min(signed, received_at)


@dataclass
class Stored:
    """What happened to one event, for the hook's answer and the import's report."""

    event_id: str
    stored: bool
    probe_id: int | None = None
    kind: str | None = None
    match: str | None = None
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
