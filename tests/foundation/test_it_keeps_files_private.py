"""The database and evidence (raw mail, screenshots, transcripts) are created 0600/0700."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import SystemClock
from monitor.config import Config
from monitor.store.db import make_engine
from monitor.watch.imap import FetchedMessage, InboxWatcher
from probes.form.evidence import EvidenceKit
from probes.private import private_dir
from tests.fixtures.mail_fuzz import FUZZ_CONFIG


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_it_creates_the_sqlite_database_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "sub" / "rw.db"
        engine = make_engine(f"sqlite:///{db}")
        with engine.begin() as c:
            c.execute(text("CREATE TABLE t (x INTEGER)"))
        engine.dispose()
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    for extra in (tmp_path / "sub" / "rw.db-wal", tmp_path / "sub" / "rw.db-shm"):
        if extra.exists():
            assert _mode(extra) & 0o077 == 0, extra


def test_it_creates_evidence_0700_and_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        kit = EvidenceKit(tmp_path / "evidence" / "probe-1")
        kit.write_json("response", {"ответ": "да"}, "response")
        deep = private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "evidence") == 0o700 and _mode(tmp_path / "evidence" / "probe-1") == 0o700
    assert _mode(tmp_path / "evidence" / "probe-1" / "response.json") == 0o600
    assert _mode(deep) == _mode(deep.parent) == _mode(tmp_path / "a") == 0o700


def test_it_keeps_raw_mail_0600(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UNUSED_FUZZ_PW", "unused")
    cfg: Config = make_config(FUZZ_CONFIG)
    old = os.umask(0o022)
    try:
        watcher = InboxWatcher(cfg, factory, SystemClock(), password="unused")
        saved = watcher._save_raw(
            "INBOX", 7, FetchedMessage(uid=1, raw=b"Subject: hi\r\n\r\nbody", internaldate=None)
        )
    finally:
        os.umask(old)
    assert saved is not None and _mode(Path(saved)) == 0o600 and _mode(Path(saved).parent) == 0o700


def test_it_runs_the_command_under_a_private_umask(tmp_path: Path) -> None:
    code = (
        "import os, sys; sys.argv = ['replywatch', 'config-schema'];"
        "from monitor.cli import main;\n"
        "try: main()\nexcept SystemExit: pass\n"
        "m = os.umask(0); print('UMASK', oct(m), file=sys.stderr)"
    )
    res = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert "UMASK 0o77" in res.stderr, res.stderr[-2000:]
