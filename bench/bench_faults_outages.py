"""Outages during a running campaign: Dovecot restarted and unreachable, the shops' SMTP refusing, PostgreSQL restarted.

    python bench/bench_faults_outages.py [--unreachable 120] [--refusing 60] [--pg-down 30]

One `replywatch run` (in-process probes, forms in Chromium and e-mail) on a PRIVATE
PostgreSQL cluster (tests/fixtures/private_pg.py; the shared server on 5432 is never touched)
probes the local shops (tests/fixtures/fault_world.py) while, one after another:
- Dovecot is restarted;
- IMAP is unreachable for --unreachable seconds (a proxy drops every byte, the way a
  dead network path does; new connections hang too);
- the shops' SMTP servers refuse mail (451) for --refusing seconds;
- PostgreSQL is restarted cleanly, then crash-restarted (immediate mode), then down
  for --pg-down seconds.
The shops' mail servers queue and retry their answers while Dovecot is down, as an MTA
would. For each fault the bench prints what `replywatch status` said during it, whether
the daemon stayed up, and how long after the service returned everything that arrived
meanwhile was stored; at the end the same audit as the kill bench (lost, duplicates,
double submissions, latencies).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.fault_world import World, audit, final_sweep, kill_group, rows, start_cli, wait_settled  # noqa: E402
from tests.fixtures.private_pg import PrivatePostgres  # noqa: E402
from tests.fixtures.tcp_proxy import TcpProxy  # noqa: E402


def queueing_delivery(world: World) -> None:
    """The shops' MTA: a delivery to a Dovecot that is down is retried every second for up to 10 minutes."""
    dovecot = world.world.dovecot
    deliver = dovecot.deliver

    def patient(rcpt: str, raw: bytes, folder: str | None = None) -> None:
        end = time.monotonic() + 600
        while True:
            try:
                return deliver(rcpt, raw, folder)
            except OSError:
                if time.monotonic() > end:
                    raise
                time.sleep(1)

    dovecot.deliver = patient  # type: ignore[method-assign]


def status_lines(cfg: Path, env: dict[str, str]) -> str:
    try:
        res = subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(cfg), "status"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        return "status: no answer within 60 s"
    text = (res.stdout + res.stderr).strip()
    keep = [
        ln
        for ln in text.splitlines()
        if any(
            w in ln.lower()
            for w in (
                "imap",
                "scheduler",
                "error",
                "unreachable",
                "reconnect",
                "database",
                "refused",
                "timeout",
            )
        )
    ]
    return f"exit {res.returncode}: " + " | ".join(" ".join(ln.split()) for ln in keep)[:600]


def catch_up(world: World, url: str, since: datetime, timeout: float = 300) -> float | None:
    """Seconds from ``since`` until every reply the shops delivered after it is stored."""
    end = time.monotonic() + timeout
    t0 = time.monotonic()
    while time.monotonic() < end:
        wanted = {r.message_id for r in world.world.mailshop.replies if r.delivered_at >= since}
        try:
            have = {r.message_key for r in rows(url)[1]}
        except Exception:
            have = set()
        if wanted <= have:
            return time.monotonic() - t0
        time.sleep(1)
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--unreachable", type=float, default=120.0)
    ap.add_argument("--refusing", type=float, default=60.0)
    ap.add_argument("--pg-down", type=float, default=30.0)
    ap.add_argument("--between", type=float, default=30.0, help="quiet seconds between faults")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rw-outage-"))
    pg = PrivatePostgres().start()  # its own temp directory: the `postgres` user must be able to enter it
    url = pg.create_database()
    world = World(work).start()
    queueing_delivery(world)
    dovecot = world.world.dovecot
    proxy = TcpProxy(dovecot.imap_port).start()
    cfg = work / "replywatch.yaml"
    cfg.write_text(
        world.config(database=url, interval="20s").replace(
            f"port: {dovecot.imap_port},", f"port: {proxy.port},"
        ),
        encoding="utf-8",
    )
    env = world.env()
    log = work / "run.log"
    subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    daemon = start_cli(cfg, env, log, "run", "--no-web")
    shop = world.world.mailshop
    saved = dict(shop.behaviours)

    def refuse_smtp() -> None:
        shop.behaviours = {k: type(b)("tempfail") for k, b in saved.items()}

    def hold(seconds: float, start: Callable[[], None], end: Callable[[], None]) -> Callable[[], str]:
        def run() -> str:
            start()
            time.sleep(min(20.0, seconds / 2))
            said = status_lines(cfg, env)
            time.sleep(max(0.0, seconds - min(20.0, seconds / 2)))
            end()
            return said

        return run

    def restart_dovecot() -> str:
        dovecot.stop()
        time.sleep(5)
        said = status_lines(cfg, env)
        dovecot.start()
        return said

    def pg_restart(mode: str) -> Callable[[], str]:
        def run() -> str:
            pg.restart(mode)
            time.sleep(3)
            return status_lines(cfg, env)

        return run

    faults: list[tuple[str, Callable[[], str]]] = [
        ("Dovecot restarted (down 5 s)", restart_dovecot),
        (
            f"IMAP unreachable {args.unreachable:.0f} s (packets dropped)",
            hold(args.unreachable, proxy.blackhole, proxy.restore),
        ),
        (
            f"shops' SMTP refusing (451) {args.refusing:.0f} s",
            hold(args.refusing, refuse_smtp, lambda: setattr(shop, "behaviours", saved)),
        ),
        ("PostgreSQL restarted (fast)", pg_restart("fast")),
        ("PostgreSQL crash-restarted (immediate)", pg_restart("immediate")),
        (f"PostgreSQL down {args.pg_down:.0f} s", hold(args.pg_down, lambda: pg.stop("fast"), pg.start)),
    ]
    report = []
    started = time.monotonic()
    try:
        time.sleep(args.between + 15)
        for name, fault in faults:
            t0 = datetime.now(UTC)
            said = fault()
            back = datetime.now(UTC)
            caught = catch_up(world, url, t0)
            alive = daemon.poll() is None
            report.append((name, alive, said, caught, (back - t0).total_seconds()))
            print(
                f"{name}: daemon {'up' if alive else f'EXITED {daemon.returncode}'}; every reply delivered since "
                f"the fault began was stored {caught if caught is None else round(caught, 1)} s after the service "
                f"returned (the fault and the status call took {(back - t0).total_seconds():.0f} s)\n"
                f"    status during it: {said}",
                flush=True,
            )
            if not alive:
                daemon = start_cli(cfg, env, log, "run", "--no-web")
            time.sleep(args.between)
        cfg.write_text(cfg.read_text().replace("interval: 20s", "interval: 7d"), encoding="utf-8")
        kill_group(daemon, signal.SIGTERM)
        daemon = start_cli(cfg, env, log, "run", "--no-web")
        wait_settled(world, url, quiet=45, timeout=300)
        kill_group(daemon, signal.SIGTERM)
        late = final_sweep(world, cfg)
        result = audit(world, url)
        text = log.read_text("utf-8", "replace")
        load = os.getloadavg()
        for k, v in result.items():
            print(
                f"{k + ':':34}{json.dumps(v, default=str, ensure_ascii=False) if not isinstance(v, int) else v}"
            )
        print(f"daemon exits during faults:       {sum(1 for r in report if not r[1])}")
        print(f"read by the final sweep:          {late} (delivered after the last daemon stopped)")
        print(f"tracebacks in the daemon's log:   {text.count('Traceback')}")
        print(
            f"wall time {time.monotonic() - started:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        print(f"work directory (logs, database):  {work}")
    finally:
        if daemon.poll() is None:
            kill_group(daemon, signal.SIGKILL)
        proxy.stop()
        world.stop()
        pg.close()


if __name__ == "__main__":
    main()
