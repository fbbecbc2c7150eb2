"""A site's hand-back of a complaint that is not its own.

A complaint routed to the wrong site (the citizen was vaccinated elsewhere, the place was
misheard on the phone) could only be rejected there, telling the citizen "not accepted"
about a dose that was given. The site now hands it back to the province with its reason
(``wire.HandBack``): ``hand_back`` keeps that as its wire JSON, ``hand_back_state`` says
whether the next sync owes it to central (``to_send``), central took it (``sent``) or
refused it (``refused``, ``hand_back_problem`` the message code why). Columns, not a
``send_state``: a hand-back waits beside a hotline entry not yet sent, and that column's
check would need the table rebuilt.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("hand_back", sa.Text()))
    op.add_column("complaint", sa.Column("hand_back_state", sa.String(16)))
    op.add_column("complaint", sa.Column("hand_back_problem", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        for column in ("hand_back_problem", "hand_back_state", "hand_back"):
            batch.drop_column(column)
