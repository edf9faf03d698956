"""A real dashboard on loopback (uvicorn in a thread) over the seeded probe set."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Receive, Scope, Send

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.web import create_app
from monitor.web.serve import server_config
from tests.fixtures.report_seed import CONFIG, NOW, seed

PASSWORD = "пароль-для-теста"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"


@dataclass
class Served:
    url: str
    cfg: Config
    ids: dict[str, int]
    clock: FakeClock
    paths: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def web_cfg(make_config, monkeypatch: pytest.MonkeyPatch) -> Config:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")
    monkeypatch.setenv("REPLYWATCH_WEB_PASSWORD", PASSWORD)
    return make_config(CONFIG)  # type: ignore[no-any-return]


@pytest.fixture
def served(web_cfg: Config, factory: sessionmaker[Session]) -> Iterator[Served]:
    ids = seed(factory, web_cfg)
    ev = web_cfg.data_path() / "evidence" / f"probe-{ids['a_fast']}"
    ev.mkdir(parents=True)
    (ev / "after.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    (web_cfg.data_path() / "secret.txt").write_text("outside the evidence dir")
    clock = FakeClock(NOW)
    app = create_app(web_cfg, factory, clock)
    out = Served("", web_cfg, ids, clock)

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            out.paths.append(scope["path"])
        await app(scope, receive, send)

    with run_server(recording, web_cfg) as url:
        out.url = url
        yield out


@contextmanager
def run_server(app: Any, cfg: Config) -> Iterator[str]:
    """uvicorn in a thread with the production proxy policy (monitor.web.serve.server_config)."""
    port = free_port()
    server = uvicorn.Server(
        server_config(app, cfg, "127.0.0.1", port, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
