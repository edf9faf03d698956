"""submitted_at is the shop's answer to the submitting request; submit_started precedes any lead; steps are bounded."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path

import pytest
from aiohttp import web

from monitor.demo.formsites import Fields
from monitor.demo.formsites_extra import RawSite, RawSites
from probes.base import ProbeEnv, ProbeError, get_probe
from probes.browser import BrowserPool
from probes.form.steps import StepFailed, StepTimer
from tests.fixtures.forms_env import make_task
from tests.probes.form_real.kit import doc

pytestmark = [pytest.mark.browser]

SLOW_THANKS = doc(
    "Часы",
    """<main><h1>Вопрос о часах</h1>
<form id="f"><input name="n" placeholder="Имя"><input name="e" type="email" placeholder="E-mail">
<textarea name="q" placeholder="Вопрос"></textarea><button>Отправить</button></form><div id="ok"></div></main>
<script>document.getElementById('f').addEventListener('submit', async e => { e.preventDefault();
  const r = await fetch('/ask', {method: 'POST', body: new FormData(e.target)});
  if (r.ok) setTimeout(() => { document.getElementById('ok').textContent = 'Спасибо! Ответим на почту.'; }, 2500); });
</script>""",
)


async def _slow_answer(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    await asyncio.sleep(0.6)  # the shop's server thinks before answering
    return web.Response(text="")  # says nothing: only the thank-you 2.5 s later confirms


@pytest.fixture(scope="module")
def slow_site() -> RawSites:
    s = RawSites([RawSite("slow", {"/": SLOW_THANKS}, {"/ask": _slow_answer})], base="127.0.77").start()
    yield s  # type: ignore[misc]
    s.stop()


class Recorder:
    def __init__(self) -> None:
        self.at: list[float] = []

    async def __call__(self) -> None:
        self.at.append(time.time())


@pytest.mark.asyncio(loop_scope="session")
async def test_it_times_the_shops_answer_not_the_late_thank_you(
    slow_site: RawSites, pool: BrowserPool, tmp_path: Path
) -> None:
    rec = Recorder()
    env = ProbeEnv(browser=pool, mark_submit_started=rec)
    sub = await get_probe("form").submit(make_task(slow_site["slow"].url_for("/"), tmp_path), env)
    (got,) = slow_site["slow"].received
    confirmed = datetime.fromisoformat(sub.details["submission"]["confirmed_at"])
    assert abs(sub.submitted_at.timestamp() - got.at) < 1.0  # the shop's receipt, within the 1 s target
    assert (
        confirmed - sub.submitted_at
    ).total_seconds() > 2.0  # the thank-you came 2.5 s later: not the time
    assert sub.details["submission"]["request"]["url"].endswith("/ask")
    assert rec.at and rec.at[0] <= got.at


@pytest.mark.asyncio(loop_scope="session")
async def test_it_announces_submit_started_before_step_one_of_a_wizard_reaches_the_shop(
    real: RawSites, pool: BrowserPool, tmp_path: Path
) -> None:
    rec = Recorder()
    env = ProbeEnv(browser=pool, mark_submit_started=rec)
    site = real["wizard_dies"]
    with pytest.raises(ProbeError) as err:
        await get_probe("form").submit(make_task(site.url_for("/zayavka"), tmp_path), env)
    step1, step2 = site.received
    assert len(rec.at) == 1 and rec.at[0] <= step1.at  # announced once, before the lead left the browser
    assert err.value.reason.startswith("step 2: ") and err.value.submission_possible  # the shop holds a lead


@pytest.mark.asyncio(loop_scope="session")
async def test_it_fails_a_stuck_step_within_its_own_limit() -> None:
    timer = StepTimer()
    started = time.monotonic()
    with pytest.raises(StepFailed) as err:
        async with timer.step("fill", "the fields could not be filled", limit=0.3):
            await asyncio.sleep(30)
    assert str(err.value) == "fill: the fields could not be filled"
    assert time.monotonic() - started < 2.0 and timer.spent["fill"] >= 0.3
