"""What the interfaces cost on a big history: a /metrics scrape, API calls, a share page.

    python bench/bench_interfaces.py --probes 1000000 --targets 2000 [--backends sqlite,pg]

Loads the same synthetic data as bench_report.py (real migrations), then times,
in-process over ASGI: GET /metrics (the collector's queries + exposition),
/api/v1/summary, /api/v1/leaderboard, /api/v1/probes?limit=100 (first and a
deep page), /api/v1/targets, and /share/<token> for one client. Next to them,
the hand-written GROUP BY the metrics collector runs, to show what is SQL time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench_report import NOW, PG_ADMIN, generate, load_pg, load_sqlite, timed
from sqlalchemy import text

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store.access import create_key, create_share
from monitor.store.db import make_engine, session_factory, transaction


def measure(url: str, tmp: Path, *, reports: bool = True) -> None:
    from starlette.testclient import TestClient

    from monitor.share import sign
    from monitor.web import create_app

    os.environ["RW_BENCH_METRICS"] = "bench-metrics-token"
    os.environ["RW_BENCH_SECRET"] = "bench-secret-key"
    engine = make_engine(url)
    factory = session_factory(engine)
    with engine.connect() as c:
        n_p = c.execute(text("SELECT count(*) FROM probe")).scalar()
        client = c.execute(text("SELECT name FROM target WHERE \"group\" = 'client' LIMIT 1")).scalar()
    print(f"  data: {n_p:,} probes")
    cfg = Config.model_validate(
        {
            "shopper": {
                "personas": [{"first_name": "A", "last_name": "B", "phone": "1"}],
                "questions": ["q"],
            },
            "data_dir": str(tmp),
            "web": {"metrics_token_env": "RW_BENCH_METRICS", "secret_key_env": "RW_BENCH_SECRET"},
        }
    )
    with transaction(factory) as s:
        token = create_key(s, f"bench-{uuid.uuid4().hex[:6]}", NOW)
        share = create_share(s, client or "shop0001", NOW, 14)
    clock = FakeClock(NOW)
    app = create_app(cfg, factory, clock, password="bench")
    with TestClient(app, base_url="http://127.0.0.1") as c:

        def get(path: str, auth: str | None = None) -> Any:
            r = c.get(path, headers={"Authorization": f"Bearer {auth}"} if auth else {})
            assert r.status_code == 200, (path, r.status_code, r.text[:200])
            return r

        timed("hand-written GROUP BY target, kind, status", lambda: _group_by(engine))

        def fresh_metrics() -> Any:
            clock.advance(31)  # past the 30 s a reading is shared for
            return get("/metrics", "bench-metrics-token")

        r = timed("GET /metrics (a fresh reading)", fresh_metrics)
        timed("GET /metrics (the 30 s reading shared)", lambda: get("/metrics", "bench-metrics-token"))
        print(f"    -> {len(r.content) / 1024:.0f} KiB, {r.text.count(chr(10)):,} lines")
        if reports:  # these are build_report's time (see bench_report.py), not the API's
            timed("GET /api/v1/summary", lambda: get("/api/v1/summary", token))
            timed(
                "GET /api/v1/leaderboard?touchpoint=form",
                lambda: get("/api/v1/leaderboard?touchpoint=form", token),
            )
        timed("GET /api/v1/probes?limit=100", lambda: get("/api/v1/probes?limit=100", token))
        timed(
            "GET /api/v1/probes?limit=100&offset=10000",
            lambda: get("/api/v1/probes?limit=100&offset=10000", token),
        )
        timed("GET /api/v1/targets", lambda: get("/api/v1/targets", token))
        if reports:
            timed(
                "GET /share/<token> (one client + competitors)",
                lambda: get(f"/share/{sign(cfg, share.id)}"),
                repeat=1,
            )
    engine.dispose()


def _group_by(engine: Any) -> Any:
    with engine.connect() as c:
        return c.execute(
            text(
                "SELECT target_id, kind, status, count(*), sum(latency_ms) FROM probe "
                "GROUP BY target_id, kind, status"
            )
        ).all()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--probes", type=int, default=1_000_000)
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--no-reports", action="store_true", help="skip the calls that are build_report's time")
    ap.add_argument(
        "--sqlite-file", type=Path, help="reuse this SQLite database (e.g. kept by bench_report.py)"
    )
    args = ap.parse_args()
    cache: list[tuple[list[Any], list[Any]]] = []

    def data() -> tuple[list[Any], list[Any]]:
        if not cache:
            t0 = time.perf_counter()
            cache.append(generate(args.probes, args.targets))
            print(
                f"generated {len(cache[0][0]):,} probes, {len(cache[0][1]):,} replies "
                f"in {time.perf_counter() - t0:.1f} s"
            )
        return cache[0]

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if "sqlite" in args.backends:
            path = args.sqlite_file or tmp / "bench.db"
            if not path.exists():
                load_sqlite(path, args.targets, *data())
            print(f"SQLite ({path})")
            measure(f"sqlite:///{path}", tmp, reports=not args.no_reports)
        if "pg" in args.backends:
            import psycopg

            name = f"rw_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                con.execute(f'CREATE DATABASE "{name}"')
            try:
                load_pg(name, args.targets, *data())
                print("PostgreSQL")
                measure(
                    f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", tmp, reports=not args.no_reports
                )
            finally:
                with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                    con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
