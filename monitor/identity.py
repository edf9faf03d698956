"""Per-probe identity: a unique token, an ASCII reply address, a persona and a question.

The token is what lets any later answer (mail, chat, callback) be traced back to
its probe, so it is short, unguessable, lowercase alphanumeric (survives forms
that lowercase e-mails) and has no look-alike characters.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from anyascii import anyascii

from monitor.config import PersonaConfig, ShopperConfig

TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
TOKEN_LENGTH = 10
TOKEN_RE = re.compile(rf"\b(?:rw)?([{TOKEN_ALPHABET}]{{{TOKEN_LENGTH}}})\b")


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def ascii_slug(text: str) -> str:
    """'Анна' -> 'anna', 'Игорь' -> 'igor': a local part every form validator accepts."""
    out = re.sub(r"[^a-z0-9]+", "", anyascii(text).lower())
    return out or "client"


def reply_address(template: str, persona: PersonaConfig, token: str) -> str:
    """Render the address template; the result is plain ASCII (Chromium rejects non-ASCII local parts)."""
    addr = template.format(
        first=ascii_slug(persona.first_name), last=ascii_slug(persona.last_name), token=token
    )
    local, _, domain = addr.partition("@")
    local = re.sub(r"[^A-Za-z0-9.+_-]", "", local).strip(".")
    domain = anyascii(domain).lower()
    return f"{local}@{domain}"


@dataclass(frozen=True)
class Identity:
    token: str
    persona: PersonaConfig
    reply_address: str
    question: str
    subject: str


def render_question(template: str, *, target: str, product: str) -> str:
    return template.replace("{target}", target).replace("{product}", product)


def choose_identity(
    shopper: ShopperConfig, *, sequence: int, target: str, token: str | None = None
) -> Identity:
    """Rotate personas, questions and products by a sequence number (the probe count so far).

    Rotation rather than random choice keeps the mix even across targets, so no
    shop is always asked the same thing by the same person.
    """
    token = token or new_token()
    persona = shopper.personas[sequence % len(shopper.personas)]
    q = shopper.questions[(sequence // len(shopper.personas)) % len(shopper.questions)]
    product = shopper.products[sequence % len(shopper.products)]
    subject = shopper.subjects[sequence % len(shopper.subjects)]
    address = reply_address(shopper.mailbox.address_template, persona, token)
    return Identity(token, persona, address, render_question(q, target=target, product=product), subject)
