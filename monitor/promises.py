"""The reply time a shop promises, read from text: the page near the form, an auto-reply, a chat widget. Pure.

"ответим в течение 15 минут", "перезвоним за 30 секунд", "відповімо протягом години",
"we reply within 24 hours", "usually replies in a few minutes", "в рабочее время",
"next business day". A duration only counts in a sentence about replying or calling
back ("доставка за 2 часа" promises nothing about answers). Reports set the promise
against the real figures per touchpoint: "promised 15 min; median 3 h 10 min; kept 2 of 9".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from monitor.mail.wording import normalise

_REPLY = re.compile(
    r"ответ\w*|отвеча\w*|свяж\w*|перезвон\w*|позвон\w*|обработа\w*|связ\w*|отклик\w*|"
    r"відпов\w*|зв'яж\w*|передзвон\w*|зателефон\w*|оброб\w*|"
    r"\brepl\w*|\brespon\w*|\banswer\w*|get\s+back|call\s+(?:you\s+)?back|contact\s+you|be\s+in\s+touch|get\s+in\s+touch|"
    r"\bcallback|\bcall\s+you\b",
    re.I,
)
_BUSINESS = re.compile(
    r"рабоч\w+|робоч\w+|\bbusiness\b|\bworking\b|\boffice\s+hours|будн\w+|будні\w*|\bweekdays?\b|"
    r"часы\s+работы|години\s+роботи",
    re.I,
)

_UNITS = (
    (1, r"секунд\w*|сек\b\.?|seconds?|secs?\b"),
    (60, r"минут\w*|мин\b\.?|хвилин\w*|хв\b\.?|minutes?|mins?\b"),
    (3600, r"час(?:а|ов)?\b|ч\b\.?|годин\w*|год\b\.?|hours?|hrs?\b"),
    (
        86400,
        r"(?:рабоч\w+\s+|робоч\w+\s+|business\s+|working\s+)?(?:дн(?:я|ей)\b|день\b|сут(?:ок|ки)\b|днів\b|дні\b|доби\b|days?\b)",
    ),
)
_NUMBER_WORDS = {
    "одну": 1,
    "одного": 1,
    "одной": 1,
    "однієї": 1,
    "one": 1,
    "a": 1,
    "an": 1,
    "двух": 2,
    "два": 2,
    "две": 2,
    "двох": 2,
    "дві": 2,
    "two": 2,
    "пару": 2,
    "a couple of": 2,
    "couple of": 2,
    "трех": 3,
    "три": 3,
    "трьох": 3,
    "three": 3,
    "пяти": 5,
    "пять": 5,
    "п'яти": 5,
    "п'ять": 5,
    "five": 5,
    "нескольких": 5,
    "несколько": 5,
    "кількох": 5,
    "декількох": 5,
    "a few": 5,
    "few": 5,
    "десяти": 10,
    "десять": 10,
    "ten": 10,
    "пятнадцати": 15,
    "п'ятнадцяти": 15,
    "fifteen": 15,
    "двадцати": 20,
    "двадцяти": 20,
    "twenty": 20,
    "тридцати": 30,
    "тридцяти": 30,
    "thirty": 30,
    "сорока": 40,
    "forty": 40,
    "шестидесяти": 60,
    "sixty": 60,
}
_NUM = r"(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|—|до|to)\s*(\d+(?:[.,]\d+)?))?(?:-?(?:ти|и|х|ми))?"
_WORDNUM = "|".join(sorted((re.escape(k) for k in _NUMBER_WORDS), key=len, reverse=True))
_DURATION = re.compile(
    rf"(?:{_NUM}|\b({_WORDNUM}))\s*(?:({_UNITS[0][1]})|({_UNITS[1][1]})|({_UNITS[2][1]})|({_UNITS[3][1]}))",
    re.I,
)
# Durations said with a word alone.
_WORD_DURATIONS = (
    (re.compile(r"получаса|півгодини|півгодинки|half\s+an\s+hour", re.I), 1800, None),
    (
        re.compile(
            r"(?:в\s+течение|за|протягом|за)\s+(?:одного\s+|одной\s+)?час(?:а)?\b|протягом\s+години|"
            r"\bwithin\s+(?:an|the|one)\s+hour|\bin\s+(?:an|one)\s+hour|\bunder\s+an\s+hour",
            re.I,
        ),
        3600,
        None,
    ),
    (re.compile(r"(?:в\s+течение|протягом)\s+(?:одних\s+)?(?:суток|доби)", re.I), 86400, None),
    (
        re.compile(
            r"(?:в\s+течение|за|протягом)\s+(?:одного\s+)?(?:рабоч\w+\s+|робоч\w+\s+)?(?:дня|день)\b|"
            r"\bwithin\s+(?:a|one|the)\s+(?:business\s+|working\s+)?day\b",
            re.I,
        ),
        86400,
        1,
    ),
    (
        re.compile(
            r"(?:на\s+)?следующ\w+\s+рабоч\w+\s+день|наступного\s+робочого\s+дня|наступний\s+робочий\s+день|"
            r"\bnext\s+(?:business|working)\s+day",
            re.I,
        ),
        86400,
        1,
    ),
    (
        re.compile(
            r"(?:в\s+течение|за|протягом)\s+(?:одной\s+|однієї\s+)?(?:минуты|хвилини)\b|\bwithin\s+a\s+minute|"
            r"\bin\s+a\s+minute",
            re.I,
        ),
        60,
        None,
    ),
)


@dataclass(frozen=True)
class Promise:
    seconds: int | None  # None: only "in working hours", no duration
    business: bool  # counted in the shop's working time
    text: str  # the sentence that says it
    source: str = "page"
    days: int | None = None  # day-based promises ("next business day"): checked against whole working days

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Promise | None:
        if not data:
            return None
        return cls(
            data.get("seconds"),
            bool(data.get("business")),
            str(data.get("text") or ""),
            str(data.get("source") or "page"),
            data.get("days"),
        )


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?…])\s+|\n+|\s[•|]\s", text) if s.strip()]


def _amount(m: re.Match[str]) -> tuple[int, int | None] | None:
    lo, hi, word = m.group(1), m.group(2), m.group(3)
    value = float((hi or lo).replace(",", ".")) if lo else float(_NUMBER_WORDS.get(word.lower(), 0))
    if value <= 0:
        return None
    for i, (unit, _) in enumerate(_UNITS):
        if m.group(4 + i):
            return int(value * unit), (int(value) if unit == 86400 else None)
    return None


def parse_promise(text: str | None, source: str = "page") -> Promise | None:
    """The first reply-time promise in ``text`` (page text near a form, an auto-reply, a chat greeting)."""
    if not text:
        return None
    for sentence in (normalise(x) for x in _sentences(text[:5000])):
        if not _REPLY.search(sentence):
            continue
        business = bool(_BUSINESS.search(sentence))
        if m := _DURATION.search(sentence):
            found = _amount(m)
            if found:
                seconds, days = found
                business = business or bool(
                    days and re.search(r"рабоч|робоч|business|working", m.group(0), re.I)
                )
                return Promise(seconds, business, sentence[:300], source, days)
        for rx, seconds, days in _WORD_DURATIONS:
            if wm := rx.search(sentence):
                biz = business or bool(re.search(r"рабоч|робоч|business|working", wm.group(0), re.I))
                return Promise(seconds, biz, sentence[:300], source, days)
        if business:
            return Promise(None, True, sentence[:300], source, None)
    return None


def describe(p: Promise) -> str:
    """'15 min', '1 business day', 'in working hours'."""
    if p.seconds is None:
        return "in working hours"
    if p.days:
        return f"{p.days} {'business ' if p.business else ''}day{'s' if p.days > 1 else ''}"
    s = p.seconds
    text = f"{s} s" if s < 60 else f"{s // 60} min" if s < 3600 else f"{s / 3600:g} h"
    return text + (" (working time)" if p.business else "")


@dataclass(frozen=True)
class Described:
    """What `describe` put into words, read back from them."""

    seconds: float | None  # None: "in working hours", or a day-based promise
    days: int | None
    business: bool


_DESCRIBED = re.compile(
    r"^(?:(?P<days>\d+) (?P<business_days>business )?days?"
    r"|(?P<amount>\d+(?:\.\d+)?) (?P<unit>s|min|h)(?P<working> \(working time\))?"
    r"|(?P<hours>in working hours))$"
)
_UNIT_SECONDS = {"s": 1, "min": 60, "h": 3600}


def read_described(text: str) -> Described | None:
    """`describe`'s words read back, or None for any other text.

    Reports (and the stored rollups) keep a promise only as `describe`'s English words;
    this lets another language word the same promise anew.
    """
    m = _DESCRIBED.match(text)
    if m is None:
        return None
    if m["days"]:
        return Described(None, int(m["days"]), bool(m["business_days"]))
    if m["hours"]:
        return Described(None, None, True)
    return Described(float(m["amount"]) * _UNIT_SECONDS[m["unit"]], None, bool(m["working"]))
