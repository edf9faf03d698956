"""Did the shop really get it? Judged like a person would, backed by what the network did.

A probe that calls a failure "submitted" makes an innocent shop look like it never
answers, so ``decide`` is strict: it needs the form's own request to succeed AND a
visible sign (a thank-you text, the form replaced or reset, a new page without errors).
Everything it looks at is captured first (``netlog.NetLog``, text before/after), so the decision
itself is a pure function that tests can feed directly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

SUCCESS = re.compile(
    r"спасибо|благодар|отправлен|принят|получен|ответим|свяжемся|перезвоним|скоро с вами|дякуємо|дякую|надіслан|"
    r"отриман|прийнят|зв'яжемося|відповімо|передзвонимо|thank|received|has been sent|was sent|successfully|success|"
    r"we('| wi)ll (get back|contact|reply|be in touch|call)|успешно|успішно",
    re.I,
)
ERROR = re.compile(
    r"ошибк|неверн|некоррект|не заполн|обязательн\w* пол|заполните|укажите|введите|не удалось|недопустим|"
    r"помилк|невірн|некорект|обов'язков\w* пол|вкажіть|заповніть|не вдалося|error|invalid|is required|required field|"
    r"please (enter|fill|provide|check|select)|failed|incorrect|wrong|forbidden|не отправлен|истекл|expired",
    re.I,
)
SEND_CONFIRM = re.compile(
    r"отправ|надісл|відправ|send|submit|подтвер|підтверд|confirm|уверены|впевнені|sure", re.I
)
PHONE_WORDS = re.compile(r"телефон|phone|номер(?! заказ)|tel\b", re.I)
NOISE = re.compile(
    r"google-analytics|mc\.yandex|metrika|doubleclick|facebook\.com/tr|/(g/)?collect(\?|$)|favicon", re.I
)


@dataclass
class Exchange:
    method: str
    url: str
    resource: str
    status: int | None = None
    post: str = ""
    body: str = ""
    started: float = 0.0  # monotonic, when the page sent it
    done: bool = False
    answered: float | None = None  # monotonic, when the shop's server answered (response headers)
    carries: bool = False  # the request carries the persona's details


def is_submission(e: Exchange) -> bool:
    """POSTs and friends; a GET only when it carries a query (a GET form, or an AJAX GET with our address).

    Background polling (chat widgets, counters) must never count as the form's request.
    """
    if e.method != "GET":
        return True
    query = e.url.partition("?")[2]
    if e.resource == "document":
        return bool(query)
    return "@" in query or "%40" in query.lower()


@dataclass(frozen=True)
class Seen:
    """What the page looked like after the click."""

    new_text: str  # lines that were not on the page before
    form_present: bool
    form_values_kept: bool  # our values still in the fields
    navigated: bool
    invalid_fields: tuple[str, ...] = ()  # native validation messages
    new_fields: bool = False  # more visible fields appeared (multi-step)
    captcha: str | None = None


@dataclass(frozen=True)
class Outcome:
    status: str  # submitted | invalid | failed | blocked | next_step
    reason: str
    phone_problem: bool = False
    hint: str = ""
    submission_possible: bool = True
    http_status: int | None = None

    @property
    def unsure(self) -> bool:
        """The shop took the request but the page has not said anything yet: worth another look."""
        return self.status == "failed" and self.reason.startswith("unconfirmed")


def new_lines(before: str, after: str) -> str:
    old = {ln.strip() for ln in before.splitlines()}
    return "\n".join(ln.strip() for ln in after.splitlines() if ln.strip() and ln.strip() not in old)


def json_verdict(body: str) -> tuple[bool | None, str]:
    """(ok?, message) from a JSON answer of an AJAX endpoint; (None, '') when it says nothing."""
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    parts: list[str] = []
    for key in ("message", "msg", "error", "errors", "detail", "text"):
        if key in data and data[key]:
            parts.append(_flat(data[key]))
            if key != "message":  # "The given data was invalid." says less than the errors after it
                break
    msg = " ".join(parts)
    for key in ("ok", "success", "result"):
        if isinstance(data.get(key), bool):
            return bool(data[key]), msg
    status = str(data.get("status", "")).lower()
    if status in ("ok", "success", "sent", "mail_sent", "done"):
        return True, msg
    if status in (
        "error",
        "fail",
        "failed",
        "validation_failed",
        "invalid",
        "spam",
        "mail_failed",
        "aborted",
    ):
        return False, msg
    if data.get("errors"):
        return False, msg
    return None, msg


def _flat(val: object) -> str:
    """Error texts from nested JSON ({"phone": ["Bad format."]}) as one line."""
    if isinstance(val, dict):
        return " ".join(_flat(v) for v in val.values())
    if isinstance(val, list):
        return " ".join(_flat(v) for v in val)
    return str(val)


def _error_line(text: str) -> str:
    for ln in text.splitlines():
        if ERROR.search(ln):
            return ln.strip()[:200]
    return ""


def decide(subs: list[Exchange], seen: Seen) -> Outcome:
    """The verdict a careful person would give. Pure."""
    statuses = [e.status for e in subs if e.status is not None]
    code = max(statuses) if statuses else None
    if seen.captcha:
        return Outcome("blocked", "captcha", hint=seen.captcha, submission_possible=bool(subs))
    err = _error_line(seen.new_text)
    ok_text = bool(_success_line(seen.new_text))
    js_ok: bool | None = None
    js_msg = ""
    for e in subs:
        ok, msg = json_verdict(e.body)
        if ok is not None:
            js_ok, js_msg = ok, msg
    if any(s is not None and s >= 500 for s in statuses):
        return Outcome("failed", f"server error {code}" + (f": {err}" if err else ""), http_status=code)
    if not subs:
        if seen.invalid_fields:
            msg = "; ".join(seen.invalid_fields)
            return Outcome(
                "invalid",
                f"validation: {msg}",
                phone_problem=bool(PHONE_WORDS.search(msg)),
                hint=msg,
                submission_possible=False,
            )
        if seen.new_fields:
            return Outcome("next_step", "next step", submission_possible=False)
        if err:
            return Outcome(
                "invalid",
                f"validation: {err}",
                phone_problem=bool(PHONE_WORDS.search(err)),
                hint=err,
                submission_possible=False,
            )
        return Outcome("failed", "nothing was sent: the click made no request", submission_possible=False)
    if any(s == 0 for s in statuses) and not any(s and s < 400 for s in statuses):
        return Outcome("failed", "the request did not complete", http_status=code)
    if js_ok is False or (err and not ok_text) or (code is not None and 400 <= code < 500):
        msg = js_msg or err or f"HTTP {code}"
        problem = bool(PHONE_WORDS.search(msg))
        return Outcome(
            "invalid",
            f"rejected: {msg}" + (f" (HTTP {code})" if code and code >= 400 else ""),
            phone_problem=problem,
            hint=msg,
            http_status=code,
        )
    if code is not None and code < 400:
        if ok_text or js_ok:
            return Outcome(
                "submitted",
                "confirmed: " + (_success_line(seen.new_text) or js_msg or "ok"),
                http_status=code,
            )
        if not seen.form_present and not err:
            return Outcome("submitted", "confirmed: the form was replaced", http_status=code)
        if seen.form_present and not seen.form_values_kept and not err:
            return Outcome("submitted", "confirmed: the form was reset", http_status=code)
        return Outcome(
            "failed", f"unconfirmed: HTTP {code} but the page showed no confirmation", http_status=code
        )
    return Outcome("failed", "no response from the shop", http_status=code)


def _success_line(text: str) -> str:
    """A thank-you line; "Ошибка: форма отправлена слишком быстро" names sending but is no thanks."""
    for ln in text.splitlines():
        if SUCCESS.search(ln) and not ERROR.search(ln):
            return ln.strip()[:200]
    return ""
