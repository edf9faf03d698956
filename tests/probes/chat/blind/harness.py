"""Run blind-corpus cases end to end (runner + chat watcher + real Chromium) and judge each as a person would.

Used by tests/probes/chat/test_chat_blind.py, by ``python -m tests.probes.chat.blind.harness`` (which
prints the results table for RESULTS.md) and by bench/bench_chat.py.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from monitor.store.db import make_engine, session_factory, upgrade
from probes.browser import BrowserPool
from tests.probes.chat.blind.cases import CASES, Case
from tests.probes.chat.blind.server import BlindSites
from tests.probes.chat.conftest import Outcome, chat_config, make_watcher, probe_and_watch


@dataclass
class CaseResult:
    case: Case
    ok: bool
    got: str
    error_s: float | None = None  # |our time of the person's answer - the shop's true send time|
    latency_s: float | None = None
    details: dict[str, Any] = field(default_factory=dict)  # the probe's details (vendor, promise_text...)

    def row(self) -> str:
        err = f"{self.error_s:.3f}" if self.error_s is not None else "-"
        c = self.case
        return f"| {c.id} | {c.mount} | {c.lang} | {c.outcome} | {c.expect} | {'pass' if self.ok else 'FAIL'} | {self.got} | {err} |"


HEADER = "| case | mount | lang | shop does | expected | result | what the probe reported | answer time error, s |\n|---|---|---|---|---|---|---|---|"


def judge(case: Case, o: Outcome, sites: BlindSites, run: str) -> CaseResult:
    """What a person watching would report, compared with what the probe stored."""
    p = o.probe
    conv = next(iter(sites.find(run)), None)
    kinds = ",".join(r.kind for r in o.replies) or "none"
    got = f"{p.status}" + (f": {p.reason}" if p.reason else "") + f" [{kinds}]"
    if case.expect == "answered":
        truth = conv.first_human() if conv else None
        if p.status != "answered" or truth is None or p.first_human_reply_at is None:
            return CaseResult(case, False, got)
        true_at = datetime.fromtimestamp(truth["ts"] / 1000, UTC)
        err = abs((p.first_human_reply_at - true_at).total_seconds())
        return CaseResult(case, err <= 1.0, got, err, (p.latency_ms or 0) / 1000)
    if case.expect == "auto":
        ok = p.status == "submitted" and p.auto_reply_at is not None and p.first_human_reply_at is None
        return CaseResult(case, ok, got)
    if case.expect == "silence":
        ok = p.status == "submitted" and not [r for r in o.replies if r.kind != "greeting"]
        return CaseResult(case, ok, got)
    tickets = conv.tickets if conv else []
    ok = (
        p.status == "submitted"
        and (p.details or {}).get("continues_by") == "email"
        and any(t.get("email") == p.reply_address for t in tickets)
    )
    return CaseResult(case, ok, got + f" tickets={len(tickets)}")


async def run_batch(
    cases: list[Case],
    factory: sessionmaker[Session],
    pool: BrowserPool,
    sites: BlindSites,
    tmp: Path,
    *,
    delay: float = 5.0,
    watch_for: float = 30.0,
) -> list[CaseResult]:
    runs = {c.id: f"{c.id}-{id(tmp) % 100000}" for c in cases}
    cfg = chat_config(tmp, {c.id: sites.url(c.id, run=runs[c.id], delay=delay) for c in cases})
    watcher = make_watcher(cfg, factory, pool)

    def settled(outs: dict[str, Outcome]) -> bool:
        return all(_settled(CASES[name], o) for name, o in outs.items())

    outs = await probe_and_watch(cfg, factory, pool, watcher=watcher, watch_for=watch_for, until=settled)
    await watcher.close()
    results = [judge(CASES[name], o, sites, runs[name]) for name, o in outs.items()]
    for r, o in zip(results, outs.values(), strict=True):
        r.details = dict(o.probe.details or {})
    return results


def _settled(case: Case, o: Outcome) -> bool:
    p = o.probe
    if p.status not in ("submitted", "running", "scheduled"):
        return True
    if case.expect == "auto":
        return p.auto_reply_at is not None
    return case.expect == "email" and bool((p.details or {}).get("continues_by"))


async def run_all(ids: list[str], *, batch: int = 6, delay: float = 5.0) -> list[CaseResult]:
    sites = BlindSites()
    await sites.start()
    pool = BrowserPool(concurrency=batch)
    await pool.start()
    out: list[CaseResult] = []
    try:
        for i in range(0, len(ids), batch):
            with tempfile.TemporaryDirectory() as d:
                engine = make_engine(f"sqlite:///{Path(d) / 'rw.db'}")
                upgrade(engine)
                try:
                    out += await run_batch(
                        [CASES[x] for x in ids[i : i + batch]],
                        session_factory(engine),
                        pool,
                        sites,
                        Path(d),
                        delay=delay,
                    )
                finally:
                    engine.dispose()
    finally:
        await pool.close()
        await sites.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("cases", nargs="*", help="case ids (default: all)")
    ap.add_argument("--batch", type=int, default=6)
    args = ap.parse_args()
    results = asyncio.run(run_all(args.cases or list(CASES), batch=args.batch))
    print(HEADER)
    for r in results:
        print(r.row())
    print(f"\n{sum(r.ok for r in results)} of {len(results)} passed")


if __name__ == "__main__":
    main()
