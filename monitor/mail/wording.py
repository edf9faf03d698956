"""What the words of a message say about who wrote it, in any channel: mail, SMS, chat. Pure; RU, UK, EN.

The phrases are the ones mail systems, helpdesks, CRMs and SMS gateways put in
their templates (out-of-office replies, "ticket #... created", "Заявка №...
принята", read receipts, newsletter footers); a person answering a question
rarely writes them. Each family is kept apart because it decides a different
reply kind. ``weak`` phrases (thanks for contacting us, we will reply soon, a
ticket number) are also written by people, so they count only together with
another sign and never against a reply that answers the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е", "Ё": "Е"})
_REQUEST_RU = r"(?:заявк|обращени|запрос|заказ|сообщени|письм|вопрос|тикет)\w*"
_REQUEST_UK = r"(?:заявк|звернен|запит|замовлен|повідомлен|лист|питанн|тікет)\w*"
_NUMBER = (
    r"(?:(?:на|о|об|по|про|з|с)\s+[^\s.!?]+(?:\s+[^\s.!?]+)?\s+)?"  # "заявка на обратный звонок ..."
    r"(?:(?:№|#|n|no\.?|номер)\s*[\w-]+\s+(?:от\s+\S+\s+|від\s+\S+\s+)?)?"
    r"(?:«[^»]{0,300}»\s+|\"[^\"]{0,300}\"\s+)?"
)
# "сообщение создано автоматически" is the generic automatic phrase, not an acknowledgement
_NOT_AUTOMATIC = r"(?!\w*\s+автоматич)"

# Out-of-office: Outlook/Exchange, Gmail, Yandex, Mail.ru vacation texts as their users write them.
OOO = _compile(
    r"(?:нахожусь|буду|я)\s+(?:в\s+|на\s+)?(?:отпуске|командировке|больничном|конференции|выставке|декрете)",
    r"\b(?:отсутствую|не\s+в\s+офисе|вне\s+офиса|меня\s+не\s+будет|буду\s+отсутствовать)",
    r"\b(?:вернусь|выйду\s+на\s+работу)\s+(?:после|с|в|\d)",
    r"\b(?:уехал|уехала|ушел|ушла)\s+в\s+(?:отпуск|командировку|декрет)|\bв\s+(?:отпуске|командировке)\s+(?:до|с|по)\s",
    r"ограниченн\w+\s+доступ\w*\s+к\s+(?:почте|e-?mail|электронной)",
    r"по\s+срочным\s+вопросам\s+(?:обращайтесь|пишите|звоните|прошу)",
    r"(?:перебуваю|знаходжуся|буду|я)\s+(?:у|в|на)\s+(?:відпустці|відрядженні|лікарняному|конференції|декреті)",
    r"\b(?:відсутн\w+\s+(?:до|з|у|в)|поза\s+офісом|не\s+в\s+офісі|мене\s+не\s+буде)",
    r"\b(?:повернуся|вийду\s+на\s+роботу)\s+(?:після|з|у|в|\d)",
    r"\b(?:поїхав|поїхала|пішов|пішла)\s+у\s+(?:відпустку|відрядження)|\bу\s+(?:відпустці|відрядженні)\s+(?:до|з|по)\s",
    r"з\s+термінових\s+питань\s+(?:звертайтеся|пишіть|телефонуйте|прошу)",
    r"обмежен\w+\s+доступ\w*\s+до\s+(?:пошти|e-?mail|електронної)",
    r"\bout\s+of\s+(?:the\s+)?office\b",
    r"\bon\s+(?:annual\s+|parental\s+|sick\s+|maternity\s+|paternity\s+)?(?:leave|vacation|holidays?)\b",
    r"\baway\s+from\s+(?:the\s+office|my\s+desk|the\s+desk|work)\b",
    r"\b(?:i\s+am|i'm|i\s+will\s+be|i'll\s+be)\s+(?:currently\s+)?(?:away|travell?ing|on\s+a\s+business\s+trip)\b",
    r"\blimited\s+access\s+to\s+(?:my\s+)?e-?mail",
    r"\b(?:i\s+will|i'll)\s+(?:be\s+back|return)\s+(?:on|in|to\s+the\s+office|at\s+work|after)\b",
    r"\b(?:i\s+am|i'm)\s+off\s+(?:work\s+)?(?:until|till)\b",
    r"\bfor\s+(?:urgent|immediate)\s+(?:matters|issues|questions|requests|enquiries|inquiries)\b",
)

# Acknowledgements: helpdesk/CRM/SMS templates saying the request was received or registered,
# or that someone else will contact the customer later.
ACK = _compile(
    _REQUEST_RU + r"\s+" + _NUMBER + r"(?:успешно\s+)?(?:был[аио]?\s+)?"
    r"(?:принят|получен|зарегистрирован|создан|оформлен|передан|отправлен)" + _NOT_AUTOMATIC,
    # a form's copy to the sender (WordPress Contact Form 7 "Mail (2)", Tilda, Bitrix forms)
    r"\b(?:вы|ви)\s+(?:отправили|оставили|надіслали|залишили)\s+(?:\w+\s+)?(?:сообщение|заявку|вопрос|обращение|"
    r"запрос|повідомлення|заявку|звернення|запит)",
    r"\byou(?:\s+have)?\s+(?:sent|submitted)\s+(?:\w+\s+)?(?:message|form|request|enquiry|inquiry)",
    r"\bответ\s+(?:придет|поступит|будет\s+отправлен)|\bвідповідь\s+(?:надійде|прийде|буде\s+надіслано)",
    r"(?:принят|получен|зарегистрирован|создан)[аоы]?\s+(?:ваш[аеи]?\s+|нов\w+\s+)?(?:заявк|обращени|запрос|заказ|тикет)",
    r"\bмы\s+получили\s+ваш",
    r"(?:номер|№)\s+(?:вашего\s+|вашей\s+)(?:обращения|заявки|тикета|запроса|заказа)\s*[:—-]?\s*[#№]?\s*\d+",
    r"спасибо\s+за\s+(?:ваше\s+)?(?:обращение|заявку|письмо|вопрос|сообщение|заказ)[.!,]?\s+(?:мы|наш\w*\s+\w+)\s+"
    r"(?:обязательно\s+|скоро\s+|в\s+ближайшее\s+время\s+)?(?:свяж|ответ|рассмотр|перезвон|обработ)",
    r"(?:менеджер|специалист|оператор|мастер|консультант|сотрудник|курьер)\w*\s+(?:обязательно\s+|скоро\s+|"
    r"в\s+ближайшее\s+время\s+|сам\s+)?(?:свяжется|перезвонит|позвонит|ответит|напишет|свяжутся|перезвонят)",
    _REQUEST_UK + r"\s+" + _NUMBER + r"(?:успішно\s+)?(?:бул[аио]?\s+)?"
    r"(?:прийнят|отриман|зареєстрован|створен|оформлен|передан|надіслан)" + _NOT_AUTOMATIC,
    r"(?:прийнят|отриман|зареєстрован|створен)\w*\s+(?:ваш\w*\s+|нов\w+\s+)?(?:заявк|звернен|запит|замовлен|тікет)",
    r"\bми\s+отримали\s+ваш",
    r"номер\s+(?:вашого\s+|вашої\s+)(?:звернення|заявки|запиту|тікета|замовлення)\s*[:—-]?\s*[#№]?\s*\d+",
    r"дякуємо\s+за\s+(?:ваше\s+)?(?:звернення|заявку|лист|питання|повідомлення|замовлення)[.!,]?\s+(?:ми|наш\w*\s+\w+)\s+"
    r"(?:обов'язково\s+|незабаром\s+|найближчим\s+часом\s+)?(?:зв'яж|відпов|розгля|передзвон|оброб)",
    r"(?:менеджер|фахів|оператор|майстер|консультант|співробітник|кур'єр)\w*\s+(?:обов'язково\s+|незабаром\s+|"
    r"найближчим\s+часом\s+)?(?:зв'яжеться|передзвонить|зателефонує|відповість|напише|зв'яжуться)",
    r"\bwe(?:'ve|\s+have)?\s+(?:successfully\s+)?received\s+your\b",
    r"\byour\s+(?:ticket|case|request|reference)\s+(?:number|no\.?|#|id)\s*(?:is\s*)?[:—-]?\s*#?\s*\w*\d",
    r"\byour\s+(?:request|ticket|case|message|inquiry|enquiry|query|order|submission|application|e-?mail)\s+"
    r"(?:\(?#?\s*[\w-]+\)?\s+)?(?:has\s+been|was|is)\s+(?:successfully\s+)?"
    r"(?:received|created|registered|logged|submitted|opened|accepted)",
    r"\b(?:ticket|case|request)\s+(?:#|no\.?|number)?\s*[\w-]*\d[\w-]*\s+(?:has\s+been\s+)?(?:created|opened|logged)",
    r"\bthank(?:s|\s+you)\s+for\s+(?:contacting|reaching\s+out|getting\s+in\s+touch|your\s+(?:message|e-?mail|inquiry|"
    r"enquiry|request|order))[^.!]{0,40}[.!]\s*(?:we|our\s+team|one\s+of\s+our)[^.!]{0,60}"
    r"(?:get\s+back|respond|reply|contact|be\s+in\s+touch|call\s+you)",
    r"\b(?:an?|our|one\s+of\s+our)\s+(?:agent|representative|specialist|manager|team\s+member|member\s+of\s+(?:our|the)"
    r"\s+team|consultant|technician)s?\s+will\s+(?:contact|call|get\s+back|be\s+in\s+touch|respond|reply)",
)

# Said by any automatic sender.
GENERIC = _compile(
    r"(?:письмо|сообщение|уведомление)\s+(?:было\s+)?(?:сформировано|создано|отправлено|сгенерировано|направлено)\s+"
    r"автоматически",
    r"автоматическ\w*\s+(?:ответ|уведомлени|сообщени|рассылк|письм)",
    r"не\s+отвечайте\s+на\s+(?:это|данное|настоящее)\s+(?:письмо|сообщение)",
    r"(?:письмо|сообщение)\s+не\s+требует\s+ответа",
    r"(?:лист|повідомлення)\s+(?:було\s+)?(?:сформовано|створено|надіслано|згенеровано)\s+автоматично",
    r"автоматичн\w*\s+(?:відповідь|повідомлення|лист|розсилк)",
    r"не\s+відповідайте\s+на\s+(?:цей|це|даний)\s+(?:лист|повідомлення)",
    r"\bthis\s+is\s+an?\s+auto(?:matic|mated|matically[\s-]generated)?[\s-]*(?:reply|response|message|notification|e-?mail)",
    r"\bauto[\s-]?(?:reply|response|responder)\b",
    r"\bautomated\s+(?:reply|response|message|notification|e-?mail)",
    r"\b(?:please\s+)?do\s+not\s+reply\s+(?:to\s+)?(?:this|directly)",
    r"\bthis\s+(?:e-?mail\s+address|mailbox)\s+is\s+(?:not\s+monitored|unattended)",
)

# Read receipts written as text (Outlook/Exchange, Thunderbird, The Bat!, Mail.ru in RU/UK/EN).
RECEIPT = _compile(
    r"\bwas\s+read\s+on\b",
    r"\bwas\s+deleted\s+without\s+being\s+read\b",
    r"\bhas\s+been\s+displayed\b",
    r"\b(?:return|read)\s+receipt\b",
    r"было\s+(?:прочитано|прочтено)",
    r"было\s+(?:показано|отображено)",
    r"прочтено\s+адресатом|прочитано\s+адресатом",
    r"удалено\s+без\s+прочтения",
    r"уведомлени\w+\s+о\s+прочтении",
    r"було\s+прочитано",
    r"було\s+(?:показано|відображено)",
    r"видалено\s+без\s+прочитання",
    r"(?:повідомлення|сповіщення)\s+про\s+прочитання",
)
RECEIPT_SUBJECT = re.compile(
    r"^\s*(?:read|not\s+read|прочитано|прочитан[оа]?|прочтено|не\s+прочитано|прочитане|непрочитане|return\s+receipt|"
    r"уведомление\s+о\s+прочтении|повідомлення\s+про\s+прочитання|disposition\s+notification)\b",
    re.IGNORECASE,
)

# Newsletters and marketing: list footers and promotion words (RFC 2369's unsubscribe, in every language).
MARKETING = _compile(
    r"\bunsubscribe\b",
    r"отпис(?:аться|ки|ывайтесь)",
    r"отказаться\s+от\s+(?:рассылки|подписки|писем)",
    r"відпис(?:атися|ки|уйтеся)",
    r"відмовитися\s+від\s+розсилки",
    r"\bview\s+(?:this\s+e-?mail|it|in)\s+(?:in\s+)?(?:your\s+)?(?:web\s+)?browser",
    r"(?:открыть|посмотреть|смотреть|відкрити|переглянути)\s+(?:письмо\s+|лист\s+)?в\s+браузер",
    r"промокод\w*|\bpromo\s*code\b|\bcoupon\b|\bкупон\w*",
    r"(?:скидк\w*|знижк\w*)\s+(?:до\s+|в\s+)?-?\d+\s*%|-?\d+\s*%\s+(?:off\b|скидк|знижк)",
    r"\b(?:распродаж\w+|розпродаж\w+|black\s+friday|чорна\s+п'ятниця|черная\s+пятница)",
    r"\b(?:новинк\w+|новые\s+поступления|нові\s+надходження|new\s+arrivals|новинки\s+тижня)",
)

# Subscription mail (double opt-in confirmations, welcome mails): Mailchimp's "Please Confirm
# Subscription", SendPulse/UniSender "Подтвердите подписку", "Спасибо за подписку".
SUBSCRIPTION = _compile(
    r"(?:вы|ви)\s+(?:подписались|підписалися|подписаны|підписані)",
    r"\byou(?:'re|\s+are|\s+have)\s+(?:been\s+)?"
    r"(?:subscribed|signed\s+up)",
    r"(?:спасибо|дякуємо)\s+за\s+(?:подписку|підписку)",
    r"\bthank(?:s|\s+you)\s+for\s+(?:subscribing|signing\s+up)",
    r"подтвердите\s+(?:подписку|свой\s+e-?mail|адрес)|підтвердіть\s+(?:підписку|свій\s+e-?mail|адресу)|"
    r"\bconfirm\s+your\s+(?:subscription|e-?mail)",
)

WEAK = _compile(
    r"спасибо\s+за\s+(?:ваше\s+)?(?:обращение|заявку|письмо|вопрос|сообщение)",
    r"(?:свяжемся|ответим|перезвоним)\s+(?:с\s+вами\s+|вам\s+)?(?:в\s+ближайшее\s+время|в\s+течение|как\s+можно\s+скорее|"
    r"в\s+рабочее\s+время|скоро|позже)",
    r"в\s+рабочее\s+время|время\s+работы|часы\s+работы|режим\s+работы",
    r"(?:номер|№)\s+(?:вашего\s+|вашей\s+)?(?:обращения|заявки|тикета|запроса)",
    r"дякуємо\s+за\s+(?:ваше\s+)?(?:звернення|заявку|лист|питання|повідомлення)",
    r"(?:зв'яжемося|відповімо|передзвонимо)\s+(?:з\s+вами\s+|вам\s+)?(?:найближчим\s+часом|протягом|якнайшвидше|"
    r"у\s+робочий\s+час|незабаром|пізніше)",
    r"робочий\s+час|години\s+роботи|графік\s+роботи|режим\s+роботи",
    r"номер\s+(?:вашого\s+|вашої\s+)?(?:звернення|заявки|запиту)",
    r"thank(?:s|\s+you)\s+for\s+(?:contacting|reaching\s+out|your\s+(?:message|e-?mail|inquiry|enquiry|request|question))",
    r"(?:get\s+back\s+to\s+you|respond|reply|be\s+in\s+touch|call\s+you\s+back)\s+(?:as\s+soon\s+as\s+possible|within|"
    r"shortly|soon)",
    r"business\s+hours|working\s+hours|office\s+hours",
    r"\b(?:ticket|case|request)\s*(?:#|№|no\.?|number)\s*:?\s*\d+",
)


def normalise(text: str) -> str:
    """One spelling for what varies freely: ё/е, apostrophes, runs of white space."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES)).strip()


def _hits(patterns: tuple[re.Pattern[str], ...], flat: str, label: str) -> tuple[str, ...]:
    return tuple(f"{label}:{m.group(0).strip()[:60]}" for p in patterns if (m := p.search(flat)))


@dataclass(frozen=True)
class WordingSigns:
    ooo: tuple[str, ...] = ()
    ack: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    receipt: tuple[str, ...] = ()
    marketing: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    subscription: tuple[str, ...] = ()

    @property
    def machine(self) -> tuple[str, ...]:
        """Signs that alone say a machine wrote it (marketing is judged with headers, not alone)."""
        return self.ooo + self.ack + self.generic + self.receipt


def wording_signs(text: str) -> WordingSigns:
    """Every family's phrase hits in ``text`` (the new text of a message, or an SMS / chat message)."""
    flat = normalise(text)
    return WordingSigns(
        ooo=_hits(OOO, flat, "wording-ooo"),
        ack=_hits(ACK, flat, "wording-ack"),
        generic=_hits(GENERIC, flat, "wording"),
        receipt=_hits(RECEIPT, flat, "wording-receipt"),
        marketing=_hits(MARKETING, flat, "wording-marketing"),
        weak=_hits(WEAK, flat, "wording-weak"),
        subscription=_hits(SUBSCRIPTION, flat, "wording-subscription"),
    )


def wording_reasons(text: str) -> tuple[list[str], list[str]]:
    """(strong, weak) hits, channel-neutral: SMS and chat use the same rules as mail."""
    signs = wording_signs(text)
    return list(signs.machine), list(signs.weak)


def text_kind(signs: WordingSigns) -> str | None:
    """The machine kind the words alone point to, or None when they do not decide."""
    if signs.receipt:
        return "receipt"
    if signs.ooo:
        return "ooo"
    if signs.ack:
        return "ack"
    if signs.generic:
        return "ack" if signs.weak else "auto"
    return None
