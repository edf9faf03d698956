"""alert delivery attempts, the notification outbox, mutes; alert event references

Revision ID: alerts
Revises: replies
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models

revision: str = "alerts"
down_revision: str | Sequence[str] | None = "replies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_mute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("starts_at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", monitor.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_mute")),
    )
    with op.batch_alter_table("alert_mute", schema=None) as batch_op:
        batch_op.create_index("ix_alert_mute_ends_at", ["ends_at"], unique=False)

    op.create_table(
        "alert_notification",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("destination", sa.String(length=400), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("alert_event_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("hold", sa.String(length=32), nullable=True),
        sa.Column("created_at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", monitor.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_event_id"],
            ["alert_event.id"],
            name=op.f("fk_alert_notification_alert_event_id_alert_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_notification")),
        sa.UniqueConstraint("key", "destination", name=op.f("uq_alert_notification_key_destination")),
    )
    with op.batch_alter_table("alert_notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_notification_alert_event_id"), ["alert_event_id"], unique=False
        )
        batch_op.create_index("ix_alert_notification_created", ["created_at"], unique=False)
        batch_op.create_index("ix_alert_notification_state_due", ["state", "due_at"], unique=False)

    op.create_table(
        "alert_delivery_attempt",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("notification_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["alert_notification.id"],
            name=op.f("fk_alert_delivery_attempt_notification_id_alert_notification"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_delivery_attempt")),
    )
    with op.batch_alter_table("alert_delivery_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_delivery_attempt_notification_id"), ["notification_id"], unique=False
        )

    with op.batch_alter_table("alert_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("resolved_value", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("reminded_at", monitor.store.models.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_event", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("resolution")
        batch_op.drop_column("resolved_value")
        batch_op.drop_column("reference")

    with op.batch_alter_table("alert_delivery_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_delivery_attempt_notification_id"))

    op.drop_table("alert_delivery_attempt")
    with op.batch_alter_table("alert_notification", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_notification_state_due")
        batch_op.drop_index("ix_alert_notification_created")
        batch_op.drop_index(batch_op.f("ix_alert_notification_alert_event_id"))

    op.drop_table("alert_notification")
    with op.batch_alter_table("alert_mute", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_mute_ends_at")

    op.drop_table("alert_mute")
