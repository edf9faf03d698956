"""Real-markup blind corpus: builder and framework pages on 127.0.73.* (the shared Chromium comes from tests/probes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.demo.formsites_extra import RawSites
from tests.probes.form_real import sites_apps, sites_builders


@pytest.fixture(scope="session")
def real_sites() -> Iterator[RawSites]:
    s = RawSites(sites_builders.build() + sites_apps.build(), base="127.0.73").start()
    yield s
    s.stop()


@pytest.fixture
def real(real_sites: RawSites) -> RawSites:
    real_sites.reset()
    return real_sites
