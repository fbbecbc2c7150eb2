"""A passphrase change that did not happen (refused by a full disk, killed before the file
was re-encrypted) retires nothing: the site goes on under its one passphrase, and its
backups, made before or after, still restore."""

from __future__ import annotations

import pytest

from desktop_app.db import cipher
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.services import backups, restore
from desktop_app.services.passphrase_change import change_passphrase
from tests.child_process import run_killed
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER
from tests.services.test_backups import save

NEW = "mật khẩu mới của trạm"


def doses(path, passphrase):  # noqa: ANN001, ANN201
    with open_database(path, passphrase) as db, db.rows() as conn:
        return sorted(r[0] for r in conn.execute("SELECT id FROM dose"))


def restore_newest_backup(path):  # noqa: ANN001, ANN201
    newest, *_ = backups.available_backups(path)
    return restore.restore_backup(path, newest, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)


def test_killed_before_the_file_changed_key_the_backups_still_restore(db, boss, site):
    """Killed after the change began but before the file was re-encrypted: nothing changed,
    the next start opens the file with the old passphrase, and its backups, all under that
    same passphrase, restore."""
    for n in range(5):
        save(db, n)
    backups.make_backup(db)
    path = db.path
    db.close()
    code = f'''
from desktop_app.db.database import Database
from desktop_app.progress import drain
from desktop_app.services.actor import Actor, Role
from desktop_app.services import passphrase_change
db = open_db()
boss = Actor({boss.user_id!r}, "x", Role.SUPERVISOR)
Database.change_key = killed
drain(passphrase_change.change_passphrase(db, {TEST_PASSPHRASE!r}, {NEW!r}, {NEW!r}, actor=boss))
'''
    run_killed(code, path)
    assert len(doses(path, TEST_PASSPHRASE)) == 5  # nothing changed: the old one opens
    restore_newest_backup(path)
    assert len(doses(path, TEST_PASSPHRASE)) == 5


def test_a_rekey_refused_by_a_full_disk_leaves_the_backups_restorable(db, boss, site,
                                                                      monkeypatch):
    """The rekey writes every page again: on a nearly full disk it fails, and the file
    stays under the old passphrase (test_passphrase_change). A backup made afterwards, in
    the same session, is under that same passphrase and restores."""
    for n in range(5):
        save(db, n)
    backups.make_backup(db)

    def refuse(conn, new):  # noqa: ANN001 - as SQLite says it
        raise cipher.OperationalError("database or disk is full")

    monkeypatch.setattr("desktop_app.db.database.change_key", refuse)
    with pytest.raises(cipher.OperationalError):
        drain(change_passphrase(db, TEST_PASSPHRASE, NEW, NEW, actor=boss))
    save(db, 6)
    backups.make_backup(db)  # made after the change failed, under the only passphrase
    save(db, 7)
    path = db.path
    db.close()
    restore_newest_backup(path)
    assert len(doses(path, TEST_PASSPHRASE)) == 6
