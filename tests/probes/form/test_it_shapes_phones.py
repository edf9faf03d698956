"""The persona's phone in the format the input's mask, pattern or the shop's error asks for."""

from __future__ import annotations

import pytest

from probes.form.phone import apply_mask, choose, hint_to_regex, is_mask

P = "+7 912 345-67-01"


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, "+7 (912) 345-67-01"),
        ({"placeholder": "+7 (___) ___-__-__"}, "+7 (912) 345-67-01"),
        ({"mask": "+7 (999) 999-99-99"}, "+7 (912) 345-67-01"),
        ({"placeholder": "8 (___) ___-__-__"}, "8 (912) 345-67-01"),
        ({"placeholder": "(999) 999-99-99"}, "(912) 345-67-01"),
        ({"pattern": r"\+7\d{10}"}, "+79123456701"),
        ({"pattern": r"[0-9]{11}"}, "79123456701"),
        ({"maxlength": 10}, "9123456701"),
        ({"hint": "Укажите номер в формате 8XXXXXXXXXX"}, "89123456701"),
        ({"hint": "Phone must look like +7 999 999-99-99"}, "+7 912 345-67-01"),
    ],
)
def test_it_formats_for_the_field(kw: dict[str, object], expected: str) -> None:
    assert choose(P, **kw) == expected  # type: ignore[arg-type]


def test_it_never_repeats_a_rejected_format() -> None:
    assert choose(P, avoid=("+7 (912) 345-67-01",)) != "+7 (912) 345-67-01"


def test_it_handles_ukrainian_numbers() -> None:
    assert apply_mask("+380 44 123 45 67", "+380 (__) ___-__-__") == "+380 (44) 123-45-67"


def test_it_recognises_masks() -> None:
    assert is_mask("+7 (___) ___-__-__") and is_mask("(999) 999-9999")
    assert not is_mask("Ваш телефон") and not is_mask("+7 912 345 67 01")
    assert hint_to_regex("никаких форматов") is None
