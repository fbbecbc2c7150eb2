"""A day at the desk (issue #19): screening before the dose, observation after it, reactions.

``screening``: the Ministry of Health pre-vaccination checklist as answered for one person,
its outcome (eligible / postpone / refer) and the reason, kept whatever the outcome: a
postponed person is a fact of the day's tally. ``observation``: the 30 minutes after a desk
dose, ended by the clerk. ``dose_reaction``: what happened after a dose (mild or serious,
when, what was done); it travels on the dose's Immunization as ``reaction``.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("screened_at", sa.DateTime(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),  # JSON: the item codes answered yes
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("screened_by", sa.String(36)),
        sa.CheckConstraint("outcome IN ('eligible', 'postpone', 'refer')",
                           name="ck_screening_outcome"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name="fk_screening_person_id_person"),
        sa.PrimaryKeyConstraint("id", name="pk_screening"),
    )
    op.create_index("ix_screening_screened_at", "screening", ["screened_at"])
    op.create_index("ix_screening_person_id", "screening", ["person_id", "screened_at"])
    op.create_table(
        "observation",
        sa.Column("dose_id", sa.String(36), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime()),
        sa.ForeignKeyConstraint(["dose_id"], ["dose.id"], name="fk_observation_dose_id_dose"),
        sa.PrimaryKeyConstraint("dose_id", name="pk_observation"),
    )
    # The desk's list: the few observations still open among every one ever made.
    op.create_index("ix_observation_open", "observation", ["started_at"],
                    sqlite_where=sa.text("ended_at IS NULL"))
    op.create_table(
        "dose_reaction",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("dose_id", sa.String(36), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("onset_at", sa.DateTime(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(36)),
        sa.CheckConstraint("severity IN ('mild', 'serious')", name="ck_dose_reaction_severity"),
        sa.ForeignKeyConstraint(["dose_id"], ["dose.id"], name="fk_dose_reaction_dose_id_dose"),
        sa.PrimaryKeyConstraint("id", name="pk_dose_reaction"),
    )
    op.create_index("ix_dose_reaction_dose_id", "dose_reaction", ["dose_id"])
    op.create_index("ix_dose_reaction_onset_at", "dose_reaction", ["onset_at"])


def downgrade() -> None:
    op.drop_table("dose_reaction")
    op.drop_table("observation")
    op.drop_table("screening")
