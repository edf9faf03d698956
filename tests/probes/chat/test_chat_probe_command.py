"""`replywatch probe` keeps its chats live after the probes return, so an answer that comes after the question
is timed exactly from the page, not guessed later from a widget's HH:MM on reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.cli.probing import create_probes, run_probes
from monitor.clock import SystemClock
from monitor.store.db import transaction
from monitor.store.models import ChatSession, Probe, Reply
from tests.probes.chat.conftest import chat_config

pytestmark = pytest.mark.browser


async def test_it_times_an_answer_that_comes_after_the_probes_returned(
    tmp_path: Path, factory, chat_sites
) -> None:
    # the Tawk-like iframe widget shows only HH:MM; a bot menu comes first, then a person 12 s after the question
    url = chat_sites.url("tawk", "bot_human", run="cmd1", delay=12)
    cfg = chat_config(tmp_path, {"shop": url})
    clock = SystemClock()
    ids = create_probes(cfg, factory, clock, kinds=["chat"], targets=[], campaign=None, deadline=None)
    await run_probes(cfg, factory, clock, ids, chat_window=timedelta(seconds=40))
    with transaction(factory) as s:
        p = s.get(Probe, ids[0])
        assert p is not None and p.status == "answered", (p.status, p.reason)
        human = s.query(Reply).filter(Reply.probe_id == p.id, Reply.kind == "human").one()
        assert human.details["timing_resolution"] == "exact"  # seen live, not read back from the widget later
        truth = datetime.fromtimestamp(chat_sites.find("cmd1")[0].first_human()["ts"] / 1000, UTC)
        assert abs((p.first_human_reply_at.replace(tzinfo=UTC) - truth).total_seconds()) < 1.0
        assert s.get(ChatSession, p.id).state == "closed"


async def test_it_parks_an_unanswered_chat_for_watch_when_the_window_ends(
    tmp_path: Path, factory, chat_sites
) -> None:
    cfg = chat_config(tmp_path, {"shop": chat_sites.url("generic-ce", "nobody", run="cmd2")})
    clock = SystemClock()
    ids = create_probes(cfg, factory, clock, kinds=["chat"], targets=[], campaign=None, deadline=None)
    await run_probes(cfg, factory, clock, ids, chat_window=timedelta(seconds=2))
    with transaction(factory) as s:
        assert s.get(Probe, ids[0]).status == "submitted"
        row = s.get(ChatSession, ids[0])
        assert row is not None and row.state == "parked" and Path(row.storage_state_path).exists()
