"""The outbox counters that SQLite keeps by trigger stay equal to a real count."""

from sqlalchemy import text

from desktop_app.db.database import open_database
from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import upgrade
from desktop_app.services.status import site_status
from tests.keys import TEST_PASSPHRASE, key_of


def real_counts(conn):
    return dict(conn.execute(text("SELECT state, count(*) FROM sync_record GROUP BY state")).all())


def kept_counts(conn):
    return {s: n for s, n in conn.execute(text("SELECT state, n FROM sync_counter")).all() if n}


def test_counters_follow_inserts_state_changes_and_deletes(db):
    with db.engine.begin() as conn:
        for i in range(5):
            conn.execute(text(
                "INSERT INTO sync_record (entity, record_id, state, local_version,"
                " synced_version, attempts, changed_at) VALUES ('dose', :i, 'pending', 1, 0, 0,"
                " '2022-01-01')"), {"i": str(i)})
        conn.execute(text("UPDATE sync_record SET state = 'synced' WHERE record_id IN ('0','1')"))
        conn.execute(text("UPDATE sync_record SET state = 'rejected' WHERE record_id = '2'"))
        conn.execute(text("UPDATE sync_record SET attempts = 3"))  # not a state change
        conn.execute(text("DELETE FROM sync_record WHERE record_id = '3'"))
        assert kept_counts(conn) == real_counts(conn) == {"synced": 2, "rejected": 1,
                                                           "pending": 1}
    status = site_status(db)
    assert (status.pending, status.rejected, status.conflicts) == (1, 1, 0)


def test_the_migration_counts_records_that_already_exist(db_path):
    engine = make_engine(db_path, key_of(db_path))
    upgrade(engine, "0002")
    with engine.begin() as conn:
        for i, state in enumerate(["pending", "pending", "synced"]):
            conn.execute(text(
                "INSERT INTO sync_record (entity, record_id, state, local_version,"
                " synced_version, attempts, changed_at) VALUES ('dose', :i, :s, 1, 0, 0,"
                " '2022-01-01')"), {"i": str(i), "s": state})
    engine.dispose()
    with open_database(db_path, TEST_PASSPHRASE) as db, db.engine.connect() as conn:
        assert kept_counts(conn) == {"pending": 2, "synced": 1}
