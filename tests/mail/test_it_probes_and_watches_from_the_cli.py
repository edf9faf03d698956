"""End to end: `replywatch probe --touchpoint email` then `replywatch watch`, against Dovecot and the mail shop."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import Config
from monitor.demo.dovecot import PrivateDovecot
from monitor.demo.mailshop import Behaviour, MailShop
from monitor.store.models import Reply
from tests.fixtures.mail_env import probes_by_target

pytestmark = pytest.mark.mail

SHOPS = {
    "alpha": ("ivan@alpha.test", Behaviour("human-reply", delay=2.5), "answered"),
    "bravo": ("info@bravo.test", Behaviour("auto-then-human", delay=0.3, human_delay=3.5), "answered"),
    "charlie": ("info@charlie.test", Behaviour("auto-headers", delay=0.3), "unanswered"),
    "delta": ("info@delta.test", Behaviour("auto-wording", delay=0.3), "unanswered"),
    "echo": ("sales@echo.test", Behaviour("bounce", delay=0.3), "failed"),
    "foxtrot": ("olga@foxtrot.test", Behaviour("junk", delay=2.0), "answered"),
    "golf": ("manager@golf.test", Behaviour("cp1251", delay=1.5, date_skew=3600), "answered"),
    "hotel": ("manager@hotel.test", Behaviour("html-only", delay=1.5), "answered"),
    "india": ("shop@india.test", Behaviour("human-freemail", delay=2.0), "answered"),
    "juliet": ("shop@juliet.test", Behaviour("human-fresh", delay=2.0), "answered"),
    "kilo": ("info@kilo.test", Behaviour("silent"), "unanswered"),
    "lima": ("nobody@lima.test", Behaviour("reject"), "failed"),
}


def test_it_gives_every_probe_its_status_and_true_latency(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    shop = make_shop({addr: b for addr, b, _ in SHOPS.values()})
    write_mail_config(dovecot, shop, {name: addr for name, (addr, _, _) in SHOPS.items()})
    cfg_path = str(tmp_path / "replywatch.yaml")
    runner = CliRunner()

    res = runner.invoke(app, ["-c", cfg_path, "probe", "--touchpoint", "email", "--deadline", "9s"])
    assert res.exit_code == 0, res.output
    assert "submitted" in res.output and "failed" in res.output
    assert "probing: 1/" in res.output and "(100%)" in res.output  # plain progress lines: not a terminal
    assert len(shop.received) == len(SHOPS) - 1  # the rejected one never got through

    res = runner.invoke(app, ["-c", cfg_path, "watch", "--for", "40s"])
    assert res.exit_code == 0, res.output
    assert not shop.errors

    probes = probes_by_target(factory)
    assert {addr: probes[addr].status for addr, _, _ in SHOPS.values()} == {
        addr: want for addr, _, want in SHOPS.values()
    }
    assert "550" in (probes["nobody@lima.test"].reason or "")
    assert probes["sales@echo.test"].reason == "undeliverable"
    for addr in ("info@charlie.test", "info@delta.test", "info@bravo.test"):
        assert probes[addr].auto_reply_at is not None, addr
    assert probes["info@kilo.test"].auto_reply_at is None
    # Every latency is within 1 s of the true one: LMTP delivery time minus SMTP acceptance.
    first_human = {}
    for r in shop.replies:
        if r.kind == "human":
            first_human.setdefault(r.shop, r.delivered_at)
    for addr, _, want in SHOPS.values():
        if want != "answered":
            continue
        p = probes[addr]
        true_latency = (first_human[addr] - p.submitted_at).total_seconds()
        assert p.latency_ms is not None
        assert abs(p.latency_ms / 1000 - true_latency) <= 1.0, (addr, p.latency_ms, true_latency)

    # The JSON report tells the same story (written by the report module, read here as a user would).
    out = tmp_path / "report.json"
    res = runner.invoke(app, ["-c", cfg_path, "report", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = {r["reply_address"]: r for r in json.loads(out.read_text(encoding="utf-8"))["probes"]}
    for addr, _, want in SHOPS.values():
        p = probes[addr]
        row = rows[p.reply_address]
        assert row["status"] == want and row["touchpoint"] == "email"
        if want == "answered":
            assert row["latency_seconds"] == pytest.approx(p.latency_ms / 1000, abs=0.001)
            assert row["first_human_reply_at"].endswith("Z") and row["sender"]


def test_watch_sweeps_once_and_returns_when_nothing_is_waiting(
    dovecot: PrivateDovecot,
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    write_mail_config(dovecot, None, {})
    dovecot.deliver(
        "someone@shopper.test",
        "From: Незнакомец <x@elsewhere.test>\r\nSubject: Привет\r\n"
        "Message-ID: <stray@elsewhere.test>\r\n\r\nКто вы?\r\n".encode(),
    )
    res = CliRunner().invoke(app, ["-c", str(tmp_path / "replywatch.yaml"), "watch"])
    assert res.exit_code == 0, res.output
    with factory() as s:
        rows = [(r.message_key, r.match_method, r.sender) for r in s.scalars(select(Reply))]
    assert rows == [("<stray@elsewhere.test>", "unmatched", "x@elsewhere.test")]
