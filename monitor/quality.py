"""How good a person's reply is: a five-item checklist, each item kept with the text that proves it. Pure.

The items are what a mystery shopper's form asks: did they use my name, did
they answer what I asked, did they offer a next step, did a person sign it,
did they write in my language. The score sits beside latency in every report
and never changes it. RU, UK and EN; a phrase list per language, no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from anyascii import anyascii

from monitor.mail.parse import _QUOTE_START
from monitor.mail.wording import normalise

ITEMS = ("addressed_by_name", "answered_question", "next_step", "signed", "customer_language")

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_CURRENCY = r"(?:₽|руб\w*|р\.|грн\w*|₴|\$|usd|eur\w*|€|тенге|тг|₸|byn|£|uah|rub)"
_PRICE = re.compile(rf"(?:\d[\d\s\u00a0]*(?:[.,]\d+)?\s*{_CURRENCY}(?!\w)|(?:\$|€|£)\s*\d[\d,.]*)", re.I)
_YES_NO = re.compile(
    r"^(?:да|нет|есть|имеется|конечно|разумеется|к\s+сожалению|увы|так|ні|є|немає|звісно|звичайно|"
    r"на\s+жаль|yes|no|sure|of\s+course|unfortunately|certainly|absolutely)\b",
    re.I,
)
# A sentence that asks the customer something back is not an answer, whatever words it shares with the question.
_ASKS_BACK = re.compile(
    r"\?\s*$|^(?:уточните|укажите|напишите|пришлите|сообщите|подскажите|вкажіть|уточніть|напишіть|"
    r"надішліть|повідомте|підкажіть|please\s+(?:specify|confirm|send|tell|let\s+us\s+know|provide))\b",
    re.I,
)
_STOCK = re.compile(
    r"(?:(?:есть|нет|имеется|имеются)\s+в\s+наличии|в\s+наличии\s+(?:есть|нет)|\bв\s+наличии\b|"
    r"(?:є|немає)\s+в\s+наявності|\bв\s+наявності\b|\bin\s+stock\b|\bout\s+of\s+stock\b|\bavailable\b|"
    r"\bна\s+складе\b|\bна\s+складі\b|\bпод\s+заказ\b|\bпід\s+замовлення\b)",
    re.I,
)
_DATE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b|\b(?:понедельник|вторник|сред[ау]|четверг|пятниц[ау]|суббот[ау]|"
    r"воскресенье|понеділ\w*|вівтор\w*|серед[ау]|четвер|п'ятниц\w*|субот[ау]|неділ\w*|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|завтра|послезавтра|післязавтра|tomorrow|сегодня|сьогодні|"
    r"today)\b",
    re.I,
)
_QUANTITY = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:шт|штук\w*|см|мм|кг|г|м|л|дн\w*|дней|днів|days?|pcs|размер\w*|розмір\w*|"
    r"size|мл|ml|gb|гб|tb)\b",
    re.I,
)
_ASKS_FACT = re.compile(
    r"есть\s+ли|в\s+наличии|наявн|сколько|стоит|стоимост|цен[аыу]|ціна|вартіст|скільки|доставк|"
    r"доставля|достав|available|in\s+stock|how\s+much|price|cost|deliver|shipping|ship\b|когда|коли|"
    r"when|\bли\b|\bчи\b|можно|можна|можете|\b(?:can|could|do|does|is|are|will|would)\s+(?:i|you|we)\b",
    re.I,
)
_PHONE = re.compile(r"(?:\+?\d[\d\s()\u00a0-]{8,}\d)")
_LINK = re.compile(r"https?://\S+|\bwww\.\S+", re.I)
_INVITE = re.compile(
    r"приезжайте|приходите|заходите|жд[её]м\s+вас|оформ(?:ите|ить|лю)\s|позвоните|звоните|перезвоню|"
    r"запишитесь|забронир\w+|зарезервир\w+|можете\s+(?:заказать|оформить|приехать|забрать|оплатить)|"
    r"можем\s+(?:отправить|доставить|зарезервировать|оформить|привезти)|(?:напишите|ответьте)\s+(?:нам|мне)|"
    r"приїжджайте|приходьте|заходьте|чекаємо\s+на\s+вас|оформіть|зателефонуйте|телефонуйте|передзвоню|запишіться|"
    r"можете\s+(?:замовити|оформити|приїхати|забрати)|можемо\s+(?:відправити|доставити|зарезервувати|оформити)|"
    r"\bvisit\s+us\b|\bcome\s+(?:in|by|to)\b|\bcall\s+us\b|\bgive\s+us\s+a\s+call\b|\border\s+(?:online|here|now)\b|"
    r"\bbook\b|\breserve\b|\blet\s+(?:me|us)\s+know\b|\bfeel\s+free\s+to\b|\byou\s+can\s+(?:order|pick|pay|buy)\b|"
    r"\bwe\s+can\s+(?:ship|deliver|reserve|hold|send)\b|"
    r"\b(?:могу|можем)\s+(?:сообщить|уведомить|зарезервировать|отложить|предложить|прислать|рассчитать)|"
    r"\b(?:можу|можемо)\s+(?:повідомити|зарезервувати|відкласти|запропонувати|надіслати|розрахувати)|"
    r"\bi\s+can\s+(?:let\s+you\s+know|notify|reserve|hold|put|send|offer)\b",
    re.I,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:с\s+уважением|с\s+наилучшими|всего\s+(?:доброго|хорошего)|з\s+повагою|з\s+найкращими|"
    r"best(?:\s+regards)?|kind\s+regards|regards|sincerely|cheers|thanks|thank\s+you|спасибо|дякую|"
    r"--|—|–)[\s,.!]*",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:менеджер\w*|консультант\w*|специалист\w*|оператор\w*|продав\w+|администратор\w*|руководител\w*|"
    r"директор\w*|фахів\w+|керівник\w*|manager|consultant|specialist|sales\s+(?:rep\w*|assistant|associate)|"
    r"customer\s+(?:service|support|care)\s+(?:rep\w*|agent|specialist)|support\s+agent|owner|director|"
    r"assistant)\b",
    re.I,
)
_NOT_A_NAME = frozenset(
    {
        "команда",
        "служба",
        "отдел",
        "магазин",
        "интернет",
        "компания",
        "поддержка",
        "поддержки",
        "ооо",
        "ип",
        "зао",
        "тов",
        "фоп",
        "відділ",
        "підтримка",
        "компанія",
        "team",
        "support",
        "shop",
        "store",
        "service",
        "customer",
        "sales",
        "llc",
        "inc",
        "ltd",
        "gmbh",
        "department",
        "the",
        "your",
        "ваш",
        "ваша",
        "ваші",
        "всего",
        "доброго",
        "уважением",
    }
)
_STOP = frozenset(
    [
        "здравствуйте",
        "добрый",
        "день",
        "вечер",
        "утро",
        "привет",
        "подскажите",
        "пожалуйста",
        "скажите",
        "можно",
        "ли",
        "есть",
        "будет",
        "будут",
        "если",
        "или",
        "когда",
        "какой",
        "какая",
        "какие",
        "сколько",
        "стоит",
        "стоимость",
        "цена",
        "хотел",
        "хотела",
        "хотелось",
        "бы",
        "узнать",
        "интересует",
        "интересуют",
        "у",
        "вас",
        "нас",
        "вам",
        "мне",
        "меня",
        "это",
        "этот",
        "эта",
        "эти",
        "там",
        "тут",
        "как",
        "что",
        "где",
        "который",
        "также",
        "еще",
        "ещё",
        "очень",
        "спасибо",
        "заранее",
        "наличии",
        "наличие",
        "есть",
        "вітаю",
        "доброго",
        "дня",
        "добрий",
        "підкажіть",
        "будь",
        "ласка",
        "скажіть",
        "чи",
        "можна",
        "буде",
        "якщо",
        "коли",
        "який",
        "яка",
        "які",
        "скільки",
        "коштує",
        "вартість",
        "ціна",
        "хотів",
        "хотіла",
        "дізнатися",
        "цікавить",
        "мене",
        "вас",
        "нам",
        "це",
        "цей",
        "ця",
        "ці",
        "як",
        "що",
        "де",
        "також",
        "дякую",
        "заздалегідь",
        "наявності",
        "hello",
        "good",
        "morning",
        "afternoon",
        "evening",
        "please",
        "could",
        "would",
        "you",
        "can",
        "tell",
        "there",
        "have",
        "has",
        "does",
        "is",
        "are",
        "the",
        "a",
        "an",
        "and",
        "or",
        "for",
        "with",
        "your",
        "this",
        "that",
        "what",
        "when",
        "which",
        "how",
        "much",
        "many",
        "thanks",
        "thank",
        "advance",
        "would",
        "like",
        "know",
        "interested",
    ]
)


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    proof: str | None  # the reply text that proves the item (or says why not)


@dataclass(frozen=True)
class Quality:
    items: tuple[CheckItem, ...]

    @property
    def score(self) -> int:
        return sum(1 for i in self.items if i.ok)

    def as_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "of": len(self.items),
            "items": {i.name: {"ok": i.ok, "proof": i.proof} for i in self.items},
        }


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def new_text(text: str) -> str:
    """The reply without the quoted original, signature kept (the signature is one of the items)."""
    out: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith(">") or _QUOTE_START.match(line):
            break
        out.append(line.rstrip())
    return "\n".join(out).strip()


def detect_language(text: str) -> str | None:
    """ru, uk or en by letters and frequent words; None when there is no text to judge."""
    low = normalise(text).lower()
    cyr = len(re.findall(r"[а-яіїєґ]", low))
    lat = len(re.findall(r"[a-z]", low))
    if not cyr and not lat:
        return None
    if lat > cyr:
        return "en"
    words = _WORD.findall(low)
    uk = len(re.findall(r"[іїєґ]", low)) + 2 * sum(w in _UK_WORDS for w in words)
    ru = len(re.findall(r"[ыэъ]", low)) + 2 * sum(w in _RU_WORDS for w in words)
    return "uk" if uk > ru else "ru"


_UK_WORDS = frozenset(
    [
        "що",
        "це",
        "як",
        "ви",
        "вам",
        "вас",
        "є",
        "будь",
        "ласка",
        "дякуємо",
        "дякую",
        "вітаю",
        "доброго",
        "добрий",
        "так",
        "ні",
        "також",
        "буде",
        "можна",
    ]
)
_RU_WORDS = frozenset(
    [
        "что",
        "это",
        "как",
        "вы",
        "вам",
        "вас",
        "есть",
        "пожалуйста",
        "спасибо",
        "здравствуйте",
        "добрый",
        "да",
        "нет",
        "также",
        "будет",
        "можно",
    ]
)


def _stem(word: str) -> str:
    word = word.lower()
    return word[: max(4, len(word) - 2)] if len(word) > 5 else word


def topic_stems(question: str, exclude: Iterable[str] = ()) -> set[str]:
    """Content words of the question (product, city, topic), crudely stemmed; politeness and question words dropped."""
    skip = {w.lower() for x in exclude for w in _WORD.findall(x)}
    return {
        _stem(w)
        for w in _WORD.findall(normalise(question))
        if len(w) >= 4 and w.lower() not in _STOP and w.lower() not in skip
    }


_GREETING = re.compile(
    r"^(?:(?:добрый|доброго|добрий)\s+(?:день|вечер|утро|дня|ранку|вечір|вечора)|здравствуйте|"
    r"привет|вітаю|hello|hi|good\s+(?:morning|afternoon|evening))[\s,!.]*"
    r"(?:[A-ZА-ЯЁІЇЄҐ][\w'-]*[\s,!.]+)?",
    re.I,
)


def fact_proof(sentence: str, *, dates: bool = True) -> str | None:
    """A yes/no, stock statement, price, date or quantity in a sentence: what answers a factual question."""
    for rx in (_PRICE, _STOCK, _DATE, _QUANTITY) if dates else (_PRICE, _STOCK, _QUANTITY):
        if m := rx.search(sentence):
            return m.group(0).strip()
    rest = _GREETING.sub("", sentence.strip(), count=1)  # "Добрый день, да, есть."
    if _YES_NO.match(rest):
        return rest.split()[0].strip(",.!")
    return None


def answer_proof(
    text: str, question: str | None, *, exclude: Iterable[str] = (), dates: bool = True
) -> str | None:
    """The sentence that answers the question: it names the question's topic, or gives the asked-for fact."""
    stems = topic_stems(question or "", exclude)
    asks_fact = question is None or bool(_ASKS_FACT.search(question))
    for s in sentences(text):
        if _ASKS_BACK.search(s):
            continue
        words = {_stem(w) for w in _WORD.findall(normalise(s))}
        if stems & words:
            return s[:200]
        if asks_fact and fact_proof(s, dates=dates):
            return s[:200]
    return None


# One name, written the Russian or the Ukrainian way (Ірина/Ирина, Олексій/Алексей is beyond this).
_FOLD = {
    "и": "[иіы]",
    "і": "[иі]",
    "ї": "[иїі]",
    "е": "[еєэ]",
    "є": "[еє]",
    "г": "[гґ]",
    "ґ": "[гґ]",
    "И": "[ИІ]",
    "І": "[ИІ]",
    "Е": "[ЕЄЭ]",
    "Є": "[ЕЄ]",
}


def name_pattern(first_name: str) -> re.Pattern[str] | None:
    """The persona's first name in any case form (Анна, Анне, Анну; Anna), capitalised as a name is."""
    name = first_name.strip()
    if len(name) < 2:
        return None
    forms = {name, anyascii(name)}
    alts = []
    for f in forms:
        stem = f[:-1] if len(f) > 3 and f[-1].lower() in "аяйьоеиіaeiyo" else f
        alts.append("".join(_FOLD.get(ch, re.escape(ch)) for ch in stem) + r"\w{0,3}")
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(alts)) + r")(?!\w)")


def _addressed(text: str, first_name: str) -> CheckItem:
    rx = name_pattern(first_name)
    m = rx.search(text) if rx else None
    return CheckItem("addressed_by_name", m is not None, _around(text, m.start(), m.end()) if m else None)


def _next_step(text: str) -> CheckItem:
    for rx in (_PHONE, _LINK, _PRICE, _INVITE):
        if m := rx.search(text):
            return CheckItem("next_step", True, _around(text, m.start(), m.end()))
    return CheckItem("next_step", False, None)


def _looks_like_name(line: str) -> bool:
    words = _WORD.findall(line)
    if not 1 <= len(words) <= 3 or len(line) > 40:
        return False
    return all(w[0].isupper() for w in words) and any(w.lower() not in _NOT_A_NAME for w in words)


def _organisation(candidate: str, sender: str | None) -> bool:
    """A signature naming the sender's own domain (Климат-Сервис from klimat.example) is the shop, not a person."""
    if not sender or "@" not in sender:
        return False
    labels = [x for x in re.split(r"[.@_-]", sender.split("@", 1)[1].lower()) if len(x) >= 4]
    flat = re.sub(r"[^a-z]", "", anyascii(candidate).lower())
    return any(lab[:5] in flat for lab in labels)


def _name_line(line: str, sender: str | None) -> bool:
    head = line.split(",")[0].split("|")[0].strip()
    return _looks_like_name(head) and not _organisation(head, sender)


def signature(text: str, sender_name: str | None = None, sender: str | None = None) -> str | None:
    """The name or role that signs the reply: after a sign-off, a role line, an author line, or a lone name at the end."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    tail = lines[-6:]
    for i, line in enumerate(tail):
        if m := _SIGN_OFF.match(line):
            rest = line[m.end() :].strip(" ,.")
            for cand in ([rest] if rest else []) + tail[i + 1 : i + 3]:
                if _ROLE.search(cand) or _name_line(cand, sender):
                    return cand[:120]
    for line in tail[-3:]:
        if len(line) <= 80 and (
            _ROLE.search(line)
            or ("," in line and _name_line(line, sender) and _TEAM.search(line.split(",", 1)[1]))
        ):
            return line[:120]
    first = (sender_name or "").split()[0] if (sender_name or "").split() else ""
    if first and first[0].isupper() and not _organisation(first, sender):
        for line in lines:  # a helpdesk's author line ("Sophie (Ride Bikes)") or the name closing the text
            if line.startswith(first) and len(line) <= 40 and _name_line(line.split("(")[0], sender):
                return line[:120]
    last = lines[-1] if lines else ""
    if (
        len(lines) > 1
        and re.fullmatch(r"[^\W\d_]{2,15}", last)
        and last[0].isupper()
        and last.lower() not in _NOT_A_NAME
        and re.search(r"[.!?)]$", lines[-2])
    ):
        return last
    return None


_TEAM = re.compile(r"support|service|care|sales|team|поддержк|служб|отдел|продаж|підтримк|відділ", re.I)


def check(
    reply_text: str,
    *,
    question: str | None,
    first_name: str | None,
    sender_name: str | None = None,
    shop_name: str | None = None,
    channel: str = "email",
    sender: str | None = None,
) -> Quality:
    """The five items for one human reply; ``reply_text`` is the whole body (quotes are cut here)."""
    text = new_text(reply_text) if channel == "email" else reply_text
    exclude = [x for x in (shop_name, first_name) if x]
    proof = answer_proof(text, question, exclude=exclude)
    signed = signature(text, sender_name, sender)
    if signed is None and channel != "email" and sender_name and _looks_like_name(sender_name):
        signed = f"sender: {sender_name}"  # a chat operator's displayed name
    q_lang, r_lang = detect_language(question or ""), detect_language(text)
    same = q_lang is not None and q_lang == r_lang
    return Quality(
        (
            _addressed(text, first_name) if first_name else CheckItem("addressed_by_name", False, None),
            CheckItem("answered_question", proof is not None, proof),
            _next_step(text),
            CheckItem("signed", signed is not None, signed),
            CheckItem("customer_language", same, f"reply {r_lang or '?'}, question {q_lang or '?'}"),
        )
    )


def _around(text: str, start: int, end: int, width: int = 40) -> str:
    return normalise(text[max(0, start - width) : end + width])
