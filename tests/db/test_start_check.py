"""The start-up check: a file exactly as VaxDesk closed it after a passed check is ready to
save at once; any other file is checked in full before the first save; damage is still
found and named, by the full check that runs later."""

import os
import threading
from datetime import timedelta

import pytest

from desktop_app.db import clean_check
from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseDamaged
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests.db.test_opening import _damage
from tests.keys import TEST_PASSPHRASE, raw_connect


def _opened(db_path):
    return open_database(db_path, TEST_PASSPHRASE, defer_integrity_check=True)


def test_a_cleanly_closed_file_is_ready_to_save_at_once(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()  # checked (a new file), closed: recorded
    assert clean_check.record_path(db_path).exists()
    with _opened(db_path) as db:
        assert db.integrity_checked and db.trusted_unchanged  # no full check waited for
        set_up_site(db, "HN-1", "Trạm Y tế", actor=AT_THIS_LAPTOP)  # a save, at once
    with _opened(db_path) as db:  # the session's saves were VaxDesk's own: still trusted
        assert db.trusted_unchanged
        db.check_integrity()  # the check run when idle passes and refreshes the record
        assert not db.trusted_unchanged and db.integrity_checked


def _a_page_of(db_path):
    """The person table's page: damage there is found by the check, not at opening (page 1
    and the schema's pages fail at once, whatever the record says)."""
    with raw_connect(db_path) as conn:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'person'") \
            .fetchone()[0]


def test_a_file_changed_by_another_program_is_checked_before_any_save(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    with raw_connect(db_path) as conn:  # changed behind VaxDesk's back
        conn.execute("UPDATE sync_counter SET n = n + 1")
    with _opened(db_path) as db:
        assert not db.integrity_checked and not db.trusted_unchanged


def test_damage_with_its_modification_time_put_back_is_still_checked(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    before = os.stat(db_path)
    _damage(db_path, page=_a_page_of(db_path))
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    with _opened(db_path) as db:
        assert not db.integrity_checked  # the change time gave it away
        with pytest.raises(DatabaseDamaged) as caught:
            db.check_integrity()
        assert "bị hỏng" in caught.value.message("vi")
        with pytest.raises(DatabaseDamaged):
            set_up_site(db, "HN-1", "Trạm Y tế", actor=AT_THIS_LAPTOP)


def test_damage_no_look_at_the_file_can_see_is_found_by_the_later_check(db_path):
    """Bit rot on the disk moves no time stamp: the file is trusted at start, saves go, and
    the full check run when idle finds the damage, names it, and refuses the next save."""
    open_database(db_path, TEST_PASSPHRASE).close()
    checked = clean_check.trusted_since(db_path)
    _damage(db_path, page=_a_page_of(db_path))
    clean_check.remember(db_path, checked)  # as if the disk, not a program, changed it
    with _opened(db_path) as db:
        assert db.trusted_unchanged
        checking = threading.Thread(target=lambda: pytest.raises(DatabaseDamaged,
                                                                 db.check_integrity))
        checking.start()
        checking.join(30)
        assert not db.integrity_checked
        with pytest.raises(DatabaseDamaged) as caught:
            set_up_site(db, "HN-1", "Trạm Y tế", actor=AT_THIS_LAPTOP)
        assert "bị hỏng" in caught.value.message("vi")
    assert not clean_check.record_path(db_path).exists()  # never trusted again
    with pytest.raises(DatabaseDamaged):
        open_database(db_path, TEST_PASSPHRASE)


def test_a_file_left_by_a_crash_is_checked_before_any_save(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    db = _opened(db_path)
    set_up_site(db, "HN-1", "Trạm Y tế", actor=AT_THIS_LAPTOP)
    # the process dies here: no clean close, the record is the old one
    db._lock.release()
    db._lock = None
    with raw_connect(db_path) as conn:  # a reader keeps the write-ahead log alive
        conn.execute("SELECT count(*) FROM site").fetchone()
        assert clean_check.trusted_since(db_path) is None


def test_a_record_older_than_a_week_means_a_full_check(db_path, monkeypatch):
    open_database(db_path, TEST_PASSPHRASE).close()
    checked = clean_check.trusted_since(db_path)
    later = checked + clean_check.RECHECK_AFTER + timedelta(minutes=1)
    monkeypatch.setattr(clean_check, "utc_now", lambda: later)
    with _opened(db_path) as db:
        assert not db.integrity_checked
