"""Sync bookkeeping: one outbox row per person and dose, with its state and versions.

Records that existed before this revision were never uploaded, so each gets a ``pending``
row: upgrading must never make an existing dose invisible to the sync.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_record",
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("synced_version", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.String(64)),
        sa.Column("last_error", sa.Text()),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("server_received_at", sa.DateTime()),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'synced', 'rejected', 'conflict')",
            name="ck_sync_record_state",
        ),
        sa.PrimaryKeyConstraint("entity", "record_id", name="pk_sync_record"),
    )
    op.create_index("ix_sync_record_state", "sync_record", ["state"])
    op.execute(
        "INSERT INTO sync_record (entity, record_id, state, local_version, synced_version,"
        " attempts, changed_at)"
        " SELECT 'person', id, 'pending', 1, 0, 0, updated_at FROM person"
    )
    op.execute(
        "INSERT INTO sync_record (entity, record_id, state, local_version, synced_version,"
        " attempts, changed_at)"
        " SELECT 'dose', id, 'pending', 1, 0, 0, updated_at FROM dose"
    )


def downgrade() -> None:
    op.drop_index("ix_sync_record_state", "sync_record")
    op.drop_table("sync_record")
