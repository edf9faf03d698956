from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from tests.web.conftest import PASSWORD, free_port


def _cmd(cfg: Config, *args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from monitor.cli import main; main()",
        "--config",
        str(cfg.base_dir / "replywatch.yaml"),
        "serve",
        *args,
    ]


def test_it_serves_the_dashboard(web_cfg: Config, factory: sessionmaker[Session]) -> None:
    port = free_port()
    env = {**os.environ, "REPLYWATCH_WEB_PASSWORD": PASSWORD}
    proc = subprocess.Popen(
        _cmd(web_cfg, "--host", "127.0.0.1", "--port", str(port)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.json()["db"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 303
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_it_refuses_to_serve_without_a_password(web_cfg: Config, factory: sessionmaker[Session]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "REPLYWATCH_WEB_PASSWORD"}
    res = subprocess.run(
        _cmd(web_cfg, "--port", str(free_port())), env=env, capture_output=True, text=True, timeout=60
    )
    assert res.returncode == 2 and "REPLYWATCH_WEB_PASSWORD" in res.stderr
