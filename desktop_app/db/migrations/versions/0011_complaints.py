"""Citizens' complaints at the site (issue #16), and a person folded into another by a merge.

``complaint``: a complaint pulled from the central platform or taken here by phone, its
resolution and what the next sync owes central. ``person.merged_into``: the record a merge
kept, so the folded one travels as an inactive Patient "replaced-by" it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of ``person`` would rewrite a million rows.
    op.add_column("person", sa.Column("merged_into", sa.String(36)))
    op.create_table(
        "complaint",
        sa.Column("local_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(16)),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("dob", sa.Date()),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("dose_number", sa.Integer()),
        sa.Column("dose_date", sa.Date()),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("commune_code", sa.String(8)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("route", sa.String(16)),
        sa.Column("site_code", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("person_id", sa.String(36)),
        sa.Column("action", sa.String(16)),
        sa.Column("note", sa.Text()),
        sa.Column("resolved_by", sa.String(200)),
        sa.Column("resolved_at", sa.DateTime()),
        sa.Column("resolution_person_id", sa.String(36)),
        sa.Column("dose_ids", sa.Text()),
        sa.Column("merged_id", sa.String(36)),
        sa.Column("send_state", sa.String(24), nullable=False),
        sa.Column("send_problem", sa.String(64)),
        sa.CheckConstraint("send_state IN ('none', 'hotline_to_send', 'resolution_to_send', "
                           "'sent', 'conflict')", name="ck_complaint_send_state"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name="fk_complaint_person_id_person"),
        sa.PrimaryKeyConstraint("local_id", name="pk_complaint"),
        sa.UniqueConstraint("code", name="uq_complaint_code"),
    )
    op.create_index("ix_complaint_send_state", "complaint", ["send_state"])
    op.create_index("ix_complaint_id_number", "complaint", ["id_number"])


def downgrade() -> None:
    op.drop_index("ix_complaint_id_number", "complaint")
    op.drop_index("ix_complaint_send_state", "complaint")
    op.drop_table("complaint")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("merged_into")
