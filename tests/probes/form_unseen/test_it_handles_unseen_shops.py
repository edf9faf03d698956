"""Blind tests: shops the probe was never tuned on; what each server received and the final status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.clock import FakeClock
from monitor.demo.formsites_extra import RawSites
from probes.base import ProbeBlocked, ProbeFailed, get_probe
from probes.browser import BrowserPool
from tests.fixtures.forms_env import PERSONA, QUESTION, make_env, make_task

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.browser]

FULL = PERSONA.full_name
MAIL = PERSONA.email

# site, start path, touchpoint kind, endpoint, exact fields the shop must receive
SUBMITTED = [
    ("shadow", "/contacts", "form", "/api/question", {"who": FULL, "addr": MAIL, "q": QUESTION}),
    ("spa", "/", "form", "/api/v2/feedback", {"name": FULL, "email": MAIL, "text": QUESTION}),
    ("sidetab", "/", "form", "/feedback", {"nm": FULL, "ml": MAIL, "tx": QUESTION}),
    ("replace", "/", "form", "/api/ask", {"name": FULL, "email": MAIL, "question": QUESTION}),
    ("timed", "/", "callback", "/lead", {"phone": "+7 (912) 345-67-01", "page": "/"}),
]


def _clocked(pool: BrowserPool) -> tuple[object, FakeClock]:
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    env, _ = make_env(pool)
    env.now = clock.now
    return env, clock


@pytest.mark.parametrize(("site", "start", "kind", "path", "expected"), SUBMITTED, ids=[c[0] for c in SUBMITTED])
async def test_it_submits_to_an_unseen_shop(unseen: RawSites, unseen_pool: BrowserPool, tmp_path: Path, site: str,
                                            start: str, kind: str, path: str, expected: dict[str, str]) -> None:
    shop = unseen[site]
    env, clock = _clocked(unseen_pool)
    sub = await get_probe(kind).submit(make_task(shop.url_for(start), tmp_path, kind), env)  # type: ignore[arg-type]
    assert [(r.path, r.fields) for r in shop.received] == [(path, expected)]
    assert shop.received[0].accepted
    assert sub.submitted_at == clock.now()
    assert sub.details["outcome"].startswith("confirmed")
    assert "/subscribe" not in [r.path for r in shop.received]


async def test_it_reports_a_json_rejection_with_http_200_as_failed(unseen: RawSites, unseen_pool: BrowserPool,
                                                                    tmp_path: Path) -> None:
    shop = unseen["jsonerr"]
    env, marks = make_env(unseen_pool)
    with pytest.raises(ProbeFailed) as err:
        await get_probe("form").submit(make_task(shop.url_for("/feedback"), tmp_path), env)
    assert "Адрес с этого домена не принимается" in err.value.reason
    assert [r.fields for r in shop.received] == [{"name": FULL, "email": MAIL, "message": QUESTION}]
    assert marks.calls == 1


async def test_it_fills_a_ukrainian_form_with_split_name_and_phone_mask(unseen: RawSites, unseen_pool: BrowserPool,
                                                                        tmp_path: Path) -> None:
    shop = unseen["uamask"]
    env, _ = make_env(unseen_pool)
    persona = replace(PERSONA, phone="+380 67 123 45 67")
    task = make_task(shop.url_for("/kontakty"), tmp_path, persona=persona, question="Чи є доставка до Львова?")
    sub = await get_probe("form").submit(task, env)
    (rec,) = shop.received
    got = {k: v for k, v in rec.fields.items() if k != "f_photo"}
    assert got == {"f_last": "Кузнецова", "f_first": "Анна", "f_middle": "", "f_tel": "+38 (067) 123-45-67",
                   "f_mail": MAIL, "f_text": "Чи є доставка до Львова?"}
    assert rec.accepted and sub.details["outcome"].startswith("confirmed")


async def test_it_leaves_a_clipped_honeypot_empty_and_outwaits_a_time_trap(unseen: RawSites,
                                                                           unseen_pool: BrowserPool,
                                                                           tmp_path: Path) -> None:
    shop = unseen["trap"]
    env, _ = make_env(unseen_pool)
    short = "Есть линзы Acuvue на -2.5?"
    await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path, question=short), env)
    (rec,) = shop.received
    assert rec.accepted, rec.fields
    assert rec.fields["url"] == ""
    assert rec.fields["contact_name"] == FULL and rec.fields["contact_email"] == MAIL
    assert rec.fields["body"].startswith(short) and len(rec.fields["body"]) >= 30


async def test_it_picks_a_department_and_skips_the_optional_order_number(unseen: RawSites, unseen_pool: BrowserPool,
                                                                         tmp_path: Path) -> None:
    shop = unseen["english"]
    env, _ = make_env(unseen_pool)
    sub = await get_probe("form").submit(make_task(shop.url_for("/contact"), tmp_path), env)
    (rec,) = shop.received
    assert rec.accepted and rec.path == "/contact"
    assert rec.fields["department"] in ("sales", "support", "returns")
    assert {k: v for k, v in rec.fields.items() if k != "department"} == {
        "order_no": "", "nm": FULL, "em": MAIL, "ms": QUESTION}
    assert "Thanks for reaching out" in sub.details["outcome"]


BATCH2 = [
    ("cp1251", "/contacts.php", "/feedback.php", {"fname": FULL, "femail": MAIL, "ftext": QUESTION, "send": "Отправить"}),
    ("floating", "/", "/local/ajax/ask.php", {"p1": FULL, "p2": MAIL, "p3": QUESTION, "agree": "on"}),
    ("overlay", "/contacts", "/ajax/contact", {"name": FULL, "email": MAIL, "text": QUESTION}),
    ("dialog", "/product/magnifica-s", "/product/ask", {"author": FULL, "question": QUESTION, "reply_via": "email",
                                                        "contact": MAIL}),
]


@pytest.mark.parametrize(("site", "start", "path", "expected"), BATCH2, ids=[c[0] for c in BATCH2])
async def test_it_submits_to_an_unseen_shop_of_the_second_batch(unseen: RawSites, unseen_pool: BrowserPool,
                                                                tmp_path: Path, site: str, start: str, path: str,
                                                                expected: dict[str, str]) -> None:
    shop = unseen[site]
    env, clock = _clocked(unseen_pool)
    sub = await get_probe("form").submit(make_task(shop.url_for(start), tmp_path), env)  # type: ignore[arg-type]
    assert [(r.path, r.fields) for r in shop.received] == [(path, expected)]
    assert shop.received[0].accepted
    assert sub.submitted_at == clock.now()
    assert sub.details["outcome"].startswith("confirmed")


async def test_it_retypes_the_phone_after_a_422_and_the_shop_accepts(unseen: RawSites, unseen_pool: BrowserPool,
                                                                     tmp_path: Path) -> None:
    shop = unseen["laravel"]
    env, marks = make_env(unseen_pool)
    sub = await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    first, second = shop.received
    base = {"_token": "x9TqLw2", "name": FULL, "email": MAIL, "message": QUESTION}
    assert first.fields == {**base, "phone": "+7 (912) 345-67-01"} and not first.accepted
    assert second.fields == {**base, "phone": "+79123456701"} and second.accepted
    assert "Сообщение отправлено" in sub.details["outcome"]


UA_PERSONA = replace(PERSONA, phone="+380 67 123 45 67")
BATCH3 = [
    ("fab", "/", "callback", PERSONA, "/widget/api/call", {"phone": "+7 (912) 345-67-01", "source": "fab"}),
    ("uapattern", "/seller/42", "form", UA_PERSONA, "/seller/message",
     {"s_n": FULL, "s_p": "+380671234567", "s_e": MAIL, "s_t": QUESTION}),
    ("reviews", "/p/smarta", "form", PERSONA, "/qa/add", {"q_name": FULL, "q_email": MAIL, "q_text": QUESTION}),
    ("alert", "/", "form", PERSONA, "/ajax/fb.php", {"name": FULL, "mail": MAIL, "msg": QUESTION}),
    ("lazy", "/", "form", PERSONA, "/podbor", {"email": "", "client": FULL, "mail_real": MAIL, "q": QUESTION}),
]


@pytest.mark.parametrize(("site", "start", "kind", "persona", "path", "expected"), BATCH3, ids=[c[0] for c in BATCH3])
async def test_it_submits_to_an_unseen_shop_of_the_third_batch(unseen: RawSites, unseen_pool: BrowserPool,
                                                               tmp_path: Path, site: str, start: str, kind: str,
                                                               persona: object, path: str,
                                                               expected: dict[str, str]) -> None:
    shop = unseen[site]
    env, clock = _clocked(unseen_pool)
    task = make_task(shop.url_for(start), tmp_path, kind, persona=persona)
    sub = await get_probe(kind).submit(task, env)  # type: ignore[arg-type]
    assert [(r.path, r.fields) for r in shop.received] == [(path, expected)]
    assert shop.received[0].accepted
    assert sub.submitted_at == clock.now()
    assert sub.details["outcome"].startswith("confirmed")


async def test_it_types_so_keyup_validators_unlock_the_button_and_shortens_to_maxlength(
        unseen: RawSites, unseen_pool: BrowserPool, tmp_path: Path) -> None:
    shop = unseen["keyup"]
    env, _ = make_env(unseen_pool)
    sub = await get_probe("form").submit(make_task(shop.url_for("/feedback"), tmp_path), env)
    (rec,) = shop.received
    assert rec.accepted and rec.fields["cf_name"] == FULL and rec.fields["cf_email"] == MAIL
    msg = rec.fields["cf_msg"]
    # shortened like a person would: whole words, the question mark kept
    assert len(msg) <= 60 and msg.endswith("?") and QUESTION.startswith(msg[:-1]) and QUESTION[len(msg) - 1] == " "
    assert sub.details["outcome"].startswith("confirmed")


async def test_it_confirms_a_post_into_a_hidden_iframe(unseen: RawSites, unseen_pool: BrowserPool,
                                                       tmp_path: Path) -> None:
    shop = unseen["iframetarget"]
    env, _ = make_env(unseen_pool)
    sub = await get_probe("form").submit(make_task(shop.url_for("/vopros"), tmp_path), env)
    assert [(r.path, r.fields) for r in shop.received] == [("/mail/send.php", {"n": FULL, "e": MAIL, "t": QUESTION})]
    assert "отправлен" in sub.details["outcome"]


BATCH5 = [
    ("delayed", "/ask", "form", "/tea/ask", {"name": FULL, "mail": MAIL, "text": QUESTION}),
    ("confirm", "/contacts", "form", "/contacts/send", {"fio": FULL, "mail": MAIL, "msg": QUESTION}),
    ("numeric", "/", "callback", "/zamer", {"client_name": FULL, "phone_number": "9123456701"}),
]


@pytest.mark.parametrize(("site", "start", "kind", "path", "expected"), BATCH5, ids=[c[0] for c in BATCH5])
async def test_it_submits_to_an_unseen_shop_of_the_fifth_batch(unseen: RawSites, unseen_pool: BrowserPool,
                                                               tmp_path: Path, site: str, start: str, kind: str,
                                                               path: str, expected: dict[str, str]) -> None:
    shop = unseen[site]
    env, clock = _clocked(unseen_pool)
    sub = await get_probe(kind).submit(make_task(shop.url_for(start), tmp_path, kind), env)  # type: ignore[arg-type]
    assert [(r.path, r.fields) for r in shop.received] == [(path, expected)]
    assert shop.received[0].accepted
    assert sub.submitted_at == clock.now()
    assert sub.details["outcome"].startswith("confirmed")


async def test_it_reports_the_shops_reason_when_a_custom_dropdown_stays_empty(unseen: RawSites,
                                                                              unseen_pool: BrowserPool,
                                                                              tmp_path: Path) -> None:
    shop = unseen["dropdown"]
    env, _ = make_env(unseen_pool)
    with pytest.raises(ProbeFailed) as err:
        await get_probe("form").submit(make_task(shop.url_for("/feedback"), tmp_path), env)
    assert "Выберите тему обращения" in err.value.reason
    assert not shop.accepted and len(shop.received) == 1
    assert shop.received[0].fields["email"] == MAIL


async def test_it_shapes_a_ukrainian_number_for_an_inputmask_callback(unseen: RawSites, unseen_pool: BrowserPool,
                                                                      tmp_path: Path) -> None:
    shop = unseen["uacallback"]
    env, _ = make_env(unseen_pool)
    task = make_task(shop.url_for("/"), tmp_path, "callback", persona=UA_PERSONA)
    sub = await get_probe("callback").submit(task, env)
    assert [(r.path, r.fields, r.accepted) for r in shop.received] == [("/cb", {"tel": "+380 (67) 123-45-67"}, True)]
    assert sub.details["outcome"].startswith("confirmed")


async def test_it_answers_where_to_reply_with_the_probes_address(unseen: RawSites, unseen_pool: BrowserPool,
                                                                 tmp_path: Path) -> None:
    shop = unseen["replyto"]
    env, _ = make_env(unseen_pool)
    await get_probe("form").submit(make_task(shop.url_for("/kontakty"), tmp_path), env)
    assert [(r.path, r.fields) for r in shop.accepted] == [("/zapros", {"f1": FULL, "f2": MAIL, "f3": QUESTION})]


async def test_it_calls_an_arithmetic_check_a_captcha_and_sends_nothing(unseen: RawSites, unseen_pool: BrowserPool,
                                                                        tmp_path: Path) -> None:
    shop = unseen["math"]
    env, marks = make_env(unseen_pool)
    with pytest.raises(ProbeBlocked) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    assert err.value.reason == "captcha" and not err.value.submission_possible
    assert shop.received == [] and marks.calls == 0
