"""Every certificate issued, by UVCI, so a void or a correction can revoke it.

``certificate_issue``: one row per certificate the site signed (the dose its QR carries,
who signed it with which key) and, once the dose or the person it certifies is voided or
corrected, when and why it was revoked and when the central platform was told.

Certificates signed before this revision are not listed (the audit kept only their UVCI,
not their dose); they cannot be revoked from here.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_issue",
        sa.Column("uvci", sa.String(80), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("dose_id", sa.String(36), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(36)),
        sa.Column("kid", sa.String(16), nullable=False),
        sa.Column("revoked_at", sa.DateTime()),
        sa.Column("revoke_reason", sa.String(32)),
        sa.Column("revocation_sent_at", sa.DateTime()),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name="fk_certificate_issue_person_id_person"),
        sa.ForeignKeyConstraint(["dose_id"], ["dose.id"],
                                name="fk_certificate_issue_dose_id_dose"),
        sa.ForeignKeyConstraint(["issued_by"], ["app_user.id"],
                                name="fk_certificate_issue_issued_by_app_user"),
        sa.PrimaryKeyConstraint("uvci", name="pk_certificate_issue"),
    )
    op.create_index("ix_certificate_issue_person", "certificate_issue",
                    ["person_id", "revoked_at"])
    op.create_index("ix_certificate_issue_dose", "certificate_issue", ["dose_id"])
    op.create_index("ix_certificate_issue_unsent", "certificate_issue", ["revoked_at"],
                    sqlite_where=sa.text("revoked_at IS NOT NULL AND "
                                         "revocation_sent_at IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_certificate_issue_unsent", "certificate_issue")
    op.drop_index("ix_certificate_issue_dose", "certificate_issue")
    op.drop_index("ix_certificate_issue_person", "certificate_issue")
    op.drop_table("certificate_issue")
