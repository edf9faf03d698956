"""Fixtures for the daemon tests: a config with e-mail targets on a local SMTP shop, and CLI subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.store.db import make_engine, session_factory
from monitor.store.models import Probe
from tests.fixtures.schedule_smtp import ShopSmtp, SmtpServer

ROOT = Path(__file__).resolve().parents[2]


def daemon_config(
    smtp_port: int,
    *,
    database: str = "sqlite:///rw.db",
    targets: int = 3,
    interval: str = "3s",
    backend: str = "inprocess",
    extra_campaign: str = "",
) -> str:
    lines = [
        f"database: {database}",
        "timezone: Europe/Moscow",
        "shopper:",
        "  mailbox:",
        f"    smtp: {{host: 127.0.0.1, port: {smtp_port}, starttls: false}}",
        '    address_template: "{first}.{token}@shopper.test"',
        "  personas:",
        '    - {first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}',
        "  questions:",
        '    - "Здравствуйте! Есть ли доставка в Екатеринбург?"',
        f"worker: {{backend: {backend}, concurrency: 4}}",
        "targets:",
    ]
    for i in range(targets):
        lines += [
            f"  - name: shop{i}",
            f"    url: http://127.0.20.{i + 1}/",
            "    touchpoints:",
            f"      - {{kind: email, to: shop{i}@shops.test}}",
        ]
    lines += [
        "campaigns:",
        "  - name: often",
        "    touchpoints: [email]",
        f"    schedule: {{interval: {interval}}}",
        "    min_gap: 1s",
        "    reply_deadline: 1h",
    ]
    if extra_campaign:
        lines.append(extra_campaign)
    return "\n".join(lines) + "\n"


class Cli:
    """Runs the real `replywatch` CLI in subprocesses against one config file."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.procs: list[subprocess.Popen[bytes]] = []

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"
        env.pop("CI_TTY", None)
        return env

    def args(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "monitor", "--config", str(self.config), *args]

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.args(*args), cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout
        )

    def start(self, *args: str, log: Path) -> subprocess.Popen[bytes]:
        out = open(log, "wb")  # noqa: SIM115 - the process owns it
        p = subprocess.Popen(self.args(*args), cwd=ROOT, env=self.env(), stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def close(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait(10)


def probes_in(db: Path) -> list[Probe]:
    """Probe rows of a SQLite database another process writes."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with session_factory(engine)() as s:
            return list(s.scalars(select(Probe).order_by(Probe.id)))
    finally:
        engine.dispose()


def log_events(log: Path) -> list[dict[str, object]]:
    out = []
    for line in log.read_text("utf-8", "replace").splitlines():
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
    return out


def wait_until(cond: Callable[[], bool], timeout: float, what: str, step: float = 0.1) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def shop_smtp() -> Iterator[tuple[ShopSmtp, SmtpServer]]:
    handler = ShopSmtp()
    with SmtpServer(handler) as server:
        yield handler, server


@pytest.fixture
def cli_factory(tmp_path: Path) -> Iterator[Callable[[str], Cli]]:
    clis: list[Cli] = []

    def make(text: str) -> Cli:
        path = tmp_path / "replywatch.yaml"
        path.write_text(text, encoding="utf-8")
        c = Cli(path)
        clis.append(c)
        return c

    yield make
    for c in clis:
        c.close()
