"""Scheduling overhead and probe throughput figures for issue 6 (prints numbers; not a test).

1. Planning: 10,000 targets x 4 touchpoints over a simulated month (daily rounds
   spread over the day, min_gap 30s per target and domain, shared domains, mixed
   time zones), for hours any / business / off: wall time and peak memory.
2. Creating one round in the database (SQLite): probes per second.
3. Execution on PostgreSQL with 1, 2 and 4 `replywatch worker` processes against a
   local SMTP shop: probes per second for a burst, and queue latency
   (due -> start, p50/p95) when the scheduler daemon feeds a steady stream.

Usage: python bench/bench_schedule.py [--quick] [--skip-workers] [--skip-planning]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.clock import FakeClock, SystemClock  # noqa: E402
from monitor.config import load_config  # noqa: E402
from monitor.schedule import Busy, Hours, Rules, Slot, plan_round, run_round_now  # noqa: E402
from monitor.store.db import make_engine, session_factory, upgrade  # noqa: E402
from tests.fixtures.schedule_smtp import ShopSmtp, SmtpServer  # noqa: E402
from tests.schedule.conftest import daemon_config  # noqa: E402

ZONES = ["Europe/Moscow", "Europe/Kyiv", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"]
KINDS = ["form", "email", "chat", "callback"]


def make_slots(targets: int) -> list[Slot]:
    out = []
    for t in range(targets):
        hours = Hours(tz=ZONES[t % len(ZONES)])
        domain = f"mall{t // 5}.ru" if t % 10 == 0 else f"shop{t}.ru"  # some targets share a domain
        for k in KINDS:
            out.append(Slot(t * 4 + KINDS.index(k), f"shop{t}", k, domain, hours))
    return out


def plan_month(slots: list[Slot], mode: str) -> tuple[int, int, float]:
    rules = Rules(spread=timedelta(days=1), hours=mode, min_gap=timedelta(seconds=30))
    busy = Busy()
    rng = random.Random(7)
    start = datetime(2026, 3, 2, tzinfo=UTC)
    planned = skipped = 0
    t0 = time.perf_counter()
    for day in range(30):
        p, s = plan_round(slots, start + timedelta(days=day), rules, rng=rng, busy=busy)
        planned += len(p)
        skipped += len(s)
    return planned, skipped, time.perf_counter() - t0


def bench_planning(targets: int) -> None:
    slots = make_slots(targets)
    print(f"\n== planning: {targets} targets x 4 touchpoints = {len(slots)} slots, 30 daily rounds ==")
    for mode in ("any", "business", "off"):
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        planned, skipped, secs = plan_month(slots, mode)
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        plan_round(
            slots,
            datetime(2026, 3, 2, tzinfo=UTC),
            Rules(spread=timedelta(days=1), hours=mode),
            rng=random.Random(1),
        )
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"hours={mode:8s} planned {planned:>9,} probes ({skipped} skipped) in {secs:6.1f} s "
            f"= {planned / secs:,.0f} probes/s; peak RSS {rss1 / 1024:.0f} MB (+{(rss1 - rss0) / 1024:.0f} MB); "
            f"one round's planning peak {peak / 2**20:.1f} MB"
        )


def bench_db_round(n_targets: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "rw.yaml").write_text(daemon_config(2525, targets=n_targets, database="sqlite:///rw.db"))
        cfg = load_config(Path(d) / "rw.yaml")
        engine = make_engine(cfg.database_url())
        upgrade(engine)
        factory = session_factory(engine)
        t0 = time.perf_counter()
        ids = run_round_now(cfg, factory, FakeClock(datetime(2026, 3, 2, 9, tzinfo=UTC)))
        secs = time.perf_counter() - t0
        print(
            f"\n== one round into SQLite: {len(ids):,} probes created in {secs:.1f} s "
            f"({len(ids) / secs:,.0f} probes/s, incl. config sync) =="
        )
        engine.dispose()


# --------------------------------------------------------------------------- workers


PG_ADMIN = os.environ.get("REPLYWATCH_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")


def pg_database() -> tuple[str, str]:
    import psycopg

    name = f"rw_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def spawn(config: Path, *args: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), *args],
        cwd=ROOT,
        env=env,
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
    )  # noqa: SIM115


def wait_started(log: Path, n: int = 1, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if log.exists() and log.read_text("utf-8", "replace").count('"worker_started"') >= n:
            return
        time.sleep(0.1)
    raise RuntimeError(f"worker did not start: {log.read_text()[-2000:]}")


def probe_rows(factory):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from monitor.store.models import Probe

    with factory() as s:
        return s.execute(select(Probe.status, Probe.scheduled_at, Probe.started_at, Probe.submitted_at)).all()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def bench_workers(workers: int, n_probes: int, smtp_delay: float, tmp: Path) -> None:
    from monitor.dispatch import due_probes
    from monitor.dispatch.jobqueue import ProcrastinateDispatcher

    name, url = pg_database()
    handler = ShopSmtp(delay=smtp_delay)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with SmtpServer(handler) as server:
            config = tmp / f"w{workers}.yaml"
            config.write_text(
                daemon_config(
                    server.port, database=url, targets=n_probes, backend="procrastinate", interval="1000d"
                )
            )
            cfg = load_config(config)
            engine = make_engine(url)
            upgrade(engine)
            factory = session_factory(engine)
            for i in range(workers):
                procs.append(spawn(config, "worker", "--concurrency", "4", log=tmp / f"w{workers}-{i}.log"))
            for i in range(workers):
                wait_started(tmp / f"w{workers}-{i}.log")
            # burst: every probe due now
            run_round_now(cfg, factory, SystemClock())

            async def defer() -> float:
                d = ProcrastinateDispatcher(cfg, factory, SystemClock(), engine)
                await d.start()
                with factory() as s:
                    due = due_probes(s, SystemClock().now(), limit=100_000)
                t = time.perf_counter()
                await d.submit(due)
                await d.close(1)
                return t

            t0 = asyncio.run(defer())
            while (
                sum(r.status in ("scheduled", "running") for r in probe_rows(factory))
                and time.perf_counter() - t0 < 300
            ):
                time.sleep(0.05)
            secs = time.perf_counter() - t0
            rows = probe_rows(factory)
            done = sum(r.status == "submitted" for r in rows)
            lat = [(r.started_at - r.scheduled_at).total_seconds() for r in rows if r.started_at]
            print(
                f"workers={workers} (x4 concurrency) burst of {n_probes}: {done} submitted in {secs:.2f} s = "
                f"{done / secs:.1f} probes/s; due->start p50 {pct(lat, 0.5):.2f} s p95 {pct(lat, 0.95):.2f} s "
                f"(backlog included); SMTP received {len(handler.messages)}"
            )
            engine.dispose()
    finally:
        stop_all(procs)
        drop_database(name)


def stop_all(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM every process, then give each 20 s before killing it."""
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


def bench_steady(workers: int, seconds: float, rate: float, smtp_delay: float, tmp: Path) -> None:
    """The daemon defers probes as they come due; latency = worker start - scheduled_at."""
    name, url = pg_database()
    handler = ShopSmtp(delay=smtp_delay)
    procs: list[subprocess.Popen[bytes]] = []
    n = int(seconds * rate)
    try:
        with SmtpServer(handler) as server:
            config = tmp / f"steady{workers}.yaml"
            text = daemon_config(
                server.port, database=url, targets=n, backend="procrastinate", interval="1000d"
            )
            text = text.replace(
                "schedule: {interval: 1000d}", f"schedule: {{interval: 1000d, spread: {int(seconds)}s}}"
            )
            config.write_text(text)
            engine = make_engine(url)
            upgrade(engine)
            factory = session_factory(engine)
            for i in range(workers):
                procs.append(spawn(config, "worker", "--concurrency", "4", log=tmp / f"s{workers}-{i}.log"))
            for i in range(workers):
                wait_started(tmp / f"s{workers}-{i}.log")
            procs.append(spawn(config, "run", "--no-web", log=tmp / f"s{workers}-run.log"))
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < seconds + 60:
                rows = probe_rows(factory)
                if len(rows) == n and not any(r.status in ("scheduled", "running") for r in rows):
                    break
                time.sleep(0.2)
            rows = probe_rows(factory)
            lat = [(r.started_at - r.scheduled_at).total_seconds() for r in rows if r.started_at]
            print(
                f"workers={workers} steady {n} probes over {seconds:.0f} s ({rate:.0f}/s) fed by `replywatch run`: "
                f"due->start p50 {pct(lat, 0.5):.2f} s p95 {pct(lat, 0.95):.2f} s max {max(lat):.2f} s "
                f"(dispatch tick 1 s); {sum(r.status == 'submitted' for r in rows)} submitted"
            )
            engine.dispose()
    finally:
        stop_all(procs)
        drop_database(name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-workers", action="store_true")
    ap.add_argument("--skip-planning", action="store_true")
    args = ap.parse_args()
    print(
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
    )
    if not args.skip_planning:
        bench_planning(1000 if args.quick else 10_000)
        bench_db_round(500 if args.quick else 2000)
    if args.skip_workers:
        return
    n = 100 if args.quick else 400
    with tempfile.TemporaryDirectory() as d:
        print(
            "\n== execution on PostgreSQL: e-mail probes to a local SMTP shop answering DATA after 50 ms =="
        )
        for w in (1, 2, 4):
            bench_workers(w, n, 0.05, Path(d))
        for w in (1, 2, 4):
            bench_steady(w, 20 if args.quick else 40, 5.0, 0.05, Path(d))
    print("\nfigures above are single runs")


if __name__ == "__main__":
    main()
