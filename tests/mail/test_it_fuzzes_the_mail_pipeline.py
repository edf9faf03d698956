"""Hypothesis over the whole mail pipeline (parse -> match -> classify -> store): a bounded sample for CI.

bench/bench_mail_fuzz.py runs the same strategies over 10,000+ messages and prints
crashes, memory and time per message. Here every generated message must be
stored (or recognised as a duplicate), move the checkpoint, and cause no network
connection, name lookup or process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.config import load_config
from monitor.store.db import make_engine, session_factory, upgrade
from tests.fixtures.mail_fuzz import Harness, fuzz_config_path, make_harness, message, no_network_or_processes

EXAMPLES = int(os.environ.get("RW_FUZZ_EXAMPLES", "200"))


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    cfg = load_config(fuzz_config_path(tmp_path_factory.mktemp("fuzz")), check_secrets=False)
    engine = make_engine(cfg.database_url())
    upgrade(engine)
    yield make_harness(cfg, session_factory(engine))
    engine.dispose()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_it_stores_every_generated_message_and_fetches_nothing(harness: Harness, data: st.DataObject) -> None:
    raw = data.draw(message(harness.addresses, big_mb=1))
    before = harness.replies()
    with no_network_or_processes(harness.attempts):
        harness.feed(raw)
    assert harness.attempts == []
    assert harness.checkpoint() == harness.uid
    assert harness.replies() - before in (0, 1)  # 0 only for a repeated Message-ID or a copy of our question
