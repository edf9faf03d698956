"""`discover` lists forms a person reaches by a click: in a closed tab, or loaded by AJAX behind a button."""

from __future__ import annotations

import pytest

from monitor.demo.formsites_extra import RawSites
from monitor.discover import discover
from probes.browser import BrowserPool

pytestmark = [pytest.mark.browser]


@pytest.mark.asyncio(loop_scope="session")
async def test_it_lists_a_question_form_in_a_closed_tab(real: RawSites, pool: BrowserPool) -> None:
    inv = await discover(
        real["wf_tabs"].url_for("/product/yirgacheffe"), pool, max_pages=1, delay=0, chat_wait=0
    )
    assert [f.where for f in inv.forms if f.kind == "question"] == ["page, in a closed tab or accordion"]


@pytest.mark.asyncio(loop_scope="session")
async def test_it_lists_a_form_that_a_button_loads_by_ajax(real: RawSites, pool: BrowserPool) -> None:
    inv = await discover(
        real["ajax_button"].url_for("/catalog/smesitel-grohe/"), pool, max_pages=1, delay=0, chat_wait=0
    )
    assert [f.where for f in inv.forms if f.kind == "question"] == ["button: Задать вопрос"]
