"""report rollups per campaign x target x touchpoint x group x day, their triggers and backfill

Revision ID: rollups
Revises: api_keys
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "rollups"
down_revision: str | Sequence[str] | None = "api_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = ("campaign_id", "target_id", "kind", "grp", "day")


def _key_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("grp", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    from monitor.store import rolltriggers
    from monitor.store.rollups import rebuild

    op.create_table(
        "rollup",
        *_key_columns(),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("lat", sa.LargeBinary(), nullable=False),
        sa.Column("biz", sa.LargeBinary(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("timing", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup")),
        sa.UniqueConstraint(*_KEY, name=op.f("uq_rollup_campaign_id_target_id_kind_grp_day")),
    )
    op.create_index("ix_rollup_day", "rollup", ["day"], unique=False)
    op.create_table(
        "rollup_dirty",
        *_key_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_dirty")),
        sa.UniqueConstraint(*_KEY, name=op.f("uq_rollup_dirty_campaign_id_target_id_kind_grp_day")),
    )
    conn = op.get_bind()
    rolltriggers.create(conn)
    session = Session(bind=conn)
    rebuild(session)  # backfill: every existing probe and reply
    session.flush()


def downgrade() -> None:
    from monitor.store import rolltriggers

    rolltriggers.drop(op.get_bind())
    op.drop_table("rollup_dirty")
    op.drop_index("ix_rollup_day", table_name="rollup")
    op.drop_table("rollup")
