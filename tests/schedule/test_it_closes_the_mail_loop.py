"""`replywatch run` end to end on the real mail loop: a round of e-mail probes to a local mail shop,
answers delivered into a private Dovecot, the daemon's inbox watcher timing them, deadlines expiring."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from monitor.demo.dovecot import PrivateDovecot
from monitor.demo.mailshop import Behaviour, MailShop
from tests.fixtures.mail_env import IMAP_PASSWORD, SMTP_PASSWORD, SMTP_USER, mail_config_text
from tests.schedule.conftest import probes_in, wait_until

pytestmark = pytest.mark.mail

CAMPAIGN = """campaigns:
  - name: loop
    touchpoints: [email]
    schedule: {interval: 1h}
    min_gap: 1s
    reply_deadline: 12s
"""


def start_dovecot(attempts: int = 3) -> PrivateDovecot:
    """Free ports are picked before Dovecot binds them; on a busy machine another test may win the race."""
    for i in range(attempts):
        d = PrivateDovecot({"shopper": IMAP_PASSWORD})
        try:
            return d.start()
        except (RuntimeError, OSError):
            d.close()
            if i == attempts - 1:
                raise
    raise AssertionError("unreachable")


def test_it_times_answers_and_expires_the_silent_ones(cli_factory, tmp_path: Path) -> None:
    dovecot = start_dovecot()  # started here: PrivateDovecot's own ``with`` would start it a second time
    try:
        shop = MailShop(
            dovecot,
            {
                "person@shop-a.test": Behaviour("human-reply", delay=1.0),
                "robot@shop-b.test": Behaviour("auto-headers", delay=0.5),
                "nobody@shop-c.test": Behaviour("silent"),
            },
            username=SMTP_USER,
            password=SMTP_PASSWORD,
        ).start()
        try:
            (tmp_path / "imap_pw").write_text(IMAP_PASSWORD)
            (tmp_path / "smtp_pw").write_text(SMTP_PASSWORD)
            text = mail_config_text(
                dovecot,
                shop,
                {"a": "person@shop-a.test", "b": "robot@shop-b.test", "c": "nobody@shop-c.test"},
                poll="1s",
            )
            cli = cli_factory(text + CAMPAIGN)
            assert cli.run("db", "upgrade").returncode == 0
            proc = cli.start("run", "--no-web", log=tmp_path / "run.log")
            db = tmp_path / "rw.db"

            def by_target() -> dict[int, object]:
                return {p.target_id: p for p in probes_in(db)} if db.exists() else {}

            wait_until(lambda: len(shop.received) == 3, 40, "the round's three e-mails at the shop")
            wait_until(
                lambda: getattr(by_target().get(1), "status", None) == "answered",
                40,
                "the person's answer to be matched",
            )
            wait_until(
                lambda: (
                    {getattr(p, "status", None) for p in by_target().values()} == {"answered", "unanswered"}
                ),
                40,
                "the deadline to expire the others",
            )
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(20) == 0
        finally:
            shop.stop()
    finally:
        dovecot.close()
    p = by_target()
    a, b, c = p[1], p[2], p[3]
    assert a.latency_ms is not None and 500 <= a.latency_ms < 30_000
    assert b.status == "unanswered" and b.auto_reply_at is not None  # an auto-reply is not an answer
    assert c.status == "unanswered" and c.auto_reply_at is None
    assert len(shop.received) == 3  # one round, nothing sent twice
