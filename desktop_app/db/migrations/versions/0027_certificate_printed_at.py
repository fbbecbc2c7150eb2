"""When a certificate's paper was last printed.

A reprint keeps its certificate's UVCI (the QR carries the same dose) but its paper lists
the person's doses as they are at the reprint: one backfilled after the first print is on
it. A void or correction revokes the papers printed since the dose was entered, and that
was judged by the first print's time (``issued_at``): the reprint listing a dose voided
later stayed valid. ``printed_at`` is the last print's time; existing rows take their
``issued_at``.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificate_issue", sa.Column("printed_at", sa.DateTime()))
    op.execute("UPDATE certificate_issue SET printed_at = issued_at")


def downgrade() -> None:
    with op.batch_alter_table("certificate_issue") as batch:
        batch.drop_column("printed_at")
