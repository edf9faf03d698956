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


FLOATERS = """<div style="position:fixed;left:0;right:0;bottom:0;background:#333;color:#fff;padding:10px;z-index:9000">
Мы используем файлы cookie. <button>Принять</button></div>
<a href="#" aria-label="Наверх" style="position:fixed;right:20px;bottom:120px;width:40px;height:40px">↑</a>
<a href="https://wa.me/79120000000" style="position:fixed;left:20px;bottom:80px;width:56px;height:56px"><svg width=30 height=30><title>WhatsApp</title></svg></a>
<header style="position:sticky;top:0"><input name=q placeholder="Поиск"></header>"""
ROUND = """<div id=w style="position:fixed;right:20px;bottom:70px"><div class=x9 style="width:56px;height:56px;border-radius:50%;background:#345;cursor:pointer"
onclick="this.style.display='none';document.getElementById('p').style.display='block'"></div>
<div id=p style="display:none;width:300px"><div style="height:200px;overflow-y:auto"></div><textarea></textarea></div></div>"""


async def test_it_never_takes_a_cookie_bar_an_arrow_a_messenger_link_or_a_header_search_for_a_launcher(
    pool,
) -> None:
    async with pool.context() as ctx:
        page = await ctx.new_page()
        await page.set_content(SHOP + FLOATERS)
        assert await dom.launchers(page) == []
        assert not (await dom.panel_state(page)).is_open


async def test_it_opens_a_wordless_round_button_and_finds_its_panel(pool) -> None:
    async with pool.context() as ctx:
        page = await ctx.new_page()
        await page.set_content(SHOP + FLOATERS + ROUND)
        labels = [label for _, _, label in await dom.launchers(page)]
        assert len(labels) == 1 and "x9" in labels[0]
        assert await dom.click_launchers(page, settle=2.0)
        box = await dom.locate(page, "input")
        assert box is not None and await box.evaluate("el => el.tagName") == "TEXTAREA"
