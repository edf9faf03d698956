"""Blind-test fixtures: never-seen shop sites on 127.0.71.* and one shared Chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from monitor.demo.formsites_extra import RawSites
from probes.browser import BrowserPool
from tests.probes.form_unseen.sites import build


@pytest.fixture(scope="session")
def unseen_sites() -> Iterator[RawSites]:
    s = RawSites(build(), base="127.0.71").start()
    yield s
    s.stop()


@pytest.fixture
def unseen(unseen_sites: RawSites) -> RawSites:
    unseen_sites.reset()
    return unseen_sites


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def unseen_pool() -> AsyncIterator[BrowserPool]:
    p = BrowserPool(concurrency=4)
    await p.start()
    yield p
    await p.close()
