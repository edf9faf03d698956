"""A world with callback probes waiting on persona phones, and a hook client with provider secrets set."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.hooks import create_hooks_app
from monitor.store.models import Probe, Reply
from tests.calls.fakes import Post
from tests.fixtures.waiting import submitted_probes
from tests.schedule.conftest import cli_factory  # noqa: F401 - a fixture the end-to-end tests use

SECRETS = {
    "REPLYWATCH_HOOK_SECRET": "generic-secret",
    "TWILIO_AUTH_TOKEN": "twilio-token",
    "ZADARMA_API_SECRET": "zadarma-secret",
    "MANGO_API_KEY": "mango-key",
    "MANGO_API_SALT": "mango-salt",
}

CONFIG = """
database: sqlite:///rw.db
timezone: Europe/Moscow
shopper:
  personas: [{first_name: Анна, phone: "+7 912 345-67-01"}]
  questions: ["Перезвоните мне, пожалуйста"]
telephony:
  twilio: {}
  zadarma: {}
  mango: {}
  {public_url}
targets:
  - name: shopA
    url: http://127.0.10.1:8080/
    phones: ["8 (343) 111-22-33"]
    touchpoints: [{kind: callback, url: http://127.0.10.1:8080/}]
  - name: shopB
    url: http://127.0.10.2:8080/
    phones: ["+7 343 222-33-44"]
    touchpoints: [{kind: callback, url: http://127.0.10.2:8080/}]
"""


@dataclass
class World:
    cfg: Config
    factory: sessionmaker[Session]
    clock: FakeClock
    probes: dict[str, int]
    client: TestClient

    def post(self, post: Post, **kw: object) -> object:
        return self.client.post(post.path, content=post.body, headers=post.headers, **kw)  # type: ignore[arg-type]

    def replies(self) -> list[Reply]:
        with self.factory() as s:
            return list(s.query(Reply).order_by(Reply.id))

    def probe(self, name: str) -> Probe:
        with self.factory() as s:
            p = s.get(Probe, self.probes[name])
            assert p is not None
            return p


def make_world(make_config, factory, monkeypatch, *, public_url: str = "") -> World:  # type: ignore[no-untyped-def]
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    cfg: Config = make_config(
        CONFIG.replace("{public_url}", f"public_url: {public_url}" if public_url else "")
    )
    clock = FakeClock()
    ids = submitted_probes(cfg, factory, clock)
    client = TestClient(create_hooks_app(cfg, factory, clock), base_url="http://testserver")
    return World(cfg, factory, clock, ids, client)


@pytest.fixture
def world(make_config, factory, monkeypatch) -> Iterator[World]:  # type: ignore[no-untyped-def]
    w = make_world(make_config, factory, monkeypatch)
    with w.client:
        yield w
