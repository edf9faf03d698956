"""The reader can switch language (kept in the session); a fixed `ui.language` overrides everything."""

from __future__ import annotations

import httpx

from tests.web.conftest import Served
from tests.web.test_it_protects_the_dashboard import _login


def test_it_keeps_the_readers_choice_over_the_browsers(served: Served) -> None:
    with httpx.Client(base_url=served.url, headers={"accept-language": "en-US"}) as c:
        _login(c)
        assert c.get("/").headers["content-language"] == "en"
        page = c.get("/targets", params={"groups": "client", "lang": "ru"})
        assert page.headers["content-language"] == "ru" and "<h1>Все магазины</h1>" in page.text
        assert 'href="?groups=client&amp;lang=en"' in page.text  # the switch keeps the filters
        assert c.get("/").headers["content-language"] == "ru"  # remembered
        assert c.get("/", params={"lang": "en"}).headers["content-language"] == "en"
        assert c.get("/", params={"lang": "xx"}).headers["content-language"] == "en"


def test_it_lets_a_fixed_setting_win(served: Served) -> None:
    served.cfg.ui.language = "ru"
    with httpx.Client(base_url=served.url, headers={"accept-language": "en-US"}) as c:
        _login(c)
        page = c.get("/", params={"lang": "en"})
        assert page.headers["content-language"] == "ru"
        assert 'id="languages"' not in page.text  # no switch to offer
