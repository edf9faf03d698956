"""Form-probe fixtures: the demo shops on loopback and one shared Chromium for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.demo.formsites import FormSites, build_shops


@pytest.fixture(scope="session")
def sites() -> Iterator[FormSites]:
    s = FormSites(build_shops(), base="127.0.62").start()
    yield s
    s.stop()


@pytest.fixture
def shops(sites: FormSites) -> FormSites:
    sites.reset()
    return sites
