"""The dashboard's alerts page: every alert, message and attempt; mutes set and lifted with CSRF."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.run import run_alerts, send_test
from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store.models import AlertDeliveryAttempt, AlertEvent, AlertMute, AlertNotification
from monitor.web import create_app
from tests.alert.conftest import Receiver, alert_config
from tests.fixtures.english_left import english_words, region
from tests.fixtures.report_seed import NOW, seed
from tests.web.conftest import free_port

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)
PASSWORD = "пароль-для-проверки"


@pytest.fixture
def dashboard(
    make_config,
    factory: sessionmaker[Session],
    receiver: Receiver,
    dead_port: int,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, FakeClock, Config]]:
    monkeypatch.setenv("REPLYWATCH_WEB_PASSWORD", PASSWORD)
    monkeypatch.setenv("RW_ALERT_URLS", f"json://user:s3cr3t@127.0.0.1:{dead_port}/")
    cfg = alert_config(
        make_config,
        f"""
  - {{name: slow, when: "median_first_reply > 1h", window: 30d, touchpoints: [form], notify: ["{receiver.url()}"], notify_env: RW_ALERT_URLS}}
""",
    )
    seed(factory, cfg)
    clock = FakeClock(NOW)
    run_alerts(cfg, factory, clock, policy=FAST)
    send_test(cfg, factory, clock, "slow", policy=FAST)
    app = create_app(cfg, factory, clock)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", clock, cfg
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _login(c: httpx.Client) -> str:
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
    assert token
    assert (
        c.post("/login", data={"csrf": token.group(1), "password": PASSWORD, "next": "/"}).status_code == 303
    )
    page = c.get("/alerts")
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def test_it_lists_alerts_messages_and_attempts_without_secrets(
    dashboard: tuple[str, FakeClock, Config], receiver: Receiver, dead_port: int
) -> None:
    url, _, _ = dashboard
    with httpx.Client(base_url=url) as c:
        assert c.get("/alerts").status_code == 303  # sign-in first
        _login(c)
        page = c.get("/alerts").text
    history = page[page.index('id="history"') : page.index('id="events"')]
    assert history.count('id="event-') == 1 and "shop-b/form" in history
    assert f'json://127.0.0.1:{receiver.port}: <span class="state-delivered">delivered' in history
    assert f'json://127.0.0.1:{dead_port}: <span class="state-pending">pending</span> (next try' in history
    assert "3 attempt(s)" in history and "failed</span>" in history
    tests = page[page.index('id="events"') :]
    assert tests.count('class="note"') == 2 and "test message for slow" in tests
    assert "s3cr3t" not in page and "user:" not in page


def test_it_mutes_and_unmutes_from_the_form_with_csrf(
    dashboard: tuple[str, FakeClock, Config], factory: sessionmaker[Session]
) -> None:
    url, clock, _ = dashboard
    with httpx.Client(base_url=url) as c:
        token = _login(c)
        form = {"rule": "slow", "target": "shop-b", "length": "2h", "reason": "site move <b>"}
        assert c.post("/alerts/mute", data=form).status_code == 403
        assert c.post("/alerts/mute", data={**form, "csrf": "forged"}).status_code == 403
        bad = c.post("/alerts/mute", data={**form, "csrf": token, "target": "shop-x"})
        assert bad.status_code == 400 and "shop-x" in bad.text
        with factory() as s:
            assert s.scalars(select(AlertMute)).all() == []
        r = c.post("/alerts/mute", data={**form, "csrf": token})
        assert r.status_code == 303
        with factory() as s:
            (m,) = s.scalars(select(AlertMute)).all()
        assert (m.rule, m.target, m.starts_at, m.created_by) == ("slow", "shop-b", clock.now(), "dashboard")
        assert (m.ends_at - m.starts_at).total_seconds() == 7200
        page = c.get("/alerts").text
        assert f'id="mute-{m.id}"' in page and "site move &lt;b&gt;" in page
        assert c.post(f"/alerts/unmute/{m.id}", data={"csrf": "forged"}).status_code == 403
        assert c.post(f"/alerts/unmute/{m.id}", data={"csrf": token}).status_code == 303
        assert f'id="mute-{m.id}"' not in c.get("/alerts").text
        assert c.post(f"/alerts/unmute/{m.id}", data={"csrf": token}).status_code == 404


def _alert_data(factory: sessionmaker[Session], cfg: Config) -> list[str]:
    """What the page only displays: rule, target and destination names, messages as sent, errors."""
    with factory() as s:
        rows: list[str | None] = [cfg.name for cfg in cfg.alerts] + [t.name for t in cfg.targets]
        for e in s.scalars(select(AlertEvent)):
            rows += [e.rule, e.scope, e.message, e.resolution]
        for n in s.scalars(select(AlertNotification)):
            rows += [n.kind, n.channel, n.label, n.title, n.target, n.last_error]
        for a in s.scalars(select(AlertDeliveryAttempt)):
            rows += [a.label, a.error]
    return [r for r in rows if r]


def test_it_shows_the_alerts_page_in_russian_with_no_english_left(
    dashboard: tuple[str, FakeClock, Config], factory: sessionmaker[Session]
) -> None:
    url, clock, cfg = dashboard
    with httpx.Client(base_url=url, headers={"accept-language": "ru-RU,ru;q=0.9"}) as c:
        token = _login(c)
        before = region(c.get("/alerts").text, "<main>", "</main>")
        form = {"csrf": token, "rule": "", "target": "", "length": "7d", "reason": "переезд сайта"}
        muted = c.post("/alerts/mute", data=form)
        assert muted.status_code == 303
        clock.advance(25 * 3600)  # the undelivered message's next try comes due and waits for the mute
        run_alerts(cfg, factory, clock, policy=FAST)
        _login(c)  # the session has expired meanwhile
        page = c.get(muted.headers["location"])
    assert page.status_code == 200, page.text
    assert page.headers["content-language"] == "ru"
    main = region(page.text, "<main>", "</main>")
    data = _alert_data(factory, cfg)
    assert english_words(before, data=data) == [] and english_words(main, data=data) == []
    assert '<span class="state-pending">в очереди</span> (следующая попытка' in before
    mute_form = region(main, '<form method="post" action="/alerts/mute"', "</form>")
    assert 'Приостановить <select name="rule"><option value="">все правила</option>' in mute_form
    assert 'для <input name="target" list="target-names" placeholder="все магазины"' in mute_form
    assert '<option value="2h" selected>2 ч</option>' in mute_form and ">7 д.</option>" in mute_form
    assert 'placeholder="причина (работы на сайте...)"' in mute_form
    assert re.search(r'<p class="ok" id="done">Пауза №\d+ поставлена\.</p>', main)
    mutes = region(main, 'id="mutes"', "</table>")
    assert "<td>все правила</td>" in mutes.replace(' class="l"', "") and "панель" in mutes
    history = region(main, 'id="history"', "</table>")
    assert "<b>открыто</b>" in history and "попыток: 3" in history
    assert '<span class="state-delivered">доставлено</span>' in history
    assert '<span class="state-pending">в очереди</span> (на паузе до' in history  # held by the new mute
    assert '<span class="ok">успешно</span>' in history and '<span class="error">ошибка</span>' in history


def test_it_keeps_the_alerts_page_english_for_english_readers(
    dashboard: tuple[str, FakeClock, Config],
) -> None:
    url, _, _ = dashboard
    with httpx.Client(base_url=url, headers={"accept-language": "en-US"}) as c:
        token = _login(c)
        form = {"csrf": token, "rule": "", "target": "", "length": "2h", "reason": "site move"}
        page = c.get(c.post("/alerts/mute", data=form).headers["location"])
    main = region(page.text, "<main>", "</main>")
    assert 'Mute <select name="rule"><option value="">every rule</option>' in main
    assert 'for <input name="target" list="target-names" placeholder="every target"' in main
    assert (
        '<option value="2h" selected>2h</option>' in main and 'placeholder="reason (maintenance...)"' in main
    )
    assert re.search(r'<p class="ok" id="done">Mute #\d+ is set\.</p>', main)
    assert "<b>open</b>" in main and "3 attempt(s)" in main and '<span class="ok">ok</span>' in main
    assert not re.search(r"[А-Яа-яЁё]", main)
