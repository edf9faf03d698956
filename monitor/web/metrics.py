"""/metrics for Prometheus: figures read from the database at scrape time (a custom collector).

Four cheap queries per scrape: one GROUP BY over probes per target x touchpoint
x status (counts, answered, latency buckets as conditional sums), one over
queued probes, one over watchers, one target lookup. Nothing is kept in the
process, so every replica and the CLI-run daemon report the same numbers.

Access: a bearer token from `web.metrics_token_env` / `web.metrics_token_file`
(compared in constant time); with no token configured, /metrics is not served.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

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
    answered = Probe.status == "answered"
    bucket_cols = [func.sum(case((and_(answered, Probe.latency_ms <= int(b * 1000)), 1), else_=0)) for b in BUCKETS]
    q = (select(Target.name, Probe.kind, Probe.status, func.count(),
                func.sum(case((answered, Probe.latency_ms), else_=0)), *bucket_cols)
         .join(Target, Target.id == Probe.target_id).group_by(Target.name, Probe.kind, Probe.status))
    acc: dict[tuple[str, str], dict[str, object]] = {}
    for name, kind, status, n, lat_sum, *bs in session.execute(q):
        cell = acc.setdefault((name, kind), {"statuses": {}, "buckets": [0] * len(BUCKETS), "sum": 0.0})
        cell["statuses"][status] = int(n)  # type: ignore[index]
        if status == "answered":
            cell["buckets"] = [int(b or 0) for b in bs]
            cell["sum"] = float(lat_sum or 0) / 1000
    return [_Cell(t, k, v["statuses"], tuple(v["buckets"]), float(v["sum"]))  # type: ignore[arg-type]
            for (t, k), v in sorted(acc.items())]


class ReplywatchCollector(Collector):
    """Reads the database on each collect(); registered in a registry of its own per app."""

    def __init__(self, factory: sessionmaker[Session], clock: Clock) -> None:
        self.factory, self.clock = factory, clock

    def collect(self) -> Iterator[Metric]:
        now = self.clock.now()
        with self.factory() as s:
            cells = _cells(s)
            queue = _queue(s, now)
            watchers = s.execute(select(WatcherStatus.name, WatcherStatus.state, WatcherStatus.last_ok_at)).all()
        yield from _probe_families(cells)
        depth = GaugeMetricFamily("replywatch_queue_depth", "Probes waiting to run: due now, or running.",
                                  labels=["state"])
        for state, n in queue.items():
            depth.add_metric([state], n)
        yield depth
        lag = GaugeMetricFamily("replywatch_watcher_lag_seconds",
                                "Seconds since each watcher last completed a pass.", labels=["watcher", "state"])
        for name, state, last_ok in watchers:
            lag.add_metric([name, state], (now - last_ok).total_seconds() if last_ok else float("inf"))
        yield lag


def _queue(s: Session, now: datetime) -> dict[str, int]:
    due = s.scalar(select(func.count()).where(Probe.status == "scheduled", Probe.scheduled_at <= now)) or 0
    running = s.scalar(select(func.count()).where(Probe.status == "running")) or 0
    return {"due": int(due), "running": int(running)}


def _probe_families(cells: list[_Cell]) -> Iterator[Metric]:
    labels = ["target", "touchpoint"]
    status = GaugeMetricFamily("replywatch_probes", "Probes by status.", labels=[*labels, "status"])
    rate = GaugeMetricFamily("replywatch_answer_rate",
                             "Answered share of the probes that reached the shop (0..1).", labels=labels)
    hist = HistogramMetricFamily("replywatch_reply_latency_seconds",
                                 "Time to the first reply from a person, answered probes.", labels=labels)
    for c in cells:
        for st in PROBE_STATUSES:
            status.add_metric([c.target, c.kind, st], c.statuses.get(st, 0))
        reached = sum(c.statuses.get(st, 0) for st in REACHED)
        if reached:
            rate.add_metric([c.target, c.kind], c.statuses.get("answered", 0) / reached)
        answered = c.statuses.get("answered", 0)
        buckets = [(str(b), float(n)) for b, n in zip(BUCKETS, c.buckets, strict=True)] + [("+Inf", float(answered))]
        hist.add_metric([c.target, c.kind], buckets, c.latency_sum_s)
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


def metrics_endpoint(token: str, registry: CollectorRegistry) -> object:
    """The Starlette endpoint: 401 without the right bearer token, else the text exposition."""
    expected = f"Bearer {token}".encode()

    def endpoint(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return Response("a bearer token is needed\n", status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return endpoint
