"""Migrations run on SQLite and the real PostgreSQL, and agree with the models."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from monitor.store.db import (
    SchemaOutOfDate,
    current_revision,
    head_revision,
    make_engine,
    require_current_schema,
    session_factory,
    transaction,
    upgrade,
)
from monitor.store.models import Base, Campaign


def _diff(engine: Engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def _check_engine(engine: Engine) -> None:
    assert current_revision(engine) is None
    with pytest.raises(SchemaOutOfDate, match="replywatch db upgrade"):
        require_current_schema(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    require_current_schema(engine)
    assert _diff(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert {"target", "touchpoint", "campaign", "probe", "reply", "mail_checkpoint", "alert_event"} <= tables
    probe_indexes = {ix["name"] for ix in inspect(engine).get_indexes("probe")}
    assert {
        "ix_probe_status_deadline",
        "ix_probe_target_kind_scheduled",
        "ix_probe_campaign_scheduled",
    } <= probe_indexes
    # Times come back as aware UTC with milliseconds intact.
    t = datetime(2026, 3, 1, 12, 30, 15, 123000, tzinfo=UTC)
    factory = session_factory(engine)
    with transaction(factory) as s:
        s.add(Campaign(name="c", settings={"x": "ю"}, last_round_at=t))
    with transaction(factory) as s:
        c = s.query(Campaign).one()
        assert c.last_round_at == t and c.last_round_at.tzinfo is not None
        assert c.settings == {"x": "ю"}
    upgrade(engine)  # idempotent


def test_it_migrates_sqlite_and_models_agree(tmp_path: Path) -> None:
    _check_engine(make_engine(f"sqlite:///{tmp_path / 'm.db'}"))


@pytest.mark.postgres
def test_it_migrates_postgresql_and_models_agree(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _check_engine(engine)
    finally:
        engine.dispose()


def test_run_refuses_an_old_schema(tmp_path: Path) -> None:
    cfg = tmp_path / "replywatch.yaml"
    cfg.write_text(
        "database: sqlite:///old.db\nshopper: {personas: [{first_name: A, phone: '+7 900 000-00-01'}], questions: [q]}\n",
        encoding="utf-8",
    )
    make_engine(f"sqlite:///{tmp_path / 'old.db'}").connect().close()
    r = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "current"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "replywatch db upgrade" in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "upgrade"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert current_revision(make_engine(f"sqlite:///{tmp_path / 'old.db'}")) == head_revision()


def test_it_keeps_one_linear_migration_history() -> None:
    """Two branches each adding a migration off the same parent leave two heads; upgrade then fails."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    root = Path(__file__).resolve().parents[2]
    cfg = Config()
    cfg.set_main_option("script_location", str(root / "migrations"))
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1, f"several Alembic heads: {script.get_heads()}"
    revisions = list(script.walk_revisions())
    assert all(len(rev._all_down_revisions) <= 1 for rev in revisions), "a merge or branch point"
