"""The dashboard in real Chromium: sign-in, the same numbers as the report, no script from a shop runs."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.report import fmt
from monitor.report.metrics import build_report
from monitor.store.reportq import ReportFilter
from probes.browser import BrowserPool
from tests.fixtures.report_seed import NOW
from tests.web.conftest import ARTIFACTS, PASSWORD, Served

pytestmark = pytest.mark.browser


async def test_it_signs_in_and_shows_the_reports_numbers(
    served: Served, factory: sessionmaker[Session]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with factory() as s:
        rep = build_report(s, ReportFilter(), now=NOW, detail=False)
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="en-US") as ctx:
        page = await ctx.new_page()
        await page.goto(served.url + "/targets")
        assert page.url.startswith(served.url + "/login")
        await page.fill("input[name=password]", "wrong")
        await page.click("button[type=submit]")
        assert await page.text_content("#error") == "Wrong password."
        await page.fill("input[name=password]", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_url(served.url + "/targets")
        for c in rep.cells:
            row = page.locator(f'tr[data-target="{c.target}"][data-kind="{c.kind}"]')
            m = c.metrics
            assert (
                await row.locator("td.answered").text_content()
                == f"{fmt.n_of_m(m)} ({fmt.percent(m.answer_rate)})"
            )
            assert await row.locator("td.within").first.text_content() == str(m.within_count(600.0))
        await page.screenshot(path=str(ARTIFACTS / "targets.png"), full_page=True)
        await page.goto(served.url + "/")
        headline = await page.text_content("#headline")
        assert headline is not None and "6 of 9 answered, 3 within 10 min" in " ".join(headline.split())
        # Charts load as images and actually render.
        for img in await page.locator("img.chart").all():
            assert await img.evaluate("i => i.complete && i.naturalWidth > 100")
        await page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)


async def test_it_does_not_run_a_shops_script(served: Served) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with BrowserPool(concurrency=1) as pool, pool.context(locale="en-US") as ctx:
        page = await ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        await page.goto(served.url + "/login")
        await page.fill("input[name=password]", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_url(served.url + "/")
        served.paths.clear()
        await page.goto(served.url + "/target/shop-c")
        await page.wait_for_load_state("networkidle")
        text = await page.text_content(f"#probe-{served.ids['c_script']} .excerpt")
        assert text is not None and "Есть в наличии." in text  # the reply is shown...
        assert await page.title() != "pwned"  # ...but its onerror handler did not run
        assert "/pwned" not in served.paths  # ...nor its <script>
        assert await page.locator("script").count() == 0
        assert await page.locator("img[onerror]").count() == 0
        await page.goto(served.url + "/review")
        assert await page.evaluate("() => window.__pwned === undefined")
        await page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
        await page.goto(served.url + "/target/shop-c")
        await page.screenshot(path=str(ARTIFACTS / "target.png"), full_page=True)
        assert errors == []
