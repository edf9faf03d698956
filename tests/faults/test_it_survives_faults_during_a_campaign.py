"""Short versions of the fault benches (bench/bench_faults_*.py), for CI's sample of slow tests.

Against the local shops (e-mail here, to stay light; the benches add forms in Chromium),
answers by mail into a private Dovecot, with the real `replywatch run`: SIGKILLs at random moments, IMAP unreachable,
a private PostgreSQL restarted. What the shops received and sent is the truth:
nothing lost, nothing stored or submitted twice, latencies as the shops saw them.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.fault_world import World, audit, final_sweep, kill_group, start_cli, wait_settled
from tests.fixtures.private_pg import PrivatePostgres
from tests.fixtures.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.slow, pytest.mark.mail, pytest.mark.timeout(900)]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path).start()
    yield w
    w.stop()


def upgrade(cfg: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def assert_clean(result: dict[str, object]) -> None:
    for key in (
        "questions_sent_twice",
        "forms_submitted_twice",
        "submitted_but_shop_never_got_it",
        "replies_lost",
        "replies_stored_twice",
    ):
        assert result[key] == 0, (key, result)
    assert result["latency_off_by_more_than_2s"] == [], result
    assert result["replies_sent_by_shops"], result  # the shops did answer: the run proved something


def test_it_loses_and_doubles_nothing_over_sigkills(world: World, tmp_path: Path) -> None:
    cfg = tmp_path / "replywatch.yaml"
    cfg.write_text(world.config(interval="30s", touchpoints="[email]"), encoding="utf-8")
    env, log, url = world.env(), tmp_path / "run.log", f"sqlite:///{tmp_path / 'replywatch.db'}"
    upgrade(cfg, env)
    rnd = random.Random(14)
    for _ in range(5):
        ready = log.read_text("utf-8", "replace").count("scheduler started") if log.exists() else 0
        p = start_cli(cfg, env, log, "run", "--no-web")
        end = time.monotonic() + 180
        while (
            time.monotonic() < end and log.read_text("utf-8", "replace").count("scheduler started") <= ready
        ):
            time.sleep(0.2)
        time.sleep(rnd.uniform(0.5, 8))
        kill_group(p, signal.SIGKILL)
    cfg.write_text(world.config(interval="7d", touchpoints="[email]"), encoding="utf-8")
    p = start_cli(cfg, env, log, "run", "--no-web")
    wait_settled(world, url, quiet=30, timeout=300)
    kill_group(p, signal.SIGTERM)
    final_sweep(world, cfg)
    assert_clean(audit(world, url))


def test_it_catches_up_after_imap_and_postgresql_outages(world: World, tmp_path: Path) -> None:
    try:
        pg = PrivatePostgres().start()
    except Exception as exc:
        pytest.skip(f"cannot start a private PostgreSQL cluster: {exc}")
    proxy = TcpProxy(world.world.dovecot.imap_port).start()
    try:
        url = pg.create_database()
        cfg = tmp_path / "replywatch.yaml"
        text = world.config(database=url, interval="30s", touchpoints="[email]").replace(
            f"port: {world.world.dovecot.imap_port},", f"port: {proxy.port},"
        )
        cfg.write_text(text, encoding="utf-8")
        env, log = world.env(), tmp_path / "run.log"
        upgrade(cfg, env)
        p = start_cli(cfg, env, log, "run", "--no-web")
        time.sleep(30)
        proxy.blackhole()  # IMAP unreachable: no byte passes
        time.sleep(20)
        proxy.restore()
        pg.restart("immediate")  # as after a crash
        time.sleep(20)
        assert p.poll() is None, "the daemon stopped when PostgreSQL restarted"
        cfg.write_text(cfg.read_text().replace("interval: 30s", "interval: 7d"), encoding="utf-8")
        wait_settled(world, url, quiet=30, timeout=300)
        kill_group(p, signal.SIGTERM)
        final_sweep(world, cfg)
        assert_clean(audit(world, url))
        text = log.read_text("utf-8", "replace")
        assert "scheduler_lock_regained" in text or "the lock is held again" in text
    finally:
        proxy.stop()
        pg.close()
