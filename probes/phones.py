"""Phone numbers, the one place they are parsed: libphonenumber's rules through ``phonenumbers``.

A shop writes its number as ``8 (343) 111-22-33``, a Ukrainian one as ``067 123 4567``, a
provider reports ``+380671234567`` or ``380671234567``: all are one number only once they are
read with the right region's dialling rules (trunk prefixes, country codes of one to three
digits). Everything that compares or stores numbers goes through here, so the probes (which
type the persona's number into forms), discovery and call matching agree. Lives in ``probes/``
because probes may not import ``monitor/``; ``monitor`` imports it.

``region`` is an ISO 3166 alpha-2 code (``RU``, ``UA``): the country whose national forms a
number without ``+`` is read in. Without one, only international forms parse.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat

_LABEL_RE = re.compile(r"[^\w+]+")


def parse(text: str | None, region: str | None = None) -> PhoneNumber | None:
    """The number, or None when ``text`` is not a possible phone number in ``region``.

    Digits that already carry a country code but no ``+`` (``380671234567``, as many providers
    report them) are read as international when the national reading is not possible.
    """
    raw = (text or "").strip()
    if not raw or not any(ch.isdigit() for ch in raw):
        return None
    for candidate, where in ((raw, region), ("+" + re.sub(r"\D", "", raw), None)):
        try:
            num = phonenumbers.parse(candidate, where.upper() if where else None)
        except NumberParseException:
            continue
        if phonenumbers.is_possible_number(num):
            return num
        if raw.startswith("+"):
            break
    return None


def e164(text: str | None, region: str | None = None) -> str | None:
    """``+79123456701`` for any written form of that number; None when it is not a phone number."""
    num = parse(text, region)
    return phonenumbers.format_number(num, PhoneNumberFormat.E164) if num is not None else None


def key(text: str | None, region: str | None = None) -> str:
    """What two numbers (or SMS sender names) are compared by: E.164, else the cleaned label.

    SMS acknowledgements often come from an alphanumeric sender ("SHOP-RU"); such a sender
    is kept as a lowercase label so it can still be compared, never guessed into digits.
    """
    number = e164(text, region)
    if number is not None:
        return number
    return _LABEL_RE.sub("", (text or "").strip().lower())


def same(a: str | None, b: str | None, region: str | None = None) -> bool:
    ka, kb = key(a, region), key(b, region)
    return bool(ka) and ka == kb


def split(text: str | None, region: str | None = None) -> tuple[str, str]:
    """(country calling code, national significant number): ``+375 29 123-45-67`` -> ("375", "291234567").

    Falls back to ("", digits) for text that is not a phone number, so callers can still type it.
    """
    num = parse(text, region)
    if num is None:
        return "", re.sub(r"\D", "", text or "")
    return str(num.country_code), phonenumbers.national_significant_number(num)


def formats(text: str | None, region: str | None = None) -> list[str]:
    """The number as people write it: international, national, E.164 (empty if unparseable)."""
    num = parse(text, region)
    if num is None:
        return []
    out: list[str] = []
    for fmt in (PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL, PhoneNumberFormat.E164):
        value = phonenumbers.format_number(num, fmt)
        if value not in out:
            out.append(value)
    return out


def region_from_url(url: str) -> str | None:
    """A site's country-code domain as a dialling region (``shop.kz`` -> ``KZ``); None for .com and the like."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    tld = host.rsplit(".", 1)[-1].upper()
    tld = {"UK": "GB", "SU": "RU"}.get(tld, tld)
    return tld if tld in phonenumbers.SUPPORTED_REGIONS else None
