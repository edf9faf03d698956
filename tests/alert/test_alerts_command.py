"""`replywatch alerts test|mute|unmute|list`: one real process with its output read through a pipe,
the rest in-process (a Python start costs seconds on a loaded machine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner, Result

from monitor.cli import app
from monitor.store.models import AlertDeliveryAttempt, AlertNotification
from tests.alert.conftest import Receiver
from tests.conftest import write_config
from tests.fixtures.report_seed import CONFIG


def _process(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "alerts", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _cli(cfg: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--config", str(cfg), "alerts", *args])


@pytest.fixture
def cfg_path(
    tmp_path: Path,
    factory: sessionmaker[Session],
    receiver: Receiver,
    dead_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The seed's config on the migrated database of `factory`, one rule with a working and a dead URL."""
    monkeypatch.setenv("RW_ALERT_URLS", f"json://user:s3cr3t@127.0.0.1:{dead_port}/")
    return write_config(
        tmp_path,
        CONFIG
        + f"""alerts:
  - {{name: slow, when: "median_first_reply > 1h", notify: ["{receiver.url()}"], notify_env: RW_ALERT_URLS,
      quiet_hours: {{from: "22:00", to: "07:00"}}}}
notifications:
  - {{name: crm, events: [answered], webhooks: [{{url: "http://127.0.0.1:{receiver.port}/crm", secret_env: RW_HOOK_KEY}}]}}
""",
    )


def test_alerts_test_says_which_destinations_worked(
    cfg_path: Path, receiver: Receiver, dead_port: int, factory: sessionmaker[Session]
) -> None:
    r = _process(cfg_path, "test")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"ok      slow  json://127.0.0.1:{receiver.port}"
    assert lines[1].startswith(f"FAILED  slow  json://127.0.0.1:{dead_port}  (2 tries) ")
    assert lines[2] == f"ok      crm  http://127.0.0.1:{receiver.port}"
    assert lines[3] == "2 of 3 destinations worked"
    assert "\x1b[" not in r.stdout and "s3cr3t" not in r.stdout + r.stderr
    assert [m["title"] for m in receiver.messages()[:1]] == ["replywatch: test message for slow"]
    assert receiver.ok[1].json["type"] == "test" and "x-replywatch-signature" in receiver.ok[1].headers
    with factory() as s:
        assert sorted(n.state for n in s.scalars(select(AlertNotification))) == [
            "delivered",
            "delivered",
            "failed",
        ]
        assert len(s.scalars(select(AlertDeliveryAttempt)).all()) == 4
    only = _cli(cfg_path, "test", "crm")
    assert only.exit_code == 0 and only.stdout.splitlines()[-1] == "1 of 1 destinations worked"
    unknown = _cli(cfg_path, "test", "nosuch")
    assert unknown.exit_code == 2 and "no alert rule or notification named 'nosuch'" in unknown.stderr


def test_alerts_mute_list_unmute(cfg_path: Path) -> None:
    r = _cli(cfg_path, "mute", "--for", "2h", "--rule", "slow", "--target", "shop-b", "--reason", "move")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("mute #1: slow / shop-b until ") and r.stdout.rstrip().endswith("(2h)")
    listed = _cli(cfg_path, "list")
    assert listed.exit_code == 0, listed.stderr
    assert "#1" in listed.stdout and "move" in listed.stdout and "22:00-07:00" in listed.stdout
    assert "s3cr3t" not in listed.stdout and "no open alerts" in listed.stdout
    bad = _cli(cfg_path, "mute", "--for", "soon")
    assert bad.exit_code == 2 and "--for" in bad.stderr and "duration" in bad.stderr
    assert "no target named 'shop-x'" in _cli(cfg_path, "mute", "--for", "1h", "--target", "shop-x").stderr
    assert _cli(cfg_path, "unmute", "1").stdout.strip() == "lifted 1 mute(s): #1"
    again = _cli(cfg_path, "unmute", "1")
    assert again.exit_code == 2 and "no active mute #1" in again.stderr
