"""The product's languages: which one to speak, its translated texts, and its numbers, dates and durations.

One helper for every output (dashboard, `replywatch report`, exports), so a
Russian-speaking client sees the same words and the same "3 мин" everywhere.
Catalogs are the committed ``monitor/locale/<lang>/LC_MESSAGES/messages.po``
files, compiled in memory on first use: no build step can be forgotten.

    lang = i18n.get(i18n.pick("ru-RU,ru;q=0.9", "auto"))
    lang.gettext("Answered")  # 'Ответили'
    lang.duration(190)        # '3 мин 10 с'
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from babel.units import format_unit

LANGUAGES = ("en", "ru")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
NO_FIGURE = "—"

_UNITS = ((86400, "duration-day"), (3600, "duration-hour"), (60, "duration-minute"), (1, "duration-second"))


def pick(accept_language: str | None = None, setting: str | None = "auto") -> str:
    """The language to speak: a fixed setting wins; "auto" follows the browser's Accept-Language."""
    if setting and setting != "auto":
        return setting if setting in LANGUAGES else DEFAULT
    best, best_q = DEFAULT, -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def from_environment(setting: str | None = "auto") -> str:
    """For the command line, where no browser asks: the setting, else the process locale (LANG=ru_RU...)."""
    env = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return pick(env.split(".")[0].replace("_", "-"), setting)


@cache
def _translations(code: str) -> NullTranslations:
    po = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


@dataclass(frozen=True)
class Lang:
    """One language's words and formats; cheap to pass around (see `get`)."""

    code: str

    @property
    def translations(self) -> NullTranslations:
        return _translations(self.code)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def duration(self, seconds: float | None) -> str:
        """12s / 4m 30s in English (as the reports always wrote), "4 мин 30 с" in Russian; "—" for none."""
        if seconds is None:
            return NO_FIGURE
        if self.code == "en":
            from monitor.report import fmt

            return fmt.duration(seconds)
        s = int(round(seconds))
        i = next((i for i, (size, _) in enumerate(_UNITS) if s >= size), len(_UNITS) - 1)
        size, unit = _UNITS[i]
        parts = [format_unit(s // size, unit, length="narrow", locale=self.code)]
        if i + 1 < len(_UNITS) and (rest := s % size // _UNITS[i + 1][0]):
            parts.append(format_unit(rest, _UNITS[i + 1][1], length="narrow", locale=self.code))
        return " ".join(parts)

    def sla_label(self, seconds: float) -> str:
        """A threshold as people say it: "10 min", "1 h" / "10 мин", "1 ч"."""
        if self.code == "en":
            from monitor.report import fmt

            return fmt.sla_label(seconds)
        return self.duration(seconds)

    def tick(self, seconds: float) -> str:
        """A time-axis tick in one unit: "10 sec", "1 min", "1 hr", "1 day" / "10 с", "1 мин", "1 ч", "1 дн."."""
        size, unit = next((u for u in _UNITS if seconds >= u[0]), _UNITS[-1])
        return format_unit(round(seconds / size), unit, length="short", locale=self.code)

    def number(self, value: float | int | None, digits: int = 1) -> str:
        if value is None:
            return NO_FIGURE
        return format_decimal(value, format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale=self.code)

    def percent(self, share: float | None) -> str:
        return NO_FIGURE if share is None else format_percent(share, format="#,##0%", locale=self.code)

    def date(self, value: datetime | None) -> str:
        return NO_FIGURE if value is None else format_date(value, format="medium", locale=self.code)

    def datetime(self, value: datetime | None) -> str:
        return NO_FIGURE if value is None else format_datetime(value, format="medium", locale=self.code)


@cache
def get(code: str = DEFAULT) -> Lang:
    return Lang(code if code in LANGUAGES else DEFAULT)


def N_(message: str) -> str:  # noqa: N802 (gettext's marker name, which the extractor looks for)
    """Marks a word for the catalog that is translated later, from data (a kind, a status, a group)."""
    return message


# Words that reach the pages as data, listed here so `pybabel extract` puts them in the catalog.
DATA_WORDS = (
    N_("form"),
    N_("email"),
    N_("chat"),
    N_("callback"),
    N_("pricelist"),
    N_("subscription"),
    N_("all"),
    N_("client"),
    N_("competitor"),
    N_("answered"),
    N_("unanswered"),
    N_("submitted"),
    N_("pending"),
    N_("failed"),
    N_("blocked"),
    N_("waiting"),
    N_("human"),
    N_("ack"),
    N_("receipt"),
    N_("auto"),
    N_("bot"),
    N_("ooo"),
    N_("delivery"),
    N_("bounce"),
    N_("newsletter"),
    N_("greeting"),
    N_("call"),
    N_("sms"),
    N_("evidence"),
    N_("screenshot"),
    N_("page"),
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
    N_("Wrong password."),
    N_("Session expired: please try again."),
    N_("addressed by name"),
    N_("answered question"),
    N_("next step"),
    N_("signed"),
    N_("customer language"),
    N_("running"),
    N_("auto-reply"),
    N_("transcript"),
    N_("request"),
    N_("url"),
    N_("file"),
    N_("delivered"),
    N_("muted"),
    N_("dropped"),
    N_("quiet hours"),
    N_("config"),
    N_("cli"),
    N_("dashboard"),
)


def gettext(code: str, message: str) -> str:
    """One-off translation for modules that only need a heading or two."""
    return get(code).gettext(message)
