"""Callback probes end to end: `replywatch run` fills shops' callback forms in Chromium, the shops call or
text back through fake providers posting signed webhooks to the daemon's hook port, and the report's
"called back" figures come out as the shops were set to behave."""

from __future__ import annotations

import signal
import statistics
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.demo.dovecot import free_port
from monitor.report import fmt
from monitor.store.db import make_engine, session_factory
from monitor.store.models import Probe, Reply, Target
from tests.calls.callback_world import Act, CallbackShop, CallbackShops
from tests.calls.conftest import SECRETS
from tests.schedule.conftest import wait_until

pytestmark = [pytest.mark.browser]

CONFIG = """database: sqlite:///rw.db
timezone: Europe/Moscow
shopper:
  mailbox:
    address_template: "{{first}}.{{token}}@shopper.test"
  personas:
    - {{first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}}
    - {{first_name: Игорь, last_name: Смирнов, phone: "+7 912 345-67-02"}}
  questions: ["Перезвоните мне, пожалуйста, хочу заказать"]
browser: {{executable_path: /usr/bin/chromium, concurrency: 2, probe_timeout: 60s, allow_networks: ["127.0.0.0/8"]}}
worker: {{concurrency: 2}}
web: {{host: 127.0.0.1, hooks_port: {port}}}
telephony: {{twilio: {{}}, zadarma: {{}}, mango: {{}}}}
campaigns:
  - name: callbacks
    touchpoints: [callback]
    schedule: {{interval: 6h}}
    reply_deadline: {deadline}
    sla: [30s, 10m, 1h]
    min_gap: 1s
{targets}"""


def _verdicts(db: Path) -> dict[str, tuple[str, float | None, list[Reply]]]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with session_factory(engine)() as s:
            out = {}
            for p, t in s.execute(select(Probe, Target).join(Target, Target.id == Probe.target_id)).all():
                replies = list(s.scalars(select(Reply).where(Reply.probe_id == p.id)))
                out[t.name] = (p.status, p.latency_ms / 1000 if p.latency_ms is not None else None, replies)
            return out
    finally:
        engine.dispose()


def _run_audit(
    shops: list[CallbackShop],
    cli_factory,
    tmp_path: Path,
    monkeypatch,
    *,  # type: ignore[no-untyped-def]
    deadline: int,
    wait: float,
) -> tuple[dict[str, tuple[str, float | None, list[Reply]]], str]:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    port = free_port()
    with CallbackShops(shops) as world:
        world.hooks = f"http://127.0.0.1:{port}"
        cli = cli_factory(CONFIG.format(port=port, deadline=f"{deadline}s", targets=world.targets_yaml()))
        assert cli.run("db", "upgrade").returncode == 0
        proc = cli.start("run", "--no-web", log=tmp_path / "run.log")
        db = tmp_path / "rw.db"

        def settled() -> bool:
            v = _verdicts(db) if db.exists() else {}
            return len(v) == len(shops) and all(
                s in ("answered", "unanswered", "failed", "blocked") for s, _, _ in v.values()
            )

        try:
            wait_until(settled, wait, "every callback probe to be answered or to pass its deadline", step=1)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        for shop in shops:
            assert len(shop.received) == 1, (shop.name, shop.received)  # each form submitted exactly once
            assert all(status == 401 for what, status in shop.posts if what.startswith("forged")), shop.posts
        report = cli.run("report")
        assert report.returncode == 0, report.stderr
        return _verdicts(db), report.stdout


def test_a_round_of_callback_probes_is_timed_from_signed_webhooks(
    cli_factory,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    shops = [
        CallbackShop("potolki", "english_callback.html", "+7 343 111-22-01", (Act("call", 8, "twilio"),)),
        CallbackShop(
            "shiny",
            "english_callback.html",
            "+7 343 111-22-02",
            (Act("call", 14, "zadarma", caller="local"),),
        ),
        CallbackShop("gardens", "english_callback.html", "+7 343 111-22-03", (Act("call", 10, "mango"),)),
        CallbackShop(
            "okna",
            "english_callback.html",
            "+7 343 111-22-04",
            (Act("sms", 2, "generic", text="Ваша заявка принята. Мы свяжемся с вами в ближайшее время."),),
        ),
        CallbackShop("dveri", "english_callback.html", "+7 343 111-22-05", forged=True),
    ]
    verdicts, report = _run_audit(shops, cli_factory, tmp_path, monkeypatch, deadline=30, wait=240)
    expected = {"potolki": 8, "shiny": 14, "gardens": 10}
    for name, delay in expected.items():
        status, latency, _ = verdicts[name]
        assert status == "answered" and latency is not None and abs(latency - delay) < 5, (
            name,
            verdicts[name],
        )
    status, _, replies = verdicts["okna"]
    assert status == "unanswered" and [r.kind for r in replies] == ["auto"]
    assert verdicts["dveri"][0] == "unanswered" and verdicts["dveri"][2] == []
    median = statistics.median(verdicts[n][1] or 0.0 for n in expected)
    assert f"called back: 3 of 5, median {fmt.duration(median)}" in report, report


# The 20-shop audit: who calls (from a listed number, its local form, an unlisted one), after how long,
# who only texts an acknowledgement, who texts like a person, who stays silent or is impersonated.
AUDIT = [
    ("arenda-1", "bitrix_callback.html", True, (Act("call", 6, "twilio"),), False),
    ("arenda-2", "english_callback.html", True, (Act("call", 12, "zadarma"),), False),
    ("arenda-3", "english_callback.html", True, (Act("call", 18, "mango"),), False),
    ("arenda-4", "bitrix_callback.html", True, (Act("call", 24, "generic", caller="local"),), False),
    (
        "arenda-5",
        "english_callback.html",
        True,
        (
            Act("sms", 2, "twilio", text="Ваша заявка №5521 зарегистрирована. Ожидайте звонка."),
            Act("call", 30, "twilio"),
        ),
        False,
    ),
    (
        "arenda-6",
        "english_callback.html",
        True,
        (
            Act(
                "sms",
                9,
                "zadarma",
                text="Анна, здравствуйте! Свободен офис на Ленина, 40 м², покажу завтра в 11. Сергей",
            ),
        ),
        False,
    ),
    ("arenda-7", "bitrix_callback.html", False, (Act("call", 15, "generic"),), False),
    (
        "arenda-8",
        "english_callback.html",
        True,
        (Act("sms", 3, "generic", text="Ваша заявка принята. Мы свяжемся с вами в ближайшее время."),),
        False,
    ),
    (
        "arenda-9",
        "english_callback.html",
        True,
        (Act("sms", 4, "twilio", text="Это автоматическое сообщение: заявка получена."),),
        False,
    ),
    (
        "arenda-10",
        "bitrix_callback.html",
        True,
        (Act("sms", 5, "zadarma", text="Дякуємо! Ваша заявка прийнята, очікуйте дзвінка."),),
        False,
    ),
    *[
        (f"arenda-{i}", ("bitrix_callback.html", "english_callback.html")[i % 2], True, (), i in (11, 15))
        for i in range(11, 21)
    ],
]


@pytest.mark.slow
def test_the_20_shop_callback_audit_comes_out_as_the_shops_behaved(
    cli_factory,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    shops = [
        CallbackShop(name, page, f"+7 343 222-{i:02d}-{i:02d}" if listed else None, acts, forged=forged)
        for i, (name, page, listed, acts, forged) in enumerate(AUDIT, start=1)
    ]
    verdicts, report = _run_audit(shops, cli_factory, tmp_path, monkeypatch, deadline=60, wait=600)
    called = {
        "arenda-1": 6,
        "arenda-2": 12,
        "arenda-3": 18,
        "arenda-4": 24,
        "arenda-5": 30,
        "arenda-6": 9,
        "arenda-7": 15,
    }
    for name, (status, latency, replies) in verdicts.items():
        if name in called:
            assert status == "answered" and latency is not None and abs(latency - called[name]) < 6, (
                name,
                verdicts[name],
            )
        else:
            assert status == "unanswered", (name, verdicts[name])
            assert all(r.kind == "auto" for r in replies), (name, [(r.kind, r.excerpt) for r in replies])
    median = statistics.median(verdicts[n][1] or 0.0 for n in called)
    assert f"called back: 7 of 20, median {fmt.duration(median)}" in report, report
