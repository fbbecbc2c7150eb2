"""The records whose other systems' elements are not known yet (``foreign_body = '?'``,
0024) found without a pass over the outbox: every sync round looks for them before its
push (``sync.outbox.foreign_unknown``), and a backlog of a million records made that a scan
of a million rows each round. Few carry the mark, and fewer as each is read: a partial
index holds just them.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_sync_record_foreign_unknown ON sync_record (entity, record_id)"
               " WHERE foreign_body = '?'")


def downgrade() -> None:
    op.execute("DROP INDEX ix_sync_record_foreign_unknown")
