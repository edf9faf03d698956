"""Per-probe identity: unique tokens, ASCII reply addresses, rotation."""

from __future__ import annotations

import re

from monitor.config import PersonaConfig, ShopperConfig
from monitor.identity import TOKEN_RE, ascii_slug, choose_identity, new_token, reply_address

SHOPPER = ShopperConfig.model_validate(
    {
        "mailbox": {"address_template": "{first}.{token}@shopper.example"},
        "personas": [
            {"first_name": "Анна", "last_name": "Кузнецова", "phone": "1"},
            {"first_name": "Олександр", "last_name": "Шевченко", "phone": "2"},
        ],
        "questions": ["Есть ли {product} для {target}?", "Доставка?"],
        "products": ["чайник"],
    }
)


def test_it_makes_unique_tokens_that_the_token_pattern_finds() -> None:
    tokens = {new_token() for _ in range(5000)}
    assert len(tokens) == 5000
    t = next(iter(tokens))
    assert TOKEN_RE.search(f"Re: вопрос [{t}]").group(1) == t


def test_it_transliterates_cyrillic_names_into_plain_ascii_addresses() -> None:
    p = PersonaConfig(first_name="Игорь", last_name="Смирнов", phone="1")
    addr = reply_address("{first}.{last}.{token}@Shopper.Example", p, "abc234defg")
    assert addr == "igor.smirnov.abc234defg@shopper.example"
    assert addr.isascii()
    assert reply_address("me+{token}@mail.example", p, "abc234defg") == "me+abc234defg@mail.example"
    assert ascii_slug("Ёлка") == "elka" and ascii_slug("!!!") == "client"


def test_it_rotates_personas_and_questions_and_fills_variables() -> None:
    ids = [choose_identity(SHOPPER, sequence=i, target="shop01") for i in range(4)]
    assert [i.persona.first_name for i in ids] == ["Анна", "Олександр", "Анна", "Олександр"]
    assert ids[0].question == "Есть ли чайник для shop01?"
    assert ids[2].question == "Доставка?"
    assert re.fullmatch(r"oleksandr\.[a-z0-9]{10}@shopper\.example", ids[1].reply_address)
