"""Chat watching figures on this machine: held pages vs reopen-later, and timing error vs true send times.

Runs the demo chat sites on loopback and the real probe in one Chromium:
- memory per held chat watch (PSS of the Chromium processes this script started,
  divided by the number of open chat pages) for 1..N concurrent held watches;
- memory per parked (reopen-later) watch (its storage-state file; no page) and
  the time one reopen takes;
- timing error of detected answers (live and reopened) against the demo
  server's true send times.

Usage: python bench/bench_chat.py [--max-held 40] [--timing-runs 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from monitor.demo.chatsites import ChatSites
from probes.base import Persona, ProbeEnv, ProbeTask
from probes.browser import BrowserPool
from probes.chat import ChatProbe, capture
from probes.chat.session import LiveChat

QUESTION = "Здравствуйте! Есть ли доставка в Екатеринбург?"
WIDGETS = ("jivo", "tawk", "livechat", "crisp", "tidio", "generic-iframe", "generic-shadow", "generic-ce")


class Keeper:
    def __init__(self) -> None:
        self.live: dict[int, LiveChat] = {}

    async def hold(self, probe_id: int, live: LiveChat, *, evidence_dir: Path) -> None:
        self.live[probe_id] = live


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            out.append(int(entry))
    return out


def tree_pss_mb(root: int) -> float:
    """PSS (shared pages split fairly) of all processes below ``root``, in MB."""
    total = 0
    todo = _children(root)
    while todo:
        pid = todo.pop()
        todo.extend(_children(pid))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def task(i: int, url: str, evidence: Path) -> ProbeTask:
    return ProbeTask(probe_id=i, token=f"t{i}", kind="chat", target="bench",
                     persona=Persona("Анна", "Кузнецова", "+7 912 345-67-01", f"anna.t{i}@shopper.test"),
                     question=QUESTION, subject="", evidence_dir=evidence / f"p{i}", url=url)


async def held_memory(sites: ChatSites, pool: BrowserPool, steps: list[int], evidence: Path) -> None:
    keeper = Keeper()
    env = ProbeEnv(browser=pool, extras={"chat_watcher": keeper})
    base = tree_pss_mb(os.getpid())
    print(f"chromium baseline (browser, no pages): {base:.0f} MB PSS")
    print("held watches | total PSS MB | per watch MB | open time s (batch)")
    n = failed = 0
    for target in steps:
        t0 = time.monotonic()
        batch = [task(i, sites.url(WIDGETS[i % len(WIDGETS)], "nobody"), evidence) for i in range(n, target)]
        for chunk in range(0, len(batch), 8):
            res = await asyncio.gather(*(ChatProbe().submit(t, env) for t in batch[chunk:chunk + 8]),
                                       return_exceptions=True)
            failed += sum(1 for r in res if isinstance(r, BaseException))
        n = target
        await asyncio.sleep(1.0)
        pss = tree_pss_mb(os.getpid())
        held = len(keeper.live)
        print(f"{held:12d} | {pss:12.0f} | {(pss - base) / max(held, 1):12.1f} | {time.monotonic() - t0:.1f}"
              + (f"  ({failed} probes failed so far)" if failed else ""))
    # park them all: storage state on disk, pages closed
    sizes = []
    t0 = time.monotonic()
    for pid, live in list(keeper.live.items()):
        path = await live.park(evidence / f"p{pid}")
        sizes.append(path.stat().st_size)
    print(f"parked {len(sizes)} in {time.monotonic() - t0:.1f}s; storage state per watch: "
          f"{statistics.mean(sizes) / 1024:.1f} KB on disk, after parking PSS {tree_pss_mb(os.getpid()):.0f} MB")
    # one reopen: what a parked watch costs per check
    durations = []
    for pid in list(keeper.live)[:6]:
        t1 = time.monotonic()
        ctx = await pool.new_context(storage_state=str(evidence / f"p{pid}" / "chat-storage-state.json"))
        await capture.install(ctx)
        page = await ctx.new_page()
        await page.goto(keeper.live[pid].url, wait_until="load")
        await capture.snapshot(page, QUESTION)
        await ctx.close()
        durations.append(time.monotonic() - t1)
    print(f"reopen + read (no settle wait): median {statistics.median(durations):.2f}s, max {max(durations):.2f}s")


async def timing(sites: ChatSites, pool: BrowserPool, runs: int, evidence: Path) -> None:
    keeper = Keeper()
    env = ProbeEnv(browser=pool, extras={"chat_watcher": keeper})
    cases = [(WIDGETS[i % len(WIDGETS)], ("greet_human", "bot_human")[i % 2], f"tm{i}") for i in range(runs)]
    tasks = [task(1000 + i, sites.url(w, s, run=r, delay=4), evidence) for i, (w, s, r) in enumerate(cases)]
    for chunk in range(0, len(tasks), 8):
        await asyncio.gather(*(ChatProbe().submit(t, env) for t in tasks[chunk:chunk + 8]), return_exceptions=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for live in keeper.live.values():
            live.ingest()
        if all(any(r.kind == "human" for r in lv.records) for lv in keeper.live.values()):
            break
        await asyncio.sleep(0.3)
    send_err, lat_err, misses = [], [], 0
    for i, (_w, _s, run) in enumerate(cases):
        held = keeper.live.get(1000 + i)
        conv = sites.find(run)[0]
        human = next((r for r in (held.records if held else []) if r.kind == "human"), None)
        truth, visitor = conv.first_human(), conv.visitor_message()
        if held is None or human is None or held.question_at is None or truth is None or visitor is None:
            misses += 1
            continue
        send_err.append(abs(human.at.timestamp() * 1000 - truth["ts"]))
        lat_err.append(abs((human.at - held.question_at).total_seconds() * 1000 - (truth["ts"] - visitor["ts"])))
        await held.close()
    print(f"live timing over {len(send_err)} answered chats ({misses} missed):")
    print(f"  |detected - true send time|: median {statistics.median(send_err):.0f} ms, max {max(send_err):.0f} ms")
    print(f"  |detected latency - true latency|: median {statistics.median(lat_err):.0f} ms, max {max(lat_err):.0f} ms")


async def reopen_timing(sites: ChatSites, pool: BrowserPool, evidence: Path) -> None:
    """Answers that came while parked: precision is what the widget displays."""
    keeper = Keeper()
    env = ProbeEnv(browser=pool, extras={"chat_watcher": keeper})
    cases = [("generic-shadow", "iso"), ("crisp", "HH:MM:SS"), ("jivo", "HH:MM")]
    for i, (w, _) in enumerate(cases):
        await ChatProbe().submit(task(2000 + i, sites.url(w, "late", run=f"rt{i}", delay=3), evidence), env)
    for i in range(len(cases)):
        await keeper.live[2000 + i].park(evidence / f"p{2000 + i}")
    await asyncio.sleep(4)
    for i, (w, shown) in enumerate(cases):
        live = keeper.live[2000 + i]
        ctx = await pool.new_context(storage_state=str(evidence / f"p{2000 + i}" / "chat-storage-state.json"))
        await capture.install(ctx)
        page = await ctx.new_page()
        await page.goto(live.url, wait_until="load")
        from probes.chat.vendors import get_adapter

        ad = get_adapter(live.vendor)
        if live.vendor != "unknown":
            await ad.ready(page)
        await ad.open(page)
        await asyncio.sleep(1.5)
        _, msgs, _ = await capture.snapshot(page, QUESTION)
        from datetime import UTC, datetime

        new = live.ingest_snapshot(msgs, parked_at=None, now=datetime.now(UTC))
        await ctx.close()
        truth = sites.find(f"rt{i}")[0].first_human()
        human = next((r for r in new if r.kind == "human"), None)
        err = abs(human.at.timestamp() * 1000 - truth["ts"]) if human and truth else float("nan")
        print(f"  reopened {w:15s} shows {shown:9s}: resolution {human.resolution if human else '-':18s} error {err:.0f} ms")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-held", type=int, default=40)
    ap.add_argument("--timing-runs", type=int, default=16)
    args = ap.parse_args()
    steps = [s for s in (1, 5, 10, 20, 40, 80) if s <= args.max_held]
    sites = ChatSites()
    await sites.start()
    pool = BrowserPool(concurrency=64)
    await pool.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"cpus: {os.cpu_count()}")
            await held_memory(sites, pool, steps, Path(tmp))
            await timing(sites, pool, args.timing_runs, Path(tmp))
            print("reopen-later timing:")
            await reopen_timing(sites, pool, Path(tmp))
    finally:
        await pool.close()
        await sites.stop()


if __name__ == "__main__":
    asyncio.run(main())
