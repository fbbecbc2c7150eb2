"""When the central platform last answered for a person's doses at other sites.

``elsewhere_check``: one row per person brought from the platform (or refreshed since),
with the moment the platform's answer for their other sites' doses was last taken, and
the moment it last answered at all (nobody under the number too). The desk asks
the platform again about such a person when they are opened or a certificate is issued,
at most once per few minutes (``services/lookup_refresh.py``); offline, the card says when
those doses were last confirmed.

Every person already holding other sites' doses gets a row, confirmed when the latest of
them was brought or changed (the last moment the laptop knows the platform answered).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

FILL = ("INSERT INTO elsewhere_check (person_id, confirmed_at, asked_at)"
        " SELECT person_id, max(fetched_at), max(fetched_at) FROM external_dose"
        " GROUP BY person_id")


def upgrade() -> None:
    op.create_table(
        "elsewhere_check",
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name="fk_elsewhere_check_person_id_person"),
        sa.PrimaryKeyConstraint("person_id", name="pk_elsewhere_check"),
    )
    op.execute(FILL)


def downgrade() -> None:
    op.drop_table("elsewhere_check")
