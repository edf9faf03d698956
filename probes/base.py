"""The one small contract every touchpoint probe follows.

A probe acts as a customer once and reports what happened. It never touches the
database, never matches replies and never writes reports (see monitor/): it gets
what it needs in a ``ProbeTask`` and a ``ProbeEnv`` and returns a ``Submission``
or raises a ``ProbeError``. Adding a touchpoint kind is one new module with one
``Probe`` class and one row in ``probes.kinds.KINDS``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol


def utcnow() -> datetime:
    """Aware UTC now; probes take time from ``ProbeEnv.now`` so tests can pin it."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Persona:
    """Who the mystery shopper pretends to be for one probe."""

    first_name: str
    last_name: str
    phone: str
    email: str  # the probe's unique reply address (always ASCII)
    city: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ProbeTask:
    """Everything one attempt needs, resolved from config and database."""

    probe_id: int
    token: str
    kind: str  # form | email | chat | callback | ...
    target: str
    persona: Persona
    question: str
    subject: str
    evidence_dir: Path
    url: str | None = None
    to_address: str | None = None
    message_id: str | None = None  # our own Message-ID for e-mail probes
    selector: str | None = None
    field_selectors: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    time_budget: float = 120.0  # seconds
    proxy: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A file kept with the probe as proof (screenshot, transcript, raw request...)."""

    kind: str
    path: str
    note: str = ""


@dataclass(frozen=True)
class Submission:
    """A confirmed submission: the shop really received the customer's request."""

    submitted_at: datetime  # UTC, the moment the submission was confirmed
    evidence: tuple[Evidence, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    message_id: str | None = None


class ProbeError(Exception):
    """A probe ended without a confirmed submission.

    ``status`` is what the probe becomes (``failed`` or ``blocked``); ``reason``
    is a short machine-friendly cause (``captcha``, ``smtp 550 ...``).
    ``submission_possible`` tells the runner whether the shop might have got the
    request anyway: when False a retry is safe, when True it never retries.
    """

    status: ClassVar[str] = "failed"

    def __init__(
        self,
        reason: str,
        *,
        evidence: tuple[Evidence, ...] = (),
        details: Mapping[str, Any] | None = None,
        submission_possible: bool = True,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.evidence = evidence
        self.details = dict(details or {})
        self.submission_possible = submission_possible


class ProbeFailed(ProbeError):
    status = "failed"


class ProbeBlocked(ProbeError):
    """The site stopped an automated customer (captcha, WAF): never bypassed."""

    status = "blocked"


class TemporaryFailure(ProbeError):
    """Nothing reached the shop and trying again later may work (4xx SMTP, timeout before submit)."""

    status = "failed"

    def __init__(self, reason: str, **kw: Any) -> None:
        kw.setdefault("submission_possible", False)
        super().__init__(reason, **kw)


@dataclass
class ProbeEnv:
    """Services a probe may use, built once by the CLI/daemon and passed down."""

    now: Callable[[], datetime] = utcnow
    browser: Any = None  # probes.browser.BrowserPool, started lazily by the caller
    smtp: Any = None  # monitor.config.SmtpConfig with resolved password
    smtp_password: str | None = None
    # Called right before the irreversible step (clicking submit, SMTP DATA).
    # The runner persists it, so a crash after this point is never blindly retried.
    mark_submit_started: Callable[[], Awaitable[None]] | None = None
    # Free-form hooks for kinds that keep something alive after submit (chat pages).
    extras: dict[str, Any] = field(default_factory=dict)

    async def submit_started(self) -> None:
        if self.mark_submit_started is not None:
            await self.mark_submit_started()


class Probe(Protocol):
    """One touchpoint kind. ``submit`` acts once; it returns or raises ProbeError."""

    kind: ClassVar[str]

    async def submit(self, task: ProbeTask, env: ProbeEnv) -> Submission: ...


def probe_class(kind: str) -> type[Probe]:
    """The class of a kind listed in ``probes.kinds.KINDS``, imported on first use."""
    import importlib

    from probes.kinds import KINDS

    row = KINDS.get(kind)
    if row is None:
        raise KeyError(f"no probe for touchpoint kind {kind!r}; known: {sorted(KINDS)}")
    module, _, name = row.path.partition(":")
    cls: type[Probe] = getattr(importlib.import_module(module), name)
    return cls


def get_probe(kind: str) -> Probe:
    return probe_class(kind)()
