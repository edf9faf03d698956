"""The local shops a fault bench runs a campaign against, and what they really received and sent.

The demo's world (private Dovecot, the shops' SMTP server, form sites; monitor/demo/world.py)
runs in a thread of the bench's own process, so the bench can kill and restart replywatch
processes freely while the shops keep an exact record: every question e-mail and form
submission they received (with the time), every answer they delivered (with Message-ID
and the time Dovecot accepted it). That record is the ground truth the bench compares
the database against.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from monitor.clock import as_utc  # noqa: E402
from monitor.demo.world import DemoWorld  # noqa: E402
from monitor.store.db import make_engine, session_factory  # noqa: E402
from monitor.store.models import Probe, Reply  # noqa: E402


@dataclass
class Truth:
    forms: list[tuple[datetime, str]] = field(default_factory=list)  # (when, all field values joined)


class World:
    """DemoWorld in a background thread; ``truth`` and the mail shop record what happened."""

    def __init__(self, workdir: Path) -> None:
        self.world = DemoWorld(workdir / "world")
        self.truth = Truth()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), name="fault-world", daemon=True)
        real = self.world._on_form_submission

        def record(site: str, fields: dict[str, str]) -> None:
            self.truth.forms.append((datetime.now(UTC), " ".join(fields.values())))
            real(site, fields)

        self.world._on_form_submission = record  # type: ignore[method-assign]

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await self.world.start()
        self._ready.set()
        await self._stop.wait()
        await self.world.stop()

    def start(self) -> World:
        self._thread.start()
        if not self._ready.wait(120):
            raise RuntimeError("the shops did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)

    def config(self, *, database: str = "sqlite:///replywatch.db", interval: str = "20s",
               touchpoints: str = "[form, email]", extra: str = "") -> str:
        """The demo's config with a campaign that keeps probing while faults happen."""
        text = self.world.config_text().replace("database: sqlite:///replywatch.db", f"database: {database}")
        text = re.sub(r"campaigns:\n(?:  .*\n|    .*\n)+", "", text)
        text = text.replace("targets:\n", "campaigns:\n"
                            "  - name: faults\n    targets: all\n"
                            f"    touchpoints: {touchpoints}\n    schedule: {{interval: {interval}}}\n"
                            "    reply_deadline: 30m\n    min_gap: 1s\n" + extra + "targets:\n", 1)
        return text.replace("concurrency: 3, probe_timeout: 60s", "concurrency: 2, probe_timeout: 60s")

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.world.env())
        env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"
        return env


def start_cli(config: Path, env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    """`replywatch ARGS` in a new process group (so a kill takes its Chromium with it, as a container's would)."""
    out = open(log, "ab")  # noqa: SIM115 - the child owns it
    return subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config), *args], cwd=ROOT, env=env,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def kill_group(p: subprocess.Popen[bytes], sig: int) -> None:
    """SIGKILL the whole group (a container dying); any other signal to the daemon alone (`docker stop`)."""
    try:
        if sig == signal.SIGKILL:
            os.killpg(p.pid, sig)
        else:
            p.send_signal(sig)
    except ProcessLookupError:
        pass
    p.wait(60)
    if sig != signal.SIGKILL:
        try:
            os.killpg(p.pid, signal.SIGKILL)  # whatever the daemon left behind
        except ProcessLookupError:
            pass


def rows(url: str) -> tuple[list[Probe], list[Reply]]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            return list(s.scalars(select(Probe).order_by(Probe.id))), list(s.scalars(select(Reply).order_by(Reply.id)))
    finally:
        engine.dispose()


def latencies(url: str) -> dict[int, int]:
    probes, _ = rows(url)
    return {p.id: p.latency_ms for p in probes if p.latency_ms is not None}


def audit(world: World, url: str) -> dict[str, Any]:
    """Compare the database with what the shops received and sent."""
    probes, replies = rows(url)
    shop = world.world.mailshop
    sent_questions = Counter()  # reply address -> how many times the shop received this probe's question
    for m in shop.received:
        text = m.raw.decode("utf-8", "replace").lower()
        for p in probes:
            if p.kind == "email" and p.reply_address.lower() in text:
                sent_questions[p.id] += 1
    form_subs = Counter()
    form_first: dict[int, datetime] = {}
    for when, values in world.truth.forms:
        for p in probes:
            if p.kind == "form" and p.reply_address.lower() in values.lower():
                form_subs[p.id] += 1
                form_first.setdefault(p.id, when)
    keys = Counter(r.message_key for r in replies)
    delivered = {r.message_id: r for r in shop.replies}
    lost = [m for m in delivered if m not in keys]
    stored = {r.message_key: r for r in replies}
    wrong_latency = []
    first_received = {p.id: m.received_at for m in shop.received for p in probes
                      if p.kind == "email" and p.reply_address.lower() in m.raw.decode("utf-8", "replace").lower()}
    for p in probes:
        if p.latency_ms is None or p.first_human_reply_at is None:
            continue
        reply = next((r for r in replies if r.probe_id == p.id and r.kind == "human"
                      and as_utc(r.received_at) == as_utc(p.first_human_reply_at)), None)
        sent = delivered.get(reply.message_key) if reply else None
        asked = first_received.get(p.id) if p.kind == "email" else form_first.get(p.id)
        if sent is None or asked is None:
            continue
        truth_ms = (sent.delivered_at - asked).total_seconds() * 1000
        if abs(p.latency_ms - truth_ms) > 2000 and "interrupted" not in (p.reason or ""):
            wrong_latency.append((p.id, p.latency_ms, int(truth_ms)))
    return {
        "probes": Counter(p.status for p in probes),
        "interrupted_reasons": Counter((p.reason or "")[:40] for p in probes if p.status == "failed"),
        "questions_sent_twice": sum(1 for n in sent_questions.values() if n > 1),
        "forms_submitted_twice": sum(1 for n in form_subs.values() if n > 1),
        "submitted_but_shop_never_got_it": sum(
            1 for p in probes if p.status in ("submitted", "answered", "unanswered")
            and ((p.kind == "email" and not sent_questions[p.id]) or (p.kind == "form" and not form_subs[p.id]))),
        "failed_or_blocked_but_shop_got_it": [
            (p.id, p.kind, (p.reason or "")[:60]) for p in probes if p.status in ("failed", "blocked")
            and ((p.kind == "email" and sent_questions[p.id]) or (p.kind == "form" and form_subs[p.id]))],
        "replies_sent_by_shops": len(delivered),
        "replies_lost": len(lost),
        "replies_stored_twice": sum(1 for n in keys.values() if n > 1),
        "replies_stored": len(stored),
        "latency_off_by_more_than_2s": wrong_latency,
        "shop_errors": list(shop.errors)[:5],
    }


def wait_settled(world: World, url: str, *, quiet: float, timeout: float) -> None:
    """Until the shops have nothing pending and no new reply was stored for ``quiet`` seconds."""
    end = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < end:
        n = len(rows(url)[1])
        pending = world.world.mailshop._pending
        if n != last or pending:
            last, since = n, time.monotonic()
        elif time.monotonic() - since > quiet:
            return
        time.sleep(1)
