"""Chat fixtures: the demo chat sites on loopback, a shared Chromium, and a probe-to-verdict driver."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import SystemClock
from monitor.config import Config, load_config
from monitor.demo.chatsites import ChatSites
from monitor.runner import make_env, run_probe
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import ChatSession, Probe, Reply, Touchpoint
from monitor.watch.chat import ChatWatcher
from probes.browser import BrowserPool

QUESTION = "Здравствуйте! Есть ли доставка в Екатеринбург?"


@pytest.fixture
async def chat_sites() -> AsyncIterator[ChatSites]:
    sites = ChatSites(host="127.0.0.1", quick=0.5)
    await sites.start()
    yield sites
    await sites.stop()


@pytest.fixture
async def pool() -> AsyncIterator[BrowserPool]:
    p = BrowserPool(concurrency=8)
    await p.start()
    yield p
    await p.close()


def chat_config(tmp_path: Path, urls: dict[str, str], *, first_window: float = 20) -> Config:
    targets = "\n".join(
        f'  - name: {name}\n    url: {url}\n    touchpoints:\n      - {{kind: chat, url: "{url}", options: {{chat_first_window: {first_window}}}}}'
        for name, url in urls.items()
    )
    text = (
        textwrap.dedent(f"""
        database: sqlite:///rw.db
        data_dir: data
        shopper:
          mailbox:
            address_template: "{{first}}.{{token}}@shopper.test"
          personas:
            - {{first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}}
          questions:
            - "{QUESTION}"
        targets:
        """)
        + targets
        + "\n"
    )
    path = tmp_path / "replywatch.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@dataclass
class Outcome:
    probe: Probe
    replies: list[Reply]
    session: ChatSession | None


async def probe_and_watch(
    cfg: Config,
    factory: sessionmaker[Session],
    pool: BrowserPool,
    *,
    watcher: ChatWatcher | None,
    watch_for: float = 12.0,
    until: Any = None,
) -> dict[str, Outcome]:
    """Create one chat probe per target, run them concurrently, watch, and return each target's outcome."""
    clock = SystemClock()
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        ids = {
            tp.target.name: repo.create_probe(s, cfg, tp, scheduled_at=clock.now()).id
            for tp in s.query(Touchpoint).all()
        }
    env = make_env(cfg, browser=pool)
    if watcher is not None:
        env.extras["chat_watcher"] = watcher
    await asyncio.gather(*(run_probe(cfg, factory, clock, pid, env) for pid in ids.values()))
    if watcher is not None:
        loop = asyncio.get_running_loop()
        end = loop.time() + watch_for
        while loop.time() < end:
            await watcher.check_once()
            if until is not None and until(_outcomes(factory, ids)):
                break
            await asyncio.sleep(0.3)
    return _outcomes(factory, ids)


def _outcomes(factory: sessionmaker[Session], ids: dict[str, int]) -> dict[str, Outcome]:
    out = {}
    with transaction(factory) as s:
        for name, pid in ids.items():
            p = s.get(Probe, pid)
            assert p is not None
            replies = list(s.query(Reply).filter(Reply.probe_id == pid).order_by(Reply.received_at))
            out[name] = Outcome(p, replies, s.get(ChatSession, pid))
    return out


def make_watcher(cfg: Config, factory: sessionmaker[Session], pool: BrowserPool, **kw: Any) -> ChatWatcher:
    kw.setdefault("first_window", timedelta(seconds=30))
    return ChatWatcher(cfg, factory, SystemClock(), pool, **kw)
