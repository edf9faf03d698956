"""Webhook throughput with signature checks: requests/s the hook sustains while p95 stays under 100 ms.

    python bench/bench_hooks.py [--seconds 8] [--levels 1,4,8,16,32] [--targets 50] [--pg]

The hooks app (monitor.hooks.create_hooks_app under uvicorn, one process, as `replywatch run`
serves it on web.hooks_port) runs in a child process; this process is the load generator (an
httpx async client). Every request is a distinct, correctly signed event (Twilio's
X-Twilio-Signature over form params, or the generic HMAC-SHA256 JSON scheme, alternating),
so each one is verified, parsed, matched against the waiting callback probes and stored:
the full path, not a cached answer. Prints, per concurrency level, requests/s, p50/p95/max
latency and the error count, then the best level whose p95 is under 100 ms. Loopback only;
SQLite in a temp directory (``--pg`` uses the local PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from monitor.telephony.generic import sign as sign_generic  # noqa: E402

TOKEN, SECRET = "bench-twilio-token", "bench-generic-secret"
PERSONAS = ("+79123456701", "+79123456702")


def config_text(db: str, targets: int) -> str:
    lines = [
        f"database: {db}",
        "timezone: Europe/Moscow",
        "shopper:",
        "  personas: [{first_name: Анна, phone: '+7 912 345-67-01'}, {first_name: Игорь, phone: '+7 912 345-67-02'}]",
        "  questions: ['Перезвоните мне']",
        "telephony: {twilio: {}}",
        "targets:",
    ]
    for i in range(targets):
        lines += [
            f"  - name: shop{i}",
            f"    url: http://127.0.30.{i % 250 + 1}/",
            f"    phones: ['+7 343 {i:03d}-00-00']",
            f"    touchpoints: [{{kind: callback, url: http://127.0.30.{i % 250 + 1}/}}]",
        ]
    return "\n".join(lines) + "\n"


def serve(config: str, port: int) -> None:
    """The child: seed waiting callback probes, then serve the hooks until killed."""
    from datetime import timedelta

    import uvicorn

    from monitor.clock import SystemClock
    from monitor.config import load_config
    from monitor.hooks import create_hooks_app
    from monitor.store import repo
    from monitor.store.db import make_engine, session_factory, transaction, upgrade

    cfg = load_config(config)
    engine = make_engine(cfg.database_url())
    upgrade(engine)
    factory = session_factory(engine)
    clock = SystemClock()
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        for tp in repo.touchpoints_for(s, cfg, None):
            p = repo.create_probe(s, cfg, tp, scheduled_at=clock.now(), deadline=timedelta(hours=2))
            repo.claim_probe(s, p.id, "bench", clock.now())
            repo.mark_submitted(s, p.id, submitted_at=clock.now(), evidence=[], details={}, message_id=None)
    uvicorn.run(
        create_hooks_app(cfg, factory, clock),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


def twilio_request(base: str, targets: int) -> tuple[str, bytes, dict[str, str]]:
    shop = secrets.randbelow(targets)
    params = {
        "AccountSid": "AC" + "0" * 32,
        "CallSid": "CA" + secrets.token_hex(16),
        "From": f"+7343{shop:03d}0000",
        "To": PERSONAS[shop % 2],
        "CallStatus": "ringing",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
    }
    url = f"{base}/hooks/twilio"
    sig = RequestValidator(TOKEN).compute_signature(url, params)
    return (
        url,
        urlencode(params).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig},
    )


def generic_request(base: str, targets: int) -> tuple[str, bytes, dict[str, str]]:
    shop = secrets.randbelow(targets)
    body = json.dumps(
        {
            "channel": "call",
            "id": secrets.token_hex(12),
            "from": f"+7343{shop:03d}0000",
            "to": PERSONAS[shop % 2],
            "duration": 30,
        }
    ).encode()
    stamp = int(time.time())
    return (
        f"{base}/hooks/calls",
        body,
        {
            "Content-Type": "application/json",
            "X-Replywatch-Timestamp": str(stamp),
            "X-Replywatch-Signature": sign_generic(SECRET, stamp, body),
        },
    )


async def level(base: str, concurrency: int, seconds: float, targets: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(n: int, client: httpx.AsyncClient) -> None:
        nonlocal errors
        i = n
        while time.monotonic() < end:
            url, body, headers = (twilio_request if i % 2 else generic_request)(base, targets)
            i += 1
            t0 = time.perf_counter()
            try:
                r = await client.post(url, content=body, headers=headers)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - t0)
            errors += 0 if ok else 1

    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        started = time.monotonic()
        await asyncio.gather(*(worker(n, client) for n in range(concurrency)))
        took = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    return {
        "c": concurrency,
        "n": len(ordered),
        "rps": len(ordered) / took,
        "p50": pct(50),
        "p95": pct(95),
        "max": ordered[-1] * 1000,
        "errors": errors,
    }


def cpu_seconds(pid: int) -> float:
    """The server process's user+system CPU time: a per-request cost the machine's other load does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"the hook server exited ({proc.returncode})")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("the hook server did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--levels", default="1,4,8,16,32")
    ap.add_argument("--targets", type=int, default=50)
    ap.add_argument("--pg", action="store_true", help="use a throw-away database on the local PostgreSQL")
    ap.add_argument("--serve", nargs=2, metavar=("CONFIG", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    from monitor.demo.dovecot import free_port

    with tempfile.TemporaryDirectory() as tmp:
        db, drop = f"sqlite:///{tmp}/hooks.db", None
        if args.pg:
            import psycopg

            name = f"rw_bench_{secrets.token_hex(4)}"
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            db, drop = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", name
        config = Path(tmp) / "replywatch.yaml"
        config.write_text(config_text(db, args.targets), encoding="utf-8")
        port = free_port()
        env = {**os.environ, "TWILIO_AUTH_TOKEN": TOKEN, "REPLYWATCH_HOOK_SECRET": SECRET}
        proc = subprocess.Popen([sys.executable, __file__, "--serve", str(config), str(port)], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_up(base, proc)
            print(
                f"hooks: one uvicorn process, {'PostgreSQL' if args.pg else 'SQLite'}, {args.targets} waiting "
                f"callback probes; load average {os.getloadavg()[0]:.1f}"
            )
            print(
                f"{'conc':>5} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7} "
                f"{'server CPU ms/req':>18}"
            )
            rows = []
            for c in [int(x) for x in args.levels.split(",")]:
                cpu0 = cpu_seconds(proc.pid)
                r = asyncio.run(level(base, c, args.seconds, args.targets))
                r["cpu_ms"] = (cpu_seconds(proc.pid) - cpu0) / max(r["n"], 1) * 1000
                rows.append(r)
                print(
                    f"{r['c']:>5.0f} {r['n']:>9.0f} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                    f"{r['max']:>8.1f} {r['errors']:>7.0f} {r['cpu_ms']:>18.2f}"
                )
            good = [r for r in rows if r["p95"] < 100 and not r["errors"]]
            best = max(good, key=lambda r: r["rps"]) if good else None
            print(f"load average after: {os.getloadavg()[0]:.1f}")
            print(
                "best with p95 < 100 ms: "
                + (
                    f"{best['rps']:.0f} req/s at concurrency {best['c']:.0f} (p95 {best['p95']:.0f} ms)"
                    if best
                    else "none"
                )
            )
            cpu = statistics.median(r["cpu_ms"] for r in rows)
            print(
                f"server CPU per request (median over levels): {cpu:.2f} ms, i.e. about {1000 / cpu:.0f} req/s "
                "per fully available core"
            )
        finally:
            proc.terminate()
            proc.wait(10)
            if drop:
                import psycopg

                with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')


if __name__ == "__main__":
    main()
