"""The dashboard an owner shows a client, in real Chromium: Russian and English, dark mode, a phone,
channel cards, charts with human time axes, "—" that says why, and a timeline with evidence links."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor import i18n
from monitor.report.fmt import headline_sla
from monitor.report.metrics import build_report
from monitor.store.reportq import ReportFilter
from monitor.web.cards import channel_cards
from probes.browser import BrowserPool
from tests.fixtures.report_seed import NOW
from tests.web.conftest import ARTIFACTS, PASSWORD, Served

pytestmark = pytest.mark.browser
PAGES = ("/", "/targets", "/target/shop-a", "/review", "/alerts")


async def _sign_in(page: Any, served: Served) -> None:
    await page.goto(served.url + "/login")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(served.url + "/")


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


async def test_it_speaks_russian_when_the_browser_asks(
    served: Served, factory: sessionmaker[Session]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with factory() as s:
        rep = build_report(s, ReportFilter(), now=NOW, detail=False)
    ru = i18n.get("ru")
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="ru-RU") as ctx:
        page = await ctx.new_page()
        await page.goto(served.url + "/login")
        assert await page.text_content("h1") == "Войти"
        await _sign_in(page, served)
        assert await page.get_attribute("html", "lang") == "ru"
        assert await page.text_content("h1") == "Обзор"
        assert "ответили 6 из 9, 3 в пределах 10 мин" in _words(await page.text_content("#headline"))
        cards = [_words(t) for t in await page.locator("#cards .sentence").all_text_contents()]
        assert cards == [c.sentence for c in channel_cards(rep, headline_sla(rep), ru)]
        assert any(c.startswith("на форму ответили") for c in cards)
        await page.screenshot(path=str(ARTIFACTS / "overview-ru.png"), full_page=True)
        await page.goto(served.url + "/target/shop-a")
        fast = page.locator(f"#probe-{served.ids['a_fast']}")
        assert "+5 мин" in _words(await fast.text_content())  # the 300 s reply, in Russian units
        assert "первый ответ человека через 5 мин" in _words(await fast.text_content())


async def test_it_follows_the_setting_over_the_browser(served: Served) -> None:
    served.cfg.ui.language = "en"  # the app holds this config: a fixed language beats Accept-Language
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="ru-RU") as ctx:
        page = await ctx.new_page()
        await _sign_in(page, served)
        assert await page.get_attribute("html", "lang") == "en"
        assert await page.text_content("h1") == "Overview"
        assert "6 of 9 answered, 3 within 10 min" in _words(await page.text_content("#headline"))
        cards = [_words(t) for t in await page.locator("#cards .sentence").all_text_contents()]
        assert any(c.startswith("form answered ") and "within 10 min" in c for c in cards), cards
        assert any(c.startswith("e-mail answered 1 of 2") for c in cards), cards


async def test_it_shows_a_dash_with_the_reason_where_no_figure_exists(served: Served) -> None:
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="en-US") as ctx:
        page = await ctx.new_page()
        await _sign_in(page, served)
        await page.goto(served.url + "/targets")
        no_hours = page.locator('tr[data-target="shop-b"][data-kind="form"] td.work-median .none')
        assert await no_hours.text_content() == "—"
        assert await no_hours.get_attribute("title") == "The shop's business hours are not set"
        no_answer = page.locator('tr[data-target="shop-a"][data-kind="email"] td.median .none')
        assert await no_answer.get_attribute("title") == "No answer yet, so no median"
        assert "0s" not in await page.locator("td.work-median").all_text_contents()
        # Every dash on the page says why.
        for dash in await page.locator(".none").all():
            assert await dash.get_attribute("title")


async def test_it_draws_charts_with_human_time_axes(served: Served) -> None:
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="ru-RU") as ctx:
        page = await ctx.new_page()
        await _sign_in(page, served)
        await page.wait_for_load_state("networkidle")
        for chart in ("#chart-groups", "#chart-weeks", "#chart-histogram", "#chart-heat"):
            assert await page.locator(chart).evaluate("i => i.complete && i.naturalWidth > 100"), chart
        # matplotlib keeps each text as a comment beside its glyphs: read the tick labels from there.
        svg = await (
            await ctx.request.get(served.url + "/charts/histogram.svg", headers={"accept-language": "ru"})
        ).text()
        assert "<!-- 10 мин -->" in svg and "<!-- 1 мин -->" in svg
        assert "10^{" not in svg and "10^-" not in svg
        km = await (
            await ctx.request.get(served.url + "/charts/km.svg", headers={"accept-language": "en"})
        ).text()
        assert "<!-- 1 hr -->" in km and "<!-- 1 day -->" in km
        groups = await (
            await ctx.request.get(served.url + "/charts/groups.svg", headers={"accept-language": "ru"})
        ).text()
        assert "клиент" in groups and "конкурент" in groups


async def test_it_links_evidence_from_the_timeline(served: Served) -> None:
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="en-US") as ctx:
        page = await ctx.new_page()
        await _sign_in(page, served)
        await page.goto(served.url + "/target/shop-a")
        link = page.locator(f"#probe-{served.ids['a_fast']} a.evidence")
        href = await link.first.get_attribute("href")
        assert href is not None and href.startswith("/evidence/")
        resp = await ctx.request.get(served.url + href)
        assert resp.status == 200
        events = await page.locator(f"#probe-{served.ids['a_fast']} .event").all_text_contents()
        assert any("submitted" in e for e in events) and any("+5m" in e for e in events), events


async def test_it_goes_dark_when_the_system_is_dark(served: Served) -> None:
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="en-US") as ctx:
        page = await ctx.new_page()
        await _sign_in(page, served)
        bg = "() => getComputedStyle(document.body).backgroundColor"
        await page.emulate_media(color_scheme="light")
        assert await page.evaluate(bg) == "rgb(250, 250, 250)"
        await page.emulate_media(color_scheme="dark")
        assert await page.evaluate(bg) == "rgb(21, 24, 29)"
        await page.screenshot(path=str(ARTIFACTS / "overview-dark.png"), full_page=True)


async def test_it_fits_a_phone(served: Served) -> None:
    async with (
        BrowserPool(concurrency=1) as pool,
        pool.context(locale="ru-RU", viewport={"width": 390, "height": 844}) as ctx,
    ):
        page = await ctx.new_page()
        await _sign_in(page, served)
        for path in PAGES:
            await page.goto(served.url + path)
            wide = await page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert wide[0] <= wide[1], (path, wide)
        await page.goto(served.url + "/")
        await page.screenshot(path=str(ARTIFACTS / "overview-phone.png"), full_page=True)
