"""The rollup write path's cost per transaction, on a copy of an existing (backfilled) database.

    python bench/bench_rollup_writes.py --sqlite /path/bench.db --pg rw_bench_xxxx [--writes 100] [--runs 3]

bench_rollups.py builds its own database each time (minutes for a million probes); this one reuses
one it kept, and never changes it: a SQLite file is copied, a PostgreSQL database cloned
(CREATE DATABASE ... TEMPLATE, so nobody may be connected to it). Each run takes a fresh copy,
upgrades it to the schema of the code in use, then runs bench_rollups.write_overhead: a probe's
end and a reply, each in its own transaction, with the rollups and then with their triggers
dropped. To compare two versions of the code, run this file with each on PYTHONPATH, in turns.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).parent))
import bench_rollups  # noqa: E402
from bench_rollups import ROWS, write_overhead  # noqa: E402

from monitor.store.db import make_engine, upgrade  # noqa: E402

PG_ADMIN = os.environ.get("REPLYWATCH_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
CPU: list[float] = []  # this process's CPU seconds per transaction, in ROWS' order


def _with_cpu(fn: Any) -> Any:
    """Why: on a shared machine wall time swings with the load; this process's CPU time (all of
    SQLite's work, none of PostgreSQL's server) much less."""

    def run(factory: Any, ids: list[int]) -> None:
        c0 = time.process_time()
        fn(factory, ids)
        CPU.append((time.process_time() - c0) / len(ids))

    return run


bench_rollups._ends = _with_cpu(bench_rollups._ends)  # write_overhead looks them up when it runs
bench_rollups._replies = _with_cpu(bench_rollups._replies)


@contextmanager
def sqlite_copy(path: Path) -> Iterator[str]:
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as d:
        copy = Path(d) / "copy.db"
        shutil.copyfile(path, copy)
        os.sync()  # the copy's writeback would otherwise throttle the timed writes
        yield f"sqlite:///{copy}"


@contextmanager
def pg_clone(template: str) -> Iterator[str]:
    name = f"rw_writes_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as con:
        try:
            con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        except psycopg.errors.ObjectInUse:
            raise SystemExit(
                f"--pg {template}: someone is connected to it, so it cannot be cloned; retry later"
            ) from None
        con.execute("CHECKPOINT")
    os.sync()  # as for SQLite: the clone's writeback would slow the timed commits
    try:
        yield PG_URL.format(name=name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(backend: str, copy: Any, source: Any, writes: int) -> None:
    with copy(source) as url:
        upgrade(make_engine(url))
        print(f"{backend} (load {os.getloadavg()[0]:.1f}):", flush=True)
        write_overhead(backend, url, writes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sqlite", type=Path, help="a backfilled SQLite database file (copied, never changed)")
    ap.add_argument("--pg", help="a backfilled PostgreSQL database's name (cloned, never changed)")
    ap.add_argument("--writes", type=int, default=100)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    for _ in range(args.runs):
        if args.sqlite:
            run("SQLite", sqlite_copy, args.sqlite, args.writes)
        if args.pg:
            run("PostgreSQL", pg_clone, args.pg, args.writes)
    print("\n| backend | measurement | ms per transaction | CPU ms (this process) |\n|---|---|---|---|")
    for (backend, label, wall, _), cpu in zip(ROWS, CPU, strict=True):
        print(f"| {backend} | {label} | {wall * 1e3:.2f} | {cpu * 1e3:.2f} |")


if __name__ == "__main__":
    main()
