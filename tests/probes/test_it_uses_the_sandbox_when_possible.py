"""Chromium keeps its sandbox where the kernel allows it, and the log says so plainly where it cannot."""

from __future__ import annotations

import logging
import os

import pytest

from probes.browser import BrowserPool

pytestmark = [pytest.mark.asyncio(loop_scope="function"), pytest.mark.browser]


async def test_it_tries_the_sandbox_first_and_warns_without_it(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "probes.browser")
    async with BrowserPool(concurrency=1) as pool:
        assert pool.sandboxed is not None
        page = await (await pool.new_context()).new_page()
        await page.set_content("<p>ok</p>")
        if pool.sandboxed:
            assert "sandbox" not in caplog.text
        else:
            assert "sandbox is not available" in caplog.text and "WITHOUT" in caplog.text
    if os.geteuid() == 0:  # Chromium refuses its sandbox to root: the fallback must have happened
        assert pool.sandboxed is False


async def test_it_runs_without_the_sandbox_quietly_when_told(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "probes.browser")
    async with BrowserPool(concurrency=1, sandbox="off") as pool:
        assert pool.sandboxed is False
    assert "sandbox" not in caplog.text
