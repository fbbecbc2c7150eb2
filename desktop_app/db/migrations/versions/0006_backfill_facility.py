"""Where a backfilled dose was given, as the paper or the spreadsheet names it.

A historical dose was often given elsewhere (a district hospital, a mobile team); the site
that backfills it is not the place of vaccination. ``dose.facility_name`` keeps the place as
written, so nothing on the source document is lost.

The outbox counters' insert trigger becomes a plain UPDATE of a row that always exists (one
per state, seeded here) instead of an upsert: a bulk import inserts millions of outbox
rows, and the upsert cost ~2 µs more on each.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


STATES = ("pending", "sending", "synced", "rejected", "conflict")
UPSERT_TRIGGER = """
    CREATE TRIGGER sync_counter_insert AFTER INSERT ON sync_record BEGIN
        INSERT INTO sync_counter (state, n) VALUES (NEW.state, 1)
        ON CONFLICT (state) DO UPDATE SET n = n + 1;
    END"""
UPDATE_TRIGGER = """
    CREATE TRIGGER sync_counter_insert AFTER INSERT ON sync_record BEGIN
        UPDATE sync_counter SET n = n + 1 WHERE state = NEW.state;
    END"""


def upgrade() -> None:
    op.add_column("dose", sa.Column("facility_name", sa.String(200)))
    for state in STATES:
        op.execute(f"INSERT OR IGNORE INTO sync_counter (state, n) VALUES ('{state}', 0)")
    op.execute("DROP TRIGGER sync_counter_insert")
    op.execute(UPDATE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER sync_counter_insert")
    op.execute(UPSERT_TRIGGER)
    op.drop_column("dose", "facility_name")
