"""Mail fixtures: a private Dovecot, the shops' SMTP server and configs pointing at both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor.config import Config, load_config
from monitor.demo.dovecot import PrivateDovecot
from monitor.demo.mailshop import Behaviour, MailShop
from tests.fixtures.mail_env import IMAP_PASSWORD, SMTP_PASSWORD, SMTP_USER, mail_config_text


@pytest.fixture
def dovecot() -> Iterator[PrivateDovecot]:
    d = PrivateDovecot({"shopper": IMAP_PASSWORD, "other": "other-secret"}).start()
    try:
        yield d
    finally:
        d.close()


@pytest.fixture
def make_shop(dovecot: PrivateDovecot) -> Iterator[Callable[[dict[str, Behaviour]], MailShop]]:
    started: list[MailShop] = []

    def _make(behaviours: dict[str, Behaviour]) -> MailShop:
        shop = MailShop(dovecot, behaviours, username=SMTP_USER, password=SMTP_PASSWORD).start()
        started.append(shop)
        return shop

    yield _make
    for shop in started:
        shop.stop()


@pytest.fixture
def write_mail_config(tmp_path: Path) -> Callable[..., Config]:
    def _write(
        dovecot: PrivateDovecot, shop: MailShop | None, targets: dict[str, str], **kw: object
    ) -> Config:
        (tmp_path / "imap_pw").write_text(IMAP_PASSWORD)
        (tmp_path / "smtp_pw").write_text(SMTP_PASSWORD)
        path = tmp_path / "replywatch.yaml"
        path.write_text(mail_config_text(dovecot, shop, targets, **kw), encoding="utf-8")  # type: ignore[arg-type]
        return load_config(path)

    return _write
