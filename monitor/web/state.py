"""What every dashboard handler needs, as one typed object instead of loose `app.state.*` attributes.

`create_app` builds it once; handlers call `web_state(request)`, so a typo or a
missing piece is a type error, not an AttributeError in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from monitor.clock import Clock
from monitor.config import Config
from monitor.web.auth import LoginLimiter, SessionRegistry
from monitor.web.cache import ReportCache


@dataclass(frozen=True)
class WebState:
    cfg: Config
    factory: sessionmaker[Session]
    clock: Clock
    password: str
    limiter: LoginLimiter
    sessions: SessionRegistry
    cache: ReportCache
    evidence_root: Path
    static: Path


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
