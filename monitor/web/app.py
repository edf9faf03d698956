"""The dashboard application: `create_app(cfg, factory, clock)`; the daemon and `serve` both mount it.

Server-rendered (Starlette + Jinja2, no JavaScript at all), so the page CSP can
forbid every script: even a reply that slipped past sanitizing could not run.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.clock import Clock
from monitor.config import Config
from monitor.hooks import hook_routes
from monitor.web import alerts_page, views
from monitor.web.auth import LoginLimiter, SessionRegistry, secret_key, signed_in, web_password
from monitor.web.cache import ReportCache
from monitor.web.evidence import evidence_root
from monitor.web.guards import BodyLimit, SecureCookies
from monitor.web.interfaces import interface_routes
from monitor.web.state import WebState

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SESSION_COOKIE = "replywatch_session"
OPEN_PATHS = ("/hooks/", "/login", "/healthz", "/static/", "/api/", "/metrics", "/share/")  # own auth


class SecurityHeaders:
    """Strict CSP and friends on every response (endpoints may set a stricter/own CSP)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"content-security-policy": PAGE_CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"referrer-policy": b"no-referrer",
                    b"cache-control": b"no-store",
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequireLogin:
    """Everything but the sign-in page, /healthz and the stylesheet needs a signed-in session."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(OPEN_PATHS):
            if not signed_in(scope.get("session", {}), scope["app"].state.web.sessions):
                target = "/login"
                if scope["method"] == "GET" and scope["path"] != "/":
                    from urllib.parse import quote

                    target += "?next=" + quote(scope["path"], safe="/")
                await RedirectResponse(target, status_code=303)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    cfg: Config, factory: sessionmaker[Session], clock: Clock, *, password: str | None = None
) -> Starlette:
    """The dashboard for this config and database. Raises auth.NoPassword if no password is set."""
    routes: list[BaseRoute] = [
        Route("/", views.overview),
        Route("/targets", views.all_targets),
        Route("/target/{name:path}", views.target_page),
        Route("/charts/{chart}.svg", views.chart),
        Route("/review", views.review),
        Route("/review/{reply_id:int}", views.assign, methods=["POST"]),
        Route("/export/{fmt}", views.export),
        Route("/alerts", alerts_page.alerts),
        Route("/alerts/mute", alerts_page.mute, methods=["POST"]),
        Route("/alerts/unmute/{mute_id:int}", alerts_page.unmute, methods=["POST"]),
        Route("/evidence/{path:path}", views.evidence),
        Route("/healthz", views.healthz),
        Route("/login", views.login_form),
        Route("/login", views.login, methods=["POST"]),
        Route("/logout", views.logout, methods=["POST"]),
        Route("/static/app.css", views.stylesheet),
    ]
    routes += interface_routes(cfg, factory, clock)  # API keys, metrics token, signed share links
    if cfg.web.hooks_port is None:  # else on their own port (monitor.hooks.create_hooks_app)
        routes += hook_routes(cfg, factory, clock)  # signature-authenticated, not session-authenticated
    middleware = [
        Middleware(BodyLimit, max_body=int(cfg.web.max_body_size)),
        Middleware(SecurityHeaders),
        Middleware(SecureCookies, mode=cfg.web.secure_cookies, cookie=SESSION_COOKIE),
        Middleware(
            SessionMiddleware,
            secret_key=secret_key(cfg),
            session_cookie=SESSION_COOKIE,
            max_age=12 * 3600,
            same_site="strict",
            https_only=False,
        ),  # Secure: SecureCookies
        Middleware(RequireLogin),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.web = WebState(
        cfg=cfg,
        factory=factory,
        clock=clock,
        password=password if password is not None else web_password(cfg),
        limiter=LoginLimiter(clock),
        sessions=SessionRegistry(clock),
        cache=ReportCache(clock),
        evidence_root=evidence_root(cfg.data_path()),
        static=Path(__file__).parent / "static",
    )
    return app
