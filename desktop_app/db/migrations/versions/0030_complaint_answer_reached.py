"""When the platform took this site's answer to a complaint.

The 48 hours end when the citizen can read the answer, which is when the platform has it:
the province's table of answers in time counts from then. An answer typed offline before
the deadline and sent after it was "closed in time" in the site's own report and late on
the province's dashboard. ``answer_reached_at`` is the platform's time in its reply to the
answer (``complaint_store.mark_sent``); the report counts the later of it and the answer's
own time (``report_queries.complaint_times``). Empty for answers sent before this column:
their own time stands, as it did.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("answer_reached_at", sa.DateTime()))


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("answer_reached_at")
