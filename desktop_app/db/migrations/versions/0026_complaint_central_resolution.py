"""Central's resolution of a complaint this site resolved otherwise.

A resolution made here that central refuses (409: the province, or another site, had
answered the same complaint) is kept here to compare, but the pull dropped central's own:
the site kept showing its answer as the outcome while the citizen read another.
``central_resolution`` keeps central's (its wire JSON) beside the site's while they differ,
shown on the complaint. Filled by the next pull of each such complaint.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("central_resolution", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("central_resolution")
