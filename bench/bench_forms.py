"""Form probes on the local demo shops: throughput, browser memory and detection quality.

    python bench/bench_forms.py [--probes 16] [--levels 1,2,4]

Prints, per concurrency level, probes per minute with the shared browser (one Chromium,
a fresh context per probe) and with a new browser per probe (the naive baseline), the
peak RSS of all Chromium processes, and the share of shops whose form was found, filled
and judged correctly without any selector. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.demo.formsites import FormSites, Shop, build_shops  # noqa: E402
from probes.base import ProbeError, get_probe  # noqa: E402
from probes.browser import BrowserPool  # noqa: E402
from tests.fixtures.forms_env import PERSONA, QUESTION, make_env, make_task  # noqa: E402

THROUGHPUT_SHOPS = ["labelled", "ajax", "modal", "csrf", "english", "iframe", "bitrix", "cf7"]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    return kids


def chromium_rss_mb(field: str = "Pss:") -> float:
    """Memory of our Chromium descendants (renderers, GPU, utility processes included).

    PSS splits shared pages between processes, so the sum is what the browser really costs;
    plain RSS (``field="Rss:"``) counts the shared libraries once per process.
    """
    kids = _children()
    todo, total = [os.getpid()], 0
    while todo:
        pid = todo.pop()
        for c in kids.get(pid, []):
            todo.append(c)
            try:
                cmd = open(f"/proc/{c}/cmdline", "rb").read()
                if b"chrom" not in cmd:
                    continue
                for line in open(f"/proc/{c}/smaps_rollup"):
                    if line.startswith(field):
                        total += int(line.split()[1])
            except OSError:
                continue
    return total / 1024


class Peak:
    def __init__(self) -> None:
        self.mb = 0.0
        self.rss = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.mb = max(self.mb, await asyncio.to_thread(chromium_rss_mb))
            self.rss = max(self.rss, await asyncio.to_thread(chromium_rss_mb, "Rss:"))
            await asyncio.sleep(0.25)

    def __enter__(self) -> Peak:
        self._task = asyncio.ensure_future(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task:
            self._task.cancel()


async def one(pool: BrowserPool, shop: Shop, tmp: Path) -> str:
    env, _ = make_env(pool)
    try:
        await get_probe("form").submit(make_task(shop.url_for(shop.start_path), tmp, "form"), env)
        return "submitted"
    except ProbeError as exc:
        return exc.status


async def shared(shops: list[Shop], n: int, level: int, tmp: Path) -> tuple[float, Peak, int]:
    pool = BrowserPool(concurrency=level)
    await pool.start()
    with Peak() as peak:
        t = time.monotonic()
        res = await asyncio.gather(
            *(one(pool, shops[i % len(shops)], tmp / f"s{level}-{i}") for i in range(n))
        )
        dt = time.monotonic() - t
    await pool.close()
    return n / dt * 60, peak, res.count("submitted")


async def naive(shops: list[Shop], n: int, level: int, tmp: Path) -> tuple[float, Peak, int]:
    sem = asyncio.Semaphore(level)

    async def fresh(i: int) -> str:
        async with sem:
            pool = BrowserPool(concurrency=1)
            await pool.start()
            try:
                return await one(pool, shops[i % len(shops)], tmp / f"n{level}-{i}")
            finally:
                await pool.close()

    with Peak() as peak:
        t = time.monotonic()
        res = await asyncio.gather(*(fresh(i) for i in range(n)))
        dt = time.monotonic() - t
    return n / dt * 60, peak, res.count("submitted")


def received_right(shop: Shop, kind: str) -> bool:
    """The shop got the persona's contact and (for question forms) the question, and nothing in traps."""
    got = shop.accepted
    if len(got) != 1:
        return False
    values = set(got[0].fields.values())
    contact = PERSONA.email in values or any(v.replace(" ", "").endswith("345-67-01") for v in values)
    traps_empty = all(not got[0].fields.get(k) for k in ("website", "email_confirm"))
    return contact and traps_empty and (kind == "callback" or QUESTION in values)


async def quality(sites: FormSites, tmp: Path) -> tuple[int, int, list[str]]:
    ok, misses = 0, []
    async with BrowserPool(concurrency=1) as pool:
        for shop in sites:
            kind = "callback" if shop.kind == "callback" else "form"
            env, _ = make_env(pool)
            try:
                await get_probe(kind).submit(
                    make_task(shop.url_for(shop.start_path), tmp / shop.name, kind), env
                )
                status = "submitted"
            except ProbeError as exc:
                status = exc.status
            right = status == shop.expect and (status != "submitted" or received_right(shop, kind))
            ok += right
            if not right:
                misses.append(f"{shop.name}: {status}")
    return ok, len(sites.shops), misses


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--probes", type=int, default=16)
    ap.add_argument("--levels", default="1,2,4")
    args = ap.parse_args()
    sites = FormSites(build_shops(), base="127.0.65").start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    try:
        shops = [sites[n] for n in THROUGHPUT_SHOPS]
        print(f"{os.cpu_count()} CPUs, {args.probes} form probes per run over {len(shops)} shops")
        print("peak memory of all Chromium processes: PSS (RSS in brackets), MB")
        print(
            f"{'conc':>4} | {'shared/min':>10} {'peak MB':>12} {'ok':>3} | {'naive/min':>9} {'peak MB':>12} {'ok':>3}"
        )
        for level in (int(x) for x in args.levels.split(",")):
            s_rate, s_mb, s_ok = await shared(shops, args.probes, level, tmp)
            sites.reset()
            n_rate, n_mb, n_ok = await naive(shops, args.probes, level, tmp)
            sites.reset()
            sm, nm = f"{s_mb.mb:.0f} ({s_mb.rss:.0f})", f"{n_mb.mb:.0f} ({n_mb.rss:.0f})"
            print(f"{level:>4} | {s_rate:>10.1f} {sm:>12} {s_ok:>3} | {n_rate:>9.1f} {nm:>12} {n_ok:>3}")
        ok, total, misses = await quality(sites, tmp)
        print(
            f"detection quality without selectors: {ok}/{total} shops = {ok / total:.0%} "
            f"(found, filled correctly and judged as expected)" + (f"; misses: {misses}" if misses else "")
        )
    finally:
        sites.stop()


if __name__ == "__main__":
    asyncio.run(main())
