"""Sign-out ends the session on the server; the cookie is Secure behind HTTPS or by setting."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.web import create_app
from tests.fixtures.report_seed import NOW
from tests.web.conftest import PASSWORD, Served, run_server
from tests.web.test_it_limits_sign_in_behind_proxies import with_web


def _login(c: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    page = c.get("/login", headers=headers)
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    return c.post("/login", data={"csrf": token.group(1), "password": PASSWORD, "next": "/"}, headers=headers)


def test_it_refuses_a_replayed_cookie_after_sign_out(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        assert _login(c).status_code == 303
        stolen = c.cookies["replywatch_session"]
        page = c.get("/")
        assert page.status_code == 200
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        assert c.post("/logout", data={"csrf": token.group(1)}).status_code == 303
    with httpx.Client(base_url=served.url, cookies={"replywatch_session": stolen}) as replay:
        r = replay.get("/")
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert replay.get("/export/json").status_code == 303
        assert "details" not in replay.get("/healthz").json()


def _set_cookie(r: httpx.Response) -> str:
    return next(
        v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("replywatch_session=")
    )


def test_it_marks_the_cookie_secure_only_over_https(web_cfg: Config, factory: sessionmaker[Session]) -> None:
    cfg = with_web(web_cfg, trusted_proxies=["127.0.0.1"])
    with run_server(create_app(cfg, factory, FakeClock(NOW)), cfg) as url:
        with httpx.Client(base_url=url) as c:
            assert "secure" not in _set_cookie(_login(c)).lower()
        with httpx.Client(base_url=url) as c:
            assert "secure" in _set_cookie(_login(c, {"x-forwarded-proto": "https"})).lower()


def test_it_ignores_forwarded_proto_from_untrusted_clients(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        assert "secure" not in _set_cookie(_login(c, {"x-forwarded-proto": "https"})).lower()


def test_it_marks_the_cookie_secure_by_setting(web_cfg: Config, factory: sessionmaker[Session]) -> None:
    cfg = with_web(web_cfg, secure_cookies="always")
    with run_server(create_app(cfg, factory, FakeClock(NOW)), cfg) as url, httpx.Client(base_url=url) as c:
        assert "secure" in _set_cookie(_login(c)).lower()
