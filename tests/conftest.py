"""Shared fixtures: migrated databases (SQLite and the real PostgreSQL), configs, a shared browser.

Area-specific fixtures (Dovecot, shop sites, chat widgets) live in tests/fixtures/ and
are imported by the tests that need them.
"""

from __future__ import annotations

import os
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config, load_config
from monitor.store.db import make_engine, session_factory, upgrade

PG_ADMIN = os.environ.get("REPLYWATCH_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")

MINIMAL_CONFIG = """
database: sqlite:///rw.db
timezone: Europe/Moscow
shopper:
  mailbox:
    address_template: "{first}.{token}@shopper.test"
  personas:
    - {first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}
    - {first_name: Игорь, last_name: Смирнов, phone: "+7 912 345-67-02"}
  questions:
    - "Здравствуйте! Есть ли доставка в Екатеринбург?"
    - "Добрый день. Есть ли {product} в наличии?"
targets: []
"""


def write_config(dir_: Path, text: str, name: str = "replywatch.yaml") -> Path:
    path = dir_ / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def make_config(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write YAML into tmp_path and load it: make_config(text) -> Config."""

    def _make(text: str = MINIMAL_CONFIG, name: str = "replywatch.yaml") -> Config:
        return load_config(write_config(tmp_path, text, name))

    return _make


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(sqlite_engine: Engine) -> sessionmaker[Session]:
    return session_factory(sqlite_engine)


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database on the real server, dropped afterwards."""
    import psycopg

    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is not reachable (CI must start it)")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    name = f"rw_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run every slow (fault/load) test only with RW_SLOW=1; otherwise a bounded, stable sample.

    The sample is chosen by a hash of the test id, so a given CI run is repeatable, and
    RW_SLOW_SAMPLE (default 4) bounds how many run.
    """
    if os.environ.get("RW_SLOW") == "1":
        return
    import hashlib

    slow = [it for it in items if it.get_closest_marker("slow")]
    limit = int(os.environ.get("RW_SLOW_SAMPLE", "4"))
    ranked = sorted(slow, key=lambda it: hashlib.sha256(it.nodeid.encode()).hexdigest())
    keep = {it.nodeid for it in ranked[:limit]}
    skip = pytest.mark.skip(reason=f"slow: outside the CI sample (RW_SLOW=1 runs all {len(slow)})")
    for it in slow:
        if it.nodeid not in keep:
            it.add_marker(skip)


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    """A test that changes the process's umask must not change the next test's files."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)
