"""The DOM-only adapter never mistakes the shop's own fields for the chat's."""

from __future__ import annotations

import pytest

from probes.chat import dom

pytestmark = pytest.mark.browser

SHOP = """<!doctype html><meta charset=utf-8><input type=search placeholder="Поиск по каталогу">
<form><input name=name placeholder="Ваше имя"><input type=email name=email placeholder=E-mail><textarea name=msg></textarea></form>
<footer><input type=email placeholder="Подписка на новости"></footer>"""
WIDGET = """<div style="position:fixed;right:10px;bottom:10px;z-index:5000"><div class=chat-body>
<textarea placeholder="Напишите сообщение"></textarea><button aria-label="Отправить">&gt;</button></div></div>"""


async def test_it_finds_nothing_on_a_page_without_a_chat(pool) -> None:
    async with pool.context() as ctx:
        page = await ctx.new_page()
        await page.set_content(SHOP)
        for what in ("input", "email", "launcher", "send"):
            assert await dom.locate(page, what) is None, what


async def test_it_finds_the_widget_input_not_the_shop_form(pool) -> None:
    async with pool.context() as ctx:
        page = await ctx.new_page()
        await page.set_content(SHOP + WIDGET)
        box = await dom.locate(page, "input")
        assert box is not None and await box.get_attribute("placeholder") == "Напишите сообщение"
        assert await dom.locate(page, "email") is None  # the shop's e-mail fields are not the widget's
