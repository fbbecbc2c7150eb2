"""One account's audit entries found without walking the whole trail: Settings -> Audit
trail pages one account's entries newest first (``services/audit_trail.trail_page``), and
with only the primary key SQLite read the trail back from the newest entry until it had a
page of that account's, every entry of everyone else's on the way (a clerk who last saved
a month ago: most of the trail, a page at a time).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06
"""

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_audit_user ON audit_entry (user_id, id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_audit_user")
