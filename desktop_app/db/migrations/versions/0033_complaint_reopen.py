"""A complaint reopened when the merge that answered it is split again.

A complaint answered "two records merged" stayed closed after a supervisor split that merge
(merged by mistake): the citizen went on reading that their records were merged, and the
platform refused any second answer. The split now withdraws the answer: ``reopen`` keeps
the wire's ``Reopening`` as JSON (the answer withdrawn, why, who, when), ``reopen_state``
says whether the next sync owes it to central (``to_send``), central took it (``sent``) or
refused it (``refused``, ``reopen_problem`` the message code why); none while the answer
withdrawn never reached central (nothing to reopen there). ``reopened_at``: when the
complaint's 48 hours start again. Columns, not a ``send_state``, as the hand-back's (0028).

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

COLUMNS = (("reopen", sa.Text()), ("reopen_state", sa.String(16)),
           ("reopen_problem", sa.String(64)), ("reopened_at", sa.DateTime()))


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("complaint", sa.Column(name, kind))


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
