"""Opening a site database: pragmas, one instance at a time, and damaged files refused."""

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from desktop_app.db import clean_check
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseDamaged, DatabaseLocked, DatabaseTooNew
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.keys import TEST_PASSPHRASE, key_of, raw_connect


def test_durability_pragmas_are_on(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_second_instance_in_another_process_is_refused(db_path):
    db = open_database(db_path, TEST_PASSPHRASE)
    try:
        probe = textwrap.dedent(f"""
            from desktop_app.db.database import open_database
            from desktop_app.db.errors import DatabaseLocked
            try:
                open_database({str(db_path)!r}, {TEST_PASSPHRASE!r})
            except DatabaseLocked as exc:
                print("LOCKED", exc.message("vi"))
        """)
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        assert out.startswith("LOCKED")
        assert "đang được mở trong một cửa sổ VaxDesk khác" in out
    finally:
        db.close()
    open_database(db_path, TEST_PASSPHRASE).close()  # released on close


def test_a_second_instance_in_the_same_process_is_refused(db_path):
    with open_database(db_path, TEST_PASSPHRASE), pytest.raises(DatabaseLocked):
        open_database(db_path, TEST_PASSPHRASE)


def _damage(path, page=1):
    """Overwrite the start of a page (4096 bytes each): page 1 holds the salt, so damage there
    looks like a wrong passphrase to SQLCipher; any other page fails the integrity check."""
    with open(path, "r+b") as f:
        f.seek((page - 1) * 4096 + (16 if page == 1 else 0))
        f.write(b"this is not a database file at all" * 4)


def test_a_damaged_file_stops_the_app_and_is_left_untouched(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    backup = backup_copy(db_path, "manual", key_of(db_path))
    _damage(db_path)
    before = db_path.read_bytes()

    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, TEST_PASSPHRASE)

    assert db_path.read_bytes() == before  # never re-created or "repaired"
    message = caught.value.message("vi")
    assert "bị hỏng" in message and str(backup) in message
    assert str(backup) in caught.value.message("en")
    db_path.write_bytes(backup.read_bytes())  # the restore the message describes
    # works, so the failed open released its lock too
    open_database(db_path, TEST_PASSPHRASE).close()


def test_a_damaged_file_without_backups_says_to_call_support(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    _damage(db_path, page=3)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db_path, TEST_PASSPHRASE)
    assert "Không tìm thấy bản sao lưu" in caught.value.message("vi")


def test_a_schema_from_a_newer_version_is_refused(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    with raw_connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseTooNew):
        open_database(db_path, TEST_PASSPHRASE)


def test_a_deferred_check_lets_reads_run_and_makes_writes_wait_for_it(db_path, tmp_path):
    from desktop_app.services.site import set_up_site

    open_database(db_path, TEST_PASSPHRASE).close()
    clean_check.forget(db_path)  # no clean check on record (tests/db/test_start_check.py)
    db = open_database(db_path, TEST_PASSPHRASE, defer_integrity_check=True)
    try:
        assert not db.integrity_checked
        with db.engine.connect() as conn:  # reads do not wait
            assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 0
        import threading
        wrote = threading.Event()
        writer = threading.Thread(target=lambda: (set_up_site(db, "A", "B",
                                                              actor=AT_THIS_LAPTOP), wrote.set()))
        writer.start()
        assert not wrote.wait(0.3)  # the write waits for the verdict...
        db.check_integrity()
        writer.join(10)
        assert wrote.is_set() and db.integrity_checked  # ...and goes ahead after a pass
    finally:
        db.close()


def test_after_a_failed_deferred_check_every_write_is_refused(db_path):
    from desktop_app.services.site import set_up_site

    open_database(db_path, TEST_PASSPHRASE).close()
    db = open_database(db_path, TEST_PASSPHRASE, defer_integrity_check=True)
    try:
        _damage(db_path)
        with pytest.raises(DatabaseDamaged):
            db.check_integrity()
        with pytest.raises(DatabaseDamaged):
            set_up_site(db, "A", "B", actor=AT_THIS_LAPTOP)
    finally:
        db.close()
