"""Failed logins with a name no account has, counted as an account's are.

An account waited 1, 2, 4… seconds after failed logins, a name no account has never did,
so "please wait" told a stranger which names exist. ``login_name_wait`` counts those names
the same way, by the keyed fingerprint their audit entries already give them (never the
name), within a bound (``services/login_waits.py``). It starts empty: nothing counted the
names before.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_name_wait",
        sa.Column("name_key", sa.String(12), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.Column("wait_audited_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name_key", name="pk_login_name_wait"),
    )
    op.create_index("ix_login_name_wait_last_failed_at", "login_name_wait",
                    ["last_failed_at"])


def downgrade() -> None:
    op.drop_index("ix_login_name_wait_last_failed_at", table_name="login_name_wait")
    op.drop_table("login_name_wait")
