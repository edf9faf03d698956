"""Alert evaluation time: 2,000 targets x 4 touchpoints, 10 rules, on SQLite and PostgreSQL.

    python bench/bench_alerts.py --probes 208000 --targets 2000 [--backends sqlite,pg]

The history is bench_report's synthetic one (probes spread over 180 days,
realistic outcomes; 208,000 probes = one probe per touchpoint a week for six
months). Times, each the best of a few runs unless said otherwise:
- the first evaluation (judging 10 rules, opening every event that breaks a
  rule and queueing its message) on an empty alert history;
- a steady-state evaluation (the same data again: events stay open, nothing is
  queued), which is what the daemon does every minute;
- collecting per-event notifications (answered, SLA missed, stopped answering);
- delivering queued messages to a webhook receiver on loopback (signed, one
  HTTP POST each), in messages per second.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench_report import NOW, PG_ADMIN, generate, load_pg, load_sqlite, timed
from sqlalchemy import delete, func, select, text

from monitor.alerts.delivery import DeliveryPolicy, deliver_due
from monitor.alerts.evaluate import evaluate_rules
from monitor.alerts.events import collect
from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store.db import make_engine, session_factory, transaction
from monitor.store.models import AlertEvent, AlertNotification

RULES = [
    ("slow", "median_first_reply > 2h", "7d"),
    ("slow-p90", "p90_first_reply > 24h", "7d"),
    ("low-rate", "answer_rate < 50%", "7d"),
    ("unanswered", "unanswered > 3", "7d"),
    ("silent", "answered < 1", "14d"),
    ("slower-than-usual", "median_first_reply > 2x baseline(28d)", "7d"),
    ("p90-slower-than-usual", "p90_first_reply > 2x baseline(28d)", "7d"),
    ("rate-below-usual", "answer_rate < 0.5x baseline(28d)", "7d"),
    ("slower-than-competitors", "median_first_reply > competitors", "7d"),
    ("rate-below-competitors", "answer_rate < 0.8x competitors", "14d"),
]


def config(hook_port: int, tmp: Path) -> Config:
    os.environ["RW_BENCH_HOOK_KEY"] = "bench"
    hook = [{"url": f"http://127.0.0.1:{hook_port}/hook", "secret_env": "RW_BENCH_HOOK_KEY"}]
    return Config.model_validate(
        {
            "shopper": {"personas": [{"first_name": "A", "phone": "1"}], "questions": ["q"]},
            "data_dir": str(tmp),
            "alerts": [{"name": n, "when": w, "window": win, "webhooks": hook} for n, w, win in RULES],
            "notifications": [
                {"name": "crm", "events": ["answered", "sla_missed", "stopped_answering"], "webhooks": hook}
            ],
        }
    )


@contextmanager
def receiver() -> Iterator[tuple[int, list[int]]]:
    seen: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("content-length", 0)))
            seen.append(1)
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()


def measure(url: str, tmp: Path) -> None:
    engine = make_engine(url)
    factory = session_factory(engine)
    with engine.connect() as c:
        n_p = c.execute(text("SELECT count(*) FROM probe")).scalar()
        n_t = c.execute(text("SELECT count(*) FROM touchpoint")).scalar()
    with engine.begin() as c:  # bench_report's history leaves finished_at empty; the watchers set it
        c.execute(text("UPDATE probe SET finished_at = first_human_reply_at WHERE status = 'answered'"))
        c.execute(text("UPDATE probe SET finished_at = deadline_at WHERE status = 'unanswered'"))
    print(f"  data: {n_p:,} probes over {n_t:,} touchpoints; {len(RULES)} rules")
    clock = FakeClock(NOW)
    with receiver() as (port, seen):
        cfg = config(port, tmp)

        def reset() -> None:
            with transaction(factory) as s:
                s.execute(delete(AlertNotification))
                s.execute(delete(AlertEvent))

        def first() -> Any:
            reset()
            return evaluate_rules(cfg, factory, clock)

        opened = timed("first evaluation (opens and queues)", first)
        with factory() as s:
            queued = s.scalar(select(func.count()).select_from(AlertNotification))
        print(f"    -> {len(opened):,} events opened, {queued:,} messages queued")
        timed("steady-state evaluation (every minute)", lambda: evaluate_rules(cfg, factory, clock), repeat=3)

        def events() -> Any:
            with factory() as s:
                return collect(s, cfg.notifications[0], NOW)

        msgs = timed("per-event notifications (collect)", events, repeat=3)
        print(f"    -> {len(msgs):,} per-event messages in the last day")
        policy = DeliveryPolicy(batch=2000, wait_initial=0, wait_jitter=0)
        t0, c0, before = time.perf_counter(), time.process_time(), len(seen)
        summary = deliver_due(cfg, factory, clock, policy)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"  {'delivery, signed webhook on loopback':<44} {summary.delivered:,} messages in {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU = {summary.delivered / wall:.0f}/s (receiver got {len(seen) - before:,}; "
            f"load {os.getloadavg()[0]:.1f})"
        )
        clock.advance(timedelta(minutes=1))
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--probes", type=int, default=208_000)
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--backends", default="sqlite,pg")
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = generate(args.probes, args.targets)
    print(
        f"generated {len(data[0]):,} probes over {args.targets:,} targets x 4 touchpoints in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if "sqlite" in args.backends:
            path = tmp / "bench.db"
            load_sqlite(path, args.targets, *data)
            print("SQLite")
            measure(f"sqlite:///{path}", tmp)
        if "pg" in args.backends:
            import psycopg

            name = f"rw_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                con.execute(f'CREATE DATABASE "{name}"')
            try:
                load_pg(name, args.targets, *data)
                print("PostgreSQL")
                measure(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", tmp)
            finally:
                with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                    con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
