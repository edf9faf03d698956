"""Mail loop figures against a private Dovecot: detection lag, catch-up speed, latency accuracy.

    python bench/bench_mail.py [--catchup 10000] [--lag 40] [--accuracy 100] [--poll 2]

Prints:
- detection lag (LMTP delivery accepted -> reply stored), p50/p95, with IDLE and with polling;
- catch-up: messages per second swept after downtime with N messages waiting;
- latency accuracy: measured minus true latency over N replies with known delivery times.
Loopback only; SQLite database in a temp directory (pass --pg for the local PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import smtplib
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from monitor.clock import SystemClock  # noqa: E402
from monitor.config import Config, load_config  # noqa: E402
from monitor.demo.dovecot import PrivateDovecot  # noqa: E402
from monitor.store import repo  # noqa: E402
from monitor.store.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from monitor.store.models import Probe, Reply  # noqa: E402
from monitor.watch.imap import InboxWatcher  # noqa: E402

CONFIG = """
database: {db}
timezone: UTC
data_dir: data
shopper:
  mailbox:
    imap: {{host: 127.0.0.1, port: {port}, tls: false, username: shopper, password_file: imap_pw,
            folders: [INBOX], idle: {idle}, poll_interval: {poll}s}}
    smtp: {{host: 127.0.0.1, port: 2525, starttls: false}}
    address_template: "{{first}}.{{token}}@shopper.test"
  personas: [{{first_name: Анна, phone: "+7 900 000-00-01"}}]
  questions: ["Есть ли доставка?"]
targets:
  - name: shop
    url: http://shop.test/
    touchpoints: [{{kind: email, to: info@shop.test}}]
"""


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def setup(
    dovecot: PrivateDovecot, work: Path, *, idle: bool, poll: float, db: str | None
) -> tuple[Config, object]:
    work.mkdir(parents=True, exist_ok=True)
    (work / "imap_pw").write_text("secret")
    url = db or f"sqlite:///{work / 'rw.db'}"
    (work / "replywatch.yaml").write_text(
        CONFIG.format(db=url, port=dovecot.imap_port, idle=str(idle).lower(), poll=poll), encoding="utf-8"
    )
    cfg = load_config(work / "replywatch.yaml")
    engine = make_engine(cfg.database_url())
    upgrade(engine)
    return cfg, session_factory(engine)


def message(i: int, to: str = "x@shopper.test", tag: str = "m") -> bytes:
    return (
        f"From: Ольга <olga@shop.test>\r\nTo: {to}\r\nSubject: Re: Вопрос {i}\r\n"
        f"Message-ID: <{tag}{i}@shop.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Здравствуйте! Да, есть. Ответ номер {i}.\r\n"
    ).encode()


async def detection_lag(
    dovecot: PrivateDovecot, work: Path, *, idle: bool, n: int, poll: float, db: str | None
) -> list[float]:
    cfg, factory = setup(dovecot, work, idle=idle, poll=poll, db=db)
    watcher = InboxWatcher(cfg, factory, SystemClock())  # type: ignore[arg-type]
    stored: dict[int, float] = {}
    watcher.on_stored = lambda rid: stored.__setitem__(rid, time.time())
    stop = asyncio.Event()
    task = asyncio.create_task(watcher.run(stop))
    await asyncio.sleep(1.0)
    delivered: dict[str, float] = {}
    tag = "idle" if idle else "poll"
    for i in range(n):
        await asyncio.to_thread(dovecot.deliver, "x@shopper.test", message(i, tag=tag))
        delivered[f"<{tag}{i}@shop.test>"] = time.time()
        await asyncio.sleep(random.uniform(0.05, 0.3))
    end = time.monotonic() + poll + 10
    while len(stored) < n and time.monotonic() < end:
        await asyncio.sleep(0.05)
    stop.set()
    await task
    with factory() as s:  # type: ignore[operator]
        keys = dict(s.execute(select(Reply.id, Reply.message_key)).all())
    return [stored[rid] - delivered[keys[rid]] for rid in stored if keys.get(rid) in delivered]


def deliver_many(dovecot: PrivateDovecot, n: int, *, lmtp: bool) -> float:
    """Fill the mailbox: by LMTP (like real delivery), or straight into the Maildir (much faster on a
    loaded machine; Dovecot then indexes them at the watcher's first SELECT, which the sweep pays for)."""
    start = time.monotonic()
    if lmtp:
        with smtplib.LMTP(dovecot.host, dovecot.lmtp_port) as conn:
            for i in range(n):
                conn.sendmail(
                    "shop@shop.test",
                    ["shopper@shopper.test"],
                    b"Delivered-To: x@shopper.test\r\n" + message(i, tag="c"),
                )
        return time.monotonic() - start
    with smtplib.LMTP(dovecot.host, dovecot.lmtp_port) as conn:  # creates the Maildir the normal way
        conn.sendmail("shop@shop.test", ["shopper@shopper.test"], message(-1, tag="c"))
    new = dovecot.root / "mail" / "shopper" / "Maildir" / "new"
    now = int(time.time())
    for i in range(n - 1):
        path = new / f"{now}.M{i}P{os.getpid()}.bench"
        path.write_bytes(b"Delivered-To: x@shopper.test\n" + message(i, tag="c").replace(b"\r\n", b"\n"))
        os.chown(path, 65534, 65534)
    return time.monotonic() - start


async def catch_up(
    dovecot: PrivateDovecot, work: Path, n: int, db: str | None, lmtp: bool
) -> tuple[float, float, int]:
    cfg, factory = setup(dovecot, work, idle=True, poll=60, db=db)
    fill = await asyncio.to_thread(deliver_many, dovecot, n, lmtp=lmtp)
    watcher = InboxWatcher(cfg, factory, SystemClock())  # type: ignore[arg-type]
    start = time.monotonic()
    done = await watcher.sweep_once()
    took = time.monotonic() - start
    return fill, took, done


async def accuracy(dovecot: PrivateDovecot, work: Path, n: int, db: str | None) -> list[float]:
    """Probes with known submission times get replies at known delivery times; compare latencies."""
    cfg, factory = setup(dovecot, work, idle=True, poll=60, db=db)
    with transaction(factory) as s:  # type: ignore[arg-type]
        repo.sync_config(s, cfg)
        tp = repo.touchpoints_for(s, cfg, None)[0]
        now = datetime.now(UTC)
        ids = []
        for _ in range(n):
            p = repo.create_probe(s, cfg, tp, scheduled_at=now)
            repo.claim_probe(s, p.id, "bench", now)
            ids.append(p.id)
    watcher = InboxWatcher(cfg, factory, SystemClock())  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(watcher.run(stop))
    true_latency: dict[int, float] = {}
    for i, pid in enumerate(ids):
        submitted = datetime.now(UTC)
        with transaction(factory) as s:  # type: ignore[arg-type]
            repo.mark_submitted(s, pid, submitted_at=submitted, evidence=[], details={}, message_id=None)
            addr = s.get(Probe, pid).reply_address  # type: ignore[union-attr]
        await asyncio.sleep(random.uniform(0.0, 0.3))  # "the shop thinks": lands anywhere within a second
        await asyncio.to_thread(dovecot.deliver, addr, message(i, to=addr, tag="a"))
        true_latency[pid] = (datetime.now(UTC) - submitted).total_seconds()
    end = time.monotonic() + 15
    while time.monotonic() < end:
        with factory() as s:  # type: ignore[operator]
            rows = dict(s.execute(select(Probe.id, Probe.latency_ms).where(Probe.id.in_(ids))).all())
        if all(v is not None for v in rows.values()):
            break
        await asyncio.sleep(0.1)
    stop.set()
    await task
    return [rows[pid] / 1000 - true_latency[pid] for pid in ids if rows.get(pid) is not None]


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lag", type=int, default=40, help="messages per detection-lag run")
    ap.add_argument("--poll", type=float, default=2.0, help="poll interval (s) for the polling run")
    ap.add_argument("--catchup", type=int, default=10000, help="messages waiting for the catch-up run")
    ap.add_argument("--accuracy", type=int, default=100, help="replies for the latency-accuracy run")
    ap.add_argument("--lmtp-fill", action="store_true", help="fill the catch-up mailbox by LMTP (slow)")
    ap.add_argument("--pg", default=None, help="a PostgreSQL URL instead of SQLite (database must exist)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rw-bench-mail-") as tmp:
        root = Path(tmp)
        for idle in (True, False):
            with PrivateDovecot() as dovecot:
                lags = await detection_lag(
                    dovecot, root / f"lag-{idle}", idle=idle, n=args.lag, poll=args.poll, db=args.pg
                )
            mode = "IDLE" if idle else f"polling every {args.poll:g}s"
            print(
                f"detection lag, {mode}: n={len(lags)}/{args.lag} p50={pct(lags, 50) * 1000:.0f} ms "
                f"p95={pct(lags, 95) * 1000:.0f} ms max={max(lags) * 1000:.0f} ms"
            )
        with PrivateDovecot() as dovecot:
            fill, took, done = await catch_up(
                dovecot, root / "catchup", args.catchup, args.pg, args.lmtp_fill
            )
        how = "LMTP" if args.lmtp_fill else "Maildir"
        print(
            f"catch-up: {done} messages waiting ({how} fill {fill:.1f}s); swept in {took:.1f}s = "
            f"{done / took:.0f} msgs/s"
        )
        with PrivateDovecot() as dovecot:
            errs = await accuracy(dovecot, root / "accuracy", args.accuracy, args.pg)
        absolute = [abs(e) for e in errs]
        print(
            f"latency accuracy (measured - true) over {len(errs)} replies: mean={statistics.mean(errs) * 1000:+.0f} ms "
            f"p50|err|={pct(absolute, 50) * 1000:.0f} ms p95|err|={pct(absolute, 95) * 1000:.0f} ms "
            f"max|err|={max(absolute) * 1000:.0f} ms within 1 s: {sum(a <= 1 for a in absolute)}/{len(errs)}"
        )


if __name__ == "__main__":
    asyncio.run(main())
