"""The HTML report (the PDF prints the same page) fetched over HTTP in Russian: no English left in it.

Cells, tooltips of "—", promises, the ad hoc campaign row, the leaderboard, the weekly
table and the appendix's own words are Russian; shop names, addresses, excerpts and ISO
times are data. English readers get the same report in English, as before.
"""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.promises import Promise
from monitor.store.db import transaction
from monitor.store.models import Probe
from monitor.store.replies import record_promise
from tests.fixtures.english_left import english_words, region, visible_text
from tests.fixtures.report_seed import NOW, Seeder
from tests.web.conftest import Served
from tests.web.test_it_protects_the_dashboard import _login

# What the appendix shows as it came (a shop's words, an address, why a probe failed).
APPENDIX_DATA = re.compile(
    r'<td class="excerpt">.*?</td>|<td class="l sender">.*?</td>'
    r'|<span class="muted reason">.*?</span>|<span class="promise-text">.*?</span>',
    re.S,
)
NAMES = ("shop-a", "shop-b", "shop-c", "weekly")
SYMBOLS = (
    "p90",
    "UTC",
    "e-mail",
    "replywatch",
)  # a statistic, a time zone, the word Russian uses, the product


def _add_ad_hoc_probe(factory: sessionmaker[Session], cfg: Config) -> None:
    """A probe run by hand (no campaign) whose shop promised two business days and answered in 15 min."""
    with transaction(factory) as s:
        seeder = Seeder(s, cfg)
        seeder.campaign = None
        probe_id = seeder.probe("shop-b", "email", NOW - timedelta(days=3), human=900)
        probe = s.get(Probe, probe_id)
        assert probe is not None
        record_promise(probe, Promise(2 * 86400, True, "Ответим в течение 2 рабочих дней.", "page", days=2))


def _report(served: Served, accept_language: str) -> httpx.Response:
    with httpx.Client(base_url=served.url, headers={"accept-language": accept_language}, timeout=60) as c:
        assert _login(c).status_code == 303
        return c.get("/export/html")


def test_it_leaves_no_english_in_the_russian_report(served: Served, factory: sessionmaker[Session]) -> None:
    _add_ad_hoc_probe(factory, served.cfg)
    ru = _report(served, "ru-RU,ru;q=0.9,en;q=0.5")
    assert ru.status_code == 200 and '<html lang="ru">' in ru.text
    body = APPENDIX_DATA.sub(" ", region(ru.text, "<body>", "</body>"))
    assert english_words(body, data=NAMES, allowed=SYMBOLS) == []
    assert english_words(region(ru.text, "<title>", "</title>"), allowed=SYMBOLS) == []
    cells = region(ru.text, '<table class="cells">', "</table>")
    assert '<td class="answered">3 из 4 (75%)</td>' in cells and '<td class="l">форма</td>' in cells
    assert 'title="Ответов пока нет, поэтому медианы нет">—</span>' in cells
    for why in ("Ответы людей ещё не оценены", "Рабочие часы магазина не заданы", "Отвечали только люди"):
        assert f'title="{why}">—</span>' in cells, why
    assert "обещали рабочих дней: 2; медиана 11 мин 30 с; выполнено 1 из 1" in cells  # shop-b's e-mail
    campaigns = region(ru.text, "По кампаниям", "</table>")
    assert '<td class="l">(разовые пробы)</td><td class="l">e-mail</td>' in campaigns
    assert "обещали рабочих дней: 2; медиана 15 мин; выполнено 1 из 1" in campaigns
    assert "Отставание от лучшего (медиана)" in ru.text and "1 ч 57 мин" in ru.text


def test_it_keeps_the_english_report_english(served: Served, factory: sessionmaker[Session]) -> None:
    _add_ad_hoc_probe(factory, served.cfg)
    en = _report(served, "en-US,en;q=0.9").text
    assert '<html lang="en">' in en and "<title>replywatch report</title>" in en
    cells = region(en, '<table class="cells">', "</table>")
    assert '<td class="answered">3 of 4 (75%)</td>' in cells and '<td class="l">form</td>' in cells
    assert 'title="No answer yet, so no median">—</span>' in cells
    assert "promised 2 business days; median 11m 30s; kept 1 of 1" in cells
    campaigns = region(en, "Per campaign", "</table>")
    assert '<td class="l">(ad hoc)</td><td class="l">email</td>' in campaigns
    assert "promised 2 business days; median 15m; kept 1 of 1" in campaigns
    assert "Gap to best (median)" in en and "1h 57m" in en
    assert not re.search(r"[А-Яа-яЁё]", APPENDIX_DATA.sub(" ", region(en, "<body>", "</body>")))


def test_a_fixed_russian_setting_wins_over_the_browser(
    served: Served, factory: sessionmaker[Session]
) -> None:
    _add_ad_hoc_probe(factory, served.cfg)
    by_browser = _report(served, "ru-RU").text
    served.cfg.ui.language = "ru"
    by_setting = _report(served, "en-US").text
    assert '<html lang="ru">' in by_setting
    assert visible_text(by_setting) == visible_text(by_browser)  # charts aside (their clip ids are random)
