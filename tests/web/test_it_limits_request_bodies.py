"""Every route refuses bodies over the limit with 413, and /login does so before reading them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Message

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.web import create_app
from tests.fixtures.report_seed import NOW
from tests.web.conftest import Served

MB = 1024 * 1024


def test_it_refuses_a_large_declared_body_on_every_route(served: Served) -> None:
    big = b"password=" + b"x" * (2 * MB)
    with httpx.Client(base_url=served.url) as c:
        assert c.post("/login", content=b"password=" + b"x" * 20_000).status_code == 413
        for path in ("/login", "/logout", "/review/1", "/alerts/mute", "/hooks/calls"):
            r = c.post(path, content=big, headers={"content-type": "application/x-www-form-urlencoded"})
            assert r.status_code == 413, path


def test_it_counts_a_streamed_body_as_it_arrives(served: Served) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(64):  # 4 MB if read to the end, no Content-Length
            sent += 1
            yield b"x" * 65536

    with httpx.Client(base_url=served.url) as c:
        try:
            r = c.post(
                "/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
            )
            assert r.status_code == 413
        except httpx.TransportError:
            assert sent < 64  # the server closed before the client finished writing: also a refusal


def test_it_stops_reading_login_at_its_limit(web_cfg: Config, factory: sessionmaker[Session]) -> None:
    """Straight through the ASGI app: how many body chunks /login pulls before refusing."""
    app = create_app(web_cfg, factory, FakeClock(NOW))
    pulled = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 4096, "more_body": pulled < 10_000}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/login",
        "raw_path": b"/login",
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 5),
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
        "http_version": "1.1",
        "app": app,
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled <= 5  # 16 KB of 4 KB chunks, not 40 MB
