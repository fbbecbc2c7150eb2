"""Days whose report figures changed since the platform last took a site report naming them.

The site report (``sync/site_report.py``) names the latest 400 days with doses. A day before
them was never sent (the oldest days at the first report, a 2021 sheet backfilled later),
or kept on the platform as last sent when a void or a correction changed it later: the
dashboard then showed "recorded 0, received 11, 100 %", or a site missing the dose it had
voided. ``report_changed_day`` holds each day whose tallies (``report_dose_day``,
``report_sync_day``) changed, with a count of its changes, kept by triggers on the tallies
themselves, so every way a tally moves marks its day (the desk, the sync, a big import's
grouped upserts, a recount). A report names the marked days beside its window; once the
platform took it, a day it spoke for leaves the table unless its count moved meanwhile
(changed again while the report was on its way).

Every day already tallied is marked: the platform may never have been told of it.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_MARK = """
        INSERT INTO report_changed_day (dose_date, changes) VALUES ({row}.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;"""

TRIGGERS = {
    f"{table}_changed_{event.split()[0].lower()}": f"""
        CREATE TRIGGER {table}_changed_{event.split()[0].lower()}
        AFTER {event} ON {table} BEGIN{_MARK.format(row=row)}
        END"""
    for table in ("report_dose_day", "report_sync_day")
    for event, row in (("INSERT", "NEW"), ("UPDATE OF n", "NEW"), ("DELETE", "OLD"))
}

FILL = ("INSERT INTO report_changed_day (dose_date, changes)"
        " SELECT dose_date, 1 FROM report_dose_day UNION SELECT dose_date, 1 FROM report_sync_day")


def upgrade() -> None:
    op.create_table(
        "report_changed_day",
        sa.Column("dose_date", sa.Date(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dose_date", name="pk_report_changed_day"),
    )
    op.execute(FILL)
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("report_changed_day")
