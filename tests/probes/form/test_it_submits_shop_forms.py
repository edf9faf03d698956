"""End to end on the demo shops: what each shop's server received, field by field, and the final status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.clock import FakeClock
from monitor.demo.formsites import FormSites
from probes.base import ProbeBlocked, ProbeError, ProbeFailed, TemporaryFailure, get_probe
from probes.browser import BrowserPool
from tests.fixtures.forms_env import PERSONA, QUESTION, SUBJECT, make_env, make_task

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.browser]

FULL = PERSONA.full_name
PHONE = "+7 (912) 345-67-01"

# site, touchpoint kind, endpoint that must get it, exact fields the shop must receive
SUBMITTED = [
    (
        "labelled",
        "form",
        "/send",
        {"name": FULL, "email": PERSONA.email, "phone": PHONE, "message": QUESTION},
    ),
    ("ajax", "form", "/api/lead", {"x7f3a": FULL, "q91be": PERSONA.email, "z0c4d": PHONE, "m55aa": QUESTION}),
    (
        "modal",
        "form",
        "/send",
        {"website": "", "email_confirm": "", "fio": FULL, "mail": PERSONA.email, "text": QUESTION},
    ),
    (
        "csrf",
        "form",
        "/send",
        {"full_name": FULL, "email": PERSONA.email, "comment": QUESTION, "agree": "on"},
    ),
    ("masked", "callback", "/api/callback", {"name": FULL, "phone": PHONE}),
    ("callback", "callback", "/callback", {"name": FULL, "phone": PHONE}),
    ("callback", "form", "/send", {"name": FULL, "email": PERSONA.email, "question": QUESTION}),
    (
        "english",
        "form",
        "/send",
        {"your_name": FULL, "your_email": PERSONA.email, "topic": "question", "body": QUESTION},
    ),
    ("iframe", "form", "/send", {"client_name": FULL, "client_mail": PERSONA.email, "client_text": QUESTION}),
    (
        "bitrix",
        "form",
        "/contacts/",
        {
            "sessid": "b1t",
            "WEB_FORM_ID": "1",
            "form_text_1": FULL,
            "form_text_2": PHONE,
            "form_email_3": PERSONA.email,
            "form_dropdown_TOPIC": "5",
            "form_textarea_4": QUESTION,
            "web_form_submit": "Отправить",
        },
    ),
    (
        "cf7",
        "form",
        "/wp-json/contact-form-7/v1/contact-forms/5/feedback",
        {"your-name": FULL, "your-email": PERSONA.email, "your-subject": SUBJECT, "your-message": QUESTION},
    ),
    (
        "multistep",
        "form",
        "/send",
        {"s_name": FULL, "s_phone": PHONE, "s_email": PERSONA.email, "s_q": QUESTION},
    ),
    ("pricelist", "form", "/send", {"name": FULL, "email": PERSONA.email, "msg": QUESTION}),
    (
        "tilda",
        "form",
        "/api/tilda",
        {"Name": FULL, "Email": PERSONA.email, "Textarea": QUESTION, "Checkbox": "yes"},
    ),
    ("lazy", "form", "/send", {"n": FULL, "e": PERSONA.email, "t": QUESTION}),
    ("widgets", "form", "/send", {"nm": FULL, "em": PERSONA.email, "subj": "q", "msg": QUESTION}),
]


def _strip_dynamic(fields: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if not k.startswith(("csrf", "_wpcf7"))}


@pytest.mark.parametrize(
    ("site", "kind", "path", "expected"), SUBMITTED, ids=[f"{c[0]}-{c[1]}" for c in SUBMITTED]
)
async def test_it_submits_and_the_shop_receives_every_field(
    shops: FormSites,
    pool: BrowserPool,
    tmp_path: Path,
    site: str,
    kind: str,
    path: str,
    expected: dict[str, str],
) -> None:
    shop = shops[site]
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    env, marks = make_env(pool)
    env.now = clock.now
    sub = await get_probe(kind).submit(make_task(shop.url_for(shop.start_path), tmp_path, kind), env)
    got = [r for r in shop.received if r.accepted]
    assert len(got) == 1, shop.received
    assert got[0].path == path
    assert _strip_dynamic(got[0].fields) == expected
    # the shop's answer to the submitting request, before the thank-you was confirmed (FakeClock does not move)
    assert clock.now() - timedelta(seconds=15) <= sub.submitted_at <= clock.now()
    assert sub.details["submission"]["confirmed_at"] == clock.now().isoformat()
    assert marks.calls >= 1
    kinds = {e.kind for e in sub.evidence}
    assert {"screenshot", "request", "url"} <= kinds
    assert all(Path(e.path).exists() for e in sub.evidence if e.kind != "url")
    assert sub.details["outcome"].startswith("confirmed")
    if site == "iframe":  # a form from another origin, like a CRM's embedded form
        assert sub.details["form"]["how"] == "iframe" and shop.embed_origin not in ("", shop.url)


async def test_it_never_fills_honeypots(shops: FormSites, pool: BrowserPool, tmp_path: Path) -> None:
    shop = shops["modal"]
    env, _ = make_env(pool)
    await get_probe("form").submit(make_task(shop.url_for("/"), tmp_path), env)
    (rec,) = shop.received
    assert rec.fields["website"] == "" and rec.fields["email_confirm"] == ""
    assert rec.accepted


async def test_it_stops_at_a_captcha_without_submitting(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["captcha"]
    env, marks = make_env(pool)
    with pytest.raises(ProbeBlocked) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    assert err.value.reason == "captcha"
    assert err.value.details["vendor"] == "recaptcha"
    assert not err.value.submission_possible
    assert shop.received == [] and marks.calls == 0


async def test_it_stops_at_a_captcha_shown_after_the_click(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["waf"]
    env, marks = make_env(pool)
    with pytest.raises(ProbeBlocked) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    assert err.value.reason == "captcha" and marks.calls == 1
    assert not shop.accepted


async def test_it_reports_a_server_error_as_failed(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["broken"]
    env, marks = make_env(pool)
    with pytest.raises(ProbeFailed) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    assert "server error 500" in err.value.reason
    assert err.value.submission_possible  # the shop may have stored it: never retried blindly
    assert marks.calls == 1
    assert len(shop.received) == 1 and not shop.received[0].accepted


async def test_it_reports_the_shops_validation_message(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["invalid"]
    env, _ = make_env(pool)
    with pytest.raises(ProbeFailed) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    assert "номер заказа" in err.value.reason
    assert len(shop.received) == 1  # no endless retries


async def test_it_corrects_the_phone_once_from_the_shops_hint(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["eight"]
    env, _ = make_env(pool)
    await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    first, second = shop.received
    assert not first.accepted and first.fields["tel"] == PHONE
    assert second.accepted and second.fields["tel"] == "89123456701"
    assert second.fields["em"] == PERSONA.email and second.fields["vopros"] == QUESTION


async def test_it_uses_the_configured_selector(shops: FormSites, pool: BrowserPool, tmp_path: Path) -> None:
    shop = shops["labelled"]
    env, _ = make_env(pool)
    task = make_task(
        shop.url_for("/contacts"),
        tmp_path,
        selector="form.feedback",
        field_selectors={"message": "#fb-msg"},
        question="Другой вопрос: есть ли самовывоз?",
    )
    await get_probe("form").submit(task, env)
    (rec,) = shop.received
    assert rec.path == "/send" and rec.fields["message"] == "Другой вопрос: есть ли самовывоз?"


async def test_it_types_at_a_human_pace_when_asked(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["cf7"]
    env, _ = make_env(pool)
    task = make_task(
        shop.url_for("/kontakty/"), tmp_path, question="Є доставка у Львів?", options={"pacing": True}
    )
    sub = await get_probe("form").submit(task, env)
    (rec,) = shop.accepted
    assert rec.fields["your-message"] == "Є доставка у Львів?" and rec.fields["your-email"] == PERSONA.email
    assert sub.details["filled"]["message"] == "Є доставка у Львів?"


async def test_it_ends_cleanly_when_the_time_budget_runs_out(
    shops: FormSites, pool: BrowserPool, tmp_path: Path
) -> None:
    shop = shops["multistep"]
    env, marks = make_env(pool)
    with pytest.raises(TemporaryFailure) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path, time_budget=0.3), env)
    assert "time budget" in err.value.reason and not err.value.submission_possible
    assert shop.received == [] and marks.calls == 0


async def test_it_fails_when_no_form_fits(shops: FormSites, pool: BrowserPool, tmp_path: Path) -> None:
    shop = shops["masked"]  # only a callback form: a question probe must not use it
    env, marks = make_env(pool)
    with pytest.raises(ProbeError) as err:
        await get_probe("form").submit(make_task(shop.url_for("/contacts"), tmp_path), env)
    assert err.value.status == "failed" and shop.received == [] and marks.calls == 0
