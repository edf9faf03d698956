"""Small helpers shared by the real-markup blind corpus: page shell, vendored libraries, endpoints."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

from aiohttp import web

from monitor.demo.formsites import Fields
from monitor.demo.formsites_extra import RawSite

VENDOR = Path(__file__).parent / "vendor"
Endpoint = Callable[[RawSite, web.Request, Fields], Awaitable[web.StreamResponse]]


def doc(title: str, body: str, *, lang: str = "ru", css: str = "", head: str = "") -> str:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>{head}<style>"
        "body{font-family:Arial,sans-serif;margin:0}header{background:#1d1d1d;color:#fff;padding:10px 20px}"
        "header a{color:#fff;margin-right:14px}main{padding:24px;min-height:520px}"
        f"{css}</style></head><body>{body}</body></html>"
    )


@cache
def vendor(name: str) -> str:
    """A vendored library inlined as a script (see vendor/README.md)."""
    return "<script>" + (VENDOR / name).read_text(encoding="utf-8") + "</script>"


def react() -> str:
    return vendor("react.production.min.js") + vendor("react-dom.production.min.js")


async def body_json(request: web.Request) -> Any:
    try:
        return json.loads(await request.text())
    except ValueError:
        return None


def json_reply(
    data: Any,
    *,
    accept: Callable[[Fields], bool] = lambda f: True,
    delay: float = 0.0,
    status: int = 200,
    flatten: Callable[[Any], Fields] | None = None,
) -> Endpoint:
    """An AJAX endpoint: record what came (the receipt time is taken first), think ``delay`` s, answer JSON."""

    async def endpoint(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
        fields = flatten(await body_json(request)) if flatten else f
        ok = accept(fields)
        site.record(request.path, fields, ok)
        if delay:
            await asyncio.sleep(delay)
        out = data(ok) if callable(data) else data
        return web.json_response(out, status=status if ok else 400)

    return endpoint


def html_reply(
    text: str | Callable[[Fields], str],
    *,
    accept: Callable[[Fields], bool] = lambda f: True,
    redirect: str = "",
    delay: float = 0.0,
) -> Endpoint:
    """A server-rendered endpoint: record, then a page or a post/redirect/get."""

    async def endpoint(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
        ok = accept(f)
        site.record(request.path, f, ok)
        if delay:
            await asyncio.sleep(delay)
        if redirect and ok:
            raise web.HTTPSeeOther(redirect)
        page = text(f) if callable(text) else text
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    return endpoint


def has(*names: str) -> Callable[[Fields], bool]:
    """The shop's own server-side check: these fields are present and not empty."""
    return lambda f: all(str(f.get(n, "")).strip() for n in names)
