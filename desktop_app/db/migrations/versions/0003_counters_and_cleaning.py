"""Outbox counters kept by triggers, and the needs-cleaning mark on people.

The status bar shows how many records wait for upload after every save; counting millions
of outbox rows each time would stall the database worker, so SQLite keeps a per-state count
itself, in the same transaction as the change (exact by construction).

``person.cleaning_reason`` holds the rule codes that put a person on the data-cleaning list
(backfilled records with identity problems are stored, never dropped, and flagged).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TRIGGERS = {
    "sync_counter_insert": """
        CREATE TRIGGER sync_counter_insert AFTER INSERT ON sync_record BEGIN
            INSERT INTO sync_counter (state, n) VALUES (NEW.state, 1)
            ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END""",
    "sync_counter_update": """
        CREATE TRIGGER sync_counter_update AFTER UPDATE OF state ON sync_record
        WHEN OLD.state IS NOT NEW.state BEGIN
            UPDATE sync_counter SET n = n - 1 WHERE state = OLD.state;
            INSERT INTO sync_counter (state, n) VALUES (NEW.state, 1)
            ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END""",
    "sync_counter_delete": """
        CREATE TRIGGER sync_counter_delete AFTER DELETE ON sync_record BEGIN
            UPDATE sync_counter SET n = n - 1 WHERE state = OLD.state;
        END""",
}


def upgrade() -> None:
    op.create_table(
        "sync_counter",
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("state", name="pk_sync_counter"),
    )
    op.execute("INSERT INTO sync_counter (state, n) SELECT state, count(*) FROM sync_record"
               " GROUP BY state")
    for sql in TRIGGERS.values():
        op.execute(sql)
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("cleaning_reason", sa.String(200)))
    op.create_index(
        "ix_person_needs_cleaning", "person", ["cleaning_reason"],
        sqlite_where=sa.text("cleaning_reason IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_person_needs_cleaning", "person")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("cleaning_reason")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("sync_counter")
