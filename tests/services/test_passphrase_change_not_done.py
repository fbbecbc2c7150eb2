"""A passphrase change that did not happen (refused by a full disk, killed before the file
was re-encrypted) retires nothing: the site goes on under its one passphrase, and its
backups, made before or after, still restore."""

from __future__ import annotations

from pathlib import Path

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


def _killed_changing(db, boss, doses_saved, kill):  # noqa: ANN001, ANN202
    """``doses_saved`` doses and a backup, then a passphrase change in a child process,
    killed where ``kill`` (a line of the child's) says; the database's path."""
    for n in range(doses_saved):
        save(db, n)
    backups.make_backup(db)
    path = db.path
    db.close()
    run_killed(f'''
from desktop_app.progress import drain
from desktop_app.services.actor import Actor, Role
from desktop_app.services import passphrase_change
db = open_db()
boss = Actor({boss.user_id!r}, "x", Role.SUPERVISOR)
{kill}
drain(passphrase_change.change_passphrase(db, {TEST_PASSPHRASE!r}, {NEW!r}, {NEW!r}, actor=boss))
''', path)
    return path


def test_killed_before_the_file_changed_key_the_backups_still_restore(db, boss, site):
    """Killed after the change began but before the file was re-encrypted: nothing changed,
    the next start opens the file with the old passphrase, and its backups, all under that
    same passphrase, restore."""
    path = _killed_changing(db, boss, 5, "from desktop_app.db.database import Database\n"
                                          "Database.change_key = killed")
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


def test_a_change_killed_while_the_copies_change_is_finished_at_the_next_opening(
        db, boss, site):
    """Killed while the backups were re-encrypted (a flat battery on a big USB drive): the
    file opened with the new passphrase, nothing said the change was unfinished, the copies
    kept opening with the old passphrase, and when the file was damaged later the backup
    the app named could not be restored. The next opening finishes it and says so."""
    from desktop_app.db.errors import DatabaseDamaged
    from desktop_app.services.opening import said_at_opening

    path = _killed_changing(db, boss, 30, "passphrase_change._change_copy = killed")
    [copy] = backups.available_backups(path)
    with pytest.raises(cipher.WrongPassphrase):  # still under the old passphrase
        cipher.connect(copy, cipher.key_for(copy, NEW))
    with open_database(path, NEW) as again:  # started again as the user would
        said = said_at_opening(again, "vi")
        assert said.startswith("Lần đổi mật khẩu dữ liệu trước đã bị dừng") and "1 bản" in said
        assert said_at_opening(again, "vi") is None  # said once: nothing left
    cipher.connect(copy, cipher.key_for(copy, NEW)).close()
    with open(path, "r+b") as f:  # later, the disk damages a page past the first
        f.seek(3 * 4096)
        f.write(bytes(4096))
    with pytest.raises(DatabaseDamaged) as damaged:
        open_database(path, NEW)
    assert str(copy) in damaged.value.message("vi")
    restore.restore_backup(path, copy, NEW, username=TEST_USER, password=TEST_PASSWORD,
                           set_aside_unsent=True)
    assert len(doses(path, NEW)) == 30


def test_a_damaged_file_names_the_newest_backup_its_passphrase_restores(db, site):
    """The newest copy kept its old passphrase (its drive refused the change: read-only):
    the damaged file's message named it, and the restore it advised was refused. The
    copies the passphrase opens come first, newest first."""
    from desktop_app.db.errors import DatabaseDamaged

    for n in range(3):
        save(db, n)
    older = backups.make_backup(db).path
    newest = backups.make_backup(db).path
    conn = cipher.connect(newest, db.key, isolation_level=None)
    cipher.change_key(conn, cipher.derive_key("mật khẩu cũ của trạm", db.key.salt))
    conn.close()
    path = db.path
    db.close()
    assert backups.available_backups(path)[0] == newest
    with open(path, "r+b") as f:
        f.seek(3 * 4096)
        f.write(bytes(4096))
    with pytest.raises(DatabaseDamaged) as damaged:
        open_database(path, TEST_PASSPHRASE)
    assert damaged.value.backups[0] == older and str(older) in damaged.value.message("en")
    assert backups.restorable_first(path, TEST_PASSPHRASE)[0] == older  # the app offers it


def test_a_copy_rotated_away_before_the_change_is_finished_is_not_made_again(db, site):
    """The next opening finishes a stopped change over the copies it had left; one rotated
    out since is gone, and looking whether it opened made an empty file in its place."""
    from desktop_app.db import sealed_files
    from desktop_app.services import passphrase_change
    from desktop_app.services.opening import said_at_opening

    gone = db.path.with_name(db.path.name + ".bak-auto-20261201T000000000000Z")
    sealed_files.seal(Path(f"{db.path}{passphrase_change.COPIES_LEFT_SUFFIX}"), db.key,
                      passphrase_change._COPIES_LEFT,
                      {"from": "mật khẩu cũ", "to": TEST_PASSPHRASE, "copies": [str(gone)]})
    assert "0 bản" in said_at_opening(db, "vi")
    assert not gone.exists()
