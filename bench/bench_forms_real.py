"""Form probes on the real-builder-markup blind corpus (tests/probes/form_real): pass rate, timing, pace.

    python bench/bench_forms_real.py [--concurrency 4] [--only a,b] [--table FILE]

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
from tests.probes.form_real.cases import CASES  # noqa: E402
from tests.probes.form_real.runner import Result, run_case  # noqa: E402


def row(r: Result) -> str:
    mark = "ok" if r.problem is None else "MISS"
    why = (r.problem or r.reason or "").replace("|", "/").replace("\n", " ")[:150]
    ts = f"{r.ts_error:+.2f}" if r.ts_error is not None else ""
    return f"| {r.case.site} | {r.case.builder} | {r.case.status} | {r.status} | {mark} | {r.seconds:.1f} | {ts} | {why} |"


async def main(concurrency: int, only: set[str], table: str | None) -> None:
    sites = RawSites(sites_builders.build() + sites_apps.build(), base="127.0.75").start()
    cases = [c for c in CASES if not only or c.site in only]
    results: list[Result] = []
    try:
        async with BrowserPool(concurrency=concurrency) as pool:
            with tempfile.TemporaryDirectory() as tmp:
                started = time.monotonic()
                queue = list(cases)

                async def worker() -> None:
                    while queue:
                        case = queue.pop(0)
                        results.append(await run_case(sites, pool, Path(tmp), case))

                await asyncio.gather(*(worker() for _ in range(concurrency)))
                wall = time.monotonic() - started
    finally:
        sites.stop()
    results.sort(key=lambda r: CASES.index(r.case))
    lines = ["| case | builder / shape | expected | got | verdict | s | ts err s | reason or problem |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |", *(row(r) for r in results)]
    ok = sum(r.problem is None for r in results)
    errs = [abs(r.ts_error) for r in results if r.ts_error is not None]
    summary = [f"passed {ok} of {len(results)} ({100 * ok / max(1, len(results)):.0f}%), concurrency {concurrency}, "
               f"wall {wall:.1f}s, {60 * len(results) / wall:.1f} probes/min, load average {os.getloadavg()[0]:.2f}"]
    if errs:
        summary.append(f"timestamp |error| over {len(errs)} submissions: p50 {statistics.median(errs):.3f}s, "
                       f"max {max(errs):.3f}s")
    text = "\n".join(lines + [""] + summary)
    print(text)
    if table:
        Path(table).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--only", default="")
    ap.add_argument("--table")
    a = ap.parse_args()
    asyncio.run(main(a.concurrency, {s for s in a.only.split(",") if s}, a.table))
