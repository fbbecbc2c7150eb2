"""Why the province moved a complaint to this site.

A complaint the province moved here (from another site that handed it back, or from none)
arrived with none of the province's reason: the site was handed the work without being
told why it was its own. ``moved_here`` keeps the wire's ``MovedHere`` as JSON (from which
site, why, when), as the pull brings it.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("moved_here", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("moved_here")
