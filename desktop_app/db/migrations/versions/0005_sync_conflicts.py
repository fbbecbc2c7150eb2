"""What the sync needs beyond the outbox: the server's copy in a conflict, verified identities.

``sync_record.server_body`` keeps the central platform's version of a record that is in
conflict, so a person can compare and choose; ``sent_version`` is the local version last put
on the wire (a crash between sending and hearing back leaves it, for the record's history).
``person.identity_verified`` is set by the central platform and pulled down.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite does it in place): a batch rebuild of ``person`` would have
    # to drop a table that doses refer to.
    op.add_column("sync_record", sa.Column("server_body", sa.Text()))
    op.add_column("sync_record", sa.Column("sent_version", sa.Integer()))
    op.add_column("person", sa.Column("identity_verified", sa.Boolean(), nullable=False,
                                      server_default=sa.text("0")))
    # The sync takes its next batch by (entity, state) oldest first: a range of this index,
    # not a sort of every queued row, however long the backlog.
    op.create_index("ix_sync_record_queue", "sync_record", ["entity", "state", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_sync_record_queue", "sync_record")
    op.drop_column("person", "identity_verified")
    op.drop_column("sync_record", "sent_version")
    op.drop_column("sync_record", "server_body")
