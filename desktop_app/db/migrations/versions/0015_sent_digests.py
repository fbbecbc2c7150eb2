"""Remember what each unanswered push carried, so a server's copy can be recognised as ours.

A foreign FHIR server keeps whatever ``meta.source`` a client wrote, so it cannot tell our
write from another tool's. ``sync_record.sent_digests`` is a JSON object ``{local version:
digest of the content sent}`` for the versions sent since the last one the server
acknowledged (that one kept too): a server copy whose content has one of these digests is
our own write; any other is a central change (docs/sync-protocol.md).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_record", sa.Column("sent_digests", sa.Text(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN: a batch "move and copy" would drop the table's triggers.
    op.drop_column("sync_record", "sent_digests")
