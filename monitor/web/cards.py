"""Headline cards, one per channel: the sentence an owner reads out to a client.

"called back 4 of 20", "e-mail answered 9 of 20, 3 within 10 min": counted
exactly like every report (`Metrics`), worded in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.i18n import N_, Lang
from monitor.report.model import Report

# Per channel, the sentence with its verb; other kinds use the generic one.
SENTENCES = {
    "callback": N_("called back %(n)s of %(m)s"),
    "email": N_("e-mail answered %(n)s of %(m)s"),
    "form": N_("form answered %(n)s of %(m)s"),
    "chat": N_("chat answered %(n)s of %(m)s"),
}
GENERIC = N_("%(kind)s: answered %(n)s of %(m)s")
WITHIN = N_("%(k)s within %(sla)s")


@dataclass(frozen=True)
class Card:
    kind: str
    sentence: str  # "e-mail answered 9 of 20, 3 within 10 min"
    rate: str  # "45%" or "—"
    median: str  # "12m 05s" or "—"
    answered: int
    reached: int


def channel_cards(report: Report, sla_s: float, lang: Lang) -> list[Card]:
    """One card per touchpoint kind that has probes, in the report's order."""
    out = []
    for cell in report.kinds:
        m = cell.metrics
        if not m.probes:
            continue
        text = lang.gettext(SENTENCES.get(cell.kind, GENERIC)) % {
            "n": m.answered,
            "m": m.reached,
            "kind": lang.gettext(cell.kind),
        }
        if m.reached:
            text += ", " + lang.gettext(WITHIN) % {"k": m.within_count(sla_s), "sla": lang.sla_label(sla_s)}
        out.append(
            Card(
                cell.kind,
                text,
                lang.percent(m.answer_rate),
                lang.duration(m.latency.median_s),
                m.answered,
                m.reached,
            )
        )
    return out
