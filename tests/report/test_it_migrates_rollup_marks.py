"""Revision rollup_marks: marks left unrefreshed before it (all-time ones too) survive it and refresh right after."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, inspect, select, text

from monitor.config import Config
from monitor.store import rollups
from monitor.store.db import (
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    session_factory,
    transaction,
    upgrade,
)
from monitor.store.models import RollupDirty
from tests.fixtures.report_seed import seed


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _marks(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.scalar(select(func.count()).select_from(RollupDirty)) or 0)


def _unique_marks(engine: Engine) -> bool:
    return bool(inspect(engine).get_unique_constraints("rollup_dirty"))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("pg", marks=pytest.mark.postgres)])
def test_it_keeps_and_then_refreshes_marks_across_the_rollup_marks_migration(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, seeded_cfg: Config
) -> None:
    url = request.getfixturevalue("pg_url") if backend == "pg" else f"sqlite:///{tmp_path / 'm.db'}"
    engine = make_engine(url)
    upgrade(engine, "rollups")
    assert _unique_marks(engine)
    factory = session_factory(engine)
    ids = seed(factory, seeded_cfg)
    with engine.begin() as conn:  # what the old triggers leave after writes outside replywatch
        conn.execute(
            text("UPDATE probe SET latency_ms = latency_ms + 1000 WHERE id = :i"), {"i": ids["a_fast"]}
        )
        conn.execute(  # an all-time mark, and an all-time row only a recompute from its days repairs
            text(
                "INSERT INTO rollup_dirty (campaign_id, target_id, kind, grp, day) "
                "SELECT campaign_id, target_id, kind, grp, day FROM rollup WHERE day = -1 AND kind = 'email'"
            )
        )
        conn.execute(
            text(
                "UPDATE rollup SET counts = '[7, 7, 7, 0, 0, 0, 0, 0, 0, 0]' WHERE day = -1 AND kind = 'email'"
            )
        )
    before = _marks(engine)
    assert before >= 3

    upgrade(engine)
    assert current_revision(engine) == head_revision() and not _unique_marks(engine)
    assert _marks(engine) == before
    with engine.begin() as conn:  # the same cell marked again by another transaction: no conflict now
        conn.execute(
            text("UPDATE probe SET latency_ms = latency_ms + 1000 WHERE id = :i"), {"i": ids["a_fast"]}
        )
    assert _marks(engine) == before + 1
    with factory() as s:
        assert rollups.check(s) != []
    with transaction(factory) as s:  # the next replywatch commit refreshes every mark
        s.execute(text("SELECT 1"))
    assert _marks(engine) == 0
    with factory() as s:
        assert rollups.check(s) == []

    with engine.begin() as conn:
        for _ in range(2):
            conn.execute(
                text("UPDATE probe SET latency_ms = latency_ms + 1 WHERE id = :i"), {"i": ids["a_fast"]}
            )
    _downgrade(engine, "rollups")  # duplicate marks merge into one; the key is unique again
    assert _unique_marks(engine) and _marks(engine) == 1
    upgrade(engine)
    with transaction(factory) as s:
        s.execute(text("SELECT 1"))
    with factory() as s:
        assert rollups.check(s) == []
    engine.dispose()
