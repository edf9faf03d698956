"""Sign-in, sessions and CSRF for the dashboard.

One shared password (the dashboard is read-mostly and sits behind the
operator's own network), compared in constant time; failed sign-ins are rate
limited per client address; every POST carries a per-session CSRF token.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections import defaultdict, deque
from datetime import datetime, timedelta
from pathlib import Path

from starlette.requests import Request

from monitor.clock import Clock
from monitor.config import Config


class NoPassword(RuntimeError):
    """The dashboard refuses to start without a password: it would expose shop replies."""


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
        raise NoPassword(f"set the dashboard password in ${web.password_env or 'REPLYWATCH_WEB_PASSWORD'} "
                         "or web.password_file")
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
    """At most `attempts` failed sign-ins per client per `window`; success does not reset others."""

    def __init__(self, clock: Clock, *, attempts: int = 5, window: timedelta = timedelta(minutes=5)) -> None:
        self.clock, self.attempts, self.window = clock, attempts, window
        self._failures: dict[str, deque[datetime]] = defaultdict(deque)

    def _prune(self, key: str) -> deque[datetime]:
        q = self._failures[key]
        cutoff = self.clock.now() - self.window
        while q and q[0] < cutoff:
            q.popleft()
        return q

    def blocked_for(self, key: str) -> float:
        """Seconds until the client may try again (0 if it may now)."""
        q = self._prune(key)
        if len(q) < self.attempts:
            return 0.0
        return max(1.0, (q[0] + self.window - self.clock.now()).total_seconds())

    def failed(self, key: str) -> None:
        self._prune(key).append(self.clock.now())

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)


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
