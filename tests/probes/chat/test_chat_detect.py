"""Vendor detection: signature table (pure) and discover-style detection on the demo pages in Chromium."""

from __future__ import annotations

import asyncio

import pytest

from monitor.demo.chatsites import WIDGETS
from probes.chat.detect import UNKNOWN, PageFacts, choose, detect_vendor, discover


def facts(scripts=(), globals_=(), dom=(), frames=(), chatlike=False) -> PageFacts:  # type: ignore[no-untyped-def]
    return PageFacts(tuple(scripts), tuple(frames), frozenset(globals_), frozenset(dom), chatlike)


SIGNATURES = [
    (facts(scripts=["https://code.jivosite.com/widget/AbC123"]), "jivo"),
    (facts(scripts=["//code.jivo.ru/widget/xyz"]), "jivo"),
    (facts(scripts=["https://embed.tawk.to/5f00/1e2d"]), "tawk"),
    (facts(scripts=["https://cdn.livechatinc.com/tracking.js"]), "livechat"),
    (facts(scripts=["https://client.crisp.chat/l.js"]), "crisp"),
    (facts(scripts=["//code.tidio.co/abcdef.js"]), "tidio"),
    (facts(scripts=["https://widget.intercom.io/widget/app1"]), "intercom"),
    (facts(scripts=["https://cdn-ru.bitrix24.ru/b123/crm/site_button/loader_2_abc.js"]), "bitrix24"),
    (facts(scripts=["https://shop.ru/upload/crm/site_button/loader_1_q1w2e3.js"]), "bitrix24"),
    (facts(scripts=["https://cdn.carrotquest.io/api.min.js"]), "carrotquest"),
    (facts(scripts=["https://call.chatra.io/chatra.js"]), "chatra"),
    (facts(scripts=["https://lcab.talk-me.ru/support/support.js?h=abc"]), "talkme"),
    (facts(scripts=["https://admin.verbox.ru/support/support.js?h=abc"]), "talkme"),
    (facts(scripts=["https://static.zdassets.com/ekr/snippet.js?key=k"]), "zendesk"),
    (facts(scripts=["//js-eu1.hs-scripts.com/123.js"]), "hubspot"),
    (facts(globals_=["Tawk_API", "Tawk_LoadStart"]), "tawk"),
    (facts(globals_=["$crisp"], dom=[".crisp-client"]), "crisp"),
    (facts(dom=["jdiv"]), "jivo"),
    (facts(dom=["#chat-widget-container", "iframe#chat-widget"]), "livechat"),
    (facts(globals_=["HubSpotConversations"]), "hubspot"),
    (facts(chatlike=True), UNKNOWN),
    (facts(scripts=["https://www.googletagmanager.com/gtm.js"]), None),
]


@pytest.mark.parametrize(
    ("page", "vendor"), SIGNATURES, ids=[str(s[1]) + "-" + str(i) for i, s in enumerate(SIGNATURES)]
)
def test_it_names_the_vendor_from_signatures(page: PageFacts, vendor: str | None) -> None:
    assert choose(page) == vendor


@pytest.mark.browser
async def test_it_discovers_emulated_vendors_and_unknown_widgets(pool, chat_sites) -> None:
    urls = [chat_sites.url(w, "nobody") for w in WIDGETS] + [chat_sites.base_url + "/"]
    found = await asyncio.gather(*(discover(pool, u) for u in urls))
    expected = [UNKNOWN if w.startswith("generic") else w for w in WIDGETS] + [None]
    assert found == expected


@pytest.mark.browser
async def test_it_detects_on_an_open_page(pool, chat_sites) -> None:
    async with pool.context() as ctx:
        page = await ctx.new_page()
        await page.goto(chat_sites.url("crisp", "nobody"))
        assert await detect_vendor(page) == "crisp"
