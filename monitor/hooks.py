"""HTTP hooks telephony providers push call and SMS events to, each verified by its own scheme.

``/hooks/twilio``, ``/hooks/zadarma``, ``/hooks/mango/events/...`` and the generic signed JSON
hook ``/hooks/calls`` (monitor/telephony/). A request is refused before anything is stored:
404 when the provider is not configured, 401 when it is unsigned or forged (or the generic
timestamp is stale), 400 with the reason when a field is malformed, 413 when it is oversized.
An event's time is our receipt time or the provider's signed timestamp; an event stored once
(by the provider's event id) is never stored or applied again.

The hooks can listen on their own port (``web.hooks_port``, ``create_hooks_app``) so the
dashboard need not face the internet; otherwise they share the dashboard's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from urllib.parse import parse_qsl

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from monitor.clock import Clock
from monitor.config import Config
from monitor.country import country_for_timezone
from monitor.store.db import transaction
from monitor.telephony import PROVIDERS
from monitor.telephony.base import HookContext, HookError, Provider, Stored, WebhookRequest
from monitor.watch.calls import CallEvent, record_with_reason

log = logging.getLogger("replywatch.hooks")

MAX_BODY = 64 * 1024
STORE_ATTEMPTS = 3
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def public_url(cfg: Config, request: Request) -> str:
    """The URL as the provider requested it: behind a proxy, telephony.public_url + our path."""
    base = cfg.telephony.public_url
    if not base:
        return str(request.url)
    query = request.url.query
    return f"{base}{request.url.path}" + (f"?{query}" if query else "")


async def read_request(cfg: Config, request: Request, received_at: datetime) -> WebhookRequest:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise HookError(413, f"body larger than {MAX_BODY} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise HookError(413, f"body larger than {MAX_BODY} bytes")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params: list[tuple[str, str]] = []
    if ctype == FORM_TYPES[0]:
        try:
            params = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise HookError(400, "form body is not UTF-8") from None
    elif ctype == FORM_TYPES[1]:
        params = await _multipart(request, body)
    return WebhookRequest(
        method=request.method,
        url=public_url(cfg, request),
        path=request.url.path,
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
        params=params,
        query=list(request.query_params.multi_items()),
        received_at=received_at,
    )


async def _multipart(request: Request, body: bytes) -> list[tuple[str, str]]:
    """Some providers post multipart forms; files are refused, text fields kept."""
    from starlette.datastructures import UploadFile

    async def replay() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=0, max_fields=200)
    except Exception as exc:  # python-multipart raises several types for broken bodies
        raise HookError(400, f"multipart body: {exc}") from None
    return [(k, v) for k, v in form.multi_items() if not isinstance(v, UploadFile)]


def _store(
    factory: sessionmaker[Session], clock: Clock, events: list[CallEvent], region: str | None
) -> list[Stored]:
    """One transaction for a request's events, retried when the database reports a conflict."""
    for attempt in range(STORE_ATTEMPTS):
        try:
            out: list[Stored] = []
            with transaction(factory) as s:
                for ev in events:
                    r, why = record_with_reason(s, ev, now=clock.now(), region=region)
                    out.append(
                        Stored(
                            ev.event_id,
                            r is not None,
                            r.probe_id if r else None,
                            r.kind if r else None,
                            r.match_method if r else None,
                            why,
                        )
                    )
            return out
        except OperationalError as exc:  # a deadlock, a busy SQLite file: nothing was stored, try again
            if attempt == STORE_ATTEMPTS - 1:
                raise HookError(503, "the database is busy; nothing was stored, please retry") from exc
            time.sleep(0.05 * (attempt + 1))
    return []


def hook_endpoint(
    cfg: Config, factory: sessionmaker[Session], clock: Clock, provider: Provider
) -> Callable[[Request], Awaitable[Response]]:
    region = country_for_timezone(cfg.timezone)
    ctx = HookContext(region=region)

    async def endpoint(request: Request) -> Response:
        received_at = clock.now()
        secrets = provider.secrets(cfg)
        if secrets is None:
            return JSONResponse(
                {"error": f"the {provider.name} hook is not configured (telephony.{provider.name})"},
                status_code=404,
            )
        try:
            req = await read_request(cfg, request, received_at)
            provider.verify(req, secrets, cfg)
            events = provider.events(req, ctx)
            reply = provider.reply(req)
        except HookError as exc:
            log.info(
                "%s hook refused a request: %s %s",
                provider.name,
                exc.status,
                exc.reason,
                extra={"event": "hook_refused"},
            )
            return JSONResponse({"error": exc.reason}, status_code=exc.status)
        try:
            stored = await run_in_threadpool(_store, factory, clock, events, region) if events else []
        except HookError as exc:
            log.warning("%s hook could not store: %s", provider.name, exc.reason)
            return JSONResponse({"error": exc.reason}, status_code=exc.status, headers={"Retry-After": "5"})
        for st in stored:
            log.info("%s event %s: %s", provider.name, st.event_id, st.why, extra={"event": "call_event"})
        if reply is not None:
            return Response(reply.body, media_type=reply.media_type)
        return JSONResponse(
            {
                "events": [
                    {
                        "id": st.event_id,
                        "stored": st.stored,
                        "probe_id": st.probe_id,
                        "kind": st.kind,
                        "match": st.match,
                    }
                    for st in stored
                ]
            }
        )

    return endpoint


def hook_routes(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> list[Route]:
    routes = []
    for provider in PROVIDERS.values():
        endpoint = hook_endpoint(cfg, factory, clock, provider)
        for path in provider.paths:
            routes.append(Route(path, endpoint, methods=list(provider.methods)))
    return routes


async def _healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def create_hooks_app(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> Starlette:
    """The hooks alone, for ``web.hooks_port``: no dashboard, no sign-in, nothing else to reach."""
    from starlette.middleware import Middleware

    from monitor.web.guards import BodyLimit

    return Starlette(
        routes=[*hook_routes(cfg, factory, clock), Route("/healthz", _healthz)],
        middleware=[Middleware(BodyLimit, max_body=int(cfg.web.max_body_size))],
    )
