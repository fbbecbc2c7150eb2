"""What other tools wrote on a record, kept through the laptop's updates.

``sync_record.foreign_body`` holds, as FHIR JSON in the resource's own shape, the elements of
the last central copy the laptop took that it does not write itself (``wire/foreign.py``):
another system's identifiers, codings, extensions and fields. The laptop's next update of
the record carries them back instead of deleting them. NULL: none.

A record whose platform copy the laptop took from there (not its own write) may carry such
elements, and nothing kept them before this revision: it is marked ``?``, unknown, and its
server copy is read once before its next update goes (``sync.engine``). A record never
sent, or whose copy there is the laptop's own write, has none.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_record", sa.Column("foreign_body", sa.Text(), nullable=True))
    # Not those whose platform copy is the laptop's own acknowledged write (its digest kept
    # since 0015): a copy it wrote holds nothing of anybody else's.
    op.execute("UPDATE sync_record SET foreign_body = '?' "
               "WHERE server_version IS NOT NULL AND sent_digests IS NULL")


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN: a batch "move and copy" would drop the table's triggers.
    op.drop_column("sync_record", "foreign_body")
