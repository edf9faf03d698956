"""Where messages go: Apprise URLs (people) and signed outgoing webhooks (machines).

A destination's URL and the webhook's key are secrets: they are read from the
config, the environment or a secret file when a message is sent, and never
stored or logged. What is stored is a label (the URL's scheme and host, with
Apprise's own masking of tokens that sit in the host, e.g. Telegram's
``tgram://1...l``) and a key built from the rule name, the label and an ordinal.

The webhook is signed like Stripe's and Slack's: ``X-Replywatch-Signature:
sha256=<hex HMAC-SHA256(key, "<timestamp>.<body>")>`` with the Unix time in
``X-Replywatch-Timestamp``, so a receiver can reject a forged body and a
replayed one. The README documents the payload and shows how to verify it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from monitor.config import AlertConfig, Config, NotificationConfig, WebhookConfig, read_secret

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Replywatch-Signature"
TIMESTAMP_HEADER = "X-Replywatch-Timestamp"
ID_HEADER = "X-Replywatch-Id"
EVENT_HEADER = "X-Replywatch-Event"
USER_AGENT = "replywatch-webhook/1"

_URL_RE = re.compile(r"[a-zA-Z][\w+.-]*://\S+")
_SPLIT_RE = re.compile(r"[/:@?&=#,;\s]+")


class DeliveryError(RuntimeError):
    """A message did not get through; the text never holds a secret from the URL."""


@dataclass(frozen=True)
class Destination:
    channel: str  # the alert rule or notification name
    kind: Literal["apprise", "webhook"]
    label: str  # scheme://host, secrets masked: safe to store and show
    key: str  # channel + label + ordinal: identifies the destination across runs, holds no secret
    url: str = field(repr=False)  # a secret: never stored, never logged
    secret: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    problem: str | None = None  # why it cannot be used (unset env var, invalid URL): recorded as the error

    @property
    def for_people(self) -> bool:
        return self.kind == "apprise"


Item = AlertConfig | NotificationConfig


def destinations(cfg: Config, item: Item) -> list[Destination]:
    """The rule's destinations, secrets resolved now (an unset variable becomes a recorded problem)."""
    out: list[Destination] = []
    seen: dict[str, int] = {}

    def add(kind: Literal["apprise", "webhook"], label: str, url: str, **kw: Any) -> None:
        seen[label] = seen.get(label, 0) + 1
        out.append(Destination(item.name, kind, label, f"{item.name}|{label}|{seen[label]}", url, **kw))

    for url in apprise_urls(item):
        label, problem = apprise_label(url)
        add("apprise", label, url, problem=problem)
    for i, w in enumerate(item.webhooks):
        hook_url, secret, problem = _webhook_parts(cfg, w)
        add(
            "webhook",
            webhook_label(hook_url) if hook_url else f"webhook#{i + 1}",
            hook_url or "",
            secret=secret,
            timeout=w.timeout.total_seconds(),
            problem=problem,
        )
    return out


def apprise_urls(item: Item) -> list[str]:
    urls = list(item.notify)
    if item.notify_env:
        urls += [u for u in re.split(r"[\s,]+", os.environ.get(item.notify_env, "")) if u]
    return urls


def _webhook_parts(cfg: Config, w: WebhookConfig) -> tuple[str | None, str | None, str | None]:
    url = w.url or os.environ.get(w.url_env or "")
    try:
        if not url:
            return None, None, f"environment variable {w.url_env} is not set"
        secret = read_secret(w.secret_env, w.secret_file, base=cfg.base_dir)
    except (LookupError, OSError) as exc:
        return url, None, f"webhook key: {exc}"
    return url, secret, None


def apprise_label(url: str) -> tuple[str, str | None]:
    """(scheme://host with Apprise's masking, problem or None)."""
    import apprise

    plugin = apprise.Apprise.instantiate(url)
    if not plugin:
        scheme = url.split("://", 1)[0] if "://" in url else "?"
        return f"{scheme}://(invalid)", "not a valid Apprise URL"
    return _scheme_host(plugin.url(privacy=True)), None


def webhook_label(url: str) -> str:
    return _scheme_host(url)


def _scheme_host(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}"


def scrub(text: str, dest: Destination) -> str:
    """An error text without the URL or any piece of it that is not in the label."""
    text = _URL_RE.sub("<url>", text)
    shown = set(_SPLIT_RE.split(dest.label))
    for piece in sorted(set(_SPLIT_RE.split(dest.url)) - shown, key=len, reverse=True):
        if len(piece) >= 4:
            text = text.replace(piece, "****")
    if dest.secret:
        text = text.replace(dest.secret, "****")
    return text[:500]


# --------------------------------------------------------------------------- sending


def send_apprise(dest: Destination, title: str, body: str) -> None:
    import apprise

    a = apprise.Apprise()
    if not a.add(dest.url):
        raise DeliveryError("not a valid Apprise URL")
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as logs:
        ok = a.notify(title=title, body=body)
    if not ok:
        said = " ".join(str(logs.getvalue()).split())
        raise DeliveryError(scrub(said or "Apprise could not deliver the message", dest))


def webhook_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are signed and sent: compact, UTF-8, keys sorted (stable across retries)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def http_client() -> httpx.Client:
    """One client per delivery run: connections (and the TLS context) are reused across messages."""
    return httpx.Client(follow_redirects=False, headers={"user-agent": USER_AGENT})


def send_webhook(dest: Destination, payload: dict[str, Any], now: datetime, http: httpx.Client) -> None:
    """POST the payload, signed; anything but a 2xx answer is a failure (redirects are not followed)."""
    assert dest.secret is not None
    body = webhook_body(payload)
    ts = int(now.timestamp())
    headers = {
        "content-type": "application/json",
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: sign(dest.secret, ts, body),
        ID_HEADER: str(payload.get("id", "")),
        EVENT_HEADER: str(payload.get("type", "")),
    }
    try:
        r = http.post(dest.url, content=body, headers=headers, timeout=dest.timeout)
    except httpx.HTTPError as exc:
        raise DeliveryError(scrub(f"{type(exc).__name__}: {exc}", dest)) from None
    if not 200 <= r.status_code < 300:
        raise DeliveryError(f"HTTP {r.status_code} from {dest.label}")


def send(
    dest: Destination, title: str, body: str, payload: dict[str, Any], now: datetime, http: httpx.Client
) -> None:
    """One try at one destination; raises DeliveryError with a safe text."""
    if dest.problem:
        raise DeliveryError(dest.problem)
    if dest.kind == "webhook":
        send_webhook(dest, payload, now, http)
    else:
        send_apprise(dest, title, body)
