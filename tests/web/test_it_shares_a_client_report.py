"""Share links over real HTTP and in real Chromium: signed, expiring, revocable, one client only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.clock import FakeClock
from monitor.config import Config
from monitor.share import share_url, sign
from monitor.store.access import create_share
from monitor.store.db import transaction
from monitor.web import create_app
from probes.browser import BrowserPool
from tests.fixtures.report_seed import CONFIG, NOW, Seeder, seed
from tests.web.conftest import ARTIFACTS, PASSWORD
from tests.web.serving import serve_app

# Another client of the same agency, with a probe of its own: it must never show in shop-a's link.
OTHER_CLIENT = """  - name: shop-z
    group: client
    url: http://127.0.10.26/
    touchpoints:
      - {kind: form, url: http://127.0.10.26/contacts}
"""
SHARE_CONFIG = (
    CONFIG.replace("targets:\n", "targets:\n" + OTHER_CLIENT, 1) + "web: {secret_key_env: RW_TEST_SECRET}\n"
)


@dataclass
class Shared:
    url: str
    cfg: Config
    clock: FakeClock
    factory: sessionmaker[Session]


@pytest.fixture
def shared(make_config, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> Iterator[Shared]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")
    monkeypatch.setenv("REPLYWATCH_WEB_PASSWORD", PASSWORD)
    monkeypatch.setenv("RW_TEST_SECRET", "a-long-lasting-web-secret-for-tests")
    cfg = make_config(SHARE_CONFIG)
    seed(factory, cfg)
    with transaction(factory) as s:
        Seeder(s, cfg).probe(
            "shop-z", "form", NOW - timedelta(days=3), human=60, excerpt="Секрет другого клиента"
        )
    clock = FakeClock(NOW)
    with serve_app(create_app(cfg, factory, clock)) as url:
        yield Shared(url, cfg, clock, factory)


def _link(sh: Shared, days: float = 14) -> tuple[str, str]:
    with transaction(sh.factory) as s:
        link = create_share(s, "shop-a", sh.clock.now(), days)
    return link.id, share_url(sh.cfg, sign(sh.cfg, link.id), sh.url)


def test_it_shows_one_clients_report_without_an_account(shared: Shared) -> None:
    _, url = _link(shared)
    with httpx.Client(timeout=60) as c:
        r = c.get(url)
    assert r.status_code == 200, r.text
    assert "shop-a" in r.text and "shop-b" in r.text and "shop-c" in r.text
    assert "shop-z" not in r.text and "Секрет" not in r.text  # another client of the agency
    assert "/evidence/" not in r.text and "Добрый день" not in r.text  # no replies, no evidence
    assert "script-src" not in r.headers["content-security-policy"]
    assert "6 of 9 answered" in r.text  # shop-z's answered probe would make it 7 of 10


def test_it_speaks_the_readers_language(shared: Shared) -> None:
    _, url = _link(shared)
    with httpx.Client(timeout=60) as c:
        ru = c.get(url, headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"})
        en = c.get(url, headers={"accept-language": "en-GB"})
    assert ru.status_code == en.status_code == 200
    assert "shop-a: время ответа" in ru.text and "6 из 9" in ru.text and " of " not in ru.text
    assert "shop-a: reply times" in en.text and "6 of 9 answered" in en.text


def test_it_refuses_forged_expired_and_revoked_links(shared: Shared) -> None:
    share_id, url = _link(shared, days=14)
    with httpx.Client(timeout=60) as c:
        assert c.get(url[:-3] + "abc").status_code == 404  # signature does not match
        assert c.get(f"{shared.url}/share/{share_id}").status_code == 404  # an unsigned id is not a link
        shared.clock.advance(13 * 86400)
        assert c.get(url).status_code == 200
        shared.clock.advance(2 * 86400)
        assert c.get(url).status_code == 410
        _, url2 = _link(shared)
        assert c.get(url2).status_code == 200
        res = CliRunner().invoke(
            cli, ["--config", str(shared.cfg.base_dir / "replywatch.yaml"), "share", "--revoke", "shop-a"]
        )
        assert res.exit_code == 0, res.output
        assert c.get(url2).status_code == 410


def test_it_prints_a_link_from_the_command_line(shared: Shared) -> None:
    cfg_path = str(shared.cfg.base_dir / "replywatch.yaml")
    res = CliRunner().invoke(
        cli, ["--config", cfg_path, "share", "shop-a", "--days", "14", "--base-url", shared.url]
    )
    assert res.exit_code == 0, res.output
    url = res.stdout.strip().splitlines()[0]
    assert url.startswith(shared.url + "/share/")
    assert CliRunner().invoke(cli, ["--config", cfg_path, "share", "shop-b"]).exit_code == 2  # not a client
    assert httpx.get(url, timeout=60).status_code == 200


@pytest.mark.browser
async def test_it_opens_in_chromium(shared: Shared) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _, url = _link(shared)
    async with BrowserPool(concurrency=1) as pool, pool.context() as ctx:
        page = await ctx.new_page()
        await page.goto(url)
        assert page.url == url  # no sign-in page on the way
        headline = " ".join((await page.text_content("#headline") or "").split())
        lang = await page.get_attribute("html", "lang")  # the browser's Accept-Language chose it
        assert ("ответили 6 из 9" if lang == "ru" else "6 of 9 answered") in headline, (lang, headline)
        assert await page.locator("#leaderboard").count() == 1
        text = await page.text_content("body") or ""
        assert "shop-a" in text and "shop-z" not in text
        await page.screenshot(path=str(ARTIFACTS / "share.png"), full_page=True)


def test_it_lists_links_and_needs_a_lasting_secret(shared: Shared, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg_path = str(shared.cfg.base_dir / "replywatch.yaml")
    share_id, _ = _link(shared)
    listed = CliRunner().invoke(cli, ["--config", cfg_path, "share", "--list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and share_id in listed.stdout and "shop-a" in listed.stdout
    monkeypatch.delenv("RW_TEST_SECRET")
    res = CliRunner().invoke(cli, ["--config", cfg_path, "share", "shop-a"])
    assert res.exit_code == 2 and "secret_key" in res.output
