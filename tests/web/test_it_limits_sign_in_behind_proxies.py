"""Sign-in limits that a client cannot dodge with forwarding headers, and that hold their memory."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.web import create_app
from monitor.web.auth import LoginLimiter, WeakPassword
from tests.fixtures.report_seed import NOW
from tests.web.conftest import PASSWORD, Served, run_server


def _attempt(c: httpx.Client, password: str, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    page = c.get("/login", headers=headers)
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    return c.post("/login", data={"csrf": token.group(1), "password": password, "next": "/"}, headers=headers)


def with_web(cfg: Config, **web: object) -> Config:
    return cfg.model_copy(update={"web": cfg.web.model_copy(update=web)})


def test_it_ignores_forwarded_for_by_default(served: Served) -> None:
    codes = []
    with httpx.Client(base_url=served.url) as c:
        for i in range(25):
            codes.append(_attempt(c, "wrong", forwarded_for=f"198.51.100.{i}").status_code)
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}


def test_it_believes_forwarded_for_only_from_trusted_proxies(
    web_cfg: Config, factory: sessionmaker[Session]
) -> None:
    cfg = with_web(web_cfg, trusted_proxies=["127.0.0.1"])
    app = create_app(cfg, factory, FakeClock(NOW))
    with run_server(app, cfg) as url, httpx.Client(base_url=url) as c:
        for _ in range(5):
            assert _attempt(c, "wrong", "198.51.100.7").status_code == 401
        assert _attempt(c, "wrong", "198.51.100.7").status_code == 429
        assert _attempt(c, PASSWORD, "198.51.100.8").status_code == 303  # another client behind the proxy


def test_it_bounds_the_limiters_memory() -> None:
    limiter = LoginLimiter(FakeClock(NOW), max_keys=1000)
    for i in range(20_000):
        limiter.failed(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
    assert limiter.tracked() <= 1000
    assert limiter.blocked_for("10.0.78.31") == 0.0  # long evicted


def test_it_slows_everyone_down_after_many_failures() -> None:
    clock = FakeClock(NOW)
    limiter = LoginLimiter(clock, global_free=20, max_delay=5.0)
    for i in range(20):
        limiter.failed(f"203.0.113.{i}")
    assert limiter.slowdown() == 0.0
    for i in range(20, 30):
        limiter.failed(f"203.0.113.{i}")
    assert 0.0 < limiter.slowdown() <= 5.0
    clock.advance(timedelta(minutes=6).total_seconds())
    assert limiter.slowdown() == 0.0


def test_it_refuses_a_short_password(
    web_cfg: Config, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLYWATCH_WEB_PASSWORD", "пароль")
    with pytest.raises(WeakPassword, match="web.min_password_length"):
        create_app(web_cfg, factory, FakeClock(NOW))
    create_app(with_web(web_cfg, min_password_length=6), factory, FakeClock(NOW))
