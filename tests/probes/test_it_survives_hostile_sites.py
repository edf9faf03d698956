"""Hostile sites: every probe ends inside its budget with a clear status, and the browser serves the next.

The private-address pages are blocked by the route guard before any packet leaves: the
targets are 10.255.255.1, fd00::1 and 169.254.169.254, never contacted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from probes.base import Persona, ProbeBlocked, ProbeEnv, ProbeError, ProbeTask, Submission, TemporaryFailure
from probes.browser import BrowserPool
from probes.form.probe import FormProbe
from probes.netguard import NetGuard
from tests.fixtures.hostile_sites import hostile_site

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.browser]
BUDGET = 12.0


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with hostile_site() as url:
        yield url


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def guarded() -> AsyncIterator[BrowserPool]:
    pool = BrowserPool(concurrency=2, guard=NetGuard())  # nothing private allowed but each target's own URL
    await pool.start()
    yield pool
    await pool.close()


def _task(url: str, tmp_path: Path) -> ProbeTask:
    persona = Persona("Анна", "Кузнецова", "+7 912 345-67-01", "anna.t0k3n@shopper.test")
    return ProbeTask(
        probe_id=1,
        token="t0k3n",
        kind="form",
        target="hostile",
        persona=persona,
        question="Здравствуйте! Есть ли доставка?",
        subject="Вопрос",
        evidence_dir=tmp_path / "ev",
        url=url,
        time_budget=BUDGET,
    )


async def _probe(pool: BrowserPool, url: str, tmp_path: Path) -> Submission | ProbeError:
    """The probe's verdict; a hang past three budgets fails the test instead of blocking it."""
    try:
        return await asyncio.wait_for(
            FormProbe().submit(_task(url, tmp_path), ProbeEnv(browser=pool)), BUDGET * 3
        )
    except ProbeError as exc:
        return exc


async def _still_serves(pool: BrowserPool, site: str) -> None:
    async with pool.context(allow_url=site) as ctx:
        page = await ctx.new_page()
        await page.goto(site + "/ok")
        assert await page.title() == "Магазин"


async def test_it_blocks_a_navigation_to_the_metadata_address(
    guarded: BrowserPool, site: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "probes.netguard")
    verdict = await _probe(guarded, site + "/to-metadata", tmp_path)
    if not isinstance(verdict, ProbeBlocked):  # the page may still be scanning when the script fires
        verdict = await _probe(guarded, site + "/to-metadata", tmp_path)
    assert isinstance(verdict, ProbeBlocked) and "169.254.169.254" in verdict.reason, verdict
    assert "169.254.169.254" in caplog.text
    await _still_serves(guarded, site)


async def test_it_blocks_a_redirect_to_a_private_address(
    guarded: BrowserPool, site: str, tmp_path: Path
) -> None:
    verdict = await _probe(guarded, site + "/redirect-to-private", tmp_path)
    assert isinstance(verdict, ProbeBlocked) and "10.255.255.1" in verdict.reason, verdict
    await _still_serves(guarded, site)


async def test_it_blocks_private_sub_requests_but_lets_the_shop_load(guarded: BrowserPool, site: str) -> None:
    async with guarded.context(allow_url=site) as ctx:
        page = await ctx.new_page()
        await page.goto(site + "/private-subrequest", wait_until="load")
        state = guarded.guard_state(ctx)
        assert state is not None and state.blocked_navigation is None
        assert any("10.255.255.1" in u for u in state.blocked) and any("fd00::1" in u for u in state.blocked)
        assert await page.locator("textarea").count() == 1


async def test_it_blocks_other_loopback_hosts_unless_allowed(site: str) -> None:
    port = site.rsplit(":", 1)[1]
    async with BrowserPool(concurrency=1, guard=NetGuard()) as pool:
        async with pool.context(allow_url="http://127.0.0.2:1/") as ctx:  # another target's URL
            page = await ctx.new_page()
            with pytest.raises(Exception, match="ERR_BLOCKED_BY_CLIENT"):
                await page.goto(f"http://127.0.0.1:{port}/ok")
        async with pool.context(allow_url=f"http://localhost:{port}/") as ctx:  # its own URL, by name
            page = await ctx.new_page()
            await page.goto(f"http://localhost:{port}/ok")


@pytest.mark.parametrize("path", ["/loop", "/never-loads", "/download", "/alerts"])
async def test_it_ends_hostile_pages_with_a_clear_status(
    guarded: BrowserPool, site: str, tmp_path: Path, path: str
) -> None:
    verdict = await _probe(guarded, site + path, tmp_path)
    assert isinstance(verdict, Submission | ProbeError), verdict
    if path in ("/loop", "/never-loads", "/download"):
        assert isinstance(verdict, TemporaryFailure) and not verdict.submission_possible, verdict
    await _still_serves(guarded, site)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/popups", "/huge-dom", "/permissions"])
async def test_it_ends_heavy_hostile_pages_with_a_clear_status(
    guarded: BrowserPool, site: str, tmp_path: Path, path: str
) -> None:
    verdict = await _probe(guarded, site + path, tmp_path)
    assert isinstance(verdict, Submission | ProbeError), verdict
    if isinstance(verdict, ProbeError):
        assert verdict.reason, verdict
    await _still_serves(guarded, site)
