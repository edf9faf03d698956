"""/metrics over real HTTP, parsed with prometheus_client's own parser; the token guards it."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store.db import session_factory, transaction
from monitor.store.models import WatcherStatus
from monitor.web import create_app
from tests.fixtures.report_seed import NOW, seed
from tests.web.serving import serve_app

TOKEN = "metrics-token-1"


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.postgres)])
def any_factory(request: pytest.FixtureRequest) -> sessionmaker[Session]:
    """The collector's SQL on both backends (conditional sums differ in how each casts them)."""
    if request.param == "sqlite":
        return request.getfixturevalue("factory")  # type: ignore[no-any-return]
    return session_factory(request.getfixturevalue("pg_engine"))


def test_it_exports_rates_latencies_statuses_lag_and_queue(
    web_cfg: Config, any_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = any_factory
    monkeypatch.setenv("REPLYWATCH_METRICS_TOKEN", TOKEN)
    seed(factory, web_cfg)
    with transaction(factory) as s:
        s.add(
            WatcherStatus(
                name="imap:shopper/INBOX",
                state="idle",
                last_ok_at=NOW - timedelta(hours=1),
                updated_at=NOW,
                details={},
            )
        )
    clock = FakeClock(NOW)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serve_app(create_app(web_cfg, factory, clock)) as url, httpx.Client(timeout=60, base_url=url) as c:
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = c.get("/metrics", headers=auth)
        with transaction(factory) as s:
            s.add(WatcherStatus(name="chat", state="ok", last_ok_at=NOW, updated_at=NOW, details={}))
        assert "chat" not in c.get("/metrics", headers=auth).text  # one reading serves scrapes for 30 s
        clock.advance(30)
        assert 'watcher="chat"' in c.get("/metrics", headers=auth).text
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    samples = _samples(r.text)

    def m(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted(({"target": "shop-a", "touchpoint": "form"} | labels).items())))]

    assert m("replywatch_answer_rate") == 0.75  # 3 of 4 reached
    form = (("status", "answered"), ("touchpoint", "form"))
    assert samples[("replywatch_probes", form)] == 5  # 3 of shop-a, 1 of shop-b, 1 of shop-c
    assert samples[("replywatch_probes", (("status", "blocked"), ("touchpoint", "form")))] == 1
    # shop-a form latencies: 300 s, 1800 s, 61200 s.
    assert m("replywatch_reply_latency_seconds_bucket", le="600.0") == 1
    assert m("replywatch_reply_latency_seconds_bucket", le="3600.0") == 2
    assert m("replywatch_reply_latency_seconds_bucket", le="+Inf") == 3
    assert m("replywatch_reply_latency_seconds_count") == 3
    assert m("replywatch_reply_latency_seconds_sum") == 300 + 1800 + 61200
    assert (
        samples[("replywatch_watcher_lag_seconds", (("state", "idle"), ("watcher", "imap:shopper/INBOX")))]
        == 3600
    )
    assert samples[("replywatch_queue_depth", (("state", "due"),))] == 1  # shop-c's probe that never ran
    assert samples[("replywatch_queue_depth", (("state", "running"),))] == 0


def test_it_does_not_serve_metrics_without_a_token(
    web_cfg: Config, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REPLYWATCH_METRICS_TOKEN", raising=False)
    with (
        serve_app(create_app(web_cfg, factory, FakeClock(NOW))) as url,
        httpx.Client(timeout=60, base_url=url) as c,
    ):
        r = c.get("/metrics", headers={"Authorization": "Bearer x"})
    assert r.status_code in (303, 404) and "replywatch_" not in r.text
