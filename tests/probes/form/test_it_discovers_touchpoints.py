"""`discover`: forms (incl. behind a button and in an iframe), chat vendor, e-mails, phones, messengers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import Config
from monitor.demo.formsites import FormSites
from monitor.discover import callback_vendors_in, discover, emails_in, messengers_in, phones_in, yaml_snippet
from probes.browser import BrowserPool
from tests.conftest import MINIMAL_CONFIG

ASYNC = pytest.mark.asyncio(loop_scope="session")


@ASYNC
@pytest.mark.browser
async def test_it_finds_a_form_behind_a_button_and_the_chat(shops: FormSites, pool: BrowserPool) -> None:
    inv = await discover(shops["callback"].url, pool, delay=0.05, chat_wait=1.5)
    kinds = {(f.kind, f.where) for f in inv.forms}
    assert ("question", "page") in kinds
    assert ("callback", "button: Заказать звонок") in kinds
    assert inv.chat == "jivo"
    assert "info@callback.shop.test" in inv.emails
    assert any(p.startswith("+7 (495) 123-45-67") for p in inv.phones)
    assert set(inv.messengers) == {"telegram", "whatsapp", "viber", "vk"}
    assert not any(f.kind == "question" and "cart" in f.page for f in inv.forms)
    assert inv.robots_skipped  # /cart is disallowed in robots.txt and was not visited
    assert all("/cart" not in p for p in inv.pages)


@ASYNC
@pytest.mark.browser
async def test_it_finds_a_form_in_an_iframe_via_the_contacts_link(
    shops: FormSites, pool: BrowserPool
) -> None:
    inv = await discover(shops["iframe"].url, pool, delay=0.05, chat_wait=0.5)
    iframe_forms = [f for f in inv.forms if f.where == "iframe"]
    assert iframe_forms and iframe_forms[0].kind == "question"
    assert iframe_forms[0].page.endswith("/contacts")
    assert inv.chat is None


@ASYNC
@pytest.mark.browser
async def test_it_prints_a_snippet_that_is_valid_config(
    shops: FormSites, pool: BrowserPool, make_config
) -> None:  # type: ignore[no-untyped-def]
    inv = await discover(shops["modal"].url, pool, delay=0.05, chat_wait=0.5)
    assert any(f.kind == "question" and f.where == "button: Задать вопрос" for f in inv.forms)
    snippet = yaml_snippet(inv, "modal-shop")
    text = MINIMAL_CONFIG.replace("targets: []\n", snippet).replace(
        "    address_template:",
        "    smtp: {host: 127.0.0.1, port: 2525, starttls: false}\n    address_template:",
    )
    cfg: Config = make_config(text)
    (target,) = cfg.targets
    kinds = {tp.kind for tp in target.touchpoints}
    assert {"form", "email"} <= kinds
    form = next(tp for tp in target.touchpoints if tp.kind == "form")
    assert form.url == shops["modal"].url


@pytest.mark.browser
def test_it_runs_as_a_command(shops: FormSites, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "--config",
            str(tmp_path / "none.yaml"),
            "discover",
            shops["labelled"].url,
            "--pages",
            "3",
            "--delay",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "form: question" in result.output and "form: login" in result.output
    assert "{kind: form, url:" in result.output and "info@labelled.shop.test" in result.output


@pytest.mark.parametrize(
    ("text", "links", "emails", "phones"),
    [
        ("Пишите: sales@shop.ru, звоните 8 (800) 555-35-35", (), ["sales@shop.ru"], ["8 (800) 555-35-35"]),
        (
            "Тел.: +380 44 123 45 67",
            (("mailto:info@shop.ua?subject=x", ""),),
            ["info@shop.ua"],
            ["+380 44 123 45 67"],
        ),
        ("Артикул 1234567, цена 12 990 руб.", (("tel:+74951234567", ""),), [], ["+74951234567"]),
    ],
)
def test_it_extracts_contacts_from_text_and_links(
    text: str, links: tuple[tuple[str, str], ...], emails: list[str], phones: list[str]
) -> None:
    assert emails_in(text, links) == emails
    assert phones_in(text, links) == phones


def test_it_names_messengers() -> None:
    links = (
        ("https://t.me/shop", ""),
        ("https://api.whatsapp.com/send?phone=7", ""),
        ("viber://chat?number=1", ""),
        ("https://vk.me/shop", ""),
        ("https://example.com/t.me/x", ""),
    )
    assert {k: len(v) for k, v in messengers_in(links).items()} == {
        "telegram": 1,
        "whatsapp": 1,
        "viber": 1,
        "vk": 1,
    }


def test_it_names_third_party_callback_widgets() -> None:
    srcs = [
        "https://cdn.envybox.io/widget/cbk.js?cbk_code=x",
        "https://mod.calltouch.ru/init.js?id=1",
        "https://shop.example/js/app.js",
    ]
    assert callback_vendors_in(srcs) == ["envybox", "calltouch"]
    assert callback_vendors_in(["https://cdn.shop.example/callback.js"]) == []
