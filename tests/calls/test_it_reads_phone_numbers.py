"""One phone module for probes, discovery and matching: every written form of a number is one number."""

from __future__ import annotations

import pytest

from monitor.discover import phones_in
from probes import phones
from probes.form.phone import candidates, split_number


@pytest.mark.parametrize(
    ("written", "region", "e164"),
    [
        ("+380 67 123 4567", None, "+380671234567"),
        ("067 123 4567", "UA", "+380671234567"),  # the local form a Ukrainian shop calls from
        ("380671234567", "RU", "+380671234567"),  # providers' digits with the country code, read anywhere
        ("+375 29 123-45-67", None, "+375291234567"),  # Belarus: a three-digit country code, not 37
        ("8 029 123-45-67", "BY", "+375291234567"),
        ("8 (912) 345-67-01", "RU", "+79123456701"),
        ("+7 (912) 345-67-01", "UA", "+79123456701"),
        ("9123456701", "RU", "+79123456701"),
        ("8 701 123 45 67", "KZ", "+77011234567"),
        ("+1 415 555 0100", None, "+14155550100"),
    ],
)
def test_it_reads_every_written_form_as_one_number(written: str, region: str | None, e164: str) -> None:
    assert phones.e164(written, region) == e164


@pytest.mark.parametrize(
    ("written", "region"), [("067 123 4567", None), ("hello", "RU"), ("123", "RU"), ("", "RU")]
)
def test_it_does_not_guess_a_number(written: str, region: str | None) -> None:
    assert phones.e164(written, region) is None


def test_sender_names_are_compared_as_labels() -> None:
    assert phones.key("SHOP-RU") == phones.key("shop ru") == "shopru"
    assert phones.same("+380 67 123 4567", "067 123 4567", "UA")
    assert not phones.same("Anonymous", "+79123456701")


def test_the_form_module_splits_by_the_real_country_code() -> None:
    assert split_number("+375 29 123-45-67") == ("375", "291234567")
    assert split_number("+380671234567") == ("380", "671234567")
    assert split_number("+79123456701") == ("7", "9123456701")
    assert candidates("+380671234567")[:2] == ["+380 67 123 4567", "067 123 4567"]
    assert candidates("+79123456701")[0] == "+7 (912) 345-67-01"


def test_discovery_dedupes_a_number_in_its_local_and_international_forms() -> None:
    text = "Звоните: +7 (343) 111-22-33 или 8 343 111 22 33; Київ: 044 123 45 67"
    assert phones_in(text, (), region="RU") == ["+7 (343) 111-22-33", "044 123 45 67"]
    assert phones.region_from_url("https://shop.com.ua/") == "UA"
    assert phones.region_from_url("https://shop.example.com/") is None
