"""YAML configuration -> typed, validated models.

Every error names the file, the line and the key, what was found and what was
expected. Secrets are never inline: only ``*_env`` (an environment variable's
name) or ``*_file`` (a path to a secret file) keys are accepted.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ByteSize,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from monitor.alerts.rules import Condition, parse_condition
from monitor.country import check_country
from monitor.listen import overlaps, parse_listen
from probes.kinds import KIND_NAMES

# --------------------------------------------------------------------------- durations

_DURATION_RE = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|w))+\s*$")
_PART_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|d|h|m|s|w)")
_UNITS = {"w": 604800.0, "d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_duration(value: Any) -> timedelta:
    """'30s', '10m', '1h30m', '72h', '7d', '2w' or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration like 30s, 10m, 2h or 7d")
    if isinstance(value, int | float):
        return timedelta(seconds=float(value))
    if isinstance(value, str) and _DURATION_RE.match(value):
        return timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in _PART_RE.findall(value)))
    if isinstance(value, str) and value.startswith("P"):  # ISO 8601, as stored by model_dump(mode="json")
        from pydantic import TypeAdapter

        try:
            return TypeAdapter(timedelta).validate_python(value)
        except ValidationError:
            pass
    raise ValueError(f"expected a duration like 30s, 10m, 2h or 7d, found {value!r}")


def format_duration(td: timedelta) -> str:
    secs = int(td.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if secs and secs % size == 0:
            return f"{secs // size}{unit}"
    return f"{secs}s"


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def parse_days(spec: str | list[str]) -> list[int]:
    """'mon-fri', 'mon,wed,fri', ['sat','sun'] -> weekday numbers (Monday=0)."""
    items = spec if isinstance(spec, list) else [p for p in str(spec).split(",")]
    out: list[int] = []
    for raw in items:
        item = str(raw).strip().lower()[:7]
        if "-" in item:
            a, b = (x.strip()[:3] for x in item.split("-", 1))
            if a not in _DAYS or b not in _DAYS:
                raise ValueError(f"expected day names like mon-fri, found {raw!r}")
            i, j = _DAYS.index(a), _DAYS.index(b)
            out.extend(range(i, j + 1) if i <= j else [*range(i, 7), *range(j + 1)])
        elif item[:3] in _DAYS:
            out.append(_DAYS.index(item[:3]))
        else:
            raise ValueError(f"expected day names like mon-fri, found {raw!r}")
    return sorted(set(out))


def _check_tz(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (expected an IANA name like Europe/Moscow)") from None
    return value


TimeZoneName = Annotated[str, BeforeValidator(_check_tz)]
CountryCode = Annotated[str, BeforeValidator(check_country)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently disable a setting."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- secrets

INLINE_SECRET_KEYS = {
    "password",
    "secret",
    "token",
    "api_key",
    "secret_key",
    "hook_token",
    "auth_token",
    "salt",
}


class SecretRef(Strict):
    """Mixin: a secret given as ``<name>_env`` or ``<name>_file``."""

    @model_validator(mode="before")
    @classmethod
    def _no_inline_secrets(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if key in INLINE_SECRET_KEYS:
                    raise ValueError(
                        f"inline secret {key!r} is not allowed: use {key}_env (an environment "
                        f"variable's name) or {key}_file (a path to a secret file)"
                    )
        return data


def read_secret(env: str | None, file: str | None, *, base: Path | None = None) -> str | None:
    """Resolve a secret at use time; it never reaches the database or the logs."""
    if env:
        value = os.environ.get(env)
        if value is None:
            raise LookupError(f"environment variable {env} is not set")
        return value
    if file:
        path = Path(file)
        if base is not None and not path.is_absolute():
            path = base / path
        return path.read_text(encoding="utf-8").rstrip("\n")
    return None


# --------------------------------------------------------------------------- sections


class ImapConfig(SecretRef):
    host: str
    port: int = 993
    tls: bool = True
    starttls: bool = False
    username: str
    password_env: str | None = None
    password_file: str | None = None
    folders: list[str] = Field(default_factory=lambda: ["INBOX"])
    idle: bool = True
    poll_interval: Duration = timedelta(seconds=60)
    idle_renew: Duration = timedelta(minutes=10)
    verify_tls: bool = True
    ca_file: str | None = None  # a private CA's certificate (PEM), trusted besides the system store
    # Larger messages are quarantined: only their headers and the start of their body are fetched.
    max_message_size: ByteSize = ByteSize(25 * 1024 * 1024)


class SmtpConfig(SecretRef):
    host: str
    port: int = 587
    tls: bool = False  # implicit TLS (port 465)
    starttls: bool = True
    username: str | None = None
    password_env: str | None = None
    password_file: str | None = None
    verify_tls: bool = True
    ca_file: str | None = None
    timeout: Duration = timedelta(seconds=30)


class MailboxConfig(Strict):
    imap: ImapConfig | None = None
    smtp: SmtpConfig | None = None
    address_template: str = "{first}.{token}@shopper.example"
    from_name: str | None = None

    @field_validator("address_template")
    @classmethod
    def _template(cls, v: str) -> str:
        if "{token}" not in v or "@" not in v:
            raise ValueError("must contain {token} and an @domain, e.g. '{first}.{token}@shopper.example'")
        unknown = set(re.findall(r"{(\w*)}", v)) - {"first", "last", "token"}
        if unknown:
            raise ValueError(
                f"unknown placeholder(s) {sorted(unknown)}; allowed: {{first}}, {{last}}, {{token}}"
            )
        return v


class PersonaConfig(Strict):
    first_name: str
    last_name: str = ""
    phone: str
    city: str | None = None


class ShopperConfig(Strict):
    mailbox: MailboxConfig = Field(default_factory=MailboxConfig)
    personas: list[PersonaConfig] = Field(min_length=1)
    questions: list[str] = Field(min_length=1)
    products: list[str] = Field(default_factory=lambda: ["этот товар"])
    subjects: list[str] = Field(
        default_factory=lambda: ["Вопрос", "Вопрос по заказу", "Подскажите, пожалуйста"]
    )


class BrowserConfig(Strict):
    executable_path: str | None = None
    headless: bool = True
    concurrency: int = Field(default=2, ge=1, le=64)
    probe_timeout: Duration = timedelta(seconds=120)
    proxy: str | None = None
    human_pacing: bool = False
    extra_args: list[str] = Field(default_factory=list)
    # Chromium's own sandbox: auto = used when the kernel allows (a warning in the log otherwise).
    sandbox: Literal["auto", "on", "off"] = "auto"
    # Requests to private, loopback and link-local addresses are blocked unless the target's own
    # URL is on that address or the network is listed here (the demo lists 127.0.0.0/8).
    block_private: bool = True
    allow_networks: list[str] = Field(default_factory=list)

    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        import ipaddress

        for item in v:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"expected IP networks such as 10.0.0.0/8, found {item!r}") from None
        return v


class BusinessHours(Strict):
    days: str | list[str] = "mon-fri"
    from_: str = Field(default="09:00", alias="from")
    to: str = "18:00"
    timezone: TimeZoneName | None = None

    @field_validator("days")
    @classmethod
    def _days(cls, v: str | list[str]) -> str | list[str]:
        parse_days(v)
        return v

    @field_validator("from_", "to")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        try:
            time.fromisoformat(v)
        except ValueError:
            raise ValueError(f"expected a time HH:MM, found {v!r}") from None
        return v

    @property
    def weekdays(self) -> list[int]:
        return parse_days(self.days)

    @property
    def start(self) -> time:
        return time.fromisoformat(self.from_)

    @property
    def end(self) -> time:
        return time.fromisoformat(self.to)


# The allowed kinds are the rows of probes.kinds.KINDS; a Literal keeps pydantic's
# "Input should be 'form', 'email', ..." message. mypy cannot read a computed Literal.
if TYPE_CHECKING:
    TouchpointKind = str
else:
    TouchpointKind = Literal[KIND_NAMES]


class TouchpointConfig(Strict):
    kind: TouchpointKind
    name: str | None = None  # distinguishes two touchpoints of one kind on a target
    url: str | None = None
    to: str | None = None  # e-mail address for kind=email
    selector: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)  # role -> CSS selector
    reply_within: Duration | None = None  # what the shop promises, checked in reports
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _needs(self) -> TouchpointConfig:
        if self.kind == "email":
            if not self.to:
                raise ValueError("an email touchpoint needs 'to: shop@example.com'")
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+|[^@\s]+@[^@\s]+", self.to):
                raise ValueError(f"'to' must be an e-mail address, found {self.to!r}")
        elif not self.url:
            raise ValueError(f"a {self.kind} touchpoint needs 'url: https://...'")
        if self.url and not re.match(r"^https?://", self.url):
            raise ValueError(f"'url' must start with http:// or https://, found {self.url!r}")
        return self

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}" if self.name else self.kind


class TargetConfig(Strict):
    name: str = Field(min_length=1, pattern=r"^[\w .@+-]+$")
    group: Literal["client", "competitor"] = "competitor"
    url: str
    timezone: TimeZoneName | None = None
    country: CountryCode | None = None  # ISO 3166 alpha-2; default: the time zone's country
    business_hours: BusinessHours | None = None
    email_domains: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    proxy: str | None = None
    touchpoints: list[TouchpointConfig] = Field(default_factory=list)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^/\s]+", v):
            raise ValueError(f"expected an http(s) URL, found {v!r}")
        return v

    @model_validator(mode="after")
    def _unique_touchpoints(self) -> TargetConfig:
        keys = [tp.key for tp in self.touchpoints]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"touchpoints {dupes} appear twice; give each a distinct 'name'")
        return self


class ScheduleConfig(Strict):
    cron: str | None = None
    interval: Duration | None = None
    jitter: Duration = timedelta(0)
    spread: Duration = timedelta(0)  # spread one round's probes over this window
    timezone: TimeZoneName | None = None

    @model_validator(mode="after")
    def _one(self) -> ScheduleConfig:
        if bool(self.cron) == bool(self.interval):
            raise ValueError("give exactly one of 'cron' or 'interval'")
        if self.cron:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(self.cron)
            except ValueError as exc:
                raise ValueError(f"bad cron expression {self.cron!r}: {exc}") from None
        return self


# How long a shop has to answer a probe when its campaign (or the command line) says nothing.
DEFAULT_REPLY_DEADLINE = timedelta(hours=72)


class CampaignConfig(Strict):
    name: str = Field(min_length=1)
    targets: Literal["all"] | list[str] = "all"
    groups: list[Literal["client", "competitor"]] | None = None
    touchpoints: list[TouchpointKind] = Field(
        default_factory=lambda: list[TouchpointKind](["form", "email", "chat", "callback"])
    )
    schedule: ScheduleConfig
    reply_deadline: Duration = DEFAULT_REPLY_DEADLINE
    sla: list[Duration] = Field(
        default_factory=lambda: [timedelta(minutes=10), timedelta(hours=1), timedelta(hours=24)]
    )
    min_gap: Duration = timedelta(seconds=30)
    hours: Literal["any", "business", "off"] = "any"  # sample in or out of business hours
    blackout: list[date] = Field(default_factory=list)
    worker_tag: str | None = None
    enabled: bool = True


class QuietHours(Strict):
    """No messages to people between ``from`` and ``to`` (may span midnight), in the rule's time zone."""

    from_: str = Field(alias="from")
    to: str
    days: str | list[str] = "mon-sun"  # the days on which a quiet period starts
    timezone: TimeZoneName | None = None  # default: the target's time zone, else the config's

    @field_validator("from_", "to")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        try:
            time.fromisoformat(v)
        except ValueError:
            raise ValueError(f"expected a time HH:MM, found {v!r}") from None
        return v

    @field_validator("days")
    @classmethod
    def _days(cls, v: str | list[str]) -> str | list[str]:
        parse_days(v)
        return v


class WebhookConfig(SecretRef):
    """A signed outgoing webhook (HMAC-SHA256 over timestamp and body; the README documents the payload)."""

    url: str | None = None
    url_env: str | None = None  # an env var holding the URL, when the URL itself carries a token
    secret_env: str | None = None
    secret_file: str | None = None
    timeout: Duration = timedelta(seconds=10)

    @model_validator(mode="after")
    def _complete(self) -> WebhookConfig:
        if bool(self.url) == bool(self.url_env):
            raise ValueError("give exactly one of 'url' or 'url_env'")
        if self.url and not re.match(r"^https?://[^/\s]+", self.url):
            raise ValueError(f"expected an http(s) URL, found {self.url!r}")
        if not self.secret_env and not self.secret_file:
            raise ValueError(
                "a webhook needs 'secret_env' or 'secret_file' (the HMAC key receivers verify with)"
            )
        return self


class Destinations(Strict):
    """Where a rule's or a notification's messages go, and when people must not be woken."""

    name: str = Field(min_length=1)
    notify: list[str] = Field(default_factory=list)  # Apprise URLs
    notify_env: str | None = None  # an env var holding Apprise URLs with secrets
    webhooks: list[WebhookConfig] = Field(default_factory=list)
    quiet_hours: QuietHours | None = None  # holds messages to people (Apprise), never webhooks
    targets: Literal["all"] | list[str] = "all"
    touchpoints: list[TouchpointKind] | None = None


class AlertConfig(Destinations):
    when: str
    window: Duration = timedelta(days=7)
    cooldown: Duration = timedelta(hours=6)
    repeat: Duration | None = timedelta(hours=24)  # remind while it stays open; null: never
    send_resolved: bool = True
    min_probes: int | None = Field(
        default=None, ge=1
    )  # decided probes in the window (default 1; 3 if relative)
    min_baseline: int = Field(default=5, ge=1)  # decided probes in the baseline or the competitors' pool

    @field_validator("when")
    @classmethod
    def _when(cls, v: str) -> str:
        parse_condition(v)
        return v

    @cached_property
    def condition(self) -> Condition:
        return parse_condition(self.when)

    @property
    def needed_probes(self) -> int:
        if self.min_probes is not None:
            return self.min_probes
        return 3 if self.condition.relative else 1


NotificationEvent = Literal["sla_missed", "answered", "stopped_answering"]


class NotificationConfig(Destinations):
    """Per-event notifications (for CRMs and chat-ops): one message per event and destination."""

    events: list[NotificationEvent] = Field(min_length=1)
    sla: Duration | None = None  # default: the touchpoint's reply_within, else the campaign's first SLA
    stopped_after: int = Field(default=3, ge=1)  # this many unanswered in a row after an answer
    lookback: Duration = timedelta(days=1)  # older events are not announced (a first start stays quiet)


class MuteConfig(Strict):
    """A maintenance window: no messages for the rules/targets it names (all of them when empty)."""

    from_: datetime = Field(alias="from")
    until: datetime
    timezone: TimeZoneName | None = None  # for times written without an offset; default: the config's
    rules: list[str] = Field(default_factory=list)  # alert rule or notification names
    targets: list[str] = Field(default_factory=list)
    reason: str = ""

    @model_validator(mode="after")
    def _order(self) -> MuteConfig:
        if (self.until.tzinfo is None) != (self.from_.tzinfo is None):
            raise ValueError("give 'from' and 'until' both with a UTC offset or both without")
        if self.until <= self.from_:
            raise ValueError("'until' must be after 'from'")
        return self


def _web_listeners(data: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """The listeners validated before web.metrics_listen (the dashboard, the hooks), by what they are."""
    out: dict[str, tuple[str, int]] = {}
    host = data.get("host")
    if isinstance(host, str) and isinstance(data.get("port"), int):
        out["the dashboard (web.host, web.port)"] = (host, data["port"])
    if isinstance(host, str) and data.get("hooks_port"):
        out["the hooks (web.hooks_host, web.hooks_port)"] = (
            data.get("hooks_host") or host,
            data["hooks_port"],
        )
    return out


class WebConfig(SecretRef):
    host: str = "127.0.0.1"
    port: int = 8080
    password_env: str | None = "REPLYWATCH_WEB_PASSWORD"
    password_file: str | None = None
    secret_key_env: str | None = None
    secret_key_file: str | None = None
    # Telephony webhooks (/hooks/...) on a port of their own, so the dashboard need not face the
    # internet; unset = served on the dashboard's port. hooks_host defaults to `host`.
    hooks_port: int | None = Field(default=None, ge=0, le=65535)
    hooks_host: str | None = None
    # Forwarding headers (X-Forwarded-For/-Proto) are believed only from these addresses (or CIDRs);
    # empty = believed from nobody, so a client cannot pick its own address for the sign-in limiter.
    trusted_proxies: list[str] = Field(default_factory=list)
    # The session cookie's Secure flag: auto = when the request came over HTTPS (directly or
    # through a trusted proxy's X-Forwarded-Proto).
    secure_cookies: Literal["auto", "always", "never"] = "auto"
    min_password_length: int = Field(default=12, ge=1)
    max_body_size: ByteSize = ByteSize(1024 * 1024)  # every route; /login has its own 16 KB

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, v: list[str]) -> list[str]:
        import ipaddress

        for item in v:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"expected IP addresses or CIDR networks, found {item!r}") from None
        return v

    # /metrics needs this bearer token; with none set (env unset, no file) /metrics is not served.
    metrics_token_env: str | None = "REPLYWATCH_METRICS_TOKEN"
    metrics_token_file: str | None = None
    # Or a listener of its own ("127.0.0.1:9464") serving /metrics alone, without a token: the address
    # is the protection (loopback, a private network). The dashboard's port still wants the token.
    metrics_listen: str | None = None

    @field_validator("metrics_listen", mode="before")
    @classmethod
    def _metrics_listen(cls, v: Any, info: ValidationInfo) -> str | None:
        if v is None:
            return v
        address = parse_listen(v)
        for key, other in _web_listeners(info.data).items():
            if overlaps(address, other):
                raise ValueError(f"{v!r} is already taken by {key}; give /metrics a port of its own")
        return str(v).strip()

    @property
    def metrics_address(self) -> tuple[str, int] | None:
        """(host, port) of the token-less /metrics listener, or None when there is none."""
        return parse_listen(self.metrics_listen) if self.metrics_listen else None

    # The dashboard's address as clients reach it, for `replywatch share` links (default http://host:port).
    public_url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_shared_hook_token(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("hook_token_env", "hook_token_file"):
                if key in data:
                    raise ValueError(
                        f"{key!r} is no longer used: a shared token travelled in URLs and proxy logs. "
                        "Sign hook posts instead (telephony.generic.secret_env, or a provider's own "
                        "scheme under telephony:; see the README's Callbacks section)"
                    )
        return data


class GenericHookConfig(SecretRef):
    """POST /hooks/calls: JSON signed with HMAC-SHA256 over '<timestamp>.<body>' (monitor/telephony/generic.py)."""

    secret_env: str | None = "REPLYWATCH_HOOK_SECRET"
    secret_file: str | None = None
    tolerance: Duration = timedelta(minutes=5)  # how far the signed timestamp may be from our clock


class TwilioConfig(SecretRef):
    """POST /hooks/twilio: X-Twilio-Signature, keyed by the account's auth token."""

    auth_token_env: str | None = "TWILIO_AUTH_TOKEN"
    auth_token_file: str | None = None


class ZadarmaConfig(SecretRef):
    """POST /hooks/zadarma: the Signature header, keyed by the API secret (monitor/telephony/zadarma.py)."""

    secret_env: str | None = "ZADARMA_API_SECRET"
    secret_file: str | None = None


class MangoConfig(SecretRef):
    """POST /hooks/mango/events/...: sign = sha256(api key + json + salt) (monitor/telephony/mango.py)."""

    api_key_env: str | None = "MANGO_API_KEY"
    api_key_file: str | None = None
    salt_env: str | None = "MANGO_API_SALT"
    salt_file: str | None = None


class TelephonyConfig(Strict):
    """Which providers may post call/SMS events, and the URL they see us at."""

    # The base URL providers post to, as they see it (scheme, host, any prefix a proxy adds):
    # Twilio signs the full URL it requested, not the one the proxy forwards to us.
    public_url: str | None = None
    generic: GenericHookConfig | None = Field(default_factory=GenericHookConfig)
    twilio: TwilioConfig | None = None
    zadarma: ZadarmaConfig | None = None
    mango: MangoConfig | None = None

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", v):
            raise ValueError(
                f"expected a base URL like https://hooks.example.com or https://example.com/rw, found {v!r}"
            )
        return v.rstrip("/") if v else v


class ChatConfig(Strict):
    """How long chat pages stay open and how often parked ones are reopened (see bench/bench_chat.py)."""

    first_window: Duration = timedelta(minutes=10)  # held open: answers timed exactly from events
    reopen_every: Duration = timedelta(minutes=5)  # parked pages are reopened to read what came meanwhile
    max_held: int = Field(default=40, ge=1, le=1000)  # about 75 MB of browser memory per held page


class WorkerConfig(Strict):
    backend: Literal["inprocess", "procrastinate"] = "inprocess"
    tags: list[str] = Field(default_factory=list)
    concurrency: int = Field(default=2, ge=1, le=64)


class RetentionConfig(Strict):
    """How long evidence files are kept; figures and rows stay for ever (`replywatch prune`)."""

    evidence_days: int | None = Field(default=None, ge=1)


class UiConfig(Strict):
    """The language of the dashboard, reports and exports: "auto" follows the browser (or LANG on the CLI)."""

    language: Literal["auto", "en", "ru"] = "auto"


class Config(Strict):
    database: str = "sqlite:///replywatch.db"
    database_env: str | None = None  # e.g. a PostgreSQL URL with a password
    timezone: TimeZoneName = "UTC"
    data_dir: str = "replywatch-data"
    include: list[str] = Field(default_factory=list)  # extra YAML files with 'targets:'
    shopper: ShopperConfig
    browser: BrowserConfig = Field(default_factory=BrowserConfig)
    targets: list[TargetConfig] = Field(default_factory=list)
    campaigns: list[CampaignConfig] = Field(default_factory=list)
    alerts: list[AlertConfig] = Field(default_factory=list)
    notifications: list[NotificationConfig] = Field(default_factory=list)
    mutes: list[MuteConfig] = Field(default_factory=list)
    web: WebConfig = Field(default_factory=WebConfig)
    telephony: TelephonyConfig = Field(default_factory=TelephonyConfig)
    chat: ChatConfig = Field(default_factory=ChatConfig)
    worker: WorkerConfig = Field(default_factory=WorkerConfig)
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    ui: UiConfig = Field(default_factory=UiConfig)

    # Set by load_config, not by the user.
    base_dir: Path = Field(default=Path("."), exclude=True)
    source: str = Field(default="<memory>", exclude=True)

    @field_validator("database")
    @classmethod
    def _db(cls, v: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", v):
            raise ValueError(f"expected sqlite:///FILE or postgresql+psycopg://user@host/db, found {v!r}")
        if v.startswith("postgresql") and re.search(r"://[^/@:]+:[^/@]+@", v):
            raise ValueError("inline password in the database URL: use database_env instead")
        return v

    def target(self, name: str) -> TargetConfig:
        for t in self.targets:
            if t.name == name:
                return t
        raise KeyError(name)

    def database_url(self) -> str:
        """The SQLAlchemy URL; relative SQLite paths are relative to the config file."""
        if self.database_env:
            value = os.environ.get(self.database_env)
            if value is None:
                raise LookupError(f"environment variable {self.database_env} is not set")
            return value
        url = self.database
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
            return prefix + str((self.base_dir / url[len(prefix) :]).resolve())
        return url

    def data_path(self) -> Path:
        p = Path(self.data_dir)
        return p if p.is_absolute() else (self.base_dir / p).resolve()


# --------------------------------------------------------------------------- loading


class ConfigError(Exception):
    """All problems found in a configuration, each with file:line and key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{path}: file not found"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([f"{path}: not UTF-8 text ({exc})"]) from None
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError([f"{where}: invalid YAML: {exc.problem or exc.context}"]) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (duplicate keys...)
        raise ConfigError([f"{path}: invalid YAML: {exc}"]) from None


def _line_of(node: Any, loc: tuple[Any, ...]) -> tuple[int | None, str]:
    """Follow a pydantic error location through the ruamel tree; return (line, key path)."""
    line: int | None = getattr(getattr(node, "lc", None), "line", None)
    line = line + 1 if line is not None else None
    parts: list[str] = []
    cur = node
    for item in loc:
        if isinstance(cur, CommentedMap) and item in cur:
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                line = cur.lc.key(item)[0] + 1
            parts.append(str(item))
            cur = cur[item]
        elif isinstance(cur, CommentedSeq) and isinstance(item, int) and item < len(cur):
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                line = cur.lc.item(item)[0] + 1
            parts.append(f"[{item}]")
            cur = cur[item]
        else:
            if isinstance(item, str) and not item.startswith(("function-", "literal[", "union[")):
                parts.append(str(item))
    key = ".".join(parts).replace(".[", "[")
    return line, key or "(top level)"


def _describe(err: Any) -> str:
    msg = str(err.get("msg", "invalid"))
    msg = msg.removeprefix("Value error, ")
    typ = err.get("type", "")
    found = err.get("input")
    if typ == "extra_forbidden":
        return "unknown key (check its spelling; see `replywatch config-schema`)"
    if typ == "missing":
        return "required key is missing"
    if typ.endswith(("_type", "_parsing")) or typ == "literal_error":
        shown = repr(found) if not isinstance(found, dict | list) else type(found).__name__
        return f"{msg}; found {shown}"
    return msg


@dataclass
class _Sources:
    """Where each merged target came from, so an error in an include file names that file and line.

    Built by one ``load_config`` call and passed down, so two loads never share state.
    """

    file: str
    tree: Any
    owners: list[str]  # merged target index -> the file it came from
    include_trees: dict[str, Any] = field(default_factory=dict)  # include file -> its YAML tree
    include_index: dict[tuple[str, int], int] = field(
        default_factory=dict
    )  # (file, merged index) -> its index there


def _pydantic_problems(exc: ValidationError, src: _Sources) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        src_file, src_tree, sub = src.file, src.tree, loc
        # Targets merged from include files keep their own file name.
        if len(loc) >= 2 and loc[0] == "targets" and isinstance(loc[1], int) and loc[1] < len(src.owners):
            owner = src.owners[loc[1]]
            if owner != src.file:
                src_file, src_tree = owner, src.include_trees[owner]
                sub = ("targets", src.include_index[(owner, loc[1])], *loc[2:])
        line, key = _line_of(src_tree, sub)
        where = f"{src_file}:{line}" if line else src_file
        problems.append(f"{where}: {key}: {_describe(err)}")
    return problems


def _iter_includes(base: Path, patterns: list[str]) -> Iterator[Path]:
    for pat in patterns:
        full = pat if os.path.isabs(pat) else str(base / pat)
        matches = sorted(glob.glob(full))
        if not matches:
            raise ConfigError([f"{full}: include matches no file"])
        yield from (Path(m) for m in matches)


def load_config(path: str | Path, *, check_secrets: bool = True) -> Config:
    """Read, merge includes, validate. Raises ConfigError listing every problem."""
    path = Path(path)
    tree = _load_yaml(path)
    file = str(path)
    if tree is None:
        raise ConfigError(
            [f"{file}:1: (top level): the file is empty; expected a mapping with 'shopper:' and 'targets:'"]
        )
    if not isinstance(tree, CommentedMap):
        raise ConfigError([f"{file}:1: (top level): expected a mapping of keys, found {type(tree).__name__}"])
    data = _plain(tree)
    src = _Sources(file, tree, [file] * len(data.get("targets") or []))
    inc = data.get("include") or []
    if isinstance(inc, list):
        data["targets"] = _merge_includes(path, list(data.get("targets") or []), [str(i) for i in inc], src)
    data["base_dir"] = path.parent.resolve()
    data["source"] = file
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_pydantic_problems(exc, src)) from None
    problems = _cross_checks(cfg, tree, file, src.owners, check_secrets)
    if problems:
        raise ConfigError(problems)
    return cfg


def _merge_includes(path: Path, merged: list[Any], patterns: list[str], src: _Sources) -> list[Any]:
    """The targets of every include file appended to ``merged``; ``src`` learns where each came from."""
    for inc_path in _iter_includes(path.parent, patterns):
        inc_tree = _load_yaml(inc_path)
        if not isinstance(inc_tree, CommentedMap) or not isinstance(inc_tree.get("targets"), list):
            raise ConfigError([f"{inc_path}:1: (top level): an include file must hold 'targets: [...]'"])
        src.include_trees[str(inc_path)] = inc_tree
        for i, t in enumerate(_plain(inc_tree)["targets"]):
            src.include_index[(str(inc_path), len(merged))] = i
            merged.append(t)
            src.owners.append(str(inc_path))
    return merged


def _plain(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    return node


def _cross_checks(cfg: Config, tree: Any, file: str, owners: list[str], check_secrets: bool) -> list[str]:
    """Checks that span sections: names, references and secrets."""
    problems: list[str] = []

    def at(loc: tuple[Any, ...], msg: str) -> None:
        line, key = _line_of(tree, loc)
        problems.append(f"{file}:{line}: {key}: {msg}" if line else f"{file}: {key}: {msg}")

    names = [t.name for t in cfg.targets]
    seen: set[str] = set()
    for i, n in enumerate(names):
        if n in seen:
            owner = owners[i] if i < len(owners) else file
            problems.append(f"{owner}: targets[{i}].name: target name {n!r} is used twice")
        seen.add(n)
    cnames = [c.name for c in cfg.campaigns]
    for i, c in enumerate(cfg.campaigns):
        if cnames.count(c.name) > 1:
            at(("campaigns", i, "name"), f"campaign name {c.name!r} is used twice")
        if isinstance(c.targets, list):
            for j, t in enumerate(c.targets):
                if t not in seen:
                    at(
                        ("campaigns", i, "targets", j),
                        f"unknown target {t!r}; known targets: {', '.join(names) or 'none'}",
                    )
    _alert_checks(cfg, seen, at, check_secrets)
    if check_secrets:
        mb = cfg.shopper.mailbox
        for section, obj in (("imap", mb.imap), ("smtp", mb.smtp)):
            if obj is None:
                continue
            _secret_check(
                obj.password_env, obj.password_file, cfg.base_dir, ("shopper", "mailbox", section), at
            )
        if cfg.database_env and cfg.database_env not in os.environ:
            at(("database_env",), f"environment variable {cfg.database_env} is not set")
        _telephony_secret_checks(cfg, at)
    _phone_checks(cfg, at)
    needs_mail = any(tp.kind == "email" for t in cfg.targets for tp in t.touchpoints)
    if needs_mail and cfg.shopper.mailbox.smtp is None:
        at(("shopper", "mailbox"), "email touchpoints are configured but 'smtp:' is missing")
    return problems


def _telephony_secret_checks(cfg: Config, at: Any) -> None:
    """Providers named in the config must have their secrets (the default generic hook may lack one)."""
    tel = cfg.telephony
    for name in ("generic", "twilio", "zadarma", "mango"):
        section = getattr(tel, name)
        if section is None or name not in tel.model_fields_set:
            continue
        for key in [f for f in type(section).model_fields if f.endswith("_env")]:
            env, file = getattr(section, key), getattr(section, key[:-4] + "_file")
            if file:
                p = Path(file) if Path(file).is_absolute() else cfg.base_dir / file
                if not p.is_file():
                    at(("telephony", name, key[:-4] + "_file"), f"secret file {p} does not exist")
            elif env and env not in os.environ:
                at(("telephony", name, key), f"environment variable {env} is not set")


def _phone_checks(cfg: Config, at: Any) -> None:
    """Every configured number must read as one: personas in the config's country, shops in theirs."""
    from monitor.country import country_for_timezone
    from probes import phones

    home = country_for_timezone(cfg.timezone)
    for i, p in enumerate(cfg.shopper.personas):
        if phones.e164(p.phone, home) is None:
            where = f"in {home}" if home else "without a country (timezone is not a country's)"
            at(
                ("shopper", "personas", i, "phone"),
                f"{p.phone!r} is not a phone number {where}; write it with its country code, e.g. +7 912 345-67-01",
            )
    for i, t in enumerate(cfg.targets):
        region = t.country or country_for_timezone(t.timezone or cfg.timezone)
        for j, number in enumerate(t.phones):
            if phones.e164(number, region) is None:
                at(
                    ("targets", i, "phones", j),
                    f"{number!r} is not a phone number in {region or 'any country'}; write it with its country code",
                )


def _alert_checks(cfg: Config, targets: set[str], at: Any, check_secrets: bool) -> None:
    """Alert rules, notifications and mutes: names, references, destinations and their secrets."""
    sections: list[tuple[str, list[AlertConfig] | list[NotificationConfig]]] = [
        ("alerts", cfg.alerts),
        ("notifications", cfg.notifications),
    ]
    names: set[str] = set()
    for section, items in sections:
        for i, a in enumerate(items):
            if a.name in names:
                at(
                    (section, i, "name"),
                    f"name {a.name!r} is used twice (alert and notification names share one list)",
                )
            names.add(a.name)
            for j, t in enumerate(a.targets if isinstance(a.targets, list) else []):
                if t not in targets:
                    at((section, i, "targets", j), f"unknown target {t!r}")
            if not a.notify and not a.notify_env and not a.webhooks:
                at(
                    (section, i),
                    "needs somewhere to send: 'notify: [apprise URL, ...]', 'notify_env' or 'webhooks'",
                )
            if check_secrets:
                _destination_secrets(a, cfg.base_dir, (section, i), at)
    for i, m in enumerate(cfg.mutes):
        for j, r in enumerate(m.rules):
            if r not in names:
                at(("mutes", i, "rules", j), f"unknown alert rule or notification {r!r}")
        for j, t in enumerate(m.targets):
            if t not in targets:
                at(("mutes", i, "targets", j), f"unknown target {t!r}")


def _destination_secrets(d: Destinations, base: Path, loc: tuple[Any, ...], at: Any) -> None:
    if d.notify_env and d.notify_env not in os.environ:
        at((*loc, "notify_env"), f"environment variable {d.notify_env} is not set")
    for k, w in enumerate(d.webhooks):
        for key in ("url_env", "secret_env"):
            env = getattr(w, key)
            if env and env not in os.environ:
                at((*loc, "webhooks", k, key), f"environment variable {env} is not set")
        if (
            w.secret_file
            and not (
                Path(w.secret_file) if Path(w.secret_file).is_absolute() else base / w.secret_file
            ).is_file()
        ):
            at((*loc, "webhooks", k, "secret_file"), f"secret file {w.secret_file} does not exist")


def _secret_check(env: str | None, file: str | None, base: Path, loc: tuple[Any, ...], at: Any) -> None:
    if env and env not in os.environ:
        at((*loc, "password_env"), f"environment variable {env} is not set (it should hold the password)")
    if file:
        p = Path(file) if Path(file).is_absolute() else base / file
        if not p.is_file():
            at((*loc, "password_file"), f"secret file {p} does not exist")


def json_schema() -> dict[str, Any]:
    schema = Config.model_json_schema(by_alias=True)
    schema.setdefault("properties", {}).pop("base_dir", None)
    schema["properties"].pop("source", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "replywatch configuration"
    return schema
