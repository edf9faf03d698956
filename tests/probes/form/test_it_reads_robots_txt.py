"""discover reads robots.txt as RFC 9309 says: redirects followed (up to 5), 4xx allows all, 5xx disallows all."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.discover import load_robots

RULES = b"User-agent: *\nDisallow: /private\n"


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def site() -> Iterator[tuple[str, dict[str, tuple[int, dict[str, str], bytes]]]]:
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    handler = type("H", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


def _robots(base: str) -> tuple[bool, bool]:
    robots = asyncio.run(load_robots(base + "/"))
    return robots.can_fetch("replywatch-discover", base + "/private/x"), robots.can_fetch(
        "replywatch-discover", base + "/"
    )


def test_it_reads_a_redirected_robots_txt(site) -> None:  # type: ignore[no-untyped-def]
    base, routes = site
    routes["/robots.txt"] = (301, {"location": "/r1"}, b"<html>moved</html>")
    routes["/r1"] = (302, {"location": base + "/r2"}, b"")
    routes["/r2"] = (308, {"location": "/real-robots.txt"}, b"")
    routes["/real-robots.txt"] = (200, {"content-type": "text/plain"}, RULES)
    assert _robots(base) == (False, True)


def test_it_disallows_all_on_a_server_error(site) -> None:  # type: ignore[no-untyped-def]
    base, routes = site
    routes["/robots.txt"] = (503, {}, b"down")
    assert _robots(base) == (False, False)
    routes["/robots.txt"] = (302, {"location": "/broken"}, b"")
    routes["/broken"] = (500, {}, b"oops")
    assert _robots(base) == (False, False)


def test_it_disallows_all_when_unreachable() -> None:
    robots = asyncio.run(load_robots("http://127.0.0.1:9/"))  # discard port: nothing listens
    assert not robots.can_fetch("replywatch-discover", "http://127.0.0.1:9/")


def test_it_allows_all_on_a_client_error_or_too_many_redirects(site) -> None:  # type: ignore[no-untyped-def]
    base, routes = site
    routes["/robots.txt"] = (404, {}, b"")
    assert _robots(base) == (True, True)
    routes["/robots.txt"] = (302, {"location": "/loop"}, b"")
    routes["/loop"] = (302, {"location": "/robots.txt"}, b"")
    assert _robots(base) == (True, True)  # over 5 redirects: unavailable, like a 4xx (RFC 9309 2.3.1.2)
