"""Each person carries their last active dose, and the name index carries it too, so a desk
search reads a few index pages and nothing else; folded (merged) people leave the index.

A search's 20 hits each showed their last dose, read from the dose index: 20 leaf pages
scattered over a 2,000,000-dose index, each one decrypted and its HMAC checked (SQLCipher).
That was most of what encryption added to a search (+30 to +35 % at the median, issue #14).
The three columns are kept by triggers in the transaction of every change to a dose, exact
by construction as the report tallies are (migration 0013); the bulk writer sets the insert
trigger aside and recomputes its chunk's people in one statement (db/bulk_sql.py).

"Last" is the latest active dose by (date, number), as the search has always shown it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The person's latest active dose, or three NULLs when there is none.
RECOMPUTE = """
    UPDATE person SET (last_dose_number, last_dose_date, last_product_code) = (
        SELECT d.dose_number, d.dose_date, d.product_code FROM dose d
        WHERE d.person_id = person.id AND d.status = 'active'
        ORDER BY d.dose_date DESC, d.dose_number DESC LIMIT 1)
    WHERE id IN ({ids})"""

INSERT_TRIGGER = "person_last_dose_insert"

TRIGGERS = {
    # A new dose replaces the shown one only when it is later: one row updated, no scan.
    INSERT_TRIGGER: """
        CREATE TRIGGER person_last_dose_insert AFTER INSERT ON dose
        WHEN NEW.status = 'active' BEGIN
            UPDATE person SET last_dose_number = NEW.dose_number,
                              last_dose_date = NEW.dose_date,
                              last_product_code = NEW.product_code
            WHERE id = NEW.person_id
              AND (last_dose_date IS NULL
                   OR (NEW.dose_date, NEW.dose_number) >= (last_dose_date, last_dose_number));
        END""",
    # A void, a correction or a move (merge) may uncover an earlier dose: recount both people.
    "person_last_dose_update": f"""
        CREATE TRIGGER person_last_dose_update
        AFTER UPDATE OF status, dose_date, dose_number, product_code, person_id ON dose BEGIN
            {RECOMPUTE.format(ids="OLD.person_id, NEW.person_id")};
        END""",
    "person_last_dose_delete": f"""
        CREATE TRIGGER person_last_dose_delete AFTER DELETE ON dose BEGIN
            {RECOMPUTE.format(ids="OLD.person_id")};
        END""",
}

_NAME_INDEX = ["name_key", "dob", "id", "full_name", "sex", "id_type", "id_number", "phone"]
LAST_DOSE = ["last_dose_number", "last_dose_date", "last_product_code"]


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch "move and copy" would drop person's triggers.
    op.add_column("person", sa.Column("last_dose_number", sa.Integer()))
    op.add_column("person", sa.Column("last_dose_date", sa.Date()))
    op.add_column("person", sa.Column("last_product_code", sa.String(32)))
    op.drop_index("ix_person_name_key", "person")
    op.execute(RECOMPUTE.format(ids="SELECT DISTINCT person_id FROM dose"
                                    " WHERE status = 'active'"))
    op.create_index("ix_person_name_key", "person", _NAME_INDEX + LAST_DOSE,
                    sqlite_where=sa.text("merged_into IS NULL"))
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_person_name_key", "person")
    op.create_index("ix_person_name_key", "person", _NAME_INDEX)
    for column in LAST_DOSE:
        op.drop_column("person", column)
