"""The generic scheme: a JSON event signed with HMAC-SHA256, for scripts, CRMs and small PBXes.

The sender puts the Unix time in ``X-Replywatch-Timestamp`` and
``sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`` in ``X-Replywatch-Signature``
(the shape of Stripe's and Standard Webhooks' schemes: the timestamp is signed with the body,
so a captured request cannot be replayed later with a fresh time). A timestamp more than
``telephony.generic.tolerance`` (5 min) from our clock is refused; within it, a replay is the
same event id and changes nothing. The event's time is when we received it: the body has no
time field at all, so nobody can move a probe's latency.

Body: ``{"channel": "call"|"sms", "id": "...", "from": "+7...", "to": "+7...", "duration": 42,
"text": "..."}``; every other field is refused by name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.config import Config
from monitor.telephony.base import (
    HookContext,
    Reply,
    WebhookRequest,
    bad_request,
    caller,
    dialled_number,
    duration,
    event_id,
    read_secrets,
    text_field,
    unauthorized,
)
from monitor.watch.calls import CallEvent

TIMESTAMP_HEADER = "x-replywatch-timestamp"
SIGNATURE_HEADER = "x-replywatch-signature"


class GenericEvent(BaseModel):
    """The body, strictly: wrong types and unknown fields (an ``at`` among them) are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    channel: Literal["call", "sms"]
    id: str
    from_: str = Field(alias="from")
    to: str
    duration: float | int | None = None
    text: str | None = None


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The header value a sender computes (also what the tests' fake PBX uses)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


class GenericProvider:
    name: ClassVar[str] = "hook"
    paths: ClassVar[tuple[str, ...]] = ("/hooks/calls",)
    methods: ClassVar[tuple[str, ...]] = ("POST",)

    def secrets(self, cfg: Config) -> dict[str, str] | None:
        c = cfg.telephony.generic
        return None if c is None else read_secrets(cfg, secret=(c.secret_env, c.secret_file))

    def verify(self, req: WebhookRequest, secrets: dict[str, str], cfg: Config) -> None:
        stamp = req.headers.get(TIMESTAMP_HEADER, "")
        given = req.headers.get(SIGNATURE_HEADER, "")
        if not stamp or not given:
            raise unauthorized(
                f"unsigned: send {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} (README: Callbacks)"
            )
        if not stamp.isdigit():
            raise unauthorized(f"{TIMESTAMP_HEADER}: expected Unix seconds, found {stamp[:30]!r}")
        if not hmac.compare_digest(given.encode(), sign(secrets["secret"], stamp, req.body).encode()):
            raise unauthorized("bad signature")
        assert cfg.telephony.generic is not None
        tolerance = cfg.telephony.generic.tolerance
        sent = datetime.fromtimestamp(int(stamp), UTC)
        if abs(req.received_at - sent) > tolerance:
            raise unauthorized(
                f"timestamp {sent:%Y-%m-%d %H:%M:%S} UTC is more than {tolerance} from our clock: "
                "replayed or the sender's clock is wrong"
            )

    def events(self, req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        ev = _parse_body(req.body)
        seconds = duration("duration", ev.duration)
        text = text_field("text", ev.text, required=ev.channel == "sms")
        return [
            CallEvent(
                channel=ev.channel,
                from_number=caller("from", ev.from_, ctx.region),
                to_number=dialled_number("to", ev.to, ctx.region),
                at=req.received_at,
                event_id=event_id("id", ev.id),
                duration_s=seconds,
                text=text,
                provider=self.name,
            )
        ]

    def reply(self, req: WebhookRequest) -> Reply | None:
        return None


def _parse_body(body: bytes) -> GenericEvent:
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad_request(f"body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise bad_request(f"body: expected a JSON object, found {type(data).__name__}")
    try:
        return GenericEvent.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "body"
        what = (
            "unknown field (the event time is when we receive it)"
            if first["type"] == "extra_forbidden"
            else first["msg"]
        )
        raise bad_request(f"{where}: {what}") from None
