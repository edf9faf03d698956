"""HTTP hooks for events other systems push to us: inbound calls and SMS.

Accepts a plain JSON body (``{"channel": "call", "from": ..., "to": ..., "at": ISO,
"id": ..., "duration": s, "text": ...}``) or Twilio-style form fields (From, To,
CallSid/MessageSid, Body, CallDuration), so most telephony providers can post
here directly. Authenticated by a shared token (header ``X-Replywatch-Token`` or
``?token=``), compared in constant time.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from monitor.clock import Clock, as_utc
from monitor.config import Config, read_secret
from monitor.store.db import transaction
from monitor.watch.calls import CallEvent, record_event


def parse_event(data: dict[str, Any], now: datetime) -> CallEvent:
    """Build a CallEvent from either payload shape; ValueError names the missing field."""
    sid = data.get("id") or data.get("CallSid") or data.get("MessageSid") or data.get("SmsSid")
    frm = data.get("from") or data.get("From")
    to = data.get("to") or data.get("To")
    if not (sid and frm and to):
        missing = [k for k, v in (("id", sid), ("from", frm), ("to", to)) if not v]
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    text = data.get("text") or data.get("Body")
    channel = data.get("channel") or ("sms" if (data.get("MessageSid") or data.get("SmsSid") or text) else "call")
    if channel not in ("call", "sms"):
        raise ValueError(f"channel must be 'call' or 'sms', found {channel!r}")
    at_raw = data.get("at")
    at = as_utc(datetime.fromisoformat(str(at_raw).replace("Z", "+00:00"))) if at_raw else now
    dur = data.get("duration", data.get("CallDuration"))
    return CallEvent(channel=channel, from_number=str(frm), to_number=str(to), at=at, event_id=str(sid),
                     duration_s=float(dur) if dur not in (None, "") else None, text=text,
                     provider=str(data.get("provider") or ("twilio" if "CallSid" in data or "MessageSid" in data else "hook")))


def hook_routes(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> list[Route]:
    def token() -> str | None:
        try:
            return read_secret(cfg.web.hook_token_env, cfg.web.hook_token_file, base=cfg.base_dir)
        except (LookupError, OSError):
            return None

    async def calls(request: Request) -> JSONResponse:
        expected = token()
        if not expected:
            return JSONResponse({"error": "hook disabled: no hook token configured"}, status_code=503)
        given = request.headers.get("x-replywatch-token") or request.query_params.get("token") or ""
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return JSONResponse({"error": "bad token"}, status_code=401)
        ctype = request.headers.get("content-type", "")
        data: dict[str, Any] = (await request.json()) if "json" in ctype else dict(await request.form())
        try:
            ev = parse_event(data, clock.now())
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        with transaction(factory) as s:
            r = record_event(s, ev, now=clock.now())
            out = {"stored": r is not None, "probe_id": r.probe_id if r else None,
                   "kind": r.kind if r else None, "match": r.match_method if r else None}
        return JSONResponse(out)

    return [Route("/hooks/calls", calls, methods=["POST"])]
