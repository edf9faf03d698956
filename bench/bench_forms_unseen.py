"""Form probes on the blind-test shops (tests/probes/form_unseen): detection quality and pace.

    python bench/bench_forms_unseen.py [--levels 1,4]

Per concurrency level: how many never-seen shops ended with the status a person would
give (submitted / failed with the shop's reason) AND, when submitted, whether the shop's
server got exactly one accepted submission carrying the probe's address (or phone, for
callbacks); plus seconds per probe and probes per minute. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.demo.formsites_extra import RawSites  # noqa: E402
from probes.base import ProbeError, get_probe  # noqa: E402
from probes.browser import BrowserPool  # noqa: E402
from tests.fixtures.forms_env import PERSONA, make_env, make_task  # noqa: E402
from tests.probes.form_unseen.sites import build  # noqa: E402

UA = replace(PERSONA, phone="+380 67 123 45 67")
# site, start path, touchpoint kind, persona, the status a careful person would give
CASES = [
    ("shadow", "/contacts", "form", PERSONA, "submitted"),
    ("spa", "/", "form", PERSONA, "submitted"),
    ("jsonerr", "/feedback", "form", PERSONA, "failed"),
    ("uamask", "/kontakty", "form", UA, "submitted"),
    ("trap", "/contacts", "form", PERSONA, "submitted"),
    ("sidetab", "/", "form", PERSONA, "submitted"),
    ("english", "/contact", "form", PERSONA, "submitted"),
    ("timed", "/", "callback", PERSONA, "submitted"),
    ("replace", "/", "form", PERSONA, "submitted"),
    ("cp1251", "/contacts.php", "form", PERSONA, "submitted"),
    ("floating", "/", "form", PERSONA, "submitted"),
    ("laravel", "/contacts", "form", PERSONA, "submitted"),
    ("overlay", "/contacts", "form", PERSONA, "submitted"),
    ("dialog", "/product/magnifica-s", "form", PERSONA, "submitted"),
    ("fab", "/", "callback", PERSONA, "submitted"),
    ("uapattern", "/seller/42", "form", UA, "submitted"),
    ("reviews", "/p/smarta", "form", PERSONA, "submitted"),
    ("alert", "/", "form", PERSONA, "submitted"),
    ("lazy", "/", "form", PERSONA, "submitted"),
    ("keyup", "/feedback", "form", PERSONA, "submitted"),
    ("iframetarget", "/vopros", "form", PERSONA, "submitted"),
    ("delayed", "/ask", "form", PERSONA, "submitted"),
    ("confirm", "/contacts", "form", PERSONA, "submitted"),
    ("numeric", "/", "callback", PERSONA, "submitted"),
    ("dropdown", "/feedback", "form", PERSONA, "failed"),
    ("uacallback", "/", "callback", UA, "submitted"),
    ("replyto", "/kontakty", "form", PERSONA, "submitted"),
    ("math", "/contacts", "form", PERSONA, "blocked"),
    ("number", "/", "callback", PERSONA, "submitted"),
    ("bootstrap", "/", "form", PERSONA, "submitted"),
    ("graphql", "/support", "form", PERSONA, "failed"),
    ("burger", "/", "form", PERSONA, "submitted"),
    ("keypress", "/", "callback", PERSONA, "submitted"),
]


async def _one(sites: RawSites, pool: BrowserPool, tmp: Path, case: tuple) -> tuple[str, bool, float]:  # type: ignore[type-arg]
    name, start, kind, persona, expect = case
    site = sites[name]
    env, _ = make_env(pool)
    task = make_task(site.url_for(start), tmp / name, kind, persona=persona)
    t0 = time.monotonic()
    try:
        await get_probe(kind).submit(task, env)
        status = "submitted"
    except ProbeError as exc:
        status = exc.status
    took = time.monotonic() - t0
    ok = status == expect
    if ok and expect == "submitted":
        want = persona.email if kind != "callback" else re.sub(r"\D", "", persona.phone)[-9:]
        carried = [
            r for r in site.accepted if any(want in re.sub(r"[^\w@.]", "", v) for v in r.fields.values())
        ]
        ok = len(site.accepted) == 1 and len(carried) == 1
    return f"{name}: {status}{'' if ok else ' (WRONG)'}", ok, took


async def _guarded(
    sem: asyncio.Semaphore, sites: RawSites, pool: BrowserPool, tmp: Path, case: tuple
) -> tuple[str, bool, float]:  # type: ignore[type-arg]
    async with sem:
        return await _one(sites, pool, tmp, case)


async def run(levels: list[int]) -> None:
    sites = RawSites(build()).start()
    try:
        for level in levels:
            sites.reset()
            pool = BrowserPool(concurrency=level)
            await pool.start()
            sem = asyncio.Semaphore(level)
            with tempfile.TemporaryDirectory() as d:
                t0 = time.monotonic()
                results = await asyncio.gather(*(_guarded(sem, sites, pool, Path(d), c) for c in CASES))
                wall = time.monotonic() - t0
            await pool.close()
            good = sum(ok for _, ok, _ in results)
            per = sum(t for _, _, t in results) / len(results)
            print(
                f"concurrency {level}: {good}/{len(results)} shops judged and filled correctly "
                f"({100 * good / len(results):.0f}%), {per:.1f} s per probe, "
                f"{60 * len(results) / wall:.1f} probes/min (wall {wall:.0f} s)"
            )
            for line, ok, _ in results:
                if not ok:
                    print("   ", line)
    finally:
        sites.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default="1,4")
    args = ap.parse_args()
    asyncio.run(run([int(x) for x in args.levels.split(",")]))


if __name__ == "__main__":
    main()
