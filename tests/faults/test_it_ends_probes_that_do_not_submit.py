"""The runner's verdict for every way a probe can end without a submission.

A probe that times out or crashes ends `failed` with the reason; a temporary failure
where nothing reached the shop goes back to `scheduled` with a doubling back-off until
the third attempt; one that might have reached the shop is never retried. The probe's
own `submit` is replaced so each path is taken on purpose (no network is involved).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

import monitor.runner as runner
from monitor.clock import FakeClock
from monitor.config import Config
from monitor.runner import make_env, run_probe
from monitor.store.models import Probe
from probes.base import ProbeTask, TemporaryFailure
from tests.faults.test_it_records_probes_through_database_outages import CONFIG, new_probe


def _raising(exc: BaseException) -> Any:
    async def submit(self: Any, task: ProbeTask, env: Any) -> Any:
        raise exc

    return submit


def _probe(factory: sessionmaker[Session], pid: int) -> Probe:
    with factory() as s:
        p = s.get(Probe, pid)
        assert p is not None
        return p


@pytest.mark.parametrize(
    ("raised", "reason"),
    [
        (TimeoutError(), "timeout: the probe exceeded its time budget"),
        (RuntimeError("boom"), "error: RuntimeError: boom"),
        (TemporaryFailure("reset after DATA", submission_possible=True), "reset after DATA"),
    ],
)
async def test_it_fails_a_probe_that_timed_out_crashed_or_may_have_reached_the_shop(
    make_config: Any,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    raised: Exception,
    reason: str,
) -> None:
    cfg: Config = make_config(CONFIG.format(port=9))
    pid = new_probe(cfg, factory)
    monkeypatch.setattr(type(runner.get_probe("email")), "submit", _raising(raised))
    assert await run_probe(cfg, factory, FakeClock(datetime.now(UTC)), pid, make_env(cfg)) == "failed"
    p = _probe(factory, pid)
    assert (p.status, p.reason, p.attempts) == ("failed", reason, 1)


async def test_it_retries_a_temporary_failure_with_a_back_off_then_fails_it(
    make_config: Any, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg: Config = make_config(CONFIG.format(port=9))
    pid = new_probe(cfg, factory)
    monkeypatch.setattr(type(runner.get_probe("email")), "submit", _raising(TemporaryFailure("greylisted")))
    clock = FakeClock(datetime.now(UTC) + timedelta(seconds=1))
    for backoff in (60, 120):
        assert await run_probe(cfg, factory, clock, pid, make_env(cfg)) == "scheduled"
        p = _probe(factory, pid)
        assert (p.status, p.reason) == ("scheduled", "retry: greylisted")
        assert p.scheduled_at.replace(tzinfo=UTC) == clock.now() + timedelta(seconds=backoff)
        clock.advance(backoff)
    assert (
        await run_probe(cfg, factory, clock, pid, make_env(cfg)) == "failed"
    )  # the third attempt is the last
    p = _probe(factory, pid)
    assert (p.status, p.reason, p.attempts) == ("failed", "greylisted", 3)
