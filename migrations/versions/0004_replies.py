"""reply kinds, checklist, canned replies and promises

Revision ID: replies
Revises: calls
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "replies"
down_revision: str | Sequence[str] | None = "calls"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("probe", schema=None) as batch_op:
        batch_op.add_column(sa.Column("promise", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("promised_s", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quality", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("quality_score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("canned", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("canned_of", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.drop_column("canned_of")
        batch_op.drop_column("canned")
        batch_op.drop_column("quality_score")
        batch_op.drop_column("quality")
    with op.batch_alter_table("probe", schema=None) as batch_op:
        batch_op.drop_column("promised_s")
        batch_op.drop_column("promise")
