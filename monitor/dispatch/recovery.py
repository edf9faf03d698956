"""Crash recovery: `running` probes whose executor is gone are retried or ended.

A probe is retried only if its submission never began (see ``repo.recover_interrupted``).
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock, as_utc
from monitor.config import Config
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe

log = logging.getLogger("replywatch.dispatch")


def recover_probe(factory: sessionmaker[Session], clock: Clock, probe_id: int) -> dict[str, int]:
    """Crash recovery for one probe whose executor is known to be dead."""
    with transaction(factory) as s:
        p = s.get(Probe, probe_id)
        if p is None or p.status != "running" or not p.claimed_by:
            return {"retried": 0, "ended": 0}
        return repo.recover_interrupted(s, clock.now(), worker=p.claimed_by)


def _local_pid(claimed_by: str) -> int | None:
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return int(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_dead(
    cfg: Config, factory: sessionmaker[Session], clock: Clock, *, exclude: str | None = None
) -> dict[str, int]:
    """Release `running` probes whose executor is gone.

    A local executor is gone when its PID no longer exists; a remote one when
    the probe has run far longer than any probe may (its time budget plus the
    runner's margin). Never touches ``exclude`` (this process's own probes).
    """
    now = clock.now()
    overdue = cfg.browser.probe_timeout + timedelta(seconds=90)
    total = {"retried": 0, "ended": 0}
    with transaction(factory) as s:
        rows = s.execute(select(Probe.claimed_by, Probe.started_at).where(Probe.status == "running")).all()
        owners: dict[str, datetime] = {}
        for who, started in rows:
            if who and who != exclude:
                owners[who] = min(owners.get(who, as_utc(started)), as_utc(started)) if started else now
        for who, started in owners.items():
            pid = _local_pid(who)
            dead = (pid is not None and not _alive(pid)) or (pid is None and now - started > overdue)
            if dead:
                counts = repo.recover_interrupted(s, now, worker=who)
                for k, v in counts.items():
                    total[k] += v
    if any(total.values()):
        log.warning("recovered probes of dead executors: %s", total)
    return total
