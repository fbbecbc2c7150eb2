"""An index for the records list filtered or sorted by vaccine.

The list pages through doses by keyset, newest first; with a vaccine chosen it must walk the
doses of that vaccine in date order. Without this index a rarely used vaccine means scanning
the whole date index (seconds at 2,000,000 doses) to fill one page, and counting its doses
reads every row. With it, both are a range of one index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_dose_product_date", "dose", ["product_code", "dose_date", "id"])


def downgrade() -> None:
    op.drop_index("ix_dose_product_date", "dose")
