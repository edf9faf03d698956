"""Twilio: voice webhooks and status callbacks, and incoming SMS, verified by X-Twilio-Signature.

Twilio signs every request with HMAC-SHA1, keyed by the account's auth token, over the full URL
it requested followed by the POST parameters sorted by name (twilio.com/docs/usage/security).
Behind a proxy the URL we see differs from Twilio's, so it is rebuilt from
``telephony.public_url``. Verification is the official SDK's ``RequestValidator`` (which also
accepts the URL with and without the default port, as Twilio's own servers differ there).

Point a number's voice URL and/or its call status callback, and its messaging webhook, at
``/hooks/twilio``. One call is one event (its CallSid), however many callbacks report it; an
SMS is its MessageSid. Outbound calls (ours, not a shop's) are acknowledged and ignored.
Twilio sends no time of its own with a voice or SMS webhook except ``Timestamp`` on status
callbacks (signed like every parameter); otherwise the event time is our receipt time.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar

from starlette.datastructures import ImmutableMultiDict
from twilio.request_validator import RequestValidator

from monitor.clock import as_utc
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
    event_time,
    read_secrets,
    text_field,
    unauthorized,
)
from monitor.watch.calls import CallEvent

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
SMS_KEYS = ("MessageSid", "SmsSid", "SmsMessageSid")


class TwilioProvider:
    name: ClassVar[str] = "twilio"
    paths: ClassVar[tuple[str, ...]] = ("/hooks/twilio",)
    methods: ClassVar[tuple[str, ...]] = ("POST",)

    def secrets(self, cfg: Config) -> dict[str, str] | None:
        c = cfg.telephony.twilio
        return None if c is None else read_secrets(cfg, auth_token=(c.auth_token_env, c.auth_token_file))

    def verify(self, req: WebhookRequest, secrets: dict[str, str], cfg: Config) -> None:
        given = req.headers.get("x-twilio-signature", "")
        if not given:
            raise unauthorized("unsigned: no X-Twilio-Signature header")
        validator = RequestValidator(secrets["auth_token"])
        json_body = "bodySHA256=" in req.url
        # a multi-dict: Twilio signs every value of a repeated parameter
        params: object = (
            req.body.decode("utf-8", "replace") if json_body else ImmutableMultiDict(list(req.params))
        )
        if not validator.validate(req.url, params, given):
            raise unauthorized(
                "bad X-Twilio-Signature (if Twilio reaches us through a proxy, set "
                "telephony.public_url to the base URL Twilio posts to)"
            )

    def events(self, req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        if req.param("AccountSid") is None:
            raise bad_request("AccountSid: required field is missing (not a Twilio webhook?)")
        if any(req.param(k) for k in SMS_KEYS):
            return [self._sms(req, ctx)]
        if req.param("CallSid"):
            direction = req.param("Direction") or "inbound"
            if not direction.startswith("inbound"):
                return []  # a call we placed: not a shop calling back
            return [self._call(req, ctx)]
        raise bad_request("neither CallSid nor MessageSid: not a voice or messaging webhook")

    def _call(self, req: WebhookRequest, ctx: HookContext) -> CallEvent:
        status = req.param("CallStatus") or ""
        return CallEvent(
            channel="call",
            from_number=caller("From", req.param("From"), ctx.region, required=False),
            to_number=dialled_number("To", req.param("To"), ctx.region),
            at=event_time(_signed_time(req.param("Timestamp")), req.received_at),
            event_id=event_id("CallSid", req.param("CallSid")),
            duration_s=duration("CallDuration", req.param("CallDuration")),
            provider=self.name,
            details={"status": status[:40]} if status else {},
        )

    def _sms(self, req: WebhookRequest, ctx: HookContext) -> CallEvent:
        sid = next(req.param(k) for k in SMS_KEYS if req.param(k))
        return CallEvent(
            channel="sms",
            from_number=caller("From", req.param("From"), ctx.region),
            to_number=dialled_number("To", req.param("To"), ctx.region),
            at=req.received_at,
            event_id=event_id("MessageSid", sid),
            text=text_field("Body", req.param("Body") or "", required=False),
            provider=self.name,
        )

    def reply(self, req: WebhookRequest) -> Reply | None:
        """Empty TwiML: no automatic SMS answer; on a voice URL Twilio ends the call (use the status callback
        for numbers that should ring a person)."""
        return Reply(EMPTY_TWIML, "text/xml")


def _signed_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return as_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        raise bad_request(f"Timestamp: expected an RFC 2822 date, found {value[:40]!r}") from None
