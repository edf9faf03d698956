"""One Chromium for the whole session's form tests (demo shops and unseen shops alike).

The chat tests define their own per-test `pool`, which takes precedence in tests/probes/chat/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from probes.browser import BrowserPool


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def pool() -> AsyncIterator[BrowserPool]:
    p = BrowserPool(concurrency=4)
    await p.start()
    yield p
    await p.close()
