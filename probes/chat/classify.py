"""Who wrote a chat message: a greeting, an automatic answer, a bot, or a person.

Vendors rarely say whether a bot or a person wrote a message, and some report
a proactive greeting or a bot as an operator, so no single rule decides.
Several signals add up to a score and every signal that fired is kept as a
reason, so a wrong call can be reviewed. Pure functions; RU/UK/EN phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

QUICK_SECONDS = 3.0  # automatic answers come within a second or two; people take longer

BOT_NAMES = re.compile(
    r"\b(bot|chat ?bot|бот|чат-?бот|assistant|ассистент|асистент|помощник|помічник|віртуальн\w*|виртуальн\w*|"
    r"ai|ai agent|fin|lyro|freddy|answer bot|virtual assistant|автоответчик|robot|робот)\b",
    re.I,
)
AUTO_PHRASES = [
    # RU
    r"оператор\w* (скоро|сейчас|в ближайшее время) (ответит|подключится|освободится)",
    r"(все|всі) оператор\w* (заняты|зайняті)",
    r"нет операторов в сети",
    r"операторов нет",
    r"остав(ьте|те)\s+(ваш\w*\s+|свой\s+|свои\s+)?(телефон|номер|контакт|e-?mail|почту|сообщение|заявку)",
    r"спасибо за (обращение|ваше обращение|сообщение|вопрос)",
    r"ваше (обращение|сообщение) (принято|получено)",
    r"я\s+(виртуальный|чат-?бот|бот)",
    r"ожидайте",
    r"вы\s+(\d+|№\s*\d+)[- ]?(й|ый)?\s+в\s+очереди",
    r"выберите (тему|вариант|раздел|пункт)",
    r"ответим (вам )?в течение",
    r"свяжемся с вами",
    r"мы (ответим|пришл[её]м ответ) (вам )?на (почту|e-?mail)",
    r"чем (могу|можем) (вам )?помочь\??$",
    # UK
    r"оператор\w* (незабаром|скоро|зараз) (відповість|підключиться)",
    r"залиште\s+(свій\s+|ваш\s+)?(номер|телефон|контакт|e-?mail|повідомлення)",
    r"дякуємо за (звернення|повідомлення)",
    r"я\s+(віртуальний|бот)",
    r"оберіть (тему|варіант)",
    r"немає операторів",
    r"чим (можу|можемо) (вам )?допомогти\??$",
    # EN
    r"typically repl(y|ies)",
    r"will be with you (shortly|soon|in a moment)",
    r"an? (agent|operator|representative) will",
    r"leave (us )?a message",
    r"we('| wi)ll get back to you",
    r"you are (number|#)\s*\d+ in (the )?queue",
    r"i'?m an? (virtual|ai|automated)",
    r"thanks? (you )?for (contacting|reaching|your message)",
    r"all (our )?(agents|operators) are (busy|offline)",
    r"choose (a|an|one) (option|topic)",
    r"how can (i|we) help( you)?( today)?\??$",
    r"no (agents|operators) (are )?(online|available)",
    r"(we are|we're) (offline|away)",
]
AUTO_RE = re.compile("|".join(f"(?:{p})" for p in AUTO_PHRASES), re.I)
OFFLINE_RE = re.compile(
    r"(нет операторов в сети|операторов нет|сейчас (никого|нет никого)|оставьте сообщение|мы (ответим|пришл[её]м ответ) на (почту|e-?mail)|"
    r"ответим на (почту|e-?mail)|укажите (ваш\w* )?(e-?mail|почту)|немає операторів|залиште повідомлення|відповімо на (пошту|e-?mail)|"
    r"leave (us )?a message|we('| wi)ll (get back to you|reply) by e-?mail|no (agents|operators) (are )?(online|available)|"
    r"(we are|we're) (offline|away)|currently offline)",
    re.I,
)
PROMISE_RE = re.compile(
    r"(?:в течение|протягом|within|in(?: about| under)?|через|за)\s+(\d+)\s*(секунд|сек|хвилин|минут|мин|хв|minutes?|mins?|час\w*|годин\w*|hours?|seconds?|secs?)",
    re.I,
)
STATUS_NOISE = re.compile(
    r"^(\d{1,2}:\d{2}(:\d{2})?|доставлено|прочитано|отправлено|sent|delivered|read|seen|new messages?|новое сообщение|"
    r"сегодня|today|вчера|yesterday|\d+|.{0,40}(печатает|пишет|набирает|друкує|пише|is typing|typing)\W*)$",
    re.I,
)


@dataclass(frozen=True)
class ChatMessage:
    """One message as the probe saw it, merged from the DOM and the vendor API."""

    text: str
    at: datetime
    sender: str | None = None
    sender_type: str | None = None  # from the vendor API: agent | system | bot | customer | None
    greeting: bool = False  # the vendor flagged it as a greeting / invitation
    buttons: int = 0
    source: str = "dom"  # dom | api | dom+api | history
    resolution: str = "exact"  # exact | displayed-seconds | displayed-minutes | window
    mine: bool = False


@dataclass(frozen=True)
class Verdict:
    kind: str  # human | auto | bot | greeting | visitor
    reasons: tuple[str, ...]
    promise_seconds: int | None = None
    score: int = 0


@dataclass
class Context:
    """What the classifier knows about the conversation so far."""

    question_at: datetime | None
    agent_joined: bool = False  # a vendor event said a named agent joined / accepted
    seen_texts: set[str] = field(default_factory=set)  # earlier incoming texts (repeats are canned)


def is_noise(text: str) -> bool:
    """Timestamps, delivery ticks, typing indicators: UI chrome, not messages."""
    t = " ".join(text.split())
    if len(t) <= 3 and not re.search(r"\w", t):
        return True  # delivery ticks, a lone arrow or dot: widget chrome
    return len(t) < 2 or bool(STATUS_NOISE.match(t))


def promised_seconds(text: str) -> int | None:
    m = PROMISE_RE.search(text)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    if unit.startswith(("сек", "sec")):
        return n
    if unit.startswith(("час", "год", "hour")):
        return n * 3600
    return n * 60


def is_offline_text(text: str) -> bool:
    return bool(OFFLINE_RE.search(text))


def classify(msg: ChatMessage, ctx: Context) -> Verdict:
    """Greeting before the question; else score automatic signals against a person's."""
    promise = promised_seconds(msg.text)
    if msg.mine or msg.sender_type == "customer":
        return Verdict("visitor", ("our own message",))
    if ctx.question_at is None or msg.at < ctx.question_at:
        return Verdict("greeting", ("shown before the question was sent",), promise)
    if msg.greeting:
        return Verdict("greeting", ("vendor marks it as a greeting",), promise)
    reasons: list[str] = []
    auto = 0
    bot = 0
    delay = (msg.at - ctx.question_at).total_seconds()
    if delay < QUICK_SECONDS and msg.resolution == "exact":
        auto += 2
        reasons.append(f"arrived {delay:.1f}s after the question")
    if msg.sender_type in ("system",):
        auto += 3
        reasons.append("vendor API: system message")
    if msg.sender_type == "bot":
        bot += 3
        reasons.append("vendor API: bot")
    if msg.sender and BOT_NAMES.search(msg.sender):
        bot += 3
        reasons.append(f"bot-like sender name {msg.sender!r}")
    if msg.buttons >= 2:
        bot += 2
        reasons.append(f"menu of {msg.buttons} buttons")
    canned = AUTO_RE.search(msg.text)
    if canned:
        auto += 2 if len(msg.text) < 90 else 1
        reasons.append(f"canned automatic phrase {canned.group(0)!r}")
    if BOT_NAMES.search(msg.text[:80]) and re.search(r"\b(я|i'?m|i am)\b", msg.text[:80], re.I):
        bot += 2
        reasons.append("introduces itself as a bot")
    norm = " ".join(msg.text.lower().split())
    if norm in ctx.seen_texts:
        auto += 1
        reasons.append("repeats an earlier message")
    human = 0
    if msg.sender_type == "agent":
        human += 1
        reasons.append("vendor API: agent")
    if ctx.agent_joined:
        human += 1
        reasons.append("an agent joined the chat")
    if delay >= 10:
        human += 1
        reasons.append(f"came {delay:.0f}s after the question")
    if len(norm) > 40 and (not canned or len(norm) >= 90):
        human += 1
        reasons.append("free-form text")
    if bot >= 3 or (bot >= 2 and bot + auto > human + 1):
        return Verdict("bot", tuple(reasons), promise, -(bot + auto))
    if auto + bot >= 2 and auto + bot > human:
        return Verdict("auto", tuple(reasons), promise, -(auto + bot))
    return Verdict("human", tuple(reasons) or ("no automatic signal",), promise, human - auto - bot)
