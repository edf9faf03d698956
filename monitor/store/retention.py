"""Evidence retention: delete evidence files older than N days; figures and rows stay.

A probe's screenshots, saved pages and transcripts, and a reply's raw message,
are removed from disk once the probe ended (or the reply arrived) more than N
days ago. The rows keep every time, status and latency, and a note saying
when the evidence was pruned and how many files went, so a report never
changes and a reader knows why a link is gone. Only files inside the data
directory are ever deleted, whatever a row says.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import iso_ms
from monitor.store.db import transaction
from monitor.store.models import Probe, Reply

BATCH = 500
ENDED = ("answered", "unanswered", "failed", "blocked")  # a waiting probe keeps its evidence
Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Pruned:
    probes: int = 0
    replies: int = 0
    files: int = 0


def _inside(data: Path, path: str | None, evidence_root: Path) -> Path | None:
    if not path:
        return None
    p = Path(path)
    p = (p if p.is_absolute() else evidence_root / p).resolve()
    return p if p.is_relative_to(data) else None


def _remove(p: Path | None) -> int:
    if p is None or not p.exists():
        return 0
    if p.is_dir():
        n = sum(1 for x in p.rglob("*") if x.is_file())
        shutil.rmtree(p, ignore_errors=True)
        return n
    p.unlink(missing_ok=True)
    return 1


def prune_evidence(
    factory: sessionmaker[Session], data: Path, *, days: int, now: datetime, progress: Progress | None = None
) -> Pruned:
    """Delete evidence older than `days`; returns how many probes, replies and files it touched."""
    data = data.resolve()
    root = data / "evidence"
    cutoff = now - timedelta(days=days)
    stamp = iso_ms(now)
    ended = func.coalesce(Probe.finished_at, Probe.submitted_at, Probe.scheduled_at)
    probe_q = select(Probe.id).where(
        Probe.status.in_(ENDED), ended < cutoff, Probe.details["evidence_pruned_at"].as_string().is_(None)
    )
    reply_q = select(Reply.id).where(Reply.received_at < cutoff, Reply.raw_path.is_not(None))
    with factory() as s:
        probe_ids = list(s.scalars(probe_q.order_by(Probe.id)))
        reply_ids = list(s.scalars(reply_q.order_by(Reply.id)))
    total, done, files = len(probe_ids) + len(reply_ids), 0, 0
    for i in range(0, len(probe_ids), BATCH):
        with transaction(factory) as s:
            for p in s.scalars(select(Probe).where(Probe.id.in_(probe_ids[i : i + BATCH]))):
                files += _prune_probe(p, data, root, stamp)
        done += len(probe_ids[i : i + BATCH])
        if progress:
            progress(done, total)
    for i in range(0, len(reply_ids), BATCH):
        with transaction(factory) as s:
            for r in s.scalars(select(Reply).where(Reply.id.in_(reply_ids[i : i + BATCH]))):
                files += _remove(_inside(data, r.raw_path, root))
                r.details = {**(r.details or {}), "raw_pruned_at": stamp}
                r.raw_path = None
        done += len(reply_ids[i : i + BATCH])
        if progress:
            progress(done, total)
    return Pruned(len(probe_ids), len(reply_ids), files)


def _prune_probe(p: Probe, data: Path, root: Path, stamp: str | None) -> int:
    n = sum(_remove(_inside(data, e.get("path"), root)) for e in (p.evidence or []) if isinstance(e, dict))
    n += _remove(_inside(data, f"probe-{p.id}", root))  # the probe's own evidence directory
    note: dict[str, Any] = {"evidence_pruned_at": stamp, "evidence_pruned_files": n}
    p.details = {**(p.details or {}), **note}
    p.evidence = []
    return n
