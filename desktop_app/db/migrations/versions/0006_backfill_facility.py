"""Where a backfilled dose was given, as the paper or the spreadsheet names it.

A historical dose was often given elsewhere (a district hospital, a mobile team); the site
that backfills it is not the place of vaccination. ``dose.facility_name`` keeps the place as
written, so nothing on the source document is lost.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dose", sa.Column("facility_name", sa.String(200)))


def downgrade() -> None:
    op.drop_column("dose", "facility_name")
