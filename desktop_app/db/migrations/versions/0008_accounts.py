"""Local accounts that can log in: a password hash (Argon2id), the failed logins that slow
the next try, and the role names the services check (``manager`` becomes ``supervisor``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No account could log in before this revision, so none is referenced yet; the table is
    # rebuilt (SQLite cannot alter a CHECK) with the new role names and login columns.
    op.execute("UPDATE app_user SET role = 'supervisor' WHERE role = 'manager'")
    with op.batch_alter_table("app_user", recreate="always") as batch:
        batch.drop_constraint("ck_app_user_role", type_="check")
        batch.add_column(sa.Column("password_hash", sa.String(200)))
        batch.add_column(sa.Column("failed_logins", sa.Integer, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("last_failed_at", sa.DateTime))
        batch.create_check_constraint("ck_app_user_role",
                                      "role IN ('clerk', 'volunteer', 'supervisor')")


def downgrade() -> None:
    op.execute("UPDATE app_user SET role = 'manager' WHERE role = 'supervisor'")
    with op.batch_alter_table("app_user", recreate="always") as batch:
        batch.drop_constraint("ck_app_user_role", type_="check")
        batch.drop_column("last_failed_at")
        batch.drop_column("failed_logins")
        batch.drop_column("password_hash")
        batch.create_check_constraint("ck_app_user_role",
                                      "role IN ('clerk', 'volunteer', 'manager')")
