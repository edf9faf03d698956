"""Mango Office VPBX: real-time call events and call summaries, signed with sha256.

Source: Mango Office's VPBX API reference (v1.9, "Уведомление о вызове" and the examples of
events/call and events/summary) and public integrations built on it. Mango appends the event
kind to the URL you give it (``<url>/events/call``, ``<url>/events/summary``) and posts a
form with ``vpbx_api_key``, ``json`` and ``sign = sha256(vpbx_api_key + json + salt)`` (hex).
Give Mango ``<public_url>/hooks/mango``.

- events/call: ``entry_id``, ``call_id``, ``timestamp`` (Unix seconds), ``call_state``
  (Appeared, Connected, Disconnected), ``from {number, extension}``, ``to {number,
  extension, line_number}``. A shop calling our line has ``from.number`` (no extension) and
  ``to.line_number`` = the number it dialled.
- events/summary: ``entry_id``, ``call_direction`` (1 = incoming), ``from``, ``to``,
  ``line_number``, ``create_time``, ``talk_time``, ``end_time`` (Unix seconds).

Every field sits inside the signed JSON, so its ``timestamp`` / ``create_time`` is the
provider's own signed time and is the event's time (never later than our receipt). One call
(its ``entry_id``) is one event whichever notification comes first. Mango documents SMS only
as the result of an SMS *we* send, so there is no incoming SMS here: other event kinds are
verified and acknowledged, and store nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any, ClassVar

from monitor.config import Config
from monitor.telephony.base import (
    HookContext,
    Reply,
    WebhookRequest,
    bad_request,
    caller,
    dialled_number,
    event_id,
    event_time,
    read_secrets,
    unauthorized,
)
from monitor.watch.calls import CallEvent


def sign(api_key: str, body_json: str, salt: str) -> str:
    return hashlib.sha256(f"{api_key}{body_json}{salt}".encode()).hexdigest()


class MangoProvider:
    name: ClassVar[str] = "mango"
    paths: ClassVar[tuple[str, ...]] = ("/hooks/mango/events/{event}",)
    methods: ClassVar[tuple[str, ...]] = ("POST",)

    def secrets(self, cfg: Config) -> dict[str, str] | None:
        c = cfg.telephony.mango
        if c is None:
            return None
        return read_secrets(cfg, api_key=(c.api_key_env, c.api_key_file), salt=(c.salt_env, c.salt_file))

    def verify(self, req: WebhookRequest, secrets: dict[str, str], cfg: Config) -> None:
        key, body, given = req.param("vpbx_api_key"), req.param("json"), req.param("sign")
        if not (key and body is not None and given):
            raise unauthorized("unsigned: expected form fields vpbx_api_key, json and sign")
        if not hmac.compare_digest(key.encode(), secrets["api_key"].encode()):
            raise unauthorized("vpbx_api_key is not this account's")
        if not hmac.compare_digest(given.lower().encode(), sign(key, body, secrets["salt"]).encode()):
            raise unauthorized("bad sign")

    def events(self, req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        kind = req.path.rstrip("/").rsplit("/", 1)[-1]
        data = _json(req.param("json") or "")
        if kind == "call":
            return self._call(data, req, ctx)
        if kind == "summary":
            return self._summary(data, req, ctx)
        return []

    def _call(self, data: dict[str, Any], req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        frm, to = _party(data, "from"), _party(data, "to")
        if frm.get("extension") or not to.get("line_number"):
            return []  # an employee calling out, or an internal call: not a shop calling us
        return [
            CallEvent(
                channel="call",
                from_number=caller("from.number", frm.get("number"), ctx.region, required=False),
                to_number=dialled_number("to.line_number", to.get("line_number"), ctx.region),
                at=event_time(_unix("timestamp", data.get("timestamp")), req.received_at),
                event_id=event_id("entry_id", data.get("entry_id")),
                provider=self.name,
                details={"call_state": str(data.get("call_state", ""))[:40]},
            )
        ]

    def _summary(self, data: dict[str, Any], req: WebhookRequest, ctx: HookContext) -> list[CallEvent]:
        if str(data.get("call_direction", "")) != "1":
            return []  # outgoing or internal
        frm = _party(data, "from")
        line = data.get("line_number") or _party(data, "to").get("number")
        created = _unix("create_time", data.get("create_time"))
        talk, end = _unix("talk_time", data.get("talk_time")), _unix("end_time", data.get("end_time"))
        seconds = (end - talk).total_seconds() if talk and end and end >= talk else 0.0
        return [
            CallEvent(
                channel="call",
                from_number=caller("from.number", frm.get("number"), ctx.region, required=False),
                to_number=dialled_number("line_number", line, ctx.region),
                at=event_time(created, req.received_at),
                event_id=event_id("entry_id", data.get("entry_id")),
                duration_s=seconds,
                provider=self.name,
                details={"entry_result": data.get("entry_result")},
            )
        ]

    def reply(self, req: WebhookRequest) -> Reply | None:
        return None


def _json(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise bad_request(f"json: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise bad_request(f"json: expected an object, found {type(data).__name__}")
    return data


def _party(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise bad_request(
            f'json.{name}: expected an object like {{"number": "7..."}}, found {type(value).__name__}'
        )
    return value


def _unix(name: str, value: Any) -> datetime | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        seconds = int(str(value))
    except ValueError:
        raise bad_request(f"json.{name}: expected Unix seconds, found {str(value)[:30]!r}") from None
    if not 946684800 <= seconds <= 4102444800:  # 2000..2100
        raise bad_request(f"json.{name}: {seconds} is not a plausible Unix time")
    return datetime.fromtimestamp(seconds, UTC)
