from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from tests.fixtures.report_seed import CONFIG, seed


@pytest.fixture
def seeded_cfg(make_config, monkeypatch: pytest.MonkeyPatch) -> Config:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")
    return make_config(CONFIG)  # type: ignore[no-any-return]


@pytest.fixture
def seeded(factory: sessionmaker[Session], seeded_cfg: Config) -> dict[str, int]:
    return seed(factory, seeded_cfg)
