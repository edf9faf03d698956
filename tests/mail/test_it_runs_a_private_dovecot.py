"""The throw-away Dovecot used by tests and `replywatch demo`: delivery, folders, restarts, odd roots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from monitor.demo.dovecot import PrivateDovecot

pytestmark = pytest.mark.mail


def _count(d: PrivateDovecot, folder: str, user: str = "shopper", password: str = "pw") -> int:
    c = IMAPClient(d.host, d.imap_port, ssl=False, timeout=10)
    try:
        c.login(user, password)
        return int(c.select_folder(folder, readonly=True)[b"EXISTS"])
    finally:
        c.logout()


def test_it_delivers_to_catch_all_plus_and_folders_and_survives_restarts(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o700)  # like pytest's own tmp dirs: Dovecot's users cannot reach inside
    with PrivateDovecot({"shopper": "pw", "other": "pw2"}, root=tmp_path / "dv") as d:
        assert d.root != tmp_path / "dv"  # moved to a reachable temp dir instead of failing at login
        d.deliver("anna.k7m2x9p4qr@shopper.test", b"Subject: catch-all\r\n\r\nhi\r\n")
        d.deliver("shopper+k7m2x9p4qr@shopper.test", b"Subject: plus\r\n\r\nhi\r\n")
        d.deliver("anna.k7m2x9p4qr@shopper.test", b"Subject: spam\r\n\r\nhi\r\n", folder="Junk")
        d.deliver("other@shopper.test", b"Subject: other user\r\n\r\nhi\r\n")
        ports = (d.imap_port, d.lmtp_port)
        d.restart()
        assert (d.imap_port, d.lmtp_port) == ports
        assert (_count(d, "INBOX"), _count(d, "Junk"), _count(d, "INBOX", "other", "pw2")) == (2, 1, 1)
        with pytest.raises(LoginError):
            _count(d, "INBOX", "shopper", "wrong")
    assert not d.root.exists()
