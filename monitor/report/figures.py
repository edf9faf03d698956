"""The report's figures worded in a language: "3 of 4 (75%)" / "3 из 4 (75%)", "2.5/5 (3)" / "2,5/5 (3)".

English is exactly `fmt` (what scripts and tests already read); other languages
reword the same numbers through `monitor.i18n`.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal
from babel.units import format_unit

from monitor.i18n import Lang
from monitor.promises import read_described
from monitor.report import fmt
from monitor.report.model import Metrics


@dataclass(frozen=True)
class Figures:
    lang: Lang

    @property
    def english(self) -> bool:
        return self.lang.code == "en"

    def n_of_m(self, m: Metrics) -> str:
        if self.english:
            return fmt.n_of_m(m)
        return self.lang.gettext("%(n)s of %(m)s") % {"n": m.answered, "m": m.reached}

    def answered(self, m: Metrics) -> str:
        return f"{self.n_of_m(m)} ({self.lang.percent(m.answer_rate)})"

    def quality(self, m: Metrics) -> str:
        q = m.quality
        if self.english or q.mean is None:
            return fmt.quality(m)
        return f"{format_decimal(q.mean, format='0.0', locale=self.lang.code)}/5 ({q.scored})"

    def canned(self, m: Metrics) -> str:
        q = m.quality
        if self.english or not q.scored:
            return fmt.canned(m)
        n_of = self.lang.gettext("%(n)s of %(m)s") % {"n": q.canned, "m": q.scored}
        return f"{n_of} ({self.lang.percent(q.canned_share)})"

    def promise(self, m: Metrics) -> str:
        pr = m.promise
        if self.english or not pr.promised:
            return fmt.promise(m)
        _ = self.lang.gettext
        parts = [_("promised %(what)s") % {"what": self.promised(pr.promised)}]
        if m.latency.median_s is not None:
            parts.append(_("median %(d)s") % {"d": self.lang.duration(m.latency.median_s)})
        if pr.checked:
            parts.append(_("kept %(k)s of %(n)s") % {"k": pr.kept, "n": pr.checked})
        return "; ".join(parts)

    def promised(self, described: str) -> str:
        """A promise as `promises.describe` wrote it ("2 business days", "15 min (working time)"), reworded."""
        d = read_described(described)
        if self.english or d is None:
            return described
        _ = self.lang.gettext
        if d.days is not None and d.business:
            return _("%(n)s business day(s)") % {"n": d.days}
        if d.days is not None:
            return format_unit(d.days, "duration-day", length="long", locale=self.lang.code)
        if d.seconds is None:
            return _("in working hours")
        words = self.lang.duration(d.seconds)
        return _("%(d)s of working time") % {"d": words} if d.business else words

    def machine_kinds(self, m: Metrics) -> str:
        if self.english:
            return fmt.machine_kinds(m)
        parts = [f"{self.lang.gettext(k)} {n}" for k, n in m.reply_kinds if k != "human" and n]
        return ", ".join(parts) or "—"
