"""Form-probe fixtures: the demo shops on loopback and one shared Chromium for the session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from monitor.demo.formsites import FormSites, build_shops
from probes.browser import BrowserPool


@pytest.fixture(scope="session")
def sites() -> Iterator[FormSites]:
    s = FormSites(build_shops(), base="127.0.62").start()
    yield s
    s.stop()


@pytest.fixture
def shops(sites: FormSites) -> FormSites:
    sites.reset()
    return sites


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def pool() -> AsyncIterator[BrowserPool]:
    p = BrowserPool(concurrency=4)
    await p.start()
    yield p
    await p.close()
