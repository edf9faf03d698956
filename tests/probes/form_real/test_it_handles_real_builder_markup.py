"""Blind tests on real builder and framework markup: the status a person would give, what the shop got,
and submitted_at within 1 s of the shop's own receipt time.

Every page in sites_builders.py and sites_apps.py, and every expectation in cases.py, was committed
before the probe first ran on it; FIRST_CONTACT.md records how each case went on first contact.
Cases run four at a time on the session's shared Chromium, as the scheduler runs probes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from monitor.demo.formsites_extra import RawSites
from probes.browser import BrowserPool
from tests.probes.form_real.cases import CASES
from tests.probes.form_real.runner import run_case

pytestmark = [pytest.mark.browser]

CHUNK = 4
CHUNKS = [CASES[i : i + CHUNK] for i in range(0, len(CASES), CHUNK)]


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize("chunk", CHUNKS, ids=["+".join(c.site for c in chunk) for chunk in CHUNKS])
async def test_it_ends_each_real_builder_form_as_a_person_would(
    real: RawSites, pool: BrowserPool, tmp_path: Path, chunk: list
) -> None:
    results = await asyncio.gather(*(run_case(real, pool, tmp_path, c) for c in chunk))
    assert [f"{r.case.site}: {r.problem}" for r in results if r.problem] == []


def test_it_covers_every_real_site_exactly_once(real_sites: RawSites) -> None:
    assert sorted(c.site for c in CASES) == sorted(s.name for s in real_sites)
    assert len(CASES) >= 40
