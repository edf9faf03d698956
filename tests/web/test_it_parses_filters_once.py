"""One filter parser for every dashboard view: a malformed filter is a 400 everywhere, a good one applies."""

from __future__ import annotations

import httpx

from tests.web.conftest import Served
from tests.web.test_it_protects_the_dashboard import _login

FILTERED = (
    "/",
    "/targets",
    "/target/shop-a",
    "/charts/km.svg",
    "/charts/groups.svg",
    "/charts/weeks.svg",
    "/export/csv",
)


def test_it_answers_400_for_a_bad_filter_on_every_view(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        _login(c)
        for path in FILTERED:
            r = c.get(path, params={"since": "garbage<b>"})
            assert r.status_code == 400, path
            assert r.text.startswith("bad filter:") and "<b>" not in r.text, path
            assert c.get(path, params={"since": "30d"}).status_code == 200, path


def test_it_applies_the_filter_and_speaks_the_requested_language(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        _login(c)
        page = c.get("/", params={"targets": "shop-b"}, headers={"accept-language": "ru-RU,ru;q=0.9"})
        assert page.status_code == 200 and page.headers["content-language"] == "ru"
        assert "ответили 2 из 3" in page.text  # shop-b alone: form 1 of 2, e-mail 1 of 1
        assert c.get("/", headers={"accept-language": "en"}).headers["content-language"] == "en"
