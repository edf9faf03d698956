"""`replywatch worker` (procrastinate, PostgreSQL) SIGKILLed mid-probe and mid-chat, against local shops.

    python bench/bench_faults_worker.py [--kills 10]

A private PostgreSQL cluster (tests/fixtures/private_pg.py), `replywatch run` as the scheduler
(it also reopens parked chats) and one `replywatch worker` executing form, e-mail and
chat probes against the local shops. The worker (its whole process group, Chromium
included) is killed --kills times, each time while it is inside a probe: alternately
a chat probe (page open, question being typed or the chat being watched) and a form
or e-mail probe; it is restarted at once. Prints the audit of tests/fixtures/fault_world.py plus,
for chats, how many questions the chat servers received against how many chat probes
ever began sending (a repeated chat question would exceed it).
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.fault_world import World, audit, final_sweep, kill_group, rows, start_cli, wait_settled  # noqa: E402
from tests.fixtures.private_pg import PrivatePostgres  # noqa: E402


def running_of(url: str, pid: int) -> list[tuple[str, bool]]:
    """(kind, submit started) of the probes the worker with ``pid`` is executing now."""
    probes, _ = rows(url)
    return [
        (p.kind, p.submit_started_at is not None)
        for p in probes
        if p.status == "running" and (p.claimed_by or "").endswith(f":{pid}")
    ]


def chat_truth(world: World) -> tuple[int, int]:
    """(questions the chat servers received, conversations holding more than one)."""
    convs = list(world.world.chats.conversations.values())
    asked = [sum(1 for m in c.messages if m["from"] == "visitor") for c in convs]
    return sum(asked), sum(1 for n in asked if n > 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=10)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rw-worker-"))
    pg = PrivatePostgres().start()
    url = pg.create_database()
    world = World(work).start()
    cfg = work / "replywatch.yaml"
    text = world.config(database=url, interval="40s", touchpoints="[form, email, chat]")
    cfg.write_text(
        text.replace("browser: {", "worker: {backend: procrastinate, concurrency: 2}\nbrowser: {"),
        encoding="utf-8",
    )
    env = world.env()
    subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    run = start_cli(cfg, env, work / "run.log", "run", "--no-web")
    worker = start_cli(cfg, env, work / "worker.log", "worker", "--concurrency", "2")
    started = time.monotonic()
    kills: list[str] = []
    try:
        want_chat = True
        deadline = time.monotonic() + 60 * 30
        while len(kills) < args.kills and time.monotonic() < deadline:
            inside = running_of(url, worker.pid)
            hit = [k for k, _ in inside if (k == "chat") == want_chat]
            if not hit:
                time.sleep(0.3)
                continue
            time.sleep(0.5 + (len(kills) % 4))  # a different moment of the probe each time
            inside = running_of(url, worker.pid)
            if not any((k == "chat") == want_chat for k, _ in inside):
                continue
            kill_group(worker, signal.SIGKILL)
            kills.append(", ".join(f"{k}{' (submitting)' if s else ''}" for k, s in inside))
            print(f"  kill {len(kills)}: worker was inside {kills[-1]}", flush=True)
            want_chat = not want_chat
            worker = start_cli(cfg, env, work / "worker.log", "worker", "--concurrency", "2")
        time.sleep(30)
        cfg.write_text(cfg.read_text().replace("interval: 40s", "interval: 7d"), encoding="utf-8")
        kill_group(run, signal.SIGTERM)
        run = start_cli(cfg, env, work / "run.log", "run", "--no-web")
        wait_settled(world, url, quiet=60, timeout=400)
        for p in (worker, run):
            kill_group(p, signal.SIGTERM)
        late = final_sweep(world, cfg)
        result = audit(world, url)
        probes, replies = rows(url)
        asked, repeated = chat_truth(world)
        begun = sum(1 for p in probes if p.kind == "chat" and p.submit_started_at is not None)
        load = os.getloadavg()
        print(
            f"worker kills:                     {len(kills)} ({sum('chat' in k for k in kills)} inside a chat probe)"
        )
        for k, v in result.items():
            print(
                f"{k + ':':34}{json.dumps(v, default=str, ensure_ascii=False) if not isinstance(v, int) else v}"
            )
        print(
            f"chat questions received by shops: {asked}; chat probes that began sending: {begun}; "
            f"conversations asked twice: {repeated}"
        )
        print(
            f"chat probes by state:             {dict((s, sum(1 for p in probes if p.kind == 'chat' and p.status == s)) for s in sorted({p.status for p in probes if p.kind == 'chat'}))}"
        )
        print(f"chat replies stored:              {sum(1 for r in replies if r.channel == 'chat')}")
        print(
            f"still running or scheduled:       {sum(1 for p in probes if p.status in ('running', 'scheduled'))}"
        )
        print(f"read by the final sweep:          {late} (delivered after the last daemon stopped)")
        print(
            f"wall time {time.monotonic() - started:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        print(f"work directory (logs, database):  {work}")
    finally:
        for p in (worker, run):
            if p.poll() is None:
                kill_group(p, signal.SIGKILL)
        world.stop()
        pg.close()


if __name__ == "__main__":
    main()
