"""Free-form shop sites on loopback: any pages, any endpoint behaviour, a record of what arrived.

``formsites`` wraps every page in one shop chrome; blind tests of the form probe need
sites that look nothing alike (web components, single-page apps, toasts, redirects), so
here a site is just its raw pages plus one handler per POST path. Servers run in their
own thread and loop, like ``FormSites``, so any caller's event loop can drive Chromium.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

from aiohttp import web

from monitor.demo.formsites import Fields, Received, read_fields
from monitor.demo.serving import BackgroundServers, listen

Endpoint = Callable[["RawSite", web.Request, Fields], Awaitable[web.StreamResponse] | web.StreamResponse]
# a page is fixed HTML, or rendered per request (server-side results pages, AJAX-loaded fragments)
Page = str | Callable[[web.Request], Awaitable[web.StreamResponse] | web.StreamResponse]


@dataclass
class RawSite:
    """One site: path -> full HTML page, path -> POST endpoint, and every submission it got."""

    name: str
    pages: dict[str, Page]
    endpoints: dict[str, Endpoint]
    charset: str = "utf-8"  # how pages are encoded and declared (old shops still serve windows-1251)
    host: str = ""
    port: int = 0
    received: list[Received] = field(default_factory=list)

    def url_for(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if r.accepted]

    def record(self, path: str, fields: Fields, accepted: bool) -> None:
        self.received.append(Received(self.name, path, dict(fields), accepted))


def _app(site: RawSite) -> web.Application:
    app = web.Application()

    async def get_page(request: web.Request) -> web.StreamResponse:
        text = site.pages.get(request.path)
        if text is None:
            return web.Response(text="<h1>404</h1>", status=404, content_type="text/html")
        if not isinstance(text, str):
            result = text(request)
            return await result if isinstance(result, Awaitable) else result
        return web.Response(body=text.encode(site.charset), content_type="text/html", charset=site.charset)

    async def post(request: web.Request) -> web.StreamResponse:
        endpoint = site.endpoints.get(request.path)
        if endpoint is None:
            return web.Response(text="not found", status=404)
        try:
            fields = await read_fields(request)
        except (UnicodeDecodeError, ValueError):
            fields = {}  # e.g. a windows-1251 page's post: the endpoint decodes ``await request.read()``
        result = endpoint(site, request, fields)
        return await result if isinstance(result, Awaitable) else result

    app.router.add_get("/{tail:.*}", get_page)
    app.router.add_post("/{tail:.*}", post)
    return app


class RawSites:
    """Serve several ``RawSite``s, each on ``base.N`` with a free port, from a background thread."""

    def __init__(self, sites: list[RawSite], *, base: str = "127.0.71") -> None:
        self.sites = {s.name: s for s in sites}
        self.base = base
        self._servers = BackgroundServers("rawsites")

    def __getitem__(self, name: str) -> RawSite:
        return self.sites[name]

    def __iter__(self) -> Iterator[RawSite]:
        return iter(self.sites.values())

    def start(self) -> RawSites:
        self._servers.start(self._serve)
        return self

    async def _serve(self, runners: list[web.AppRunner]) -> None:
        for i, site in enumerate(self.sites.values(), start=1):
            site.host = f"{self.base}.{i}"
            runner = web.AppRunner(_app(site), access_log=None)
            await runner.setup()
            runners.append(runner)
            site.port = await listen(runner, site.host)

    def stop(self) -> None:
        self._servers.stop()

    def reset(self) -> None:
        for site in self.sites.values():
            site.received.clear()
