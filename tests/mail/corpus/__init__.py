"""The labelled reply corpus: reconstructed public samples (eml/) plus RU/UK/EN replies built from documented formats.

Every sample keeps its source. Labels were written by reading each sample, before
the classifier ever ran on it (see first_contact.md for what it got right then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
CHECK_ITEMS = ("addressed_by_name", "answered_question", "next_step", "signed", "customer_language")


@dataclass(frozen=True)
class Sample:
    id: str
    kind: str  # human | bounce | delivery | receipt | ooo | ack | newsletter | auto
    raw: bytes
    source: str
    lang: str | None = None
    question: str | None = None
    persona: str | None = None  # the persona's first name the probe used
    shop: str | None = None  # replies of one shop (canned-reply detection is per shop)
    checklist: dict[str, bool] = field(default_factory=dict)  # humans: the five items, labelled by hand
    canned: str | None = None  # template id: replies sharing it are one canned text
    seconds_after: float = 600.0  # when it arrived after the question


def load_corpus() -> list[Sample]:
    from tests.mail.corpus.generated import generated_samples
    from tests.mail.corpus.labels import EML_LABELS

    out = [
        Sample(id=name, kind=kind, raw=(HERE / "eml" / f"{name}.eml").read_bytes(), source=source, lang=lang)
        for name, (kind, lang, source) in EML_LABELS.items()
    ]
    return out + generated_samples()
