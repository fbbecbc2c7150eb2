"""A restore a kill or a power cut stopped between its renames is finished (or undone) when
the database is next opened (db/interrupted_restore.py); its own message never was shown,
so the opening says what became of it, to whoever starts VaxDesk next."""

from __future__ import annotations

import os
import shutil

from desktop_app.db.database import open_database
from desktop_app.db.interrupted_restore import ASIDE, READY
from desktop_app.services import backups, restore
from tests.keys import TEST_PASSPHRASE
from tests.services.test_backups import save

STAMP = "20261201T080000000000Z"


def stopped_between_renames(db, *, copy_made: bool = True):  # noqa: ANN001, ANN201
    """The files as a restore killed after moving the current file aside leaves them: the
    copy whole beside it (``copy_made``), or not there."""
    save(db, 1)
    copy = backups.make_backup(db).path
    save(db, 2)
    path = db.path
    db.close()
    aside = path.with_name(f"{path.name}{ASIDE}{STAMP}")
    os.replace(path, aside)
    if copy_made:
        shutil.copyfile(copy, path.with_name(path.name + READY))
    return path, aside


def test_a_restore_finished_at_opening_is_said_with_the_file_set_aside(db, site):
    path, aside = stopped_between_renames(db)
    with open_database(path, TEST_PASSPHRASE) as opened:
        said = restore.finished_at_opening(opened, "en")
    assert said is not None and "was finished now, at opening" in said
    assert str(aside) in said  # where the records since the copy are


def test_a_restore_undone_at_opening_is_said(db, site):
    path, _ = stopped_between_renames(db, copy_made=False)
    with open_database(path, TEST_PASSPHRASE) as opened:
        said = restore.finished_at_opening(opened, "vi")
    assert said is not None and "đã được hoàn lại" in said


def test_an_ordinary_opening_says_nothing(db, site):
    assert restore.finished_at_opening(db, "vi") is None
