"""The identity-cleaning worklist and doses given at other sites.

``cleaning_case``: a person's status on the worklist (to check, contacted, sent for
verification, returned, fixed, cannot verify) and the population register's verdict pulled
from the central platform. ``external_dose``: doses another site gave a person, brought by a
cross-site lookup, so the next dose number counts the whole history.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cleaning_case",
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_at", sa.DateTime(), nullable=False),
        sa.Column("status_by", sa.String(36)),
        sa.Column("sent_at", sa.DateTime()),
        sa.Column("register_verdict", sa.String(16)),
        sa.Column("register_fields", sa.String(64)),
        sa.Column("register_checked_at", sa.DateTime()),
        sa.Column("register_version", sa.Integer()),
        sa.CheckConstraint("status IN ('to_check', 'contacted', 'sent', 'returned', 'fixed', "
                           "'cannot_verify')", name="ck_cleaning_case_status"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name="fk_cleaning_case_person_id_person"),
        sa.ForeignKeyConstraint(["status_by"], ["app_user.id"],
                                name="fk_cleaning_case_status_by_app_user"),
        sa.PrimaryKeyConstraint("person_id", name="pk_cleaning_case"),
    )
    op.create_index("ix_cleaning_case_status", "cleaning_case", ["status", "sent_at"])
    op.create_table(
        "external_dose",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("site_code", sa.String(32)),
        sa.Column("product_code", sa.String(32), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("dose_date", sa.Date(), nullable=False),
        sa.Column("lot_number", sa.String(64)),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name="fk_external_dose_person_id_person"),
        sa.PrimaryKeyConstraint("id", name="pk_external_dose"),
    )
    op.create_index("ix_external_dose_person", "external_dose", ["person_id", "dose_date"])
    op.create_index("ix_person_special_id", "person", ["id_type"],
                    sqlite_where=sa.text("id_type IN ('PASSPORT', 'NONE')"))


def downgrade() -> None:
    op.drop_index("ix_person_special_id", "person")
    op.drop_index("ix_external_dose_person", "external_dose")
    op.drop_table("external_dose")
    op.drop_index("ix_cleaning_case_status", "cleaning_case")
    op.drop_table("cleaning_case")
