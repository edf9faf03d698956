"""rollup marks no longer unique: concurrent writers of one cell never wait on each other's mark

Revision ID: rollup_marks
Revises: rollups
Create Date: 2026-12-03 05:00:00

The unique key made a trigger's mark wait for another open transaction that
marked the same cell; two writers marking two cells in opposite order
deadlocked on PostgreSQL. Refreshes of one cell now queue on an advisory
lock instead (monitor/store/rolllocks.py). The triggers are recreated around
the change (SQLite rebuilds the table, and its triggers name it).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "rollup_marks"
down_revision: str | Sequence[str] | None = "rollups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = ["campaign_id", "target_id", "kind", "grp", "day"]
_UNIQUE = "uq_rollup_dirty_campaign_id_target_id_kind_grp_day"


def upgrade() -> None:
    from monitor.store import rolltriggers

    conn = op.get_bind()
    rolltriggers.drop(conn)
    with op.batch_alter_table("rollup_dirty") as batch:
        batch.drop_constraint(_UNIQUE, type_="unique")
    rolltriggers.create(conn)


def downgrade() -> None:
    from monitor.store import rolltriggers

    conn = op.get_bind()
    rolltriggers.drop(conn)
    keys = ", ".join(_KEY)
    op.execute(f"DELETE FROM rollup_dirty WHERE id NOT IN (SELECT min(id) FROM rollup_dirty GROUP BY {keys})")
    with op.batch_alter_table("rollup_dirty") as batch:
        batch.create_unique_constraint(_UNIQUE, _KEY)
    rolltriggers.create(conn)  # their conflict clauses keep them valid on unique marks
