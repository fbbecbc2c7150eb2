"""Per-day tallies for the Reports area and the site report, kept by triggers.

Counting a year of doses by day, product, dose number and age joins a million and a half
doses to their people and to their outbox rows: two to three minutes on an encrypted
2,000,000-dose file (bench/bench_reports.py prints it beside the tallies' figures). SQLite
keeps two small tables instead, in the same transaction as every change (exact by
construction, as ``sync_counter`` is):

``report_dose_day``: active doses per (day, product, dose number, age on that day; -1 when
the date of birth is missing). ``report_sync_day``: active doses per (day, upload state),
the state folded as the site report counts it (synced | rejected | pending, where pending is
also sending and conflict), so claiming a batch (pending -> sending) costs nothing.

A dose and its outbox row are written in one transaction in either order: whichever comes
second adds the pair to ``report_sync_day``.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Whole years on the dose's day, as rules.dates.age_on counts them (dates are ISO text).
_AGE = ("COALESCE(CAST(substr({d}, 1, 4) AS INTEGER) - CAST(substr({b}, 1, 4) AS INTEGER)"
        " - (substr({d}, 6, 5) < substr({b}, 6, 5)), -1)")
_BUCKET = ("CASE {s} WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected'"
           " ELSE 'pending' END")


def _age(dose: str, person_id: str) -> str:
    return _AGE.format(d=f"{dose}.dose_date",
                       b=f"(SELECT dob FROM person WHERE id = {person_id})")


def _dose_add(row: str) -> str:
    return f"""
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        VALUES ({row}.dose_date, {row}.product_code, {row}.dose_number,
                {_age(row, row + '.person_id')}, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;"""


def _dose_remove(row: str) -> str:
    return f"""
        UPDATE report_dose_day SET n = n - 1
        WHERE dose_date = {row}.dose_date AND product_code = {row}.product_code
          AND dose_number = {row}.dose_number AND age = {_age(row, row + '.person_id')};"""


def _sync_of_dose(row: str, sign: str) -> str:
    """The dose's outbox row, counted on the dose's day (nothing if it has none yet)."""
    if sign == "+":
        return f"""
        INSERT INTO report_sync_day (dose_date, state, n)
        SELECT {row}.dose_date, {_BUCKET.format(s='state')}, 1 FROM sync_record
        WHERE entity = 'dose' AND record_id = {row}.id
        ON CONFLICT DO UPDATE SET n = n + 1;"""
    return f"""
        UPDATE report_sync_day SET n = n - 1
        WHERE dose_date = {row}.dose_date AND state = (
            SELECT {_BUCKET.format(s='state')} FROM sync_record
            WHERE entity = 'dose' AND record_id = {row}.id);"""


def _sync_state(row: str, sign: str) -> str:
    """An outbox row's state, counted on its dose's day (nothing if the dose is not there
    yet or not active)."""
    bucket = _BUCKET.format(s=f"{row}.state")
    if sign == "+":
        return f"""
        INSERT INTO report_sync_day (dose_date, state, n)
        SELECT dose_date, {bucket}, 1 FROM dose WHERE id = {row}.record_id AND status = 'active'
        ON CONFLICT DO UPDATE SET n = n + 1;"""
    return f"""
        UPDATE report_sync_day SET n = n - 1
        WHERE state = {bucket} AND dose_date = (
            SELECT dose_date FROM dose WHERE id = {row}.record_id AND status = 'active');"""


_DOSE_COLUMNS = "status, dose_date, product_code, dose_number, person_id"

TRIGGERS = {
    "report_dose_insert": f"""
        CREATE TRIGGER report_dose_insert AFTER INSERT ON dose
        WHEN NEW.status = 'active' BEGIN {_dose_add('NEW')} {_sync_of_dose('NEW', '+')}
        END""",
    "report_dose_update_old": f"""
        CREATE TRIGGER report_dose_update_old AFTER UPDATE OF {_DOSE_COLUMNS} ON dose
        WHEN OLD.status = 'active' BEGIN {_dose_remove('OLD')} {_sync_of_dose('OLD', '-')}
        END""",
    "report_dose_update_new": f"""
        CREATE TRIGGER report_dose_update_new AFTER UPDATE OF {_DOSE_COLUMNS} ON dose
        WHEN NEW.status = 'active' BEGIN {_dose_add('NEW')} {_sync_of_dose('NEW', '+')}
        END""",
    "report_dose_delete": f"""
        CREATE TRIGGER report_dose_delete AFTER DELETE ON dose
        WHEN OLD.status = 'active' BEGIN {_dose_remove('OLD')} {_sync_of_dose('OLD', '-')}
        END""",
    # A corrected date of birth moves every active dose of the person to its new age.
    "report_person_dob": f"""
        CREATE TRIGGER report_person_dob AFTER UPDATE OF dob ON person
        WHEN OLD.dob IS NOT NEW.dob BEGIN
            UPDATE report_dose_day SET n = n - (
                SELECT count(*) FROM dose d WHERE d.person_id = NEW.id AND d.status = 'active'
                  AND d.dose_date = report_dose_day.dose_date
                  AND d.product_code = report_dose_day.product_code
                  AND d.dose_number = report_dose_day.dose_number
                  AND {_AGE.format(d='d.dose_date', b='OLD.dob')} = report_dose_day.age)
            WHERE (dose_date, product_code, dose_number, age) IN (
                SELECT d.dose_date, d.product_code, d.dose_number,
                       {_AGE.format(d='d.dose_date', b='OLD.dob')}
                FROM dose d WHERE d.person_id = NEW.id AND d.status = 'active');
            INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
            SELECT d.dose_date, d.product_code, d.dose_number,
                   {_AGE.format(d='d.dose_date', b='NEW.dob')}, count(*)
            FROM dose d WHERE d.person_id = NEW.id AND d.status = 'active'
            GROUP BY 1, 2, 3, 4
            ON CONFLICT DO UPDATE SET n = n + excluded.n;
        END""",
    "report_sync_insert": f"""
        CREATE TRIGGER report_sync_insert AFTER INSERT ON sync_record
        WHEN NEW.entity = 'dose' BEGIN {_sync_state('NEW', '+')}
        END""",
    "report_sync_update": f"""
        CREATE TRIGGER report_sync_update AFTER UPDATE OF state ON sync_record
        WHEN NEW.entity = 'dose'
         AND {_BUCKET.format(s='OLD.state')} IS NOT {_BUCKET.format(s='NEW.state')} BEGIN
            {_sync_state('OLD', '-')} {_sync_state('NEW', '+')}
        END""",
    "report_sync_delete": f"""
        CREATE TRIGGER report_sync_delete AFTER DELETE ON sync_record
        WHEN OLD.entity = 'dose' BEGIN {_sync_state('OLD', '-')}
        END""",
}

# What is already there, counted once (minutes on a 2,000,000-dose file, once).
FILL = (
    f"""INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        SELECT d.dose_date, d.product_code, d.dose_number,
               {_AGE.format(d='d.dose_date', b='p.dob')}, count(*)
        FROM dose d JOIN person p ON p.id = d.person_id
        WHERE d.status = 'active' GROUP BY 1, 2, 3, 4""",
    f"""INSERT INTO report_sync_day (dose_date, state, n)
        SELECT d.dose_date, {_BUCKET.format(s='s.state')}, count(*)
        FROM dose d JOIN sync_record s ON s.entity = 'dose' AND s.record_id = d.id
        WHERE d.status = 'active' GROUP BY 1, 2""",
)


def upgrade() -> None:
    op.create_table(
        "report_dose_day",
        sa.Column("dose_date", sa.Date(), nullable=False),
        sa.Column("product_code", sa.String(32), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dose_date", "product_code", "dose_number", "age",
                                name="pk_report_dose_day"),
    )
    op.create_table(
        "report_sync_day",
        sa.Column("dose_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dose_date", "state", name="pk_report_sync_day"),
    )
    for sql in FILL:
        op.execute(sql)
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("report_sync_day")
    op.drop_table("report_dose_day")
