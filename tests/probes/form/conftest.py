"""Form-probe fixtures: the demo shops on loopback and one shared Chromium for the module."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from monitor.demo.formsites import FormSites, build_shops
from probes.base import Persona, ProbeEnv, ProbeTask
from probes.browser import BrowserPool

PERSONA = Persona(first_name="Анна", last_name="Кузнецова", phone="+7 912 345-67-01",
                  email="anna.k7q2m@shopper.test")
QUESTION = "Здравствуйте! Есть ли доставка в Екатеринбург и сколько она займёт?"


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


def make_task(url: str, tmp: Path, kind: str = "form", **kw: object) -> ProbeTask:
    return ProbeTask(probe_id=1, token="k7q2m", kind=kind, target="shop", persona=PERSONA, question=QUESTION,
                     subject="Вопрос о доставке", evidence_dir=tmp / "evidence", url=url, time_budget=60,
                     **kw)  # type: ignore[arg-type]


class Marks:
    """Records when the probe announced the irreversible click."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1


def make_env(pool: BrowserPool) -> tuple[ProbeEnv, Marks]:
    marks = Marks()
    return ProbeEnv(browser=pool, mark_submit_started=marks), marks
