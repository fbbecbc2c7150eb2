"""What a restore names as never sent, found in the copy by its index (review 33)."""

from __future__ import annotations

from desktop_app.db import cipher
from desktop_app.services.restore_unsent import unsent_in
from tests.cleaning.people import paper


class Recording:
    """The copy's DB-API connection, its queries kept to be explained."""

    def __init__(self, conn) -> None:
        self.conn, self.queries = conn, []

    def execute(self, sql, params=()):
        self.queries.append((sql, list(params)))
        return self.conn.execute(sql, params)


def test_the_copy_is_looked_up_by_index_not_scanned_once_per_500_unsent(db, site):
    """The copy's sync_record is keyed (entity, record_id); unsent_in asks it
    'WHERE record_id IN (500 ids)' without the entity, which the key cannot serve: SQLite
    scans the whole table (2,000,000 rows at a site of 1,000,000 people) once per 500
    unsent records, both in the restore's check and inside the restore itself. A day's
    offline backfill of 100,000 doses is 200 full scans before the confirmation shows."""
    paper(db, full_name="Lê Thị Hoa")
    paper(db, full_name="Trần Văn Nam", id_number="")
    copy = Recording(cipher.connect(db.path, db.key))
    try:
        found = unsent_in(db.path, db.key, copy)
        plans = {sql: [row[-1] for row in copy.conn.execute("EXPLAIN QUERY PLAN " + sql,
                                                            params)]
                 for sql, params in copy.queries if "record_id IN" in sql}
    finally:
        copy.conn.close()
    assert not found and plans  # the copy is the file itself: nothing lacking
    scans = {sql: plan for sql, plan in plans.items()
             if any(step.startswith("SCAN sync_record") for step in plan)}
    assert not scans, scans
