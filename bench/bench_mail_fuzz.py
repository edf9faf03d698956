"""Hypothesis-generated hostile mail through the whole pipeline: crashes, memory ceiling, time per message.

    python bench/bench_mail_fuzz.py [--examples 10000] [--big-mb 25] [--pg]

Runs the strategies of tests/fixtures/mail_fuzz.py (malformed MIME, wrong and missing
charsets, 25 MB attachments, 10,000-deep multiparts, attached messages and HTML,
header injection, NULs, remote content) through the watcher's store path: raw file
kept, parse, match, classify, store with checkpoint. Prints crashes (must be 0),
network/process attempts (must be 0), messages that moved no checkpoint (must be 0),
peak RSS and RSS along the run (must level off), p50/p99/max seconds per message and
the slowest kinds of input. SQLite in a temp directory, or a throw-away database on
the local PostgreSQL with --pg.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from monitor.config import load_config  # noqa: E402
from monitor.store.db import (  # noqa: E402
    make_engine,
    session_factory,  # noqa: E402
    upgrade,
)
from monitor.store.models import Reply  # noqa: E402
from tests.fixtures.mail_fuzz import fuzz_config_path, make_harness, message, no_network_or_processes  # noqa: E402


def pipeline_child(conn: Any, url: str, config: str) -> None:
    """The pipeline in its own process: its memory is the product's, not the fuzzer's bookkeeping."""
    cfg = load_config(Path(config), check_secrets=False)
    engine = make_engine(url)
    h = make_harness(cfg, session_factory(engine))
    conn.send(h.addresses)
    while (raw := conn.recv()) is not None:
        t0 = time.perf_counter()
        crash = None
        try:
            with no_network_or_processes(h.attempts):
                h.feed(raw)
        except Exception:
            crash = traceback.format_exc(limit=3)
        dt = time.perf_counter() - t0
        conn.send((crash, dt, h.checkpoint() == h.uid, len(h.attempts), rss_mb()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with h.factory() as s:
        kinds = dict(s.execute(select(Reply.kind, func.count()).group_by(Reply.kind)).all())
    conn.send((peak, kinds))
    engine.dispose()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def shape(raw: bytes) -> str:
    """A rough label of what a message was, for the slowest-inputs table."""
    head = raw[:400]
    for key, label in (
        (b"deep mime", "deep multipart"),
        (b"deep rfc822", "deep message/rfc822"),
        (b"deep html", "deep html"),
        (b"html bombs", "html bombs"),
        (b"price list", "big attachment"),
        (b"Subject: many", "100k recipients"),
        (b"X-Long", "folded header"),
    ):
        if key in head:
            return label
    return f"generated {len(raw) // 1024} KB" if len(raw) > 100_000 else "generated"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=10_000)
    ap.add_argument("--big-mb", type=int, default=25)
    ap.add_argument("--pg", action="store_true", help="a throw-away database on the local PostgreSQL")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rw-fuzz-"))
    cfg = load_config(fuzz_config_path(tmp), check_secrets=False)
    url, admin = cfg.database_url(), None
    if args.pg:
        import psycopg

        name = f"rw_fuzz_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    parent, child_end = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(
        target=pipeline_child, args=(child_end, url, str(tmp / "replywatch.yaml"))
    )
    child.start()
    addresses = parent.recv()
    times: list[float] = []
    crashes: list[str] = []
    stuck = attempts = 0
    sizes: list[int] = []
    slow: list[tuple[float, str, int]] = []
    rss_trace: list[tuple[int, float]] = []
    fuzzer_trace: list[float] = []
    child_rss = 0.0

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        nonlocal stuck, attempts, child_rss
        raw = data.draw(message(addresses, big_mb=args.big_mb))
        sizes.append(len(raw))
        parent.send(raw)
        crash, dt, moved, tried, child_rss = parent.recv()
        if crash:
            crashes.append(crash)
        times.append(dt)
        slow.append((dt, shape(raw), len(raw)))
        stuck += not moved
        attempts = tried
        if len(times) % 1000 == 0:
            rss_trace.append((len(times), child_rss))
            fuzzer_trace.append(rss_mb())
            print(
                f"  {len(times)} messages, pipeline rss {child_rss:.0f} MB, fuzzer rss {rss_mb():.0f} MB",
                file=sys.stderr,
                flush=True,
            )

    started = time.monotonic()
    run()
    wall = time.monotonic() - started
    parent.send(None)
    peak, kinds = parent.recv()
    child.join(60)
    load = os.getloadavg()
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [0.0] * 99
    print(
        f"messages generated:         {len(sizes)} ({sum(sizes) / 2**20:.0f} MB in all, largest {max(sizes) / 2**20:.1f} MB)"
    )
    print(f"crashes:                    {len(crashes)}")
    print(f"checkpoint not advanced:    {stuck}")
    print(f"network/process attempts:   {attempts}")
    print(f"stored by kind:             {dict(kinds)}")
    print(
        f"time per message:           p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {max(times):.2f} s"
    )
    print(f"pipeline peak RSS:          {peak:.0f} MB (its own process; the fuzzer's bookkeeping is apart)")
    print("pipeline RSS along the run: " + ", ".join(f"{n}: {r:.0f} MB" for n, r in rss_trace))
    print("fuzzer (hypothesis) RSS:    " + ", ".join(f"{r:.0f} MB" for r in fuzzer_trace))
    print(f"wall time:                  {wall:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    by_shape: dict[str, list[float]] = collections.defaultdict(list)
    for dt, label, _n in slow:
        by_shape[label].append(dt)
    print("slowest kinds of input (max / mean seconds, count):")
    for label, ts in sorted(by_shape.items(), key=lambda kv: -max(kv[1]))[:8]:
        print(f"  {label:24} {max(ts):6.2f} / {statistics.mean(ts):6.3f}  ({len(ts)})")
    for c in crashes[:5]:
        print("CRASH:", c)
    if admin is not None:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    sys.exit(1 if crashes or stuck or attempts else 0)


if __name__ == "__main__":
    main()
