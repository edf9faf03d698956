"""The blind corpus end to end: each widget found, asked, and ended as a person watching would say.

CI runs a sample covering every mount and outcome; ``RW_SLOW=1`` runs all of them
(``python -m tests.probes.chat.blind.harness`` prints the table kept in blind/RESULTS.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from monitor.discover import discover as discover_site
from monitor.store.db import make_engine, session_factory, upgrade
from probes.chat.detect import discover
from tests.probes.chat.blind.cases import CASES
from tests.probes.chat.blind.harness import run_batch
from tests.probes.chat.blind.server import BlindSites

pytestmark = pytest.mark.browser

SAMPLE = ("rcw", "woot", "chatscope", "multibtn", "prechatmsg", "offlinexo", "botui", "walink")


@pytest.fixture
async def blind_sites() -> AsyncIterator[BlindSites]:
    sites = BlindSites()
    await sites.start()
    yield sites
    await sites.stop()


async def test_it_ends_a_sample_of_unseen_widgets_as_a_person_would(
    tmp_path: Path, pool, blind_sites
) -> None:
    results = []
    for half in (SAMPLE[:4], SAMPLE[4:]):  # four pages at a time: CI's two cores, shared
        d = tmp_path / half[0]
        d.mkdir()
        engine = make_engine(f"sqlite:///{d / 'rw.db'}")
        upgrade(engine)
        try:
            results += await run_batch(
                [CASES[c] for c in half], session_factory(engine), pool, blind_sites, d, delay=4.0
            )
        finally:
            engine.dispose()
    failed = [r.row() for r in results if not r.ok]
    assert not failed, "\n".join(failed)
    promises = {r.case.id: r.details.get("promise_text") or "" for r in results}
    assert "Обычно отвечаем в течение нескольких минут" in promises["woot"]  # header of a cross-origin panel
    assert "Зазвичай відповідаємо протягом 5 хвилин" in promises["chatscope"]  # header inside a shadow root
    assert len(promises["rcw"]) <= 1500 and "We usually reply within a few minutes" in promises["rcw"]


@pytest.mark.slow
@pytest.mark.parametrize("batch", range(0, len(CASES), 6))
async def test_it_ends_every_unseen_widget_as_a_person_would(
    tmp_path: Path, factory, pool, blind_sites, batch
) -> None:
    cases = list(CASES.values())[batch : batch + 6]  # six at a time
    results = await run_batch(cases, factory, pool, blind_sites, tmp_path, delay=4.0)
    failed = [r.row() for r in results if not r.ok]
    assert not failed, "\n".join(failed)


async def test_discover_names_the_vendor_or_says_unknown_widget(pool, blind_sites) -> None:
    ids = ("tawklike", "jivolike", "crisplike", "rcw", "tiledesk", "nestshadow")
    found = await asyncio.gather(*(discover(pool, blind_sites.url(i), wait=10) for i in ids))
    assert found == [CASES[i].vendor for i in ids]
    inv = await discover_site(blind_sites.url("sidetab"), pool, max_pages=1, delay=0.05, chat_wait=8)
    assert inv.chat == "unknown widget"
