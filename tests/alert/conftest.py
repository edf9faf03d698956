"""A real webhook receiver on loopback: records every request and fails on demand (for retries).

Apprise's json:// and form:// URLs and replywatch's signed webhooks both post to it.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.fixtures.report_seed import CONFIG


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    port: int = 0
    requests: list[Request] = field(default_factory=list)
    fail_next: int = 0  # answer this many of the next requests with fail_status
    fail_status: int = 503
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, scheme: str = "json", path: str = "/hook") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    @property
    def ok(self) -> list[Request]:
        """Requests that were answered 200 (the ones that count as delivered)."""
        return [r for r in self.requests if r.headers.get("x-test-answered") == "200"]

    def messages(self) -> list[Any]:
        return [r.json for r in self.ok]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    out = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            with out.lock:
                status = out.fail_status if out.fail_next > 0 else 200
                out.fail_next = max(0, out.fail_next - 1)
                headers = {k.lower(): v for k, v in self.headers.items()} | {"x-test-answered": str(status)}
                out.requests.append(Request(self.path, headers, body))
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    out.port = server.server_address[1]
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield out
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def dead_port() -> int:
    """A loopback port nobody listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")
    monkeypatch.setenv("RW_HOOK_KEY", "hook-key-for-tests")


def alert_config(make_config, alerts: str = "", extra: str = ""):  # type: ignore[no-untyped-def]
    """The report seed's config plus alert rules (and any other top-level sections)."""
    text = CONFIG + (("alerts:\n" + alerts) if alerts else "") + extra
    return make_config(text)
