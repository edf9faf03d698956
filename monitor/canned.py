"""Canned replies: nearly the same text sent to different probes, persona names aside. Pure.

A shop that answers every customer with one template is still answering (a canned
reply from a person counts), but an auditor wants to know how often it happens.
Texts are normalised (persona names -> a placeholder, digits -> #, case, spacing,
punctuation) and compared with rapidfuzz's normalised Indel similarity, a
maintained C++ implementation; short texts ("Да, есть.") are left out, since two
people can write them independently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from monitor.quality import name_pattern

SIMILARITY = 88.0  # percent; measured on the corpus (bench/bench_replies.py)
MIN_CHARS = 60  # normalised characters below which a text is never called canned


def template_text(text: str, names: Iterable[str] = ()) -> str:
    """The text as a template: names of the customer replaced, numbers and spacing flattened."""
    out = text
    for name in names:
        rx = name_pattern(name) if name else None
        if rx is not None:
            out = rx.sub("<name>", out)
    out = out.lower().replace("ё", "е")
    out = re.sub(r"\d+", "#", out)
    out = re.sub(r"[^\w<>#]+", " ", out)
    return re.sub(r"\s+", " ", out).strip()


def similarity(a: str, b: str) -> float:
    return float(fuzz.ratio(a, b))


@dataclass(frozen=True)
class Candidate:
    reply_id: int
    probe_id: int | None
    template: str


def same_template(template: str, probe_id: int | None, others: Sequence[Candidate]) -> Candidate | None:
    """The earlier reply to another probe this one repeats (the most similar), or None."""
    if len(template) < MIN_CHARS:
        return None
    pool = [c for c in others if c.probe_id != probe_id and len(c.template) >= MIN_CHARS]
    best = process.extractOne(
        template, [c.template for c in pool], scorer=fuzz.ratio, score_cutoff=SIMILARITY
    )
    return pool[best[2]] if best else None
