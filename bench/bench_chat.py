"""Chat watching figures on this machine: held pages vs reopen-later, and timing error vs true send times.

Runs the demo chat sites on loopback and the real probe in one Chromium:
- memory per held chat watch (PSS of the Chromium processes this script started,
  divided by the number of open chat pages) for 1..N concurrent held watches;
- memory per parked (reopen-later) watch (its storage-state file; no page) and
  the time one reopen takes;
- timing error of detected answers (live and reopened) against the demo
  server's true send times.

- the blind corpus (tests/probes/chat/blind): pass rate over all widgets, and the
  answer-time error (|our time of the person's answer - the shop's true send time|)
  per mount kind (page DOM, iframe incl. cross-origin, shadow root) over every
  answered chat of ``--blind-rounds`` rounds.

Usage: python bench/bench_chat.py [--max-held 40] [--timing-runs 16] [--blind-rounds 2] [--only blind,memory,timing,reopen]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the blind corpus lives in tests/

from monitor.demo.chatsites import ChatSites  # noqa: E402
from probes.base import Persona, ProbeEnv, ProbeTask  # noqa: E402
from probes.browser import BrowserPool  # noqa: E402
from probes.chat import capture  # noqa: E402
from probes.chat.probe import ChatProbe  # noqa: E402
from probes.chat.session import LiveChat  # noqa: E402
from probes.chat.vendors import get_adapter  # noqa: E402
from tests.probes.chat.blind.cases import CASES  # noqa: E402
from tests.probes.chat.blind.harness import run_all  # noqa: E402

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
    return ProbeTask(
        probe_id=i,
        token=f"t{i}",
        kind="chat",
        target="bench",
        persona=Persona("Анна", "Кузнецова", "+7 912 345-67-01", f"anna.t{i}@shopper.test"),
        question=QUESTION,
        subject="",
        evidence_dir=evidence / f"p{i}",
        url=url,
    )


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
            res = await asyncio.gather(
                *(ChatProbe().submit(t, env) for t in batch[chunk : chunk + 8]), return_exceptions=True
            )
            failed += sum(1 for r in res if isinstance(r, BaseException))
        n = target
        await asyncio.sleep(1.0)
        pss = tree_pss_mb(os.getpid())
        held = len(keeper.live)
        print(
            f"{held:12d} | {pss:12.0f} | {(pss - base) / max(held, 1):12.1f} | {time.monotonic() - t0:.1f}"
            + (f"  ({failed} probes failed so far)" if failed else "")
        )
    # park them all: storage state on disk, pages closed
    sizes = []
    t0 = time.monotonic()
    for pid, live in list(keeper.live.items()):
        path = await live.park(evidence / f"p{pid}")
        sizes.append(path.stat().st_size)
    print(
        f"parked {len(sizes)} in {time.monotonic() - t0:.1f}s; storage state per watch: "
        f"{statistics.mean(sizes) / 1024:.1f} KB on disk, after parking PSS {tree_pss_mb(os.getpid()):.0f} MB"
    )
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
    print(
        f"reopen + read (no settle wait): median {statistics.median(durations):.2f}s, max {max(durations):.2f}s"
    )


async def timing(sites: ChatSites, pool: BrowserPool, runs: int, evidence: Path) -> None:
    keeper = Keeper()
    env = ProbeEnv(browser=pool, extras={"chat_watcher": keeper})
    cases = [(WIDGETS[i % len(WIDGETS)], ("greet_human", "bot_human")[i % 2], f"tm{i}") for i in range(runs)]
    tasks = [task(1000 + i, sites.url(w, s, run=r, delay=4), evidence) for i, (w, s, r) in enumerate(cases)]
    for chunk in range(0, len(tasks), 8):
        await asyncio.gather(
            *(ChatProbe().submit(t, env) for t in tasks[chunk : chunk + 8]), return_exceptions=True
        )
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
        lat_err.append(
            abs((human.at - held.question_at).total_seconds() * 1000 - (truth["ts"] - visitor["ts"]))
        )
        await held.close()
    print(f"live timing over {len(send_err)} answered chats ({misses} missed):")
    print(
        f"  |detected - true send time|: median {statistics.median(send_err):.0f} ms, max {max(send_err):.0f} ms"
    )
    print(
        f"  |detected latency - true latency|: median {statistics.median(lat_err):.0f} ms, max {max(lat_err):.0f} ms"
    )


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
        ad = get_adapter(live.vendor)
        if live.vendor != "unknown":
            await ad.ready(page)
        await ad.open(page)
        await asyncio.sleep(1.5)
        _, msgs, _ = await capture.snapshot(page, QUESTION)
        new = live.ingest_snapshot(msgs, parked_at=None, now=datetime.now(UTC))
        await ctx.close()
        truth = sites.find(f"rt{i}")[0].first_human()
        human = next((r for r in new if r.kind == "human"), None)
        err = abs(human.at.timestamp() * 1000 - truth["ts"]) if human and truth else float("nan")
        print(
            f"  reopened {w:15s} shows {shown:9s}: resolution {human.resolution if human else '-':18s} error {err:.0f} ms"
        )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f}"


async def blind(rounds: int, batch: int) -> None:
    """Every blind widget, ``rounds`` times: pass rate, and answer-time error per mount kind."""
    errors: dict[str, list[float]] = {"page": [], "iframe": [], "shadow": []}
    xorigin: list[float] = []
    for r in range(rounds):
        print(f"blind round {r + 1} ({load()})")
        results = await run_all(list(CASES), batch=batch, delay=5.0)
        for x in results:
            print("  " + x.row())
        print(
            f"  passed {sum(x.ok for x in results)} of {len(results)}; failed: "
            f"{', '.join(x.case.id + ' (' + x.got + ')' for x in results if not x.ok) or 'none'}"
        )
        for x in results:
            if x.error_s is not None:
                errors["iframe" if x.case.mount in ("iframe", "xorigin") else x.case.mount].append(x.error_s)
                if x.case.mount == "xorigin":
                    xorigin.append(x.error_s)
    print("answer-time error |ours - true send time| by mount kind (answered chats):")
    for kind, errs in [*errors.items(), ("(of which cross-origin iframe)", xorigin)]:
        if errs:
            print(
                f"  {kind:32s} n={len(errs):3d}  p50 {statistics.median(errs) * 1000:6.0f} ms  max {max(errs) * 1000:6.0f} ms"
            )
    everything = [e for v in errors.values() for e in v]
    print(
        f"  all: n={len(everything)} p50 {statistics.median(everything) * 1000:.0f} ms, max {max(everything) * 1000:.0f} ms, "
        f"within 1 s: {sum(e <= 1.0 for e in everything)} of {len(everything)}  ({load()})"
    )


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-held", type=int, default=40)
    ap.add_argument("--timing-runs", type=int, default=16)
    ap.add_argument("--blind-rounds", type=int, default=2)
    ap.add_argument("--batch", type=int, default=6)
    ap.add_argument("--only", default="memory,timing,reopen,blind")
    args = ap.parse_args()
    only = set(args.only.split(","))
    if "blind" in only:
        await blind(args.blind_rounds, args.batch)
    if not only & {"memory", "timing", "reopen"}:
        return
    steps = [s for s in (1, 5, 10, 20, 40, 80) if s <= args.max_held]
    sites = ChatSites()
    await sites.start()
    pool = BrowserPool(concurrency=64)
    await pool.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"cpus: {os.cpu_count()}, {load()}")
            if "memory" in only:
                await held_memory(sites, pool, steps, Path(tmp))
            if "timing" in only:
                await timing(sites, pool, args.timing_runs, Path(tmp))
            if "reopen" in only:
                print("reopen-later timing:")
                await reopen_timing(sites, pool, Path(tmp))
            print(load())
    finally:
        await pool.close()
        await sites.stop()


if __name__ == "__main__":
    asyncio.run(main())
