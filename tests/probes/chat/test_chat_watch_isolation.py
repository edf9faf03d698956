"""One broken held chat must not stop the watcher's pass: it is parked with its error, the others go on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.clock import SystemClock
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import ChatSession, Probe, Touchpoint
from monitor.watch.chat import ChatWatcher
from probes.chat.capture import CaptureSink
from probes.chat.session import LiveChat
from tests.probes.chat.conftest import QUESTION, chat_config


def _submitted_probes(cfg, factory, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC) - timedelta(seconds=30)
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        ids = [
            repo.create_probe(s, cfg, tp, scheduled_at=now).id
            for tp in s.query(Touchpoint).order_by(Touchpoint.id)
        ][:n]
    with transaction(factory) as s:
        for pid in ids:
            p = s.get(Probe, pid)
            p.status, p.submitted_at = "submitted", now
    return ids


def _live(pid: int, question_at: datetime, answer: str | None) -> LiveChat:
    live = LiveChat(
        probe_id=pid,
        vendor="unknown",
        url="http://127.0.0.1:9/",
        question=QUESTION,
        context=None,
        page=None,
        sink=CaptureSink(),
        question_at=question_at,
    )
    if answer:
        live._merge(answer, question_at + timedelta(seconds=20), sender="Мария", source="dom")
    return live


async def test_it_parks_the_broken_chat_with_its_error_and_checks_the_others(tmp_path: Path, factory) -> None:
    cfg = chat_config(tmp_path, {"a": "http://127.0.0.1:9/a", "b": "http://127.0.0.1:9/b"})
    broken, fine = _submitted_probes(cfg, factory, 2)
    watcher = ChatWatcher(cfg, factory, SystemClock(), browser=None, first_window=timedelta(minutes=10))
    asked = datetime.now(UTC) - timedelta(seconds=25)
    bad = _live(broken, asked, None)
    await watcher.hold(broken, bad, evidence_dir=tmp_path / "e1")
    await watcher.hold(
        fine,
        _live(fine, asked, "Добрый день! Да, доставка в Екатеринбург есть, курьер за два дня."),
        evidence_dir=tmp_path / "e2",
    )

    def explode() -> list[object]:
        raise RuntimeError("Target page, context or browser has been closed")

    bad.ingest = explode  # type: ignore[method-assign]  # a page that crashed under the watcher

    assert await watcher.check_once() == 1  # the other chat's answer is still stored in this pass
    with transaction(factory) as s:
        assert s.get(Probe, fine).status == "answered"
        row = s.get(ChatSession, broken)
        assert row is not None and row.state in ("parked", "closed")
        assert "RuntimeError" in row.details["last_error"] and "closed" in row.details["last_error"]
    assert broken not in watcher.held and fine not in watcher.held
