"""Which country a target is in: its public holidays and its phone numbers' region follow from it.

A target may name its country (ISO 3166 alpha-2); otherwise it is read off the target's IANA time
zone through the tz database's own ``zone.tab`` (one country per zone), which ships with the system
tzdata and with the ``tzdata`` package, so the answer never depends on a hand-written table.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_SYSTEM_ZONEINFO = Path("/usr/share/zoneinfo")


def _tab(name: str) -> list[list[str]]:
    """Rows of one of tzdata's tab-separated tables, system copy first, then the tzdata package."""
    path = _SYSTEM_ZONEINFO / name
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _zone_countries() -> dict[str, str]:
    return {row[2]: row[0] for row in _tab("zone.tab") if len(row) >= 3}


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> English name, from tzdata's iso3166.tab."""
    return {row[0]: row[1] for row in _tab("iso3166.tab") if len(row) >= 2}


# Zones renamed in the tz database whose old name is still common in configs.
_RENAMED = {
    "Europe/Kiev": "Europe/Kyiv",
    "Europe/Uzhgorod": "Europe/Kyiv",
    "Europe/Zaporozhye": "Europe/Kyiv",
}


def country_for_timezone(tz: str | None) -> str | None:
    """The country an IANA zone belongs to (``Europe/Moscow`` -> ``RU``); None for UTC and the like."""
    if not tz:
        return None
    zones = _zone_countries()
    return zones.get(tz) or zones.get(_RENAMED.get(tz, ""))


def check_country(code: str) -> str:
    """Validate and normalise an ISO 3166 alpha-2 code (``ru`` -> ``RU``)."""
    value = str(code).strip().upper()
    if value not in country_names():
        raise ValueError(f"unknown country {code!r} (expected an ISO 3166 alpha-2 code like RU, UA, KZ)")
    return value
