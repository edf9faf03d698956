"""The chat watcher: park after the first window (injected clock), hand-over from a probe run without a watcher,
and the capture's chaining of the site's own vendor callbacks."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from monitor.clock import FakeClock
from monitor.store.db import transaction
from monitor.store.models import ChatSession, WatcherStatus
from monitor.watch.chat import ChatWatcher
from probes.base import Persona, ProbeEnv, ProbeTask
from probes.chat.probe import ChatProbe
from probes.chat.session import LiveChat
from tests.probes.chat.conftest import QUESTION, chat_config, probe_and_watch

pytestmark = pytest.mark.browser


async def test_it_parks_held_pages_when_the_injected_clock_passes_the_first_window(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    cfg = chat_config(tmp_path, {"s": chat_sites.url("generic-ce", "nobody", run="p1")})
    clock = FakeClock()
    watcher = ChatWatcher(
        cfg, factory, clock, pool, first_window=timedelta(minutes=10), reopen_every=timedelta(minutes=5)
    )
    out = await probe_and_watch(cfg, factory, pool, watcher=watcher, watch_for=0.5)
    pid = out["s"].probe.id
    assert out["s"].probe.status == "submitted" and pid in watcher.held
    clock.advance(timedelta(minutes=9))
    await watcher.check_once()
    assert pid in watcher.held
    clock.advance(timedelta(minutes=1))
    await watcher.check_once()
    assert pid not in watcher.held
    with transaction(factory) as s:
        row = s.get(ChatSession, pid)
        assert row is not None and row.state == "parked" and Path(row.storage_state_path).exists()
        assert row.last_checked_at == clock.now()
    assert await watcher.check_once() == 0  # not due yet: no reopen before reopen_every
    with transaction(factory) as s:
        assert s.get(ChatSession, pid).details.get("reopens") is None
        health = s.get(WatcherStatus, "chat")
        assert health is not None and health.state == "ok" and health.details["parked"] == 1


async def test_it_adopts_a_probe_that_ran_without_a_watcher_and_reads_the_late_answer(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    cfg = chat_config(
        tmp_path, {"s": chat_sites.url("generic-shadow", "late", run="h1", delay=5)}, first_window=0.5
    )
    out = await probe_and_watch(cfg, factory, pool, watcher=None)
    p = out["s"].probe
    assert p.status == "submitted" and Path(p.details["chat_storage_state"]).exists()
    for _ in range(50):  # the operator answers while no page is open
        if chat_sites.find("h1")[0].first_human():
            break
        await asyncio.sleep(0.2)
    answered_at = chat_sites.find("h1")[0].first_human()["ts"] / 1000
    assert (
        answered_at > datetime.fromisoformat(p.details["chat_parked_at"]).timestamp()
    )  # after the page closed
    watcher = ChatWatcher(cfg, factory, FakeClock(), pool, reopen_every=timedelta(0), reopen_settle=1.5)
    assert await watcher.check_once() == 1
    with transaction(factory) as s:
        from monitor.store.models import Probe, Reply

        p2 = s.get(Probe, p.id)
        assert p2.status == "answered"
        reply = s.query(Reply).filter(Reply.probe_id == p.id, Reply.kind == "human").one()
        assert reply.details["timing_resolution"] == "displayed-exact"
        true_ts = chat_sites.find("h1")[0].first_human()["ts"] / 1000
        assert abs(reply.received_at.timestamp() - true_ts) < 1.0
        assert s.get(ChatSession, p.id).state == "closed"


class Keeper:
    """A minimal chat_watcher: keeps the live chat the probe hands over."""

    def __init__(self) -> None:
        self.live: dict[int, LiveChat] = {}

    async def hold(self, probe_id: int, live: LiveChat, *, evidence_dir: Path) -> None:
        self.live[probe_id] = live


@pytest.mark.parametrize(
    ("widget", "event"), [("jivo", "jivo_onMessageReceived"), ("tawk", "onChatMessageAgent")]
)
async def test_it_chains_the_sites_own_vendor_callbacks(
    tmp_path: Path, pool, chat_sites, widget: str, event: str
) -> None:
    keeper = Keeper()
    task = ProbeTask(
        probe_id=7,
        token="t",
        kind="chat",
        target="x",
        persona=Persona("Анна", "Кузнецова", "+7", "a.t@shopper.test"),
        question=QUESTION,
        subject="",
        evidence_dir=tmp_path,
        url=chat_sites.url(widget, "greet_human", delay=2),
    )
    sub = await ChatProbe().submit(task, ProbeEnv(browser=pool, extras={"chat_watcher": keeper}))
    live = keeper.live[7]
    try:
        seen_events: list[str] = []
        for _ in range(40):
            await live.sink.wait(0.25)
            seen_events += [e.data.get("event") for e in live.sink.events if e.kind == "api"]
            live.ingest()
            if any(r.kind == "human" for r in live.records):
                break
        human = next(r for r in live.records if r.kind == "human")
        assert human.source == "dom+api" and human.at > sub.submitted_at
        assert event in seen_events
        assert (
            await live.page.evaluate("window.siteSaw") >= 2
        )  # the site's handler still ran (greeting + reply)
    finally:
        await live.close()


async def test_it_keeps_a_reopened_chat_open_and_times_the_later_answer_exactly(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    """`replywatch probe` (the probe watches alone, then parks) followed by `replywatch watch`."""
    cfg = chat_config(
        tmp_path, {"s": chat_sites.url("generic-ce", "late", run="w1", delay=9)}, first_window=0.5
    )
    out = await probe_and_watch(cfg, factory, pool, watcher=None)
    assert out["s"].probe.status == "submitted"
    watcher = ChatWatcher(cfg, factory, FakeClock(), pool, reopen_settle=1.0)
    await watcher.check_once()
    pid = out["s"].probe.id
    assert pid in watcher.held  # reopened, nothing new yet, and kept open
    for _ in range(60):
        await watcher.check_once()
        if pid not in watcher.held:
            break
        await asyncio.sleep(0.3)
    with transaction(factory) as s:
        from monitor.store.models import Probe, Reply

        p = s.get(Probe, pid)
        assert p.status == "answered"
        reply = s.query(Reply).filter(Reply.probe_id == pid, Reply.kind == "human").one()
        assert reply.details["timing_resolution"] == "exact"
        true_at = chat_sites.find("w1")[0].first_human()["ts"] / 1000
        assert abs(p.first_human_reply_at.timestamp() - true_at) < 1.0
        assert s.get(ChatSession, pid).details["reopens"] == 1
