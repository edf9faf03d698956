"""100 SIGKILLs of `replywatch run` at random moments of a running campaign, against local shops.

    python bench/bench_faults_kill.py [--kills 100] [--min 0] [--max 25] [--startup-share 0.2] [--seed 1]

The shops (forms in real Chromium, e-mail, answers by mail into a private Dovecot; see
tests/fixtures/fault_world.py) keep answering while the daemon is killed (its whole process group,
Chromium included, as a container kill would) and restarted at once, --kills times,
a share of them during start-up, the rest a random time after it. Then one last run catches up and is stopped with
SIGTERM. Prints, from the shops' own records against the database: kills survived,
questions and forms that reached a shop twice, probes claimed `submitted` that no shop
received, replies lost, replies stored twice, answered probes whose latency changed
between restarts or is off the true one (delivery minus receipt by the shop) by > 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.fault_world import (  # noqa: E402
    World,
    audit,
    final_sweep,
    kill_group,
    latencies,
    start_cli,
    wait_settled,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--min", type=float, default=0.0, help="shortest time after start-up before a kill (s)")
    ap.add_argument("--max", type=float, default=25.0, help="longest time after start-up before a kill (s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--startup-share", type=float, default=0.2, help="share of kills during start-up")
    ap.add_argument("--settle", type=float, default=240.0, help="seconds the last run gets to catch up")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="rw-kill-"))
    world = World(work).start()
    cfg = work / "replywatch.yaml"
    # Four probes at once: a form stuck in a slow Chromium start does not starve the e-mail probes.
    concurrent = "worker: {backend: inprocess, concurrency: 4}\n"
    cfg.write_text(concurrent + world.config(interval="120s"), encoding="utf-8")
    url = f"sqlite:///{work / 'replywatch.db'}"
    env = world.env()
    log = work / "run.log"
    started = time.monotonic()
    try:
        import subprocess

        subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "upgrade"],
            env=env,
            check=True,
            capture_output=True,
        )
        seen: dict[int, int] = {}
        changed: list[tuple[int, int, int]] = []
        survived = 0
        during_startup = 0
        for i in range(args.kills):
            ready_before = log.read_text("utf-8", "replace").count("scheduler started") if log.exists() else 0
            p = start_cli(cfg, env, log, "run", "--no-web")
            if rnd.random() < args.startup_share:  # killed while it starts (recovery, first sweep, Chromium)
                time.sleep(rnd.uniform(0.2, 6.0))
                during_startup += 1
            else:  # killed at a random moment of its work: probes, sweeps, replies
                end = time.monotonic() + 120
                while (
                    time.monotonic() < end
                    and log.read_text("utf-8", "replace").count("scheduler started") <= ready_before
                ):
                    time.sleep(0.1)
                time.sleep(rnd.uniform(args.min, args.max))
            if p.poll() is not None:
                print(f"run {i} exited by itself with {p.returncode}", flush=True)
            kill_group(p, signal.SIGKILL)
            survived += 1
            for pid, ms in latencies(url).items():
                if pid in seen and seen[pid] != ms:
                    changed.append((pid, seen[pid], ms))
                seen.setdefault(pid, ms)
            if i % 10 == 9:
                print(
                    f"  {i + 1} kills, {len(seen)} probes answered so far, {time.monotonic() - started:.0f} s",
                    flush=True,
                )
        p = start_cli(cfg, env, log, "run", "--no-web")
        time.sleep(20)
        (work / "replywatch.yaml").write_text(
            concurrent + world.config(interval="7d"), encoding="utf-8"
        )  # no new rounds
        kill_group(p, signal.SIGTERM)
        p = start_cli(cfg, env, log, "run", "--no-web")
        wait_settled(world, url, quiet=45, timeout=args.settle)
        kill_group(p, signal.SIGTERM)
        for pid, ms in latencies(url).items():
            if pid in seen and seen[pid] != ms:
                changed.append((pid, seen[pid], ms))
        late = final_sweep(world, cfg)
        result = audit(world, url)
        tracebacks = log.read_text("utf-8", "replace").count("Traceback")
        load = os.getloadavg()
        print(
            f"kills survived:                   {survived} of {args.kills} ({during_startup} during start-up, "
            f"the rest {args.min}-{args.max} s after it)"
        )
        print(f"latencies changed between runs:   {len(changed)} {changed[:5]}")
        for k, v in result.items():
            print(
                f"{k + ':':34}{json.dumps(v, default=str, ensure_ascii=False) if not isinstance(v, int) else v}"
            )
        print(f"read by the final sweep:          {late} (delivered after the last daemon stopped)")
        print(f"tracebacks in the daemon's log:   {tracebacks}")
        print(
            f"wall time {time.monotonic() - started:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        print(f"work directory (logs, database):  {work}")
    finally:
        world.stop()


if __name__ == "__main__":
    main()
