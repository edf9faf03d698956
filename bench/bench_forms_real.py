"""Form probes on the real-builder-markup blind corpus (tests/probes/form_real): pass rate, timing, pace.

    python bench/bench_forms_real.py [--concurrency 4] [--repeat 1] [--only a,b] [--table FILE]

Prints, per case, whether it ended as a person would (the status, what the shop received, the
timestamp within 1 s of the shop's receipt time), the probe's seconds and its step split
(details["timings"]), then the pass rate, timestamp error p50/max and probes per minute.
Loopback only.
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

from monitor.demo.formsites_extra import RawSites  # noqa: E402
from probes.browser import BrowserPool  # noqa: E402
from tests.probes.form_real import sites_apps, sites_builders  # noqa: E402
from tests.probes.form_real.cases import CASES, Case  # noqa: E402
from tests.probes.form_real.runner import Result, run_case  # noqa: E402


def row(r: Result) -> str:
    mark = "ok" if r.problem is None else "MISS"
    why = (r.problem or r.reason or "").replace("|", "/").replace("\n", " ")[:150]
    ts = f"{r.ts_error:+.2f}" if r.ts_error is not None else ""
    return f"| {r.case.site} | {r.case.builder} | {r.case.status} | {r.status} | {mark} | {r.seconds:.1f} | {ts} | {why} |"


async def one_round(
    sites: RawSites, pool: BrowserPool, tmp: Path, cases: list[Case], concurrency: int
) -> list[Result]:
    """All cases once, ``concurrency`` at a time on the shared browser, as the scheduler runs probes."""
    queue = list(cases)
    results: list[Result] = []

    async def worker() -> None:
        while queue:
            results.append(await run_case(sites, pool, tmp, queue.pop(0)))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


async def main(concurrency: int, only: set[str], table: str | None, repeat: int) -> None:
    sites = RawSites(sites_builders.build() + sites_apps.build(), base="127.0.75").start()
    cases = [c for c in CASES if not only or c.site in only]
    results: list[Result] = []
    errs: list[float] = []
    try:
        async with BrowserPool(concurrency=concurrency) as pool:
            with tempfile.TemporaryDirectory() as tmp:
                started = time.monotonic()
                for round_no in range(repeat):
                    sites.reset()
                    results = await one_round(sites, pool, Path(tmp) / str(round_no), cases, concurrency)
                    errs += [abs(r.ts_error) for r in results if r.ts_error is not None]
                wall = (time.monotonic() - started) / repeat
    finally:
        sites.stop()
    results.sort(key=lambda r: CASES.index(r.case))
    lines = [
        "| case | builder / shape | expected | got | verdict | s | ts err s | reason or problem |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *(row(r) for r in results),
    ]
    ok = sum(r.problem is None for r in results)
    summary = [
        f"passed {ok} of {len(results)} ({100 * ok / max(1, len(results)):.0f}%) in the last round of {repeat}, "
        f"concurrency {concurrency}, "
        f"wall {wall:.1f}s, {60 * len(results) / wall:.1f} probes/min, load average {os.getloadavg()[0]:.2f}"
    ]
    if errs:
        summary.append(
            f"timestamp |submitted_at - shop's receipt time| over {len(errs)} submissions: "
            f"p50 {statistics.median(errs):.3f}s, p95 {sorted(errs)[int(0.95 * (len(errs) - 1))]:.3f}s, "
            f"max {max(errs):.3f}s"
        )
    text = "\n".join(lines + [""] + summary)
    print(text)
    if table:
        Path(table).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--only", default="")
    ap.add_argument("--table")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    asyncio.run(main(a.concurrency, {s for s in a.only.split(",") if s}, a.table, a.repeat))
