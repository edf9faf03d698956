"""/metrics for Prometheus: figures read from the database at scrape time (a custom collector).

A few queries per reading: one GROUP BY over probes per target x touchpoint x
status (counts, answered, latency buckets as conditional sums), two counts of
queued probes, the watchers and the target names. A reading serves scrapes for
30 s; nothing else is kept in the process, so every replica reports the same.
Series: per target x touchpoint for the answer rate and the latency histogram
(as asked: 2,000 targets make ~80,000 series), per touchpoint for statuses.

Access: a bearer token from `web.metrics_token_env` / `web.metrics_token_file`
(compared in constant time); with no token configured, /metrics is not served
on the dashboard's port. `web.metrics_listen` adds a listener of its own that
serves /metrics alone without a token (monitor/web/metrics_listener.py).
"""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response

from monitor.clock import Clock
from monitor.config import Config, read_secret
from monitor.store.models import PROBE_STATUSES, Probe, Target, WatcherStatus

# Reply-latency buckets in seconds: 1 min, 10 min, 1 h, 4 h, 1 day, 3 days (+Inf).
BUCKETS = (60.0, 600.0, 3600.0, 14400.0, 86400.0, 259200.0)
REACHED = ("submitted", "answered", "unanswered")


@dataclass(frozen=True)
class _Cell:
    target: str
    kind: str
    statuses: dict[str, int]
    buckets: tuple[int, ...]
    latency_sum_s: float


def _cells(session: Session) -> list[_Cell]:
    """One GROUP BY over probe alone (no join: names are mapped afterwards from the small target table)."""
    answered = Probe.status == "answered"
    bucket_cols = [
        func.sum(case((and_(answered, Probe.latency_ms <= int(b * 1000)), 1), else_=0)) for b in BUCKETS
    ]
    q = select(
        Probe.target_id,
        Probe.kind,
        Probe.status,
        func.count(),
        func.sum(case((answered, Probe.latency_ms), else_=0)),
        *bucket_cols,
    ).group_by(Probe.target_id, Probe.kind, Probe.status)
    names = dict(session.execute(select(Target.id, Target.name)).tuples().all())
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for tid, kind, status, n, lat_sum, *bs in session.execute(q):
        cell = acc.setdefault(
            (names.get(tid, str(tid)), kind), {"statuses": {}, "buckets": [0] * len(BUCKETS), "sum": 0.0}
        )
        cell["statuses"][status] = int(n)
        if status == "answered":
            cell["buckets"] = [int(b or 0) for b in bs]
            cell["sum"] = float(lat_sum or 0) / 1000
    return [
        _Cell(t, k, v["statuses"], tuple(v["buckets"]), float(v["sum"])) for (t, k), v in sorted(acc.items())
    ]


@dataclass(frozen=True)
class _Snapshot:
    taken_at: datetime
    cells: list[_Cell]
    queue: dict[str, int]
    watchers: list[tuple[str, str, datetime | None]]


class ReplywatchCollector(Collector):
    """Reads the database at scrape time; one reading serves every scrape for `ttl` seconds.

    Two Prometheus servers (an HA pair) or a short scrape interval then cost one
    GROUP BY per `ttl`, not one per scrape; figures are at most `ttl` old.
    """

    def __init__(self, factory: sessionmaker[Session], clock: Clock, *, ttl: float = 30.0) -> None:
        self.factory, self.clock, self.ttl = factory, clock, ttl
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()

    def _read(self) -> _Snapshot:
        with self._lock:
            now = self.clock.now()
            snap = self._snapshot
            if snap is None or (now - snap.taken_at).total_seconds() >= self.ttl:
                with self.factory() as s:
                    watchers = [
                        (str(n), str(st), ok)
                        for n, st, ok in s.execute(
                            select(WatcherStatus.name, WatcherStatus.state, WatcherStatus.last_ok_at)
                        )
                    ]
                    snap = _Snapshot(now, _cells(s), _queue(s, now), watchers)
                self._snapshot = snap
            return snap

    def collect(self) -> Iterator[Metric]:
        snap = self._read()
        now = self.clock.now()
        yield from _probe_families(snap.cells)
        depth = GaugeMetricFamily(
            "replywatch_queue_depth", "Probes waiting to run: due now, or running.", labels=["state"]
        )
        for state, n in snap.queue.items():
            depth.add_metric([state], n)
        yield depth
        lag = GaugeMetricFamily(
            "replywatch_watcher_lag_seconds",
            "Seconds since each watcher last completed a pass.",
            labels=["watcher", "state"],
        )
        for name, state, last_ok in snap.watchers:
            lag.add_metric([name, state], (now - last_ok).total_seconds() if last_ok else float("inf"))
        yield lag


def _queue(s: Session, now: datetime) -> dict[str, int]:
    due = s.scalar(select(func.count()).where(Probe.status == "scheduled", Probe.scheduled_at <= now)) or 0
    running = s.scalar(select(func.count()).where(Probe.status == "running")) or 0
    return {"due": int(due), "running": int(running)}


def _probe_families(cells: list[_Cell]) -> Iterator[Metric]:
    labels = ["target", "touchpoint"]
    status = GaugeMetricFamily(
        "replywatch_probes", "Probes by touchpoint and status.", labels=["touchpoint", "status"]
    )
    rate = GaugeMetricFamily(
        "replywatch_answer_rate", "Answered share of the probes that reached the shop (0..1).", labels=labels
    )
    hist = HistogramMetricFamily(
        "replywatch_reply_latency_seconds",
        "Time to the first reply from a person, answered probes.",
        labels=labels,
    )
    by_status: dict[tuple[str, str], int] = {}
    for c in cells:
        for st, n in c.statuses.items():
            by_status[(c.kind, st)] = by_status.get((c.kind, st), 0) + n
        reached = sum(c.statuses.get(st, 0) for st in REACHED)
        if reached:
            rate.add_metric([c.target, c.kind], c.statuses.get("answered", 0) / reached)
        answered = c.statuses.get("answered", 0)
        if answered:
            buckets = [(str(b), float(n)) for b, n in zip(BUCKETS, c.buckets, strict=True)]
            hist.add_metric([c.target, c.kind], [*buckets, ("+Inf", float(answered))], c.latency_sum_s)
    for kind in sorted({k for k, _ in by_status}):
        for st in PROBE_STATUSES:
            status.add_metric([kind, st], by_status.get((kind, st), 0))
    yield from (status, rate, hist)


def metrics_token(cfg: Config) -> str | None:
    """The configured token, or None (then /metrics is not served): an unset variable is no token."""
    web = cfg.web
    if web.metrics_token_env and os.environ.get(web.metrics_token_env):
        return os.environ[web.metrics_token_env]
    return read_secret(None, web.metrics_token_file, base=cfg.base_dir) or None


def make_registry(factory: sessionmaker[Session], clock: Clock) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ReplywatchCollector(factory, clock))
    return registry


def exposition(registry: CollectorRegistry) -> Response:
    """The registry's figures in Prometheus' text format."""
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def metrics_endpoint(token: str, registry: CollectorRegistry) -> object:
    """The Starlette endpoint: 401 without the right bearer token, else the text exposition."""
    expected = f"Bearer {token}".encode()

    def endpoint(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(
                "a bearer token is needed\n", status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        return exposition(registry)

    return endpoint
