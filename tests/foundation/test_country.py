"""A target's country comes from the config or, by default, from its time zone."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.country import check_country, country_for_timezone
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Target
from tests.conftest import MINIMAL_CONFIG


@pytest.mark.parametrize(
    ("tz", "country"),
    [
        ("Europe/Moscow", "RU"),
        ("Europe/Kyiv", "UA"),
        ("Europe/Kiev", "UA"),
        ("Europe/Minsk", "BY"),
        ("Asia/Almaty", "KZ"),
        ("America/New_York", "US"),
        ("UTC", None),
        (None, None),
    ],
)
def test_it_reads_the_country_off_the_time_zone(tz: str | None, country: str | None) -> None:
    assert country_for_timezone(tz) == country


def test_it_normalises_and_rejects_codes() -> None:
    assert check_country(" ua ") == "UA"
    with pytest.raises(ValueError, match="unknown country 'XX'"):
        check_country("XX")


def test_it_stores_the_configured_or_default_country(make_config, factory: sessionmaker[Session]) -> None:  # type: ignore[no-untyped-def]
    cfg = make_config(
        MINIMAL_CONFIG.replace(
            "targets: []",
            """targets:
  - {name: msk, url: "http://127.0.0.1:1/"}
  - {name: kyiv, url: "http://127.0.0.1:2/", timezone: Europe/Kyiv}
  - {name: named, url: "http://127.0.0.1:3/", timezone: UTC, country: kz}
""",
        )
    )
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
    with factory() as s:
        got = {t.name: t.country for t in s.scalars(select(Target))}
    assert got == {"msk": "RU", "kyiv": "UA", "named": "KZ"}
