"""What other tools wrote on a record, kept through the laptop's updates.

``sync_record.foreign_body`` holds, as FHIR JSON in the resource's own shape, the elements of
the last central copy the laptop took that it does not write itself (``wire/foreign.py``):
another system's identifiers, codings, extensions and fields. The laptop's next update of
the record carries them back instead of deleting them. NULL for a record only laptops wrote,
which is every record before this revision: nothing was kept before.

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


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN: a batch "move and copy" would drop the table's triggers.
    op.drop_column("sync_record", "foreign_body")
