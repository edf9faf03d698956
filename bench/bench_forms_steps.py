"""Where a form probe's time goes, step by step, and probes per minute at concurrency 1 and 4.

    python bench/bench_forms_steps.py [--probes 16] [--levels 1,4]

Runs the same eight demo shops as bench_forms.py (issue 5's throughput set: c=1 12.7, c=4 34.8
probes/min on the shared browser), on one shared Chromium. Prints probes per minute and the mean
seconds per step (load, find, fill, dwell, submit, confirm, from details["timings"]) plus what the
steps do not cover (context setup, screenshots, evidence). Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.demo.formsites import FormSites, Shop, build_shops  # noqa: E402
from probes.base import ProbeError, get_probe  # noqa: E402
from probes.browser import BrowserPool  # noqa: E402
from tests.fixtures.forms_env import make_env, make_task  # noqa: E402

SHOPS = ["labelled", "ajax", "modal", "csrf", "english", "iframe", "bitrix", "cf7"]
STEPS = ("load", "find", "fill", "dwell", "submit", "confirm")


async def one(pool: BrowserPool, shop: Shop, tmp: Path) -> tuple[str, dict[str, float]]:
    env, _ = make_env(pool)
    try:
        sub = await get_probe("form").submit(make_task(shop.url_for(shop.start_path), tmp, "form"), env)
        status, timings = "submitted", dict(sub.details.get("timings", {}))
    except ProbeError as exc:
        status, timings = f"{shop.name}: {exc.status}: {exc.reason}", dict(exc.details.get("timings", {}))
    return status, timings


async def level_run(shops: list[Shop], n: int, level: int, tmp: Path) -> None:
    async with BrowserPool(concurrency=level) as pool:
        await one(pool, shops[0], tmp / "warm")  # the first context pays Chromium's start
        todo = list(range(n))
        res: list[tuple[str, dict[str, float]]] = []

        async def worker() -> None:  # as the runner does: never more probes started than browser slots
            while todo:
                i = todo.pop(0)
                res.append(await one(pool, shops[i % len(shops)], tmp / f"{level}-{i}"))

        t = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(level)))
        wall = time.monotonic() - t
    ok = sum(r[0] == "submitted" for r in res)
    per = wall * level / n  # seconds one browser slot spends per probe
    steps = {s: statistics.mean(r[1].get(s, 0.0) for r in res) for s in STEPS}
    other = per - sum(steps.values())
    split = "  ".join(f"{s} {v:.2f}" for s, v in steps.items())
    print(
        f"c={level}: {n / wall * 60:5.1f} probes/min, {ok}/{n} submitted, {per:.2f} s per probe = {split}  "
        f"other {other:.2f}  (load average {os.getloadavg()[0]:.2f})"
    )
    for bad in sorted({r[0] for r in res if r[0] != "submitted"}):
        print("   not submitted:", bad[:200])


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--probes", type=int, default=16)
    ap.add_argument("--levels", default="1,4")
    args = ap.parse_args()
    sites = FormSites(build_shops(), base="127.0.66").start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-steps-"))
    try:
        shops = [sites[n] for n in SHOPS]
        for level in (int(x) for x in args.levels.split(",")):
            await level_run(shops, args.probes, level, tmp)
            sites.reset()
    finally:
        sites.stop()


if __name__ == "__main__":
    asyncio.run(main())
