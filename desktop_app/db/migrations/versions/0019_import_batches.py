"""Each spreadsheet import as a batch its people and doses carry, so it can be undone.

``import_batch``: one row per import (the file, the sheet, who, when, how it ended and its
counts). ``dose.import_batch_id`` and ``person.import_batch_id``: the import that wrote the
row (NULL: the desk, a paper form, the sync, or an import made before this revision). An
import that went wrong (the wrong file, a wrong column mapping) is then undone as a whole
(services/import_undo.py) instead of one void at a time.

The columns have no foreign key: SQLite adds one to an existing table only by rebuilding it
(a million doses), and only the bulk writer sets them, from the batch row it was given.
The dose index is partial (the desk's doses are not in it) and its keys arrive in order
(one batch id, rising rowids), so an import appends to it instead of walking it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("sheet", sa.String(200), nullable=False),
        sa.Column("site_id", sa.String(36), nullable=False),
        sa.Column("user_id", sa.String(36)),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("counts", sa.Text()),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.DateTime()),
        sa.Column("undone_by", sa.String(36)),
        sa.CheckConstraint("outcome IN ('running', 'done', 'stopped', 'failed')",
                           name="ck_import_batch_outcome"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name="fk_import_batch_site_id_site"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"],
                                name="fk_import_batch_user_id_app_user"),
        sa.ForeignKeyConstraint(["undone_by"], ["app_user.id"],
                                name="fk_import_batch_undone_by_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_import_batch"),
    )
    op.create_index("ix_import_batch_started_at", "import_batch", ["started_at"])
    op.add_column("dose", sa.Column("import_batch_id", sa.Integer()))
    op.add_column("person", sa.Column("import_batch_id", sa.Integer()))
    op.create_index("ix_dose_import_batch", "dose", ["import_batch_id"],
                    sqlite_where=sa.text("import_batch_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_dose_import_batch", "dose")
    op.drop_column("person", "import_batch_id")
    op.drop_column("dose", "import_batch_id")
    op.drop_index("ix_import_batch_started_at", "import_batch")
    op.drop_table("import_batch")
