"""Report and dashboard speed on a big synthetic history, on SQLite and PostgreSQL.

    python bench/bench_report.py --probes 1000000 --targets 2000 [--backends sqlite,pg]

Builds the schema with the real migrations, bulk-loads probes (about 60 % of
probe count in replies), then times: the summary + leaderboard (what
`replywatch report` prints), the full detailed report (KM, heat map, trend,
as for html/pdf) and the dashboard's overview page (signed in, over HTTP
in-process). PostgreSQL gets a throw-away database that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.report.metrics import build_report
from monitor.store.db import make_engine, session_factory, upgrade
from monitor.store.reportq import ReportFilter

PG_ADMIN = os.environ.get("REPLYWATCH_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
NOW = datetime(2026, 6, 1, tzinfo=UTC)
START = NOW - timedelta(days=180)
KINDS = ("form", "email", "chat", "callback")
PROBE_COLS = (
    "id",
    "campaign_id",
    "touchpoint_id",
    "target_id",
    "kind",
    "group",
    "token",
    "persona",
    "reply_address",
    "question",
    "status",
    "attempts",
    "scheduled_at",
    "submitted_at",
    "deadline_at",
    "first_human_reply_at",
    "auto_reply_at",
    "latency_ms",
    "evidence",
    "details",
    "promise",
    "promised_s",
)
REPLY_COLS = (
    "probe_id",
    "channel",
    "kind",
    "message_key",
    "received_at",
    "detected_at",
    "sender",
    "excerpt",
    "match_method",
    "late",
    "reasons",
    "details",
    "quality",
    "quality_score",
    "canned",
)
PROMISE = '{"seconds": 900, "business": false, "days": null, "source": "page", "text": "Ответим в течение 15 минут"}'
QUALITY = (
    '{"score": 3, "of": 5, "items": {"addressed_by_name": {"ok": true, "proof": "Анна"}, "answered_question": '
    '{"ok": true, "proof": "да, есть"}, "next_step": {"ok": false, "proof": null}, "signed": {"ok": false, '
    '"proof": null}, "customer_language": {"ok": true, "proof": "reply ru, question ru"}}}'
)


def generate(
    n_probes: int, n_targets: int, seed: int = 7
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Probes with realistic outcomes; about 0.55 human + 0.05 auto replies per probe."""
    rnd = random.Random(seed)
    probes: list[tuple[Any, ...]] = []
    replies: list[tuple[Any, ...]] = []
    span = (NOW - START).total_seconds()
    for pid in range(1, n_probes + 1):
        tid = rnd.randrange(n_targets) + 1
        k = rnd.randrange(4)
        tp = (tid - 1) * 4 + k + 1
        sched = START + timedelta(seconds=rnd.random() * span)
        r = rnd.random()
        sub = first = auto = lat = deadline = None
        if r < 0.05:
            status = "failed"
        elif r < 0.08:
            status = "blocked"
        elif r < 0.09:
            status = "scheduled"
        else:
            sub = sched + timedelta(seconds=rnd.uniform(5, 60))
            deadline = sub + timedelta(hours=72)
            u = rnd.random()
            if u < 0.605:  # 0.605 * 0.91 = 55 % of all probes answered by a person
                lat = int(rnd.lognormvariate(8.0, 1.6) * 1000) % (72 * 3600 * 1000)
                first = sub + timedelta(milliseconds=lat)
                status = "answered"
            elif deadline < NOW:
                status = "unanswered"
            else:
                status = "submitted"
            if status != "answered" and rnd.random() < 0.14:
                auto = sub + timedelta(seconds=rnd.uniform(1, 120))
        token = uuid.UUID(int=rnd.getrandbits(128)).hex[:16]
        promised = sub is not None and rnd.random() < 0.1  # a tenth of the shops promise a reply time
        probes.append(
            (
                pid,
                1,
                tp,
                tid,
                KINDS[k],
                "client" if tid <= 10 else "competitor",
                token,
                "{}",
                f"anna.{token}@shopper.test",
                "Есть ли доставка?",
                status,
                1,
                sched,
                sub,
                deadline,
                first,
                auto,
                lat,
                "[]",
                "{}",
                PROMISE if promised else None,
                900 if promised else None,
            )
        )
        if first is not None:
            replies.append(
                (
                    pid,
                    "email",
                    "human",
                    f"<h{pid}@shop>",
                    first,
                    first,
                    f"m@shop{tid}.test",
                    "Здравствуйте, да, есть.",
                    "address",
                    False,
                    "[]",
                    "{}",
                    QUALITY,
                    3,
                    rnd.random() < 0.2,
                )
            )
        if auto is not None:
            replies.append(
                (
                    pid,
                    "email",
                    "ack" if rnd.random() < 0.5 else "auto",
                    f"<a{pid}@shop>",
                    auto,
                    auto,
                    f"noreply@shop{tid}.test",
                    "Ваше обращение получено",
                    "address",
                    False,
                    "[]",
                    "{}",
                    None,
                    None,
                    False,
                )
            )
    return probes, replies


def setup_rows(n_targets: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    bh = '{"days": "mon-fri", "from": "09:00", "to": "18:00", "timezone": null}'
    targets = [
        (
            t,
            f"shop{t:04d}",
            "client" if t <= 10 else "competitor",
            f"http://127.0.10.{t % 250 + 1}/",
            "Europe/Moscow",
            "RU",
            bh if t % 2 else None,
            "[]",
            "[]",
            True,
        )
        for t in range(1, n_targets + 1)
    ]
    tps = [
        ((t - 1) * 4 + k + 1, t, kind, kind, None, None, "{}", True)
        for t in range(1, n_targets + 1)
        for k, kind in enumerate(KINDS)
    ]
    return targets, tps


T_COLS = (
    "id",
    "name",
    "group",
    "url",
    "timezone",
    "country",
    "business_hours",
    "email_domains",
    "phones",
    "active",
)
TP_COLS = ("id", "target_id", "kind", "key", "url", "address", "settings", "active")


def _sqlite_val(v: Any) -> Any:
    return v.replace(tzinfo=None).isoformat(sep=" ") if isinstance(v, datetime) else v


def load_sqlite(
    path: Path, n_targets: int, probes: list[tuple[Any, ...]], replies: list[tuple[Any, ...]]
) -> None:
    upgrade(make_engine(f"sqlite:///{path}"))
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    fill_sqlite(con, n_targets, probes, replies)
    con.close()


def fill_sqlite(
    con: sqlite3.Connection, n_targets: int, probes: list[tuple[Any, ...]], replies: list[tuple[Any, ...]]
) -> None:
    """Targets, touchpoints, one campaign, probes and replies by executemany, then ANALYZE."""
    targets, tps = setup_rows(n_targets)

    def ins(table: str, cols: tuple[str, ...], rows: Any) -> None:
        names = ", ".join(f'"{c}"' for c in cols)
        con.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})",
            ([_sqlite_val(v) for v in r] for r in rows),
        )

    ins("target", T_COLS, targets)
    ins("touchpoint", TP_COLS, tps)
    con.execute("INSERT INTO campaign (id, name, settings, active) VALUES (1, 'bench', '{}', 1)")
    ins("probe", PROBE_COLS, probes)
    ins("reply", REPLY_COLS, replies)
    con.commit()
    con.execute("ANALYZE")


def load_pg(
    url_db: str, n_targets: int, probes: list[tuple[Any, ...]], replies: list[tuple[Any, ...]]
) -> None:
    import psycopg

    upgrade(make_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{url_db}"))
    targets, tps = setup_rows(n_targets)
    with (
        psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={url_db}") as con,
        con.cursor() as cur,
    ):

        def copy(table: str, cols: tuple[str, ...], rows: Any) -> None:
            names = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)

        copy("target", T_COLS, targets)
        copy("touchpoint", TP_COLS, tps)
        cur.execute("INSERT INTO campaign (id, name, settings, active) VALUES (1, 'bench', '{}', true)")
        copy("probe", PROBE_COLS, probes)
        copy("reply", REPLY_COLS, replies)
        con.commit()
        cur.execute("ANALYZE")
        con.commit()


def timed(label: str, fn: Any, repeat: int = 2) -> Any:
    """Best wall time of `repeat` runs, and this process's CPU time for that run.

    On a shared machine wall time swings with the load; CPU time of this
    process (which includes SQLite's own work, but not PostgreSQL's server) does not.
    """
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall = time.perf_counter() - t0
        if wall < best:
            best, cpu = wall, time.process_time() - c0
    print(f"  {label:<44} {best:8.2f} s wall  {cpu:7.2f} s CPU (load {os.getloadavg()[0]:.1f})")
    return result


def measure(url: str, tmp: Path) -> None:
    engine = make_engine(url)
    factory = session_factory(engine)
    with engine.connect() as c:
        n_p = c.execute(text("SELECT count(*) FROM probe")).scalar()
        n_r = c.execute(text("SELECT count(*) FROM reply")).scalar()
    print(f"  data: {n_p:,} probes, {n_r:,} replies")

    def summary() -> Any:
        with factory() as s:
            return build_report(s, ReportFilter(), now=NOW, detail=False)

    rep = timed("summary + leaderboard (report table)", summary)
    t = rep.total
    print(
        f"    -> {t.answered:,} of {t.reached:,} answered, {t.within_count(600.0):,} within 10 min; "
        f"{len(rep.leaderboard):,} leaderboard rows"
    )

    def one_target() -> Any:
        with factory() as s:
            return build_report(s, ReportFilter(targets=("shop0001",)), now=NOW, detail=True)

    timed("one target, detailed (target page)", one_target)

    def reply_facts() -> Any:
        from monitor.report.hours import hours_of
        from monitor.report.replyfacts import collect
        from monitor.store import reportq

        with factory() as s:
            hours = {
                tid: h
                for tid, t in reportq.targets(s).items()
                if (h := hours_of(t.business_hours, t.timezone, t.country)) is not None
            }
            return collect(s, ReportFilter(), hours, NOW, items=False)

    timed("  of which reply kinds, quality, promises", reply_facts)

    def detailed() -> Any:
        with factory() as s:
            return build_report(s, ReportFilter(), now=NOW, detail=True)

    timed("full detailed report (KM, heat map, trend)", detailed, repeat=1)
    overview_time(factory, tmp)
    engine.dispose()


def overview_time(factory: Any, tmp: Path) -> None:
    from starlette.testclient import TestClient

    from monitor.web import create_app

    cfg = Config.model_validate(
        {
            "shopper": {
                "personas": [{"first_name": "A", "last_name": "B", "phone": "1"}],
                "questions": ["q"],
            },
            "data_dir": str(tmp),
        }
    )
    app = create_app(cfg, factory, FakeClock(NOW), password="bench")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.get("/login")
        token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        c.post("/login", data={"csrf": token, "password": "bench", "next": "/"}, follow_redirects=False)

        def get() -> Any:
            r = c.get("/")
            assert r.status_code == 200, r.status_code
            return r

        timed("dashboard overview GET / (cold)", get, repeat=1)
        r = timed("dashboard overview GET / (30 s cache warm)", get)
        print(f"    -> {len(r.content) / 1024:.0f} KiB of HTML")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--probes", type=int, default=1_000_000)
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--sqlite-file", type=Path, help="keep the SQLite database here; reuse it if it exists")
    ap.add_argument("--pg-keep", help="keep the PostgreSQL database under this name; reuse it if it exists")
    args = ap.parse_args()
    cache: list[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]] = []

    def data() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        if not cache:
            t0 = time.perf_counter()
            cache.append(generate(args.probes, args.targets))
            print(
                f"generated {len(cache[0][0]):,} probes and {len(cache[0][1]):,} replies over "
                f"{args.targets:,} targets in {time.perf_counter() - t0:.1f} s"
            )
        return cache[0]

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if "sqlite" in args.backends:
            path = args.sqlite_file or tmp / "bench.db"
            if path.exists():
                print(f"SQLite (reusing {path})")
            else:
                t0 = time.perf_counter()
                load_sqlite(path, args.targets, *data())
                print(
                    f"SQLite (loaded in {time.perf_counter() - t0:.1f} s, {path.stat().st_size / 2**20:.0f} MiB)"
                )
            measure(f"sqlite:///{path}", tmp)
        if "pg" in args.backends:
            import psycopg

            name = args.pg_keep or f"rw_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
                if not exists:
                    con.execute(f'CREATE DATABASE "{name}"')
            try:
                if exists:
                    print(f"PostgreSQL (reusing database {name})")
                else:
                    t0 = time.perf_counter()
                    load_pg(name, args.targets, *data())
                    print(f"PostgreSQL (loaded in {time.perf_counter() - t0:.1f} s)")
                measure(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", tmp)
            finally:
                if not args.pg_keep:
                    with psycopg.connect(PG_ADMIN, autocommit=True) as con:
                        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
