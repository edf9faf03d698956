"""Zadarma (and Novofon, its Russian twin with the same API): PBX call notifications and incoming SMS.

Source: Zadarma's own API library, github.com/zadarma/user-api-v1 (lib/Webhook/*.php,
examples/callinfo_callback.php). Each notification is a form POST with an ``event`` field and
a ``Signature`` header = base64 of the *hex* HMAC-SHA1 (PHP's ``hash_hmac`` default), keyed by
the API secret, over a per-event string:

- NOTIFY_START / NOTIFY_END (an incoming call rings / ends): caller_id + called_did + call_start
- NOTIFY_OUT_START / NOTIFY_OUT_END (a call we place): internal + destination + call_start
- NOTIFY_INTERNAL: caller_id + called_did + call_start; NOTIFY_ANSWER: caller_id + destination + call_start
- NOTIFY_RECORD: pbx_call_id + call_id_with_rec
- SMS (an incoming SMS): the ``result`` field, a JSON object with caller_id, caller_did, text

Only signed fields are trusted: a call's identity is its signed (caller, called number, start)
triple, so the START and END notifications of one call, a retry, or a replay with an edited
unsigned ``pbx_call_id`` are one event. ``call_start`` is in the account's time zone, which the
notification does not name, so the event time is our receipt of the first notification
(NOTIFY_START arrives as the phone rings; it is kept in the details). Zadarma checks the URL
with ``GET ?zd_echo=X`` and expects X back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any, ClassVar

from monitor.config import Config
from monitor.telephony.base import (
    HookContext,
    Reply,
    WebhookRequest,
    bad_request,
    caller,
    dialled_number,
    duration,
    read_secrets,
    text_field,
    unauthorized,
)
from monitor.watch.calls import CallEvent

SIGNED_FIELDS: dict[str, tuple[str, ...]] = {
    "NOTIFY_START": ("caller_id", "called_did", "call_start"),
    "NOTIFY_END": ("caller_id", "called_did", "call_start"),
    "NOTIFY_INTERNAL": ("caller_id", "called_did", "call_start"),
    "NOTIFY_ANSWER": ("caller_id", "destination", "call_start"),
    "NOTIFY_OUT_START": ("internal", "destination", "call_start"),
    "NOTIFY_OUT_END": ("internal", "destination", "call_start"),
    "NOTIFY_RECORD": ("pbx_call_id", "call_id_with_rec"),
    "SMS": ("result",),
}
INBOUND_CALL = ("NOTIFY_START", "NOTIFY_END")
_ECHO_RE = re.compile(r"^[\w.-]{1,64}$")


def sign(secret: str, data: str) -> str:
    """The Signature header for a signature string (what Zadarma's servers compute)."""
    hexdigest = hmac.new(secret.encode(), data.encode(), hashlib.sha1).hexdigest()
    return base64.b64encode(hexdigest.encode()).decode()


def signature_string(params: dict[str, list[str]]) -> str:
    event = (params.get("event") or [""])[0]
    if event not in SIGNED_FIELDS:
        raise bad_request(f"event: unknown Zadarma event {event[:40]!r}")
    return "".join((params.get(f) or [""])[0] for f in SIGNED_FIELDS[event])


class ZadarmaProvider:
    name: ClassVar[str] = "zadarma"
    paths: ClassVar[tuple[str, ...]] = ("/hooks/zadarma",)
    methods: ClassVar[tuple[str, ...]] = ("GET", "POST")

    def secrets(self, cfg: Config) -> dict[str, str] | None:
        c = cfg.telephony.zadarma
        return None if c is None else read_secrets(cfg, secret=(c.secret_env, c.secret_file))

    def verify(self, req: WebhookRequest, secrets: dict[str, str], cfg: Config) -> None:
        if req.method == "GET":
            return  # the URL check below answers an echo and stores nothing
        given = req.headers.get("signature", "")
        if not given:
            raise unauthorized("unsigned: no Signature header")
        expected = sign(secrets["secret"], signature_string(req.param_dict()))
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise unauthorized("bad Signature")

    def events(self, req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        if req.method == "GET":
            return []
        event = req.param("event") or ""
        if event == "SMS":
            return [self._sms(req, ctx)]
        if event not in INBOUND_CALL:
            return []  # outgoing, internal and recording notifications: not a shop calling
        start = text_field("call_start", req.param("call_start"), limit=40)
        frm = caller("caller_id", req.param("caller_id"), ctx.region, required=False)
        to = dialled_number("called_did", req.param("called_did"), ctx.region)
        details = {"call_start": start, "event": event}
        disposition = req.param("disposition")
        if disposition:
            details["disposition"] = disposition[:40]
        return [
            CallEvent(
                channel="call",
                from_number=frm,
                to_number=to,
                at=req.received_at,
                event_id=triple_id(req.param("caller_id"), req.param("called_did"), start),
                duration_s=duration("duration", req.param("duration")) if event == "NOTIFY_END" else None,
                provider=self.name,
                details=details,
            )
        ]

    def _sms(self, req: WebhookRequest, ctx: HookContext) -> CallEvent:
        raw = req.param("result") or ""
        try:
            result: Any = json.loads(raw)
        except ValueError:
            raise bad_request(
                "result: not JSON (an SMS notification carries caller_id, caller_did and text in it)"
            ) from None
        if not isinstance(result, dict):
            raise bad_request(f"result: expected a JSON object, found {type(result).__name__}")
        return CallEvent(
            channel="sms",
            from_number=caller("result.caller_id", result.get("caller_id"), ctx.region),
            to_number=dialled_number("result.caller_did", result.get("caller_did"), ctx.region),
            at=req.received_at,
            event_id="sms-" + hashlib.sha256(raw.encode()).hexdigest()[:32],
            text=text_field("result.text", result.get("text"), required=False),
            provider=self.name,
        )

    def reply(self, req: WebhookRequest) -> Reply | None:
        if req.method == "GET":
            echo = next((v for k, v in req.query if k == "zd_echo"), "")
            if not _ECHO_RE.match(echo):
                raise bad_request("zd_echo: expected the check string Zadarma sends")
            return Reply(echo, "text/plain")
        return None


def triple_id(caller_id: str | None, called: str | None, start: str | None) -> str:
    digits = [re.sub(r"\D", "", x or "") for x in (caller_id, called)]
    return f"{digits[0] or 'anonymous'}-{digits[1]}-{re.sub(r'[^0-9]', '', start or '')}"
