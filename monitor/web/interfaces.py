"""Routes for other tools and for clients, each with its own authentication (not the dashboard session)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.routing import BaseRoute, Mount, Route

from monitor.clock import Clock
from monitor.config import Config
from monitor.web.api import create_api
from monitor.web.metrics import make_registry, metrics_endpoint, metrics_token
from monitor.web.share import shared_report


def interface_routes(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> list[BaseRoute]:
    """/api/v1 (API keys), /metrics (bearer token; absent without one), /share/{token} (signed links)."""
    routes: list[BaseRoute] = [
        Mount("/api/v1", app=create_api(cfg, factory, clock)),
        Route("/share/{token}", shared_report),
    ]
    token = metrics_token(cfg)
    if token:
        endpoint: Any = metrics_endpoint(token, make_registry(factory, clock))
        routes.append(Route("/metrics", endpoint))
    return routes
