"""Fake telephony providers: build requests the way each provider's servers do, signed by hand.

The signing here is written from each provider's documentation, independently of the
production verifiers (which use Twilio's SDK and monitor/telephony/*), so a test passing means
the two agree, not that one function agrees with itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Post:
    path: str
    body: bytes
    headers: dict[str, str]


def twilio(token: str, url: str, params: dict[str, str], *, forge: bool = False) -> Post:
    """HMAC-SHA1 over the URL followed by each POST parameter name+value, sorted by name, base64."""
    data = url + "".join(k + params[k] for k in sorted(params))
    key = (token + "x" if forge else token).encode()
    sig = base64.b64encode(hmac.new(key, data.encode(), hashlib.sha1).digest()).decode()
    path = url.split("://", 1)[1].split("/", 1)[1]
    return Post(
        "/" + path,
        urlencode(params).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig},
    )


def twilio_call(sid: str, frm: str, to: str, **extra: str) -> dict[str, str]:
    return {
        "AccountSid": "AC" + "0" * 32,
        "CallSid": sid,
        "From": frm,
        "To": to,
        "CallStatus": "ringing",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
        **extra,
    }


def twilio_sms(sid: str, frm: str, to: str, body: str) -> dict[str, str]:
    return {
        "AccountSid": "AC" + "0" * 32,
        "MessageSid": sid,
        "SmsSid": sid,
        "From": frm,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
    }


def zadarma(secret: str, params: dict[str, str], signed: str, *, forge: bool = False) -> Post:
    """base64 of the hex HMAC-SHA1 (PHP hash_hmac's default output) of the event's signature string."""
    hexdigest = hmac.new(
        (secret + ("x" if forge else "")).encode(), signed.encode(), hashlib.sha1
    ).hexdigest()
    return Post(
        "/hooks/zadarma",
        urlencode(params).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Signature": base64.b64encode(hexdigest.encode()).decode(),
        },
    )


def zadarma_start(
    caller: str,
    called: str,
    start: str,
    *,
    event: str = "NOTIFY_START",
    secret: str,
    forge: bool = False,
    **extra: str,
) -> Post:
    params = {
        "event": event,
        "call_start": start,
        "pbx_call_id": "in_" + hashlib.md5(start.encode()).hexdigest()[:12],
        "caller_id": caller,
        "called_did": called,
        **extra,
    }
    return zadarma(secret, params, caller + called + start, forge=forge)


def zadarma_sms(caller: str, did: str, text: str, *, secret: str) -> Post:
    result = json.dumps({"caller_id": caller, "caller_did": did, "text": text}, ensure_ascii=False)
    return zadarma(secret, {"event": "SMS", "result": result}, result)


def mango(kind: str, payload: dict[str, Any], *, key: str, salt: str, forge: bool = False) -> Post:
    raw = json.dumps(payload, ensure_ascii=False)
    sign = hashlib.sha256(f"{key}{raw}{salt + ('x' if forge else '')}".encode()).hexdigest()
    return Post(
        f"/hooks/mango/events/{kind}",
        urlencode({"vpbx_api_key": key, "sign": sign, "json": raw}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )


def mango_call(entry: str, frm: str, line: str, timestamp: int, state: str = "Appeared") -> dict[str, Any]:
    return {
        "entry_id": entry,
        "call_id": entry + ":1",
        "timestamp": timestamp,
        "seq": 1,
        "call_state": state,
        "location": "abonent",
        "from": {"number": frm},
        "to": {"number": line, "line_number": line},
    }


def generic(secret: str, event: dict[str, Any] | Any, timestamp: int, *, raw: bytes | None = None) -> Post:
    body = raw if raw is not None else json.dumps(event, ensure_ascii=False).encode()
    sig = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return Post(
        "/hooks/calls",
        body,
        {
            "Content-Type": "application/json",
            "X-Replywatch-Timestamp": str(timestamp),
            "X-Replywatch-Signature": "sha256=" + sig,
        },
    )
