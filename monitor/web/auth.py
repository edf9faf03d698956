"""Sign-in, sessions and CSRF for the dashboard.

One shared password (the dashboard is read-mostly and sits behind the
operator's own network), compared in constant time; failed sign-ins are rate
limited per client address (a bounded map) and slowed down globally, so neither
many addresses nor many keys wear it down; every POST carries a per-session CSRF
token; sessions live in a server-side registry so signing out really ends them.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections import OrderedDict, deque
from datetime import datetime, timedelta
from pathlib import Path

from starlette.requests import Request

from monitor.clock import Clock
from monitor.config import Config


class NoPassword(RuntimeError):
    """The dashboard refuses to start without a password: it would expose shop replies."""


class WeakPassword(NoPassword):
    """A short password falls to the global sign-in budget in days; refuse it at start."""


def web_password(cfg: Config) -> str:
    """The password from the environment variable, else the secret file."""
    web = cfg.web
    value = None
    if web.password_env and web.password_env in os.environ:
        value = os.environ[web.password_env]
    elif web.password_file:
        p = Path(web.password_file)
        p = p if p.is_absolute() else cfg.base_dir / p
        value = p.read_text(encoding="utf-8").rstrip("\n")
    if not value:
        raise NoPassword(
            f"set the dashboard password in ${web.password_env or 'REPLYWATCH_WEB_PASSWORD'} "
            "or web.password_file"
        )
    if len(value) < web.min_password_length:
        where = (
            f"${web.password_env}"
            if web.password_env and web.password_env in os.environ
            else "web.password_file"
        )
        raise WeakPassword(
            f"the dashboard password ({where}) has {len(value)} characters; "
            f"web.min_password_length requires at least {web.min_password_length}"
        )
    return value


def secret_key(cfg: Config) -> str:
    """Session signing key from config; a random one per process otherwise (sessions end on restart)."""
    web = cfg.web
    if web.secret_key_env and os.environ.get(web.secret_key_env):
        return os.environ[web.secret_key_env]
    if web.secret_key_file:
        p = Path(web.secret_key_file)
        p = p if p.is_absolute() else cfg.base_dir / p
        return p.read_text(encoding="utf-8").strip()
    return secrets.token_urlsafe(32)


def password_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class LoginLimiter:
    """At most `attempts` failed sign-ins per client per `window`; success does not reset others.

    The per-client map keeps at most `max_keys` clients (least recently failed dropped first), so
    a flood of addresses cannot grow memory. Failures from everyone together also count: past
    `global_free` in a window, every sign-in waits `slowdown()` seconds (doubling, capped), which
    slows a distributed guesser without locking the operator out.
    """

    def __init__(
        self,
        clock: Clock,
        *,
        attempts: int = 5,
        window: timedelta = timedelta(minutes=5),
        max_keys: int = 10_000,
        global_free: int = 20,
        max_delay: float = 5.0,
    ) -> None:
        self.clock, self.attempts, self.window = clock, attempts, window
        self.max_keys, self.global_free, self.max_delay = max_keys, global_free, max_delay
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._global: deque[datetime] = deque()

    def _cutoff(self) -> datetime:
        return self.clock.now() - self.window

    def _prune(self, key: str) -> deque[datetime]:
        q = self._failures.get(key)
        if q is None:
            return deque()
        cutoff = self._cutoff()
        while q and q[0] < cutoff:
            q.popleft()
        if not q:
            del self._failures[key]
        return q

    def blocked_for(self, key: str) -> float:
        """Seconds until the client may try again (0 if it may now)."""
        q = self._prune(key)
        if len(q) < self.attempts:
            return 0.0
        return max(1.0, (q[0] + self.window - self.clock.now()).total_seconds())

    def slowdown(self) -> float:
        """Seconds every sign-in waits now, from the failures of all clients in the window."""
        cutoff = self._cutoff()
        while self._global and self._global[0] < cutoff:
            self._global.popleft()
        excess = len(self._global) - self.global_free
        if excess <= 0:
            return 0.0
        return float(min(self.max_delay, 0.05 * 2 ** min(excess, 10)))

    def failed(self, key: str) -> None:
        now = self.clock.now()
        q = self._prune(key)
        q.append(now)
        self._failures[key] = q
        self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)
        self._global.append(now)
        while len(self._global) > self.max_keys:  # its length is all that matters past the cap
            self._global.popleft()

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)

    def tracked(self) -> int:
        return len(self._failures)


class SessionRegistry:
    """Server-side record of live sign-ins: the cookie carries an id, sign-out deletes it here.

    The signed cookie alone cannot be revoked (a copy stays valid until it expires); with this
    registry a replayed cookie after sign-out is refused. Kept in memory, bounded: a restart of
    the dashboard signs everyone out, which is the safe direction.
    """

    def __init__(
        self, clock: Clock, *, lifetime: timedelta = timedelta(hours=12), max_sessions: int = 1000
    ) -> None:
        self.clock, self.lifetime, self.max_sessions = clock, lifetime, max_sessions
        self._live: OrderedDict[str, datetime] = OrderedDict()

    def open(self) -> str:
        sid = secrets.token_urlsafe(24)
        self._live[sid] = self.clock.now() + self.lifetime
        while len(self._live) > self.max_sessions:
            self._live.popitem(last=False)
        return sid

    def valid(self, sid: object) -> bool:
        if not isinstance(sid, str):
            return False
        until = self._live.get(sid)
        if until is None:
            return False
        if until < self.clock.now():
            del self._live[sid]
            return False
        return True

    def close(self, sid: object) -> None:
        if isinstance(sid, str):
            self._live.pop(sid, None)


def signed_in(scope_session: dict[str, object], registry: SessionRegistry) -> bool:
    """A session counts only with a user and a live server-side id."""
    return bool(scope_session.get("user")) and registry.valid(scope_session.get("sid"))


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


def csrf_ok(request: Request, given: object) -> bool:
    expected = request.session.get("csrf")
    return isinstance(given, str) and bool(expected) and hmac.compare_digest(given, str(expected))


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"
