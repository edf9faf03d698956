"""Reports from rollups against raw rows and a hand-written GROUP BY, side by side, on SQLite and PostgreSQL.

    python bench/bench_rollups.py --probes 1000000 --targets 2000 [--backends sqlite,pg]
    python bench/bench_rollups.py --url sqlite:///big.db --url postgresql+psycopg://...   # an existing database

Loads bench_report.py's synthetic history (COPY / executemany; the triggers
mark every cell), backfills the rollups (`db rebuild-rollups`' function), then
times in one run: summary + leaderboard, the full detailed report and the
dashboard overview's data (its report and campaign list, cold: no cache) and the
real overview page (GET / of the app in process, signed in, its report cache emptied
first) from rollups and from raw rows, and hand-written GROUP BY queries of the same
per-target x touchpoint figures, all in a fresh process per database. Then the write overhead: a probe's end and a
reply, each in its own transaction, with the rollups and without (triggers
dropped, plain sessions). Prints a table.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker
from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from bench_report import (  # noqa: E402
    NOW,
    PG_ADMIN,
    fill_sqlite,
    generate,
    load_pg,
)

from monitor.clock import FakeClock  # noqa: E402
from monitor.config import load_config  # noqa: E402
from monitor.report.metrics import build_report  # noqa: E402
from monitor.store import reportq, rolltriggers, rollups  # noqa: E402
from monitor.store.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from monitor.store.models import Probe, Touchpoint  # noqa: E402
from monitor.store.replies import IncomingReply, MatchResult, store_reply  # noqa: E402
from monitor.store.repo import mark_submitted  # noqa: E402
from monitor.store.reportq import ReportFilter  # noqa: E402
from monitor.web import create_app  # noqa: E402

HAND_PG = """
SELECT target_id, kind, count(*), count(*) FILTER (WHERE status IN ('submitted', 'answered', 'unanswered')),
       count(*) FILTER (WHERE status = 'answered'), count(*) FILTER (WHERE status = 'unanswered'),
       count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'blocked'),
       count(*) FILTER (WHERE status = 'answered' AND latency_ms <= 600000),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'answered'),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'answered')
FROM probe GROUP BY target_id, kind
"""
HAND_SQLITE_COUNTS = """
SELECT target_id, kind, count(*), sum(status IN ('submitted', 'answered', 'unanswered')), sum(status = 'answered'),
       sum(status = 'unanswered'), sum(status = 'failed'), sum(status = 'blocked'),
       sum(status = 'answered' AND latency_ms <= 600000)
FROM probe GROUP BY target_id, kind
"""
HAND_SQLITE_QUANTILES = """
WITH a AS (SELECT target_id, kind, latency_ms,
                  row_number() OVER (PARTITION BY target_id, kind ORDER BY latency_ms) AS rn,
                  count(*) OVER (PARTITION BY target_id, kind) AS n
           FROM probe WHERE status = 'answered' AND latency_ms IS NOT NULL)
SELECT target_id, kind, avg(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN latency_ms END),
       min(CASE WHEN rn >= 0.9 * (n - 1) + 1 THEN latency_ms END)
FROM a GROUP BY target_id, kind
"""
HAND_TIMING = {  # heat map and weekly trend counts, UTC (the report uses each target's zone)
    "postgresql": "SELECT extract(isodow FROM submitted_at), extract(hour FROM submitted_at), count(*), "
    "count(*) FILTER (WHERE status = 'answered') FROM probe "
    "WHERE status IN ('submitted', 'answered', 'unanswered') GROUP BY 1, 2; "
    "SELECT to_char(scheduled_at, 'IYYY-IW'), count(*), count(*) FILTER (WHERE status = 'answered'), "
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'answered') "
    "FROM probe WHERE status IN ('submitted', 'answered', 'unanswered') GROUP BY 1",
    "sqlite": "SELECT strftime('%w', submitted_at), strftime('%H', submitted_at), count(*), sum(status = 'answered') "
    "FROM probe WHERE status IN ('submitted', 'answered', 'unanswered') GROUP BY 1, 2; "
    "SELECT strftime('%Y-%W', scheduled_at), count(*), sum(status = 'answered') FROM probe "
    "WHERE status IN ('submitted', 'answered', 'unanswered') GROUP BY 1",
}
ROWS: list[tuple[str, str, float, float]] = []
WEB_CONFIG = """
database: {url}
timezone: UTC
data_dir: data
shopper:
  mailbox:
    smtp: {{host: 127.0.0.1, port: 2525, starttls: false, username: shopper, password_env: RW_BENCH_SMTP_PW}}
    address_template: "{{first}}.{{token}}@shopper.test"
  personas:
    - {{first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}}
  questions:
    - "Есть ли доставка?"
targets: []
"""


def timed(backend: str, label: str, fn: Any, repeat: int = 3) -> Any:
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall = time.perf_counter() - t0
        if wall < best:
            best, cpu = wall, time.process_time() - c0
    ROWS.append((backend, label, best, cpu))
    print(f"  {label:<46} {best:8.3f} s wall {cpu:7.3f} s CPU (load {os.getloadavg()[0]:.1f})", flush=True)
    return result


def hand(engine: Any, *sqls: str) -> Any:
    def run() -> int:
        n = 0
        with engine.connect() as c:
            for sql in sqls:
                for stmt in sql.split(";"):
                    n += len(c.execute(text(stmt)).all())
        return n

    return run


def reports(backend: str, factory: sessionmaker[Any], engine: Any) -> None:
    def report(source: str, detail: bool) -> Any:
        def run() -> Any:
            with factory() as s:
                return build_report(s, ReportFilter(), now=NOW, detail=detail, source=source)

        return run

    def overview() -> Any:
        with factory() as s:  # what GET / computes on a cold cache
            return build_report(s, ReportFilter(), now=NOW, detail=False), reportq.campaign_rows(s)

    dialect = engine.dialect.name
    summary_hand = (HAND_PG,) if dialect == "postgresql" else (HAND_SQLITE_COUNTS, HAND_SQLITE_QUANTILES)
    timed(backend, "hand GROUP BY: per target x touchpoint", hand(engine, *summary_hand))
    timed(
        backend, "hand GROUP BY: + heat map and weeks", hand(engine, *summary_hand, HAND_TIMING[dialect]), 1
    )
    a = timed(backend, "summary + leaderboard, rollups", report("auto", False))
    b = timed(backend, "summary + leaderboard, raw rows (before)", report("raw", False), 1)
    assert a.total == b.total and a.leaderboard == b.leaderboard, "rollups and raw rows disagree"
    timed(backend, "full detailed report, rollups", report("auto", True))
    timed(backend, "full detailed report, raw rows (before)", report("raw", True), 1)
    timed(backend, "dashboard overview data, cold, rollups", overview)
    with overview_page(engine) as get:
        timed(backend, "dashboard overview page GET /, cold cache", get)


@contextmanager
def overview_page(engine: Any) -> Iterator[Any]:
    """GET / of the real dashboard app (in process, signed in) with its report cache emptied before each
    request: routing, sign-in check, report, campaign list, cards and the template, as a first visit."""
    with tempfile.TemporaryDirectory() as d:
        cfg_path = Path(d) / "replywatch.yaml"
        url = engine.url.render_as_string(hide_password=False)
        cfg_path.write_text(WEB_CONFIG.format(url=url), encoding="utf-8")
        os.environ.setdefault("RW_BENCH_SMTP_PW", "unused")
        os.environ["REPLYWATCH_WEB_PASSWORD"] = "bench-password-123"
        cfg = load_config(cfg_path)
        app = create_app(cfg, session_factory(engine), FakeClock(NOW))
        with TestClient(app, base_url="http://127.0.0.1") as c:
            token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
            assert token, "no sign-in form"
            c.post("/login", data={"csrf": token.group(1), "password": "bench-password-123", "next": "/"})

            def get() -> Any:
                app.state.web.cache.clear()
                r = c.get("/")
                assert r.status_code == 200, r.status_code
                return r

            yield get


def _ends(factory: sessionmaker[Any], ids: list[int]) -> None:
    for pid in ids:
        with transaction(factory) as s:
            mark_submitted(
                s, pid, submitted_at=NOW - timedelta(minutes=59), evidence=[], details={}, message_id=None
            )


def _replies(factory: sessionmaker[Any], ids: list[int]) -> None:
    at = NOW - timedelta(minutes=30)
    for pid in ids:
        with transaction(factory) as s:
            store_reply(
                s,
                IncomingReply(
                    channel="email",
                    kind="human",
                    message_key=f"<{uuid.uuid4()}@b>",
                    received_at=at,
                    detected_at=at,
                    sender="m@shop.test",
                    subject="Re",
                    excerpt="Да",
                ),
                MatchResult(pid, "address", "exact"),
            )


def write_overhead(backend: str, url: str, n: int) -> None:
    """A probe's end (submitted) and a reply, one transaction each: with rollups, then with triggers dropped."""
    engine = make_engine(url)
    with engine.connect() as c:
        top = int(c.execute(text("SELECT max(id) FROM probe")).scalar() or 0)
    for mode in ("with rollups", "without"):
        factory = (
            session_factory(engine)
            if mode == "with rollups"
            else sessionmaker(engine, expire_on_commit=False)
        )
        if mode == "without":
            with engine.begin() as conn:
                rolltriggers.drop(conn)
        ids = []
        with transaction(factory) as s:
            tp = s.get(Touchpoint, 1)
            assert tp is not None
            for i in range(n):
                p = Probe(
                    campaign_id=1,
                    touchpoint_id=tp.id,
                    target_id=tp.target_id,
                    kind=tp.kind,
                    group="client",
                    token=uuid.uuid4().hex[:16],
                    persona={},
                    reply_address=f"b{i}.{uuid.uuid4().hex[:8]}@x.test",
                    question="q",
                    status="running",
                    scheduled_at=NOW - timedelta(hours=1),
                    id=top + 1 + i,
                )
                s.add(p)
                ids.append(top + 1 + i)
        top += n

        for label, fn in (("probe end", _ends), ("reply", _replies)):
            t0 = time.perf_counter()
            fn(factory, ids)
            per = (time.perf_counter() - t0) / n * 1e6
            ROWS.append((backend, f"{label} ({mode})", per / 1e6, 0.0))
            print(f"  {label + ' (' + mode + ')':<46} {per:8.0f} us per transaction", flush=True)
    engine.dispose()  # the database is thrown away: no need to restore the triggers and rollups


def load_sqlite(
    path: Path, n_targets: int, probes: list[tuple[Any, ...]], replies: list[tuple[Any, ...]]
) -> None:
    """bench_report's loader with a 2 GB page cache and no WAL for the load: with SQLite's 2 MB default the
    random index inserts of a million rows spill pages to the WAL over and over (tens of GB written)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-2000000")
    fill_sqlite(con, n_targets, probes, replies)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


def load_backend(backend: str, url: str, load: Any) -> None:
    """Schema with triggers, triggers off for the bulk load (as the data existed before), then the backfill."""
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        rolltriggers.drop(conn)
    engine.dispose()  # the loader needs the SQLite file to itself
    t0 = time.perf_counter()
    load()
    print(f"{backend}: loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    with engine.begin() as conn:
        rolltriggers.create(conn)
    t0 = time.perf_counter()
    with transaction(session_factory(engine)) as s:
        n = rollups.rebuild(s)
    print(f"  backfill: {n:,} rollup rows in {time.perf_counter() - t0:.1f} s", flush=True)
    engine.dispose()


def measure_backend(backend: str, url: str, writes: int) -> None:
    """The reports in a fresh process (as a dashboard server starts: not one that has just generated and
    loaded a million rows; that process's heap made the same report up to 0.15 s slower), then the writes."""
    print(f"{backend}:", flush=True)
    out = subprocess.run(
        [sys.executable, __file__, "--url", url, "--rows-only"], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    for line in out.splitlines():
        if line.startswith("ROW\t"):
            _, b, label, wall, cpu = line.split("\t")
            ROWS.append((b, label, float(wall), float(cpu)))
        else:
            print(line, flush=True)
    if writes:  # it drops the triggers for its "without" half: a kept database skips it
        write_overhead(backend, url, writes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--probes", type=int, default=1_000_000)
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--writes", type=int, default=100)
    ap.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the loaded databases (SQLite file in DIR, the PostgreSQL database) for later --url runs",
    )
    ap.add_argument("--rows-only", action="store_true", help=argparse.SUPPRESS)  # measure_backend's child
    ap.add_argument(
        "--url",
        action="append",
        default=[],
        help="time the reports on an existing, backfilled database instead (repeatable; no load, no write test)",
    )
    args = ap.parse_args()
    if args.keep:
        args.writes = 0
    if args.url:
        for url in args.url:
            engine = make_engine(url)
            backend = "PostgreSQL" if engine.dialect.name == "postgresql" else "SQLite"
            reports(backend, session_factory(engine), engine)
            engine.dispose()
        if args.rows_only:
            for row in ROWS:
                print("ROW\t" + "\t".join(str(x) for x in row))
        else:
            _table()
        return
    t0 = time.perf_counter()
    probes, replies = generate(args.probes, args.targets)
    print(
        f"generated {len(probes):,} probes, {len(replies):,} replies over {args.targets:,} targets "
        f"in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    loaded: list[tuple[str, str]] = []
    pg_name = f"rw_bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        d = args.keep or tmp
        try:
            if "sqlite" in args.backends:
                path = Path(d) / "bench.db"
                loaded.append(("SQLite", f"sqlite:///{path}"))
                load_backend(
                    "SQLite", loaded[-1][1], lambda: load_sqlite(path, args.targets, probes, replies)
                )
            if "pg" in args.backends:
                with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                    con.execute(f'CREATE DATABASE "{pg_name}"')
                loaded.append(("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}"))
                load_backend(
                    "PostgreSQL", loaded[-1][1], lambda: load_pg(pg_name, args.targets, probes, replies)
                )
            # The generated history is no longer needed: time the reports in a process of a server's size.
            probes.clear()
            replies.clear()
            gc.collect()
            for backend, url in loaded:
                measure_backend(backend, url, args.writes)
        finally:
            if any(b == "PostgreSQL" for b, _ in loaded):
                if args.keep:
                    print(f"  kept: postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}", flush=True)
                else:
                    with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                        con.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    _table()


def _table() -> None:
    print("\n| backend | measurement | wall s | CPU s (this process) |\n|---|---|---|---|")
    for backend, label, wall, cpu in ROWS:
        print(f"| {backend} | {label} | {wall:.4f} | {cpu:.3f} |")


if __name__ == "__main__":
    main()
