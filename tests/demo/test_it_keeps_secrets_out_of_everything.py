"""A demo-sized run with a unique mark in every secret: logs, database, exports, evidence, errors never show it.

Every `*_env`/`*_file` secret of the demo config (IMAP and SMTP passwords, dashboard password
and session key, hook secret) starts with a mark only this test knows; after a whole round
(forms, e-mail, chats, callbacks, the daemon, the dashboard) the mark must appear nowhere.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.mail, pytest.mark.slow]


def _db_hits(db: Path, mark: str) -> list[str]:
    con = sqlite3.connect(db)
    hits = []
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        for col in cols:
            n = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE CAST("{col}" AS TEXT) LIKE ?', (f"%{mark}%",)
            ).fetchone()[0]
            if n:
                hits.append(f"{table}.{col}: {n}")
    con.close()
    return hits


def _file_hits(root: Path, mark: str) -> list[str]:
    needle = mark.encode()
    return [
        str(p)
        for p in root.rglob("*")
        if p.is_file() and needle in p.read_bytes() and "dovecot" not in p.parts
    ]  # the private Dovecot's own passwd file is the mailbox's side


def test_it_keeps_every_secret_out_of_logs_db_exports_and_evidence(tmp_path: Path) -> None:
    mark = "PLANTED" + secrets.token_hex(8)
    workdir = tmp_path / "demo"
    env = {**os.environ, "COLUMNS": "160", "REPLYWATCH_DEMO_SECRET_MARK": mark}
    run = subprocess.run(
        [sys.executable, "-m", "monitor", "-v", "demo", "--no-serve", "--dir", str(workdir)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "answered" in run.stdout  # a real round happened
    assert mark not in run.stdout and mark not in run.stderr  # logs (debug level) and printed errors
    cfg = workdir / "replywatch.yaml"
    # `report` and `status` only need the variables to exist (the demo's values died with it).
    env.update(
        {k: "not-the-secret" for k in ("DEMO_IMAP_PASSWORD", "DEMO_SMTP_PASSWORD", "DEMO_WEB_SECRET_KEY")}
    )
    assert "_env" in cfg.read_text() and mark not in cfg.read_text()
    assert _db_hits(workdir / "replywatch.db", mark) == []  # every column of every table, errors included
    for fmt in ("csv", "json", "xlsx", "html"):
        out = tmp_path / f"report.{fmt}"
        rep = subprocess.run(
            [sys.executable, "-m", "monitor", "-c", str(cfg), "report", "--format", fmt, "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert rep.returncode == 0, rep.stderr[-2000:]
        assert mark.encode() not in out.read_bytes() and mark not in rep.stdout + rep.stderr, fmt
    status = subprocess.run(
        [sys.executable, "-m", "monitor", "-c", str(cfg), "status", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert status.returncode == 0 and mark not in status.stdout + status.stderr
    assert (
        _file_hits(workdir, mark) == []
    )  # evidence, raw mail, transcripts, chat storage, the database files
