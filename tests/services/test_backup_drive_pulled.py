"""A USB stick pulled out while ``vaxdesk backup`` / *Back up now* writes its copy (found by a
review): `vaxdesk backup` ended in a traceback with exit 1 (read by scripts as "done, rows
need a person"), the app in "Something went wrong: [Errno 2] …part". Now one sentence
naming the drive, and exit 11.

The pull itself is the one boundary a test cannot make: the stick's folder vanishes (as
the desktop unmounts it) right after SQLite has written the copy's pages, before the copy
is flushed and renamed. Everything else is real: the database file, the CLI's main(), the
service the app's Back up now calls."""

from __future__ import annotations

import pytest

from desktop_app import cli, exit_codes
from desktop_app.db import backups as db_backups
from desktop_app.db.faults import classify
from desktop_app.progress import drain
from desktop_app.services import backups
from tests.services.test_backups import save


@pytest.fixture
def pulled_mid_copy(monkeypatch, usb):
    real = db_backups._copy

    def copy_then_pull(path, part, key, report):  # noqa: ANN001
        real(path, part, key, report)
        if part.parent == usb:
            usb.rename(usb.with_name("usb-gone"))  # the stick is out: its folder is gone

    monkeypatch.setattr(db_backups, "_copy", copy_then_pull)
    return usb


def test_cli_backup_with_the_stick_pulled_is_a_sentence_and_a_fault_code(
        db, site, pulled_mid_copy, capsys):
    save(db, 1)
    path = db.path
    db.close()
    code = cli.main(["--db", str(path), "--lang", "en", "backup"])
    err = capsys.readouterr().err
    # One sentence naming the drive and exit 11 (the disk reported a read or write error),
    # as every other fault of the machine.
    assert code == exit_codes.DISK_ERROR, (code, err)
    assert str(pulled_mid_copy) in err and "USB drive pulled out" in err, err
    assert "Traceback" not in err and "your data is safe" in err


def test_back_up_now_with_the_stick_pulled_names_the_drive(db, site, pulled_mid_copy):
    """The app's Back up now: the failure must be a named fault (its own dialog and
    words, "a USB drive pulled out…"), not "Something went wrong: [Errno 2] …part"."""
    save(db, 1)
    with pytest.raises(Exception) as failed:
        drain(backups.back_up_now(db, actor=db.supervisor))
    fault = classify(failed.value, db.path)
    assert fault is not None and fault.code == "FAULT_BACKUP_DRIVE_GONE", repr(failed.value)
    assert fault.params == {"folder": pulled_mid_copy}
