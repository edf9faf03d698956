"""Blind-test fixtures: never-seen shop sites on 127.0.71.* and one shared Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.demo.formsites_extra import RawSites
from tests.probes.form_unseen.sites import build


@pytest.fixture(scope="session")
def unseen_sites() -> Iterator[RawSites]:
    s = RawSites(build(), base="127.0.71").start()
    yield s
    s.stop()


@pytest.fixture
def unseen(unseen_sites: RawSites) -> RawSites:
    unseen_sites.reset()
    return unseen_sites
