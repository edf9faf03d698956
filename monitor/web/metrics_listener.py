"""/metrics on an address of its own (`web.metrics_listen`), for scrapers that cannot send a token.

The address is the protection: bind it to loopback or a private network that only
Prometheus reaches. This app serves /metrics and nothing else (no dashboard, no
sign-in, no hooks), so opening that port opens nothing more. The dashboard's own
/metrics keeps wanting the bearer token (monitor/web/metrics.py).
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from monitor.clock import Clock
from monitor.web.metrics import exposition, make_registry


def create_metrics_app(factory: sessionmaker[Session], clock: Clock) -> Starlette:
    """/metrics without a token (GET and HEAD); every other path is a 404."""
    registry = make_registry(factory, clock)

    def metrics(request: Request) -> Response:
        return exposition(registry)

    return Starlette(routes=[Route("/metrics", metrics, methods=["GET"])])
