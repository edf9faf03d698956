"""calls: probe phones in E.164, indexed, so a call finds its probes by the dialled number

Revision ID: calls
Revises: 0002
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "calls"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _phones_to_e164()
    with op.batch_alter_table("probe", schema=None) as batch_op:
        batch_op.create_index("ix_probe_phone", ["phone"], unique=False)


def _phones_to_e164() -> None:
    """Rewrite each distinct stored phone once (there are as many as personas, not probes)."""
    from probes import phones

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT DISTINCT probe.phone, target.country FROM probe JOIN target ON target.id = probe.target_id "
            "WHERE probe.phone IS NOT NULL"
        )
    ).all()
    for raw, country in rows:
        number = phones.e164(raw, country)
        if number and number != raw:
            bind.execute(
                sa.text("UPDATE probe SET phone = :new WHERE phone = :old"), {"new": number, "old": raw}
            )


def downgrade() -> None:
    with op.batch_alter_table("probe", schema=None) as batch_op:
        batch_op.drop_index("ix_probe_phone")
