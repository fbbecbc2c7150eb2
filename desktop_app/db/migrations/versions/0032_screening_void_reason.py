"""A screening taken off the record it was saved on.

The desk screens whoever stands before the clerk and saves the answers on the record open.
When the clerk had picked the wrong citizen, the dose is voided as given to another person
(``services/doses.void_dose``); that visit's screening was not this person's either, yet it
stayed on their record: counted in the day's tally as theirs, and the right person had
none. ``void_reason`` marks it taken off with the dose, and why (the void's reason); the
row is kept, as a voided dose is. Empty: the screening stands.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("screening", sa.Column("void_reason", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("screening") as batch:
        batch.drop_column("void_reason")
