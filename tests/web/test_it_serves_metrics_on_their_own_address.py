"""web.metrics_listen: /metrics without a token on an address of its own, over real HTTP from real processes.

The dashboard's port keeps asking for the token (or has no /metrics at all); the
listener serves /metrics and nothing else; bad addresses are refused at load.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import ConfigError, load_config
from tests.conftest import MINIMAL_CONFIG, write_config
from tests.fixtures.report_seed import CONFIG, seed
from tests.web.conftest import PASSWORD, free_port

TOKEN = "metrics-token-2"


def _config(tmp_path: Path, web: str, base: str = CONFIG) -> Path:
    return write_config(tmp_path, base + f"web:\n{web}")


def _families(text: str) -> set[str]:
    return {f.name for f in text_string_to_metric_families(text)}


def _wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            assert time.monotonic() < deadline, f"nothing answered at {url}"
            time.sleep(0.2)


@contextmanager
def _replywatch(config: Path, *args: str, token: str | None) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "REPLYWATCH_WEB_PASSWORD": PASSWORD, "RW_TEST_SMTP_PW": "x"}
    env.pop("REPLYWATCH_METRICS_TOKEN", None)
    if token:
        env["REPLYWATCH_METRICS_TOKEN"] = token
    cmd = [sys.executable, "-c", "from monitor.cli import main; main()", "--config", str(config), *args]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_it_serves_metrics_without_a_token_only_on_the_listener(
    tmp_path: Path, factory: sessionmaker[Session]
) -> None:
    web_port, metrics_port = free_port(), free_port()
    config = _config(tmp_path, f"  port: {web_port}\n  metrics_listen: 127.0.0.1:{metrics_port}\n")
    seed(factory, load_config(config, check_secrets=False))
    web, metrics = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{metrics_port}"
    with _replywatch(config, "serve", token=TOKEN) as proc:
        _wait_for(f"{web}/healthz", proc)
        _wait_for(f"{metrics}/metrics", proc)
        open_ = httpx.get(f"{metrics}/metrics", timeout=30)
        with_token = httpx.get(f"{web}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        no_token = httpx.get(f"{web}/metrics", timeout=30)
        wrong = httpx.get(f"{web}/metrics", headers={"Authorization": "Bearer metrics-token-3"}, timeout=30)
        others = {p: httpx.get(f"{metrics}{p}", timeout=30).status_code for p in ("/", "/healthz", "/alerts")}
        posted = httpx.post(f"{metrics}/metrics", timeout=30).status_code
    assert open_.status_code == 200 and open_.headers["content-type"].startswith("text/plain")
    assert {"replywatch_probes", "replywatch_answer_rate", "replywatch_queue_depth"} <= _families(open_.text)
    assert 'replywatch_answer_rate{target="shop-a",touchpoint="form"} 0.75' in open_.text
    assert with_token.status_code == 200 and _families(with_token.text) == _families(open_.text)
    assert no_token.status_code == 401 and wrong.status_code == 401 and "replywatch_" not in no_token.text
    assert others == {"/": 404, "/healthz": 404, "/alerts": 404}  # /metrics and nothing else
    assert posted == 405


def test_it_keeps_metrics_off_the_dashboard_without_a_token(
    tmp_path: Path, factory: sessionmaker[Session]
) -> None:
    web_port, metrics_port = free_port(), free_port()
    config = _config(tmp_path, f"  port: {web_port}\n  metrics_listen: 'localhost:{metrics_port}'\n")
    with _replywatch(config, "serve", token=None) as proc:
        _wait_for(f"http://127.0.0.1:{web_port}/healthz", proc)
        _wait_for(f"http://127.0.0.1:{metrics_port}/metrics", proc)
        on_dashboard = httpx.get(
            f"http://127.0.0.1:{web_port}/metrics", headers={"Authorization": "Bearer x"}
        )
        on_listener = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=30)
    assert on_dashboard.status_code in (303, 404) and "replywatch_" not in on_dashboard.text
    assert on_listener.status_code == 200 and "replywatch_queue_depth" in on_listener.text


def test_the_daemon_serves_the_listener_next_to_the_dashboard(
    tmp_path: Path, factory: sessionmaker[Session]
) -> None:
    web_port, metrics_port = free_port(), free_port()
    listen = f"  port: {web_port}\n  metrics_listen: 127.0.0.1:{metrics_port}\n"
    config = _config(tmp_path, listen, base=MINIMAL_CONFIG)  # nothing to probe: the daemon only serves
    with _replywatch(config, "run", token=None) as proc:
        _wait_for(f"http://127.0.0.1:{metrics_port}/metrics", proc)
        r = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=30)
        assert httpx.get(f"http://127.0.0.1:{web_port}/healthz", timeout=30).status_code == 200
    assert r.status_code == 200 and "replywatch_probes" in _families(r.text)


def test_it_says_when_the_listener_cannot_listen(tmp_path: Path, factory: sessionmaker[Session]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = _config(tmp_path, f"  port: {free_port()}\n  metrics_listen: 127.0.0.1:{port}\n")
        env = {**os.environ, "REPLYWATCH_WEB_PASSWORD": PASSWORD, "RW_TEST_SMTP_PW": "x"}
        res = subprocess.run(
            [sys.executable, "-c", "from monitor.cli import main; main()", "--config", str(config), "serve"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert res.returncode == 2, res.stdout + res.stderr
    assert f"web.metrics_listen: cannot listen on 127.0.0.1:{port}" in res.stderr


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("'9464'", "expected HOST:PORT like 127.0.0.1:9464 or [::1]:9464 (both the host and the port)"),
        ("9464", "expected HOST:PORT like 127.0.0.1:9464 or [::1]:9464, found 9464"),
        ("'http://127.0.0.1:9464/metrics'", "an address to listen on, not a URL"),
        ("'127.0.0.1:70000'", "the port must be a number from 1 to 65535, found '70000'"),
        ("'127.0.0.1:'", "the port must be a number from 1 to 65535, found ''"),
        ("'::1:9464'", "write an IPv6 address in brackets, like [::1]:9464"),
        ("'[nope]:9464'", "'nope' in brackets is not an IPv6 address"),
        ("'300.0.0.1:9464'", "'300.0.0.1' is neither an IP address nor a host name"),
        ("'my_host:9464'", "'my_host' is neither an IP address nor a host name"),
        (
            "'127.0.0.1:8080'",
            "'127.0.0.1:8080' is already taken by the dashboard (web.host, web.port); give /metrics a port of its own",
        ),
        ("'0.0.0.0:8080'", "'0.0.0.0:8080' is already taken by the dashboard (web.host, web.port)"),
        (
            "'127.0.0.1:9000'",
            "'127.0.0.1:9000' is already taken by the hooks (web.hooks_host, web.hooks_port)",
        ),
    ],
)
def test_it_refuses_a_bad_metrics_address(tmp_path: Path, value: str, words: str) -> None:
    config = _config(
        tmp_path, f"  host: 127.0.0.1\n  port: 8080\n  hooks_port: 9000\n  metrics_listen: {value}\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(config, check_secrets=False)
    (problem,) = info.value.problems
    line = config.read_text(encoding="utf-8").splitlines().index(f"  metrics_listen: {value}") + 1
    assert problem.startswith(f"{config}:{line}: web.metrics_listen: "), problem
    assert words in problem, problem


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("127.0.0.1:9464", ("127.0.0.1", 9464)),
        ("'[::1]:9464'", ("::1", 9464)),
        ("10.0.0.5:9000", ("10.0.0.5", 9000)),
    ],
)
def test_it_accepts_a_metrics_address(tmp_path: Path, value: str, address: tuple[str, int]) -> None:
    cfg = load_config(
        _config(tmp_path, f"  host: 127.0.0.1\n  hooks_port: 9000\n  metrics_listen: {value}\n"),
        check_secrets=False,
    )
    assert cfg.web.metrics_address == address
    assert load_config(_config(tmp_path, "  port: 8080\n"), check_secrets=False).web.metrics_address is None
