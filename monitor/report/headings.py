"""Column headings of CSV and XLSX exports in the reader's language.

In English the headings stay the machine keys scripts already read
("target", "answer_rate", "within_600s"); in Russian a client opening the file
in Excel reads "Магазин", "Доля ответов", "В пределах 10 мин".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.i18n import N_, Lang

TITLES = {
    "target": N_("Target"),
    "group": N_("Group"),
    "campaign": N_("Campaign"),
    "touchpoint": N_("Touchpoint"),
    "probes": N_("Probes"),
    "reached": N_("Reached the shop"),
    "answered": N_("Answered"),
    "answered_text": N_("Answered of reached"),
    "answer_rate": N_("Answer rate"),
    "unanswered": N_("Unanswered"),
    "auto_only": N_("Auto only"),
    "waiting": N_("Waiting"),
    "failed": N_("Failed"),
    "blocked": N_("Blocked"),
    "pending": N_("Pending"),
    "median_s": N_("Median, s"),
    "p90_s": N_("p90, s"),
    "min_s": N_("Min, s"),
    "max_s": N_("Max, s"),
    "business_median_s": N_("Median in work hours, s"),
    "quality_mean_of_5": N_("Quality (of 5)"),
    "quality_scored": N_("Replies scored"),
    "canned": N_("Canned"),
    "canned_share": N_("Canned share"),
    "promised": N_("Promise"),
    "promised_seconds": N_("Promised, s"),
    "promise_source": N_("Promise source"),
    "promise_kept": N_("Promise kept"),
    "promise_checked": N_("Promise checked"),
    "rank": N_("Rank"),
    "median_seconds": N_("Median, s"),
    "rate_gap_to_best": N_("Gap to best"),
    "median_gap_seconds": N_("Median gap, s"),
    "status": N_("Status"),
    "submitted_at": N_("Submitted"),
    "first_human_reply_at": N_("First human reply"),
    "latency_seconds": N_("Latency, s"),
    "auto_reply_at": N_("Auto-reply"),
    "sender": N_("From"),
    "reply_address": N_("Reply address"),
    "outcome": N_("Outcome"),
    "id": N_("Probe #"),
    "scheduled_at": N_("Scheduled"),
    "reason": N_("Reason"),
    "evidence": N_("Evidence"),
    "quality_score": N_("Quality (of 5)"),
}
_WITHIN = re.compile(r"^within_(\d+)s$")
_REPLIES = re.compile(r"^replies_(\w+)$")


def column_titles(keys: Iterable[str], lang: Lang | None) -> list[str]:
    """Headings for these keys; the keys themselves in English (or with no language)."""
    keys = list(keys)
    if lang is None or lang.code == "en":
        return keys
    out = []
    for key in keys:
        if m := _WITHIN.match(key):
            out.append(lang.gettext("within %(sla)s") % {"sla": lang.sla_label(int(m.group(1)))})
        elif m := _REPLIES.match(key):
            out.append(lang.gettext("Replies: %(kind)s") % {"kind": lang.gettext(m.group(1))})
        else:
            out.append(lang.gettext(TITLES[key]) if key in TITLES else key)
    return out
