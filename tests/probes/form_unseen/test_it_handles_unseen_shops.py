"""Blind tests: shops the probe was never tuned on; what each server received and the final status.

Every page in ``sites.py`` was written before the probe first ran on it. Cases run four at
a time on one shared Chromium (as the scheduler does), so the whole table stays fast; each
failure message names its shop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.clock import FakeClock
from monitor.demo.formsites import Fields, Received
from monitor.demo.formsites_extra import RawSites
from probes.base import Persona, ProbeError, get_probe
from probes.browser import BrowserPool
from tests.fixtures.forms_env import PERSONA, QUESTION, make_env, make_task

pytestmark = [pytest.mark.browser]

FULL = PERSONA.full_name
MAIL = PERSONA.email
PHONE = "+7 (912) 345-67-01"
UA = replace(PERSONA, phone="+380 67 123 45 67")
SHORT = "Есть линзы Acuvue на -2.5?"


@dataclass(frozen=True)
class Case:
    """One shop: where the probe starts, what the shop must have received, how the probe ends."""

    site: str
    start: str
    got: list[tuple[str, Fields, bool]]  # (path, exact fields, accepted) per request the shop got
    kind: str = "form"
    persona: Persona = PERSONA
    status: str = "submitted"
    reason: str = ""  # must appear in the outcome (submitted) or the error reason
    question: str = QUESTION
    drop: tuple[str, ...] = ()  # fields whose value is not ours to judge (an empty file part)
    check: Callable[[list[Received]], None] | None = field(default=None, compare=False)


def _trap(got: list[Received]) -> None:
    (rec,) = got
    assert rec.accepted and rec.fields["url"] == "" and rec.fields["ts"], rec.fields
    assert rec.fields["contact_name"] == FULL and rec.fields["contact_email"] == MAIL
    assert rec.fields["body"].startswith(SHORT) and len(rec.fields["body"]) >= 30


def _department(got: list[Received]) -> None:
    (rec,) = got
    assert (
        rec.accepted
        and rec.path == "/contact"
        and rec.fields.pop("department") in ("sales", "support", "returns")
    )
    assert rec.fields == {"order_no": "", "nm": FULL, "em": MAIL, "ms": QUESTION}


def _shortened(got: list[Received]) -> None:
    (rec,) = got
    assert rec.accepted and rec.fields["cf_name"] == FULL and rec.fields["cf_email"] == MAIL
    msg = rec.fields["cf_msg"]  # shortened like a person would: whole words, the question mark kept
    assert (
        len(msg) <= 60
        and msg.endswith("?")
        and QUESTION.startswith(msg[:-1])
        and QUESTION[len(msg) - 1] == " "
    )


LARAVEL = {"_token": "x9TqLw2", "name": FULL, "email": MAIL, "message": QUESTION}
CASES = [
    # web component with an open shadow root
    Case("shadow", "/contacts", [("/api/question", {"who": FULL, "addr": MAIL, "q": QUESTION}, True)]),
    # SPA: aria-label only (Ukrainian), div[role=button], 201 and a 2-second toast
    Case("spa", "/", [("/api/v2/feedback", {"name": FULL, "email": MAIL, "text": QUESTION}, True)]),
    # newsletter first, the question form in a slide-in opened by a fixed side tab
    Case("sidetab", "/", [("/feedback", {"nm": FULL, "ml": MAIL, "tx": QUESTION}, True)]),
    # JSON fetch, the whole body replaced by the thanks
    Case("replace", "/", [("/api/ask", {"name": FULL, "email": MAIL, "question": QUESTION}, True)]),
    # callback popup that opens by itself after 3 s
    Case("timed", "/", [("/lead", {"phone": PHONE, "page": "/"}, True)], kind="callback"),
    # HTTP 200 with {"success": false, "errors": {...}}: failed with the shop's words
    Case(
        "jsonerr",
        "/feedback",
        [("/ajax/feedback.php", {"name": FULL, "email": MAIL, "message": QUESTION}, False)],
        status="failed",
        reason="Адрес с этого домена не принимается",
    ),
    # Прізвище / Ім'я / По батькові, +38 (0XX) mask, optional file input
    Case(
        "uamask",
        "/kontakty",
        [
            (
                "/feedback",
                {
                    "f_last": "Кузнецова",
                    "f_first": "Анна",
                    "f_middle": "",
                    "f_tel": "+38 (067) 123-45-67",
                    "f_mail": MAIL,
                    "f_text": "Чи є доставка до Львова?",
                },
                True,
            )
        ],
        persona=UA,
        question="Чи є доставка до Львова?",
        drop=("f_photo",),
    ),
    # clip-hidden honeypot, client-side time trap, textarea minlength=30
    Case("trap", "/contacts", [], question=SHORT, check=_trap),
    # English: department select, "Order number (optional)", success only as a banner on /?sent=1
    Case("english", "/contact", [], reason="Thanks for reaching out", check=_department),
    # windows-1251 page, table layout
    Case(
        "cp1251",
        "/contacts.php",
        [("/feedback.php", {"fname": FULL, "femail": MAIL, "ftext": QUESTION, "send": "Отправить"}, True)],
    ),
    # floating labels after the inputs, custom consent box that unlocks the button, XHR
    Case(
        "floating",
        "/",
        [("/local/ajax/ask.php", {"p1": FULL, "p2": MAIL, "p3": QUESTION, "agree": "on"}, True)],
    ),
    # city question overlay and a cookie bar over an AJAX block
    Case("overlay", "/contacts", [("/ajax/contact", {"name": FULL, "email": MAIL, "text": QUESTION}, True)]),
    # product page: cart form first, question form in <dialog>, "reply by" radios
    Case(
        "dialog",
        "/product/magnifica-s",
        [
            (
                "/product/ask",
                {"author": FULL, "question": QUESTION, "reply_via": "email", "contact": MAIL},
                True,
            )
        ],
    ),
    # 422 with Laravel errors on the phone: retyped once, then accepted
    Case(
        "laravel",
        "/contacts",
        [
            ("/api/contact", {**LARAVEL, "phone": PHONE}, False),
            ("/api/contact", {**LARAVEL, "phone": "+79123456701"}, True),
        ],
        reason="Сообщение отправлено",
    ),
    # icon-only callback button opening a same-origin widget iframe; the placeholder shows the format
    Case("fab", "/", [("/widget/api/call", {"phone": PHONE, "source": "fab"}, True)], kind="callback"),
    # +380 pattern, placeholders only
    Case(
        "uapattern",
        "/seller/42",
        [("/seller/message", {"s_n": FULL, "s_p": "+380671234567", "s_e": MAIL, "s_t": QUESTION}, True)],
        persona=UA,
    ),
    # a review form (rating, e-mail, text) before the product-question form
    Case("reviews", "/p/smarta", [("/qa/add", {"q_name": FULL, "q_email": MAIL, "q_text": QUESTION}, True)]),
    # javascript: link as the button, the thanks in alert()
    Case("alert", "/", [("/ajax/fb.php", {"name": FULL, "mail": MAIL, "msg": QUESTION}, True)]),
    # form injected when scrolled into view, off-screen trap named "email"
    Case("lazy", "/", [("/podbor", {"email": "", "client": FULL, "mail_real": MAIL, "q": QUESTION}, True)]),
    # validation on keyup/blur keeps the button disabled; textarea maxlength=60
    Case("keyup", "/feedback", [], check=_shortened),
    # post into a hidden iframe, thanks shown by its onload
    Case(
        "iframetarget",
        "/vopros",
        [("/mail/send.php", {"n": FULL, "e": MAIL, "t": QUESTION}, True)],
        reason="отправлен",
    ),
    # empty 200, the thank-you modal appears 1.8 s later
    Case(
        "delayed",
        "/ask",
        [("/tea/ask", {"name": FULL, "mail": MAIL, "text": QUESTION}, True)],
        reason="Сомелье",
    ),
    # onsubmit="return confirm('Отправить сообщение?')"
    Case("confirm", "/contacts", [("/contacts/send", {"fio": FULL, "mail": MAIL, "msg": QUESTION}, True)]),
    # callback with a 10-digit numeric phone
    Case(
        "numeric",
        "/",
        [("/zamer", {"client_name": FULL, "phone_number": "9123456701"}, True)],
        kind="callback",
    ),
    # a required custom (div) dropdown the probe cannot fill: failed with the shop's reason, never "submitted"
    Case(
        "dropdown",
        "/feedback",
        [("/api/feedback", {"topic": "", "name": FULL, "email": MAIL, "message": QUESTION}, False)],
        status="failed",
        reason="Выберите тему обращения",
    ),
    # Ukrainian callback behind a link, inputmask-style data-mask with +380
    Case("uacallback", "/", [("/cb", {"tel": "+380 (67) 123-45-67"}, True)], kind="callback", persona=UA),
    # "Куда вам ответить?" is where the address goes
    Case("replyto", "/kontakty", [("/zapros", {"f1": FULL, "f2": MAIL, "f3": QUESTION}, True)]),
    # "Сколько будет 3 + 4?" is a captcha: nothing is sent
    Case("math", "/contacts", [], status="blocked", reason="captcha"),
    # callback whose phone input is type=number
    Case("number", "/", [("/call", {"phone": "79123456701", "pd": "on"}, True)], kind="callback"),
    # Bootstrap modal behind a header link, the submit button outside the form (form="…"), Symfony names
    Case(
        "bootstrap",
        "/",
        [
            (
                "/contact/new",
                {
                    "contact[_token]": "sf-tkn",
                    "contact[name]": FULL,
                    "contact[email]": MAIL,
                    "contact[message]": QUESTION,
                },
                True,
            )
        ],
        reason="Сообщение отправлено",
    ),
    # GraphQL: HTTP 200 whose body carries "errors": failed with the shop's message
    Case(
        "graphql",
        "/support",
        [("/graphql", {"name": FULL, "email": MAIL, "body": QUESTION}, False)],
        status="failed",
        reason="Сервис обращений временно недоступен",
    ),
    # the contacts link sits in a closed burger menu; the form is on that page
    Case("burger", "/", [("/kontakty/send", {"imya": FULL, "pochta": MAIL, "vopros": QUESTION}, True)]),
    # a keydown-only mask with its template as the value; a pasted value is thrown away
    Case("keypress", "/", [("/recall", {"ph": PHONE}, True)], kind="callback"),
]
CHUNK = 4
CHUNKS = [CASES[i : i + CHUNK] for i in range(0, len(CASES), CHUNK)]


async def _run(sites: RawSites, pool: BrowserPool, tmp: Path, case: Case) -> str | None:
    """None when the shop got what it should and the probe ended right; else what went wrong."""
    site = sites[case.site]
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    env, marks = make_env(pool)
    env.now = clock.now
    task = make_task(
        site.url_for(case.start), tmp / case.site, case.kind, persona=case.persona, question=case.question
    )
    try:
        sub = await get_probe(case.kind).submit(task, env)
        status, reason = "submitted", str(sub.details["outcome"])
        assert clock.now() - timedelta(seconds=15) <= sub.submitted_at <= clock.now() and reason.startswith(
            "confirmed"
        )
        assert {"screenshot", "request", "url"} <= {e.kind for e in sub.evidence}
    except ProbeError as exc:
        status, reason = exc.status, exc.reason
    try:
        assert status == case.status, f"status {status}: {reason}"
        assert case.reason in reason, reason
        got = [
            Received(r.site, r.path, {k: v for k, v in r.fields.items() if k not in case.drop}, r.accepted)
            for r in site.received
        ]
        if case.check is not None:
            case.check(got)
        else:
            assert [(r.path, r.fields, r.accepted) for r in got] == case.got
        if status != "submitted" and not case.got:
            assert marks.calls == 0  # nothing irreversible happened
    except AssertionError as exc:
        return f"{case.site}: {exc}"
    return None


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize("chunk", CHUNKS, ids=["+".join(c.site for c in chunk) for chunk in CHUNKS])
async def test_it_ends_each_unseen_shop_as_a_person_would(
    unseen: RawSites, pool: BrowserPool, tmp_path: Path, chunk: list[Case]
) -> None:
    problems = await asyncio.gather(*(_run(unseen, pool, tmp_path, c) for c in chunk))
    assert [p for p in problems if p] == []


def test_it_covers_every_unseen_shop_exactly_once(unseen_sites: RawSites) -> None:
    assert sorted(c.site for c in CASES) == sorted(s.name for s in unseen_sites)


@pytest.mark.asyncio(loop_scope="session")
async def test_it_reports_a_time_trap_rejection_as_failed_not_submitted(
    unseen: RawSites, pool: BrowserPool, tmp_path: Path
) -> None:
    """Without the dwell the shop's time trap rejects the post; its page says 'отправлена', yet it is no thanks."""
    site = unseen["trap"]
    env, marks = make_env(pool)
    task = make_task(site.url_for("/contacts"), tmp_path, options={"min_dwell": 0})
    with pytest.raises(ProbeError) as err:
        await get_probe("form").submit(task, env)
    assert err.value.status == "failed" and "слишком быстро" in err.value.reason
    assert err.value.submission_possible and marks.calls == 1
    assert [r.accepted for r in site.received] == [False]
