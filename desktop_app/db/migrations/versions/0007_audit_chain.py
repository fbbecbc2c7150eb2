"""The audit trail becomes a hash chain (see ``desktop_app/db/audit_chain.py``).

Existing entries are chained in id order here, so an upgraded laptop's history is covered
from its first entry; from now on a trigger chains each new entry as it is written.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from desktop_app.db.audit_chain import TRIGGER, entry_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("prev_hash", sa.String(64)))
    op.add_column("audit_entry", sa.Column("hash", sa.String(64)))
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("last_id", sa.Integer),
        sa.Column("hash", sa.String(64)),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, at, user_id, action, entity, entity_id, details FROM audit_entry "
        "ORDER BY id")).all()
    prev, last_id = "", None
    for entry_id, at, user_id, action, entity, entity_id, details in rows:
        digest = entry_hash(prev, at, user_id, action, entity, entity_id, details)
        conn.execute(sa.text("UPDATE audit_entry SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": prev, "h": digest, "i": entry_id})
        prev, last_id = digest, entry_id
    conn.execute(sa.text("INSERT INTO audit_head (id, n, last_id, hash) VALUES (1, :n, :l, :h)"),
                 {"n": len(rows), "l": last_id, "h": prev})
    op.execute(TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_entry_chain")
    op.drop_table("audit_head")
    op.drop_column("audit_entry", "hash")
    op.drop_column("audit_entry", "prev_hash")
