"""``classify`` on errors the real parts raise, wrapped as they reach the desk or the CLI."""

import errno
import os

import pytest
from sqlalchemy import event

from desktop_app.db.backups import backup_copy
from desktop_app.db.faults import FaultError, Kind, classify, explained
from desktop_app.services.site import set_up_site
from tests.keys import key_of, raw_connect


def test_a_write_while_another_program_holds_the_write_lock_is_named_busy(db, boss):
    @event.listens_for(db.engine, "connect")
    def impatient(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA busy_timeout = 0")  # the same error, without 5 s of wait

    db.engine.dispose()
    holder = raw_connect(db.path)
    holder.execute("BEGIN IMMEDIATE")  # another program's write transaction, left open
    try:
        with pytest.raises(Exception) as caught:
            set_up_site(db, "HN-9", "Trạm", actor=boss)
    finally:
        holder.rollback()
        holder.close()
    fault = classify(caught.value, db.path)
    assert fault.kind is Kind.LOCKED and fault.code == "FAULT_DB_BUSY"
    assert "is held by another program" in fault.message("en")
    named = explained(caught.value, db.path)
    assert isinstance(named, FaultError) and named.__cause__ is caught.value


def test_damage_found_while_running_names_the_backup(db):
    backup = backup_copy(db.path, "manual", key_of(db.path))
    db.engine.dispose()
    size = db.path.stat().st_size
    with open(db.path, "r+b") as f:  # every page but the first, overwritten
        f.seek(4096)
        f.write(os.urandom(size - 4096))
    with pytest.raises(Exception) as caught, db.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM person").all()
    fault = classify(caught.value, db.path)
    assert fault.kind is Kind.DAMAGED and str(backup) in fault.message("vi")


@pytest.mark.parametrize(("number", "kind"), [
    (errno.ENOSPC, Kind.DISK_FULL), (errno.EROFS, Kind.READ_ONLY),
    (errno.EACCES, Kind.NO_PERMISSION)])
def test_os_errors_by_their_number(tmp_path, number, kind):
    exc = OSError(number, os.strerror(number), str(tmp_path / "x.db"))
    assert classify(RuntimeError("wrapped"), None) is None
    try:
        raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        assert classify(wrapped).kind is kind


def test_a_file_at_its_size_limit_is_named_too_large_not_full(tmp_path):
    """EFBIG (a FAT32 drive's 4 GB): freeing space would not help, so it is not said to."""
    exc = OSError(errno.EFBIG, os.strerror(errno.EFBIG), str(tmp_path / "x.db"))
    fault = classify(exc)
    assert fault.kind is Kind.DISK_FULL and fault.code == "FAULT_FILE_TOO_LARGE"


def test_a_bug_is_not_a_fault():
    assert classify(ValueError("a bug")) is None
    assert classify(OSError(errno.ENOENT, "missing")) is None


def test_a_refused_socket_or_a_sentence_of_its_own_is_not_a_file_fault():
    from desktop_app.rules.messages import UserError

    assert classify(PermissionError(errno.EACCES, "Permission denied")) is None  # no file
    try:
        raise UserError("CLI_NOTHING_FOUND") from OSError(errno.ENOSPC, "full", "/x")
    except UserError as said:
        assert classify(said) is None
