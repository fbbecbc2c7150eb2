"""A read that meets a damaged page names the damage, and so does every read after it.

SQLCipher leaves the connection that met such a page answering every later page read, of
any table, with SQLITE_NOMEM: a bare ``MemoryError`` whose words are empty. Put back in the
pool, that connection made the next operation to take it (the audit check at start) show
"not completed:" with nothing after it, before the damaged-file message (seen once in CI).
Real SQLCipher files damaged on disk, read through the real services and pool."""

import pytest
from sqlalchemy import text

from desktop_app.db import clean_check
from desktop_app.db.database import open_database
from desktop_app.db.faults import Kind, classify, explained
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import verify_audit
from desktop_app.services.search import search_people
from desktop_app.services.site import set_up_site
from tests.db.test_opening import _damage
from tests.db.test_start_check import _a_page_of
from tests.keys import TEST_PASSPHRASE, add_test_supervisor, raw_connect


@pytest.fixture
def damaged(db_path):
    """A file trusted unchanged since a clean close whose person table has rotted: opened as
    the app opens it, ready to read before the full check has run."""
    with open_database(db_path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-1", "Trạm Y tế", actor=AT_THIS_LAPTOP)
        add_test_supervisor(db)
    checked = clean_check.trusted_since(db_path)
    _damage(db_path, page=_a_page_of(db_path))
    clean_check.remember(db_path, checked)
    with open_database(db_path, TEST_PASSPHRASE, defer_integrity_check=True) as db:
        yield db


def _read_people(db):
    with db.reading() as s:
        return s.execute(text("SELECT * FROM person")).all()


def _names_the_damage(exc, db_path):
    fault = classify(exc, db_path)
    assert fault is not None and fault.kind is Kind.DAMAGED, repr(exc)
    said = explained(exc, db_path).message("vi")
    assert "bị hỏng" in said and str(db_path) in said


def test_the_driver_leaves_a_connection_that_met_damage_wordless(db_path, damaged):
    """What the fix stands on: if this stops holding (a newer SQLCipher), the pool's discard
    of such connections is harmless but no longer needed."""
    with raw_connect(db_path) as conn:
        with pytest.raises(Exception) as met:
            conn.execute("SELECT * FROM person").fetchall()
        _names_the_damage(met.value, db_path)
        with pytest.raises(MemoryError) as after:
            conn.execute("SELECT * FROM audit_head").fetchall()
        assert str(after.value) == ""


def test_after_a_read_met_damage_the_other_tables_still_read(db_path, damaged):
    with pytest.raises(Exception) as met:
        _read_people(damaged)
    _names_the_damage(met.value, db_path)
    # the connection it met the damage on is not handed to the next read
    assert verify_audit(damaged).intact
    assert search_people(damaged, "Hoa") == []
    with pytest.raises(Exception) as again:
        _read_people(damaged)
    _names_the_damage(again.value, db_path)


def test_after_a_hot_read_met_damage_the_other_tables_still_read(db_path, damaged):
    """The same through Database.rows(), the desk's raw connection beside SQLAlchemy's."""
    with pytest.raises(Exception) as met, damaged.rows() as conn:
        conn.execute("SELECT * FROM person").fetchall()
    _names_the_damage(met.value, db_path)
    assert verify_audit(damaged).intact
    assert search_people(damaged, "Hoa") == []
    with pytest.raises(Exception) as again, damaged.rows() as conn:
        conn.execute("SELECT * FROM person").fetchall()
    _names_the_damage(again.value, db_path)
