"""The province's reply on a complaint this site holds.

Once a complaint is overdue, the province may answer the citizen in words
(``wire.complaints.PROVINCE_REPLY``). It adds no dose and corrects no record, so the
complaint stays open here, the site's to add or correct; ``province_reply`` keeps the
reply as central sent it (its wire JSON), shown on the complaint.

A reply made while this laptop ran the release before was pulled and dropped (that desk
did not know the field): the complaints' cursor starts over, so the next sync brings every
complaint routed here again, each kept as central has it now (a few hundred at most).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("province_reply", sa.Text()))
    op.execute("DELETE FROM setting WHERE key = 'complaint_cursor'")


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("province_reply")
