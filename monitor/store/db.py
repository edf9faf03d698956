"""Engines, sessions and schema migrations (Alembic) for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

import migrations
from probes.private import touch_private


class SchemaOutOfDate(RuntimeError):
    """The database is older (or newer) than this version of replywatch."""


def make_engine(url: str, **kw: Any) -> Engine:
    """An engine with the settings each backend needs for a long-running monitor."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            touch_private(Path(path))  # 0600 before SQLite creates it with the umask's mode
        engine = create_engine(url, connect_args={"timeout": 30}, **kw)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers never block the watcher's writes
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    kw.setdefault("pool_pre_ping", True)
    return create_engine(url, **kw)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose commit first brings the report rollups up to date, in the same transaction."""
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "before_commit", _refresh_rollups)
    return factory


def _refresh_rollups(session: Session) -> None:
    """Refresh at the outermost commit only: a savepoint's release would refresh the same cells twice."""
    from monitor.store import rollups  # late: rollups imports the report's business-hours code

    if not session.in_transaction() or session.in_nested_transaction():
        return
    session.flush()
    rollups.refresh(session)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def require_current_schema(engine: Engine) -> None:
    """Refuse to run on an old schema: the caller gets a message saying what to do."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaOutOfDate(
            f"database schema is at {current or 'nothing (empty database)'}, this replywatch needs {head}: "
            "run `replywatch db upgrade` first"
        )
