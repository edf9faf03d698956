"""One spreadsheet row -> a checked target update, or the reasons it cannot be taken.

Phones are checked with probes/phones.py in the target's country (given, or its
time zone's), countries with monitor/country.py (codes, or English and Russian
names), time zones with zoneinfo. Empty cells leave what the config has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.country import check_country, country_for_timezone, country_names
from monitor.targets.table import Row
from probes import phones

NAME_RE = re.compile(r"^[\w .@+-]{1,200}$")
URL_RE = re.compile(r"^https?://[^/\s]+\S*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GROUPS = {
    "client": "client",
    "клиент": "client",
    "заказчик": "client",
    "competitor": "competitor",
    "конкурент": "competitor",
    "": "competitor",
}
# The seed market's countries by their Russian names; English names come from tzdata's iso3166.tab.
RU_COUNTRIES = {
    "россия": "RU",
    "рф": "RU",
    "российскаяфедерация": "RU",
    "украина": "UA",
    "беларусь": "BY",
    "белоруссия": "BY",
    "казахстан": "KZ",
    "узбекистан": "UZ",
    "кыргызстан": "KG",
    "киргизия": "KG",
    "армения": "AM",
    "грузия": "GE",
    "азербайджан": "AZ",
    "молдова": "MD",
    "молдавия": "MD",
    "таджикистан": "TJ",
    "туркменистан": "TM",
    "латвия": "LV",
    "литва": "LT",
    "эстония": "EE",
}


@dataclass(frozen=True)
class TargetUpdate:
    row: int
    name: str
    group: str | None = None
    url: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] | None = None  # None: keep the config's
    timezone: str | None = None
    country: str | None = None


def _split(text: str, pattern: str) -> list[str]:
    return [x.strip() for x in re.split(pattern, text) if x.strip()]


def country_code(value: str) -> str:
    key = re.sub(r"[\s\-.]+", "", value.strip().lower().replace("ё", "е"))
    if key in RU_COUNTRIES:
        return RU_COUNTRIES[key]
    by_name = {re.sub(r"[\s\-.]+", "", n.lower()): c for c, n in country_names().items()}
    return by_name.get(key) or check_country(value)


def check_row(row: Row, *, known: dict[str, str | None]) -> tuple[TargetUpdate | None, list[str]]:
    """The update for a row, or None and every reason it cannot be taken. `known`: name -> its country."""
    v, problems = row.values, []
    name = v.get("name", "")
    if not NAME_RE.match(name):
        problems.append(f"name {name!r} is empty or has characters other than letters, digits, space . @ + -")
    group = GROUPS.get(v.get("group", "").strip().lower())
    if group is None:
        problems.append(f"group {v['group']!r} is neither client (клиент) nor competitor (конкурент)")
    url = v.get("url")
    if url and "://" not in url:
        url = "https://" + url  # "shop.ru", as people paste it
    if url and not URL_RE.match(url):
        problems.append(f"url {v['url']!r} is not an http(s) address")
    if not url and name not in known:
        problems.append("a new target needs a url (сайт)")
    tz = v.get("timezone")
    if tz:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"time zone {tz!r} is not an IANA name like Europe/Moscow")
            tz = None
    country = None
    if v.get("country"):
        try:
            country = country_code(v["country"])
        except ValueError:
            problems.append(f"country {v['country']!r} is not an ISO code (RU, UA, KZ) or a country's name")
    region = country or country_for_timezone(tz) or known.get(name)
    numbers = None
    if "phones" in v:
        numbers = []
        for p in _split(v["phones"], r"[;,\n]+"):
            number = phones.e164(p, region)
            if number is None:
                problems.append(f"phone {p!r} is not a phone number{f' in {region}' if region else ''}")
            else:
                numbers.append(number)
    emails = _split(v.get("emails", ""), r"[;,\s]+")
    problems += [f"e-mail {e!r} is not an address" for e in emails if not EMAIL_RE.match(e)]
    if problems:
        return None, problems
    return TargetUpdate(
        row.number,
        name,
        None if "group" not in v else group,
        url,
        tuple(emails),
        None if numbers is None else tuple(numbers),
        tz,
        country,
    ), []
