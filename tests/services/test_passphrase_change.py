"""Changing the data passphrase: the file and its copies re-encrypted, the old passphrase
opening none of them, only by a supervisor, audited, and nothing changed when refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop_app import settings
from desktop_app.db import cipher
from desktop_app.db.database import open_database
from desktop_app.db.errors import WrongPassphrase
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError
from desktop_app.services import accounts, audit, backups, restore
from desktop_app.services.actor import Actor, NotAllowed, Role
from desktop_app.services.passphrase_change import change_passphrase, check_change
from desktop_app.services.search import search_people
from tests.keys import TEST_PASSPHRASE
from tests.services.test_backups import save

NEW = "mật khẩu mới của trạm"


def change(db, actor, current=TEST_PASSPHRASE, new=NEW, again=NEW):  # noqa: ANN001, ANN201
    return drain(change_passphrase(db, current, new, again, actor=actor))


def last_entry(db):  # noqa: ANN001, ANN201
    with db.rows() as conn:
        return conn.execute("SELECT action, user_id FROM audit_entry ORDER BY id DESC"
                            " LIMIT 1").fetchone()


def opens(path: Path, passphrase: str) -> bool:
    try:
        cipher.connect(path, cipher.key_for(path, passphrase)).close()
    except WrongPassphrase:
        return False
    return True


def test_the_file_and_its_backups_open_with_the_new_passphrase_only(db, boss, site):
    save(db, 1)
    first = backups.make_backup(db).path
    second = backups.make_backup(db, backups.ON_REQUEST).path

    done = change(db, boss)

    assert done.copies_changed == 2 and done.copies_kept == []
    assert last_entry(db) == ("passphrase", boss.user_id)
    assert audit.describe("passphrase", {"copies": 2, "kept": 0}, "vi") == \
        "Đổi mật khẩu dữ liệu: 2 bản sao được mã hóa lại, 0 bản giữ mật khẩu cũ"
    for path in (db.path, first, second):
        assert opens(path, NEW) and not opens(path, TEST_PASSPHRASE), path
    # The app goes on with the same Database: its reads and writes use the new key.
    save(db, 2)
    with db.rows() as conn:
        assert conn.execute("SELECT count(*) FROM dose").fetchone()[0] == 2
    assert search_people(db, "001090000002")
    assert audit.verify_audit(db).intact
    db.close()
    with pytest.raises(WrongPassphrase):
        open_database(db.path, TEST_PASSPHRASE)
    with open_database(db.path, NEW) as again, again.rows() as conn:
        assert conn.execute("SELECT count(*) FROM dose").fetchone()[0] == 2
    assert restore.check_backup(first, NEW)


@pytest.mark.parametrize(("current", "new", "again", "code"), [
    ("không phải mật khẩu", NEW, NEW, "PASSPHRASE_CURRENT_WRONG"),
    (TEST_PASSPHRASE, "ngắn", "ngắn", "DB_PASSPHRASE_SHORT"),
    (TEST_PASSPHRASE, NEW, NEW + "!", "DB_PASSPHRASE_DIFFERS"),
    (TEST_PASSPHRASE, TEST_PASSPHRASE, TEST_PASSPHRASE, "PASSPHRASE_UNCHANGED"),
])
def test_a_refused_change_changes_nothing(db, boss, site, current, new, again, code):
    copy = backups.make_backup(db).path
    with pytest.raises(UserError) as refused:
        change(db, boss, current, new, again)
    assert refused.value.code == code
    assert opens(db.path, TEST_PASSPHRASE) and opens(copy, TEST_PASSPHRASE)
    assert last_entry(db)[0] != "passphrase"


def test_only_a_supervisor_may_change_it(db, boss, site):
    account = accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu của lan", actor=boss)
    clerk = Actor(account.id, account.full_name, Role.CLERK)
    with pytest.raises(NotAllowed):
        check_change(db, TEST_PASSPHRASE, NEW, NEW, actor=clerk)
    with pytest.raises(NotAllowed):
        change(db, clerk)
    assert opens(db.path, TEST_PASSPHRASE)


def test_a_copy_under_an_older_passphrase_is_named_not_touched(db, boss, site, tmp_path):
    stranger = db.path.with_name(f"{db.path.name}{backups.ASIDE}20240101T000000Z")
    older = cipher.key_for(stranger, "một mật khẩu cũ hơn")
    cipher.connect(stranger, older).execute("CREATE TABLE t (x)").connection.close()
    before = stranger.read_bytes()

    done = change(db, boss)

    assert done.copies_kept == [stranger]
    assert stranger.read_bytes() == before
    lines = done.messages("vi")
    assert any(stranger.name in line for line in lines)


def test_a_backup_drive_not_plugged_in_is_said(db, boss, site, tmp_path):
    drive = tmp_path / "usb" / "VaxDesk"
    settings.write_preference(settings.BACKUP_FOLDER, str(drive))
    done = change(db, boss)
    assert done.folder_missing == drive
    assert any(str(drive) in line for line in done.messages("en"))


def test_the_environment_giving_the_old_one_is_said(db, boss, site):
    # conftest puts TEST_PASSPHRASE in VAXDESK_DB_PASSPHRASE, as a kiosk script would.
    done = change(db, boss)
    assert done.from_environment
    assert "VAXDESK_DB_PASSPHRASE" in done.messages("en")[-1]


def test_a_failed_rekey_leaves_the_old_key_working(db, boss, site, monkeypatch):
    save(db, 3)

    def refuse(conn, new):  # noqa: ANN001 - the disk filling up part-way, as SQLite says it
        raise cipher.OperationalError("database or disk is full")

    monkeypatch.setattr("desktop_app.db.database.change_key", refuse)
    with pytest.raises(cipher.OperationalError):
        change(db, boss)
    save(db, 4)  # the engine still opens connections under the old key
    assert opens(db.path, TEST_PASSPHRASE)
    assert last_entry(db)[0] != "passphrase"


def test_a_date_stays_a_date(db, boss, site):
    """Guard for the rows the new engine reads back: its connections are set up as before
    (type adapters, foreign keys), not bare ones."""
    save(db, 5)
    change(db, boss)
    with db.reading() as s:
        from desktop_app.db.models import Dose

        assert isinstance(s.query(Dose).one().dose_date, date)
    with db.rows() as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_old_passphrase_is_told_as_replaced_even_after_a_crash_part_way(db, boss, site,
                                                                            monkeypatch):
    """Killed after the file was re-encrypted but before its backups: the old passphrase
    still opens them, and to SQLCipher the file then looks damaged. It is said to be the
    old passphrase, not "damaged, restore the newest backup" (a copy under it)."""
    from desktop_app.db.errors import DatabaseDamaged, PassphraseReplaced
    from desktop_app.services import passphrase_change

    old_copy = backups.make_backup(db).path

    def killed(*_args):  # the process dies here, as a power cut would
        raise SystemExit("killed")

    monkeypatch.setattr(passphrase_change, "_change_copy", killed)
    with pytest.raises(SystemExit):
        change(db, boss)
    db.close()
    assert opens(old_copy, TEST_PASSPHRASE)  # not re-encrypted yet
    with pytest.raises(PassphraseReplaced) as told:
        open_database(db.path, TEST_PASSPHRASE)
    assert not isinstance(told.value, DatabaseDamaged)
    assert "mật khẩu dữ liệu cũ" in told.value.message("vi")
    with open_database(db.path, NEW):
        pass
    # Nor may that copy be restored over the changed file: the change would be undone.
    from tests.keys import TEST_PASSWORD, TEST_USER

    with pytest.raises(UserError) as refused:
        restore.restore_backup(db.path, old_copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD)
    assert refused.value.code == "BACKUP_PASSPHRASE_REPLACED"
    assert opens(db.path, NEW)


def test_unfinished_copies_under_the_old_passphrase_are_deleted(db, boss, site, tmp_path):
    """A backup killed before its rename leaves ``.part``; a restore killed before its
    rename, ``.restoring``: never put in place, yet whole enough to read with the old
    passphrase. The change deletes them (both backup places), and says how many."""
    import shutil

    save(db, 1)
    drive = tmp_path / "usb"
    drive.mkdir()
    settings.write_preference(settings.BACKUP_FOLDER, str(drive))
    made = backups.make_backup(db).path
    on_drive = made.with_name(made.name + ".part")
    beside = db.path.with_name(f"{made.name}.part")
    restoring = db.path.with_name(db.path.name + backups.RESTORING)
    for leftover in (on_drive, beside, restoring):
        shutil.copyfile(made, leftover)
    journal = Path(f"{restoring}-journal")
    journal.write_bytes(b"")
    assert opens(restoring, TEST_PASSPHRASE)
    ours_unrelated = tmp_path / "usb" / "another.db.part"
    ours_unrelated.write_bytes(b"not ours")

    done = change(db, boss)

    assert not any(p.exists() for p in (on_drive, beside, restoring, journal))
    assert ours_unrelated.exists()  # another database's file is none of ours
    assert done.unfinished_removed == 3 and done.copies_changed == 1
    assert any("3 bản sao dở dang" in line for line in done.messages("vi"))
    assert any("3 unfinished copies" in line and "were deleted" in line
               for line in done.messages("en"))
    with db.rows() as conn:
        file, copies = [json.loads(d) for (d,) in conn.execute(
            "SELECT details FROM audit_entry WHERE action = 'passphrase' ORDER BY id")]
    assert audit.describe("passphrase", file, "en").endswith(
        "the database file re-encrypted, 1 copy to re-encrypt next, 3 unfinished deleted")
    assert audit.describe("passphrase", copies, "en").endswith(
        "1 copy re-encrypted, 0 kept their older passphrase")
    assert opens(made, NEW)


def test_a_plain_copy_from_before_encryption_is_encrypted_under_the_new_one(db, boss, site):
    """A copy made by a version before encryption is a plain SQLite file anyone can read;
    the change encrypts it under the new passphrase, its rows intact."""
    import sqlite3

    plain = db.path.with_name(f"{db.path.name}{backups.ASIDE}20210801T000000Z")
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE dose (id TEXT)")
        conn.executemany("INSERT INTO dose VALUES (?)", [("a",), ("b",)])
    conn.close()
    assert cipher.is_plain(plain)

    done = change(db, boss)

    assert not cipher.is_plain(plain)
    assert done.copies_changed == 1 and done.copies_kept == []
    assert opens(plain, NEW) and not opens(plain, TEST_PASSPHRASE)
    conn = cipher.connect(plain, cipher.key_for(plain, NEW))
    assert conn.execute("SELECT count(*) FROM dose").fetchone()[0] == 2
    conn.close()



def test_a_leftover_the_drive_will_not_delete_is_named_and_the_change_completes(db, boss, site):
    """Before, one leftover that could not be deleted raised after the database was
    re-keyed: no copy changed, no audit entry, and the app said nothing had changed. (Here a
    folder in a leftover's name: unlink refuses it, as a write-protected drive would.)"""
    made = backups.make_backup(db).path
    stuck = made.with_name(made.name + ".part")
    stuck.mkdir()

    done = change(db, boss)

    assert done.copies_changed == 1 and opens(made, NEW)
    assert done.copies_kept == [stuck] and done.unfinished_removed == 0
    assert any(stuck.name in line for line in done.messages("vi"))
    assert last_entry(db) == ("passphrase", boss.user_id)


def test_a_copy_whose_encryption_was_cut_short_is_no_backup_and_is_deleted(db, boss, site):
    """``<copy>.encrypting``, left by an encryption of an old plain copy that stopped (a
    full drive): before, it was listed as the newest backup (and rotation kept it over a
    real one), and no passphrase change deleted it."""
    made = backups.make_backup(db).path
    cut = made.with_name(made.name + cipher.ENCRYPTING)
    cut.write_bytes(made.read_bytes()[:8192])

    assert backups.available_backups(db.path) == [made]
    done = change(db, boss)

    assert not cut.exists() and done.unfinished_removed == 1


def test_a_backup_folder_that_is_the_data_folder_by_another_name_counts_once(db, boss, site,
                                                                             tmp_path):
    """Before, every copy and leftover was found twice: the second re-key of a copy already
    changed failed, and it was named as keeping its older passphrase."""
    link = tmp_path / "same-folder"
    link.symlink_to(db.path.parent, target_is_directory=True)
    settings.write_preference(settings.BACKUP_FOLDER, str(link))
    made = backups.make_backup(db).path
    leftover = db.path.parent / f"{made.name}.part"
    leftover.write_bytes(b"half a copy")

    assert len(backups.available_backups(db.path)) == 1
    done = change(db, boss)

    assert (done.copies_changed, done.copies_kept, done.unfinished_removed) == (1, [], 1)


class PowerCut(BaseException):
    """The laptop switched off (or the process killed) mid-way."""


def test_a_change_cut_short_while_the_copies_change_still_says_who_changed_it(
        db, boss, site, monkeypatch):
    """Cut off while the copies are re-encrypted (a big USB drive, a flat battery), the
    database opens only with the new passphrase: its audit trail says who changed it, and
    when, as a supervisor reading it later sees. Before, the entry came after the copies
    and a change cut short left none."""
    from desktop_app.services import passphrase_change

    save(db, 1)
    backups.make_backup(db)

    def cut(*_args: object) -> bool:
        raise PowerCut

    monkeypatch.setattr(passphrase_change, "_change_copy", cut)
    with pytest.raises(PowerCut):
        change(db, boss)
    path = db.path
    db.close()
    with open_database(path, NEW) as reopened, reopened.rows() as conn:
        entries = conn.execute("SELECT action, user_id, details FROM audit_entry"
                               " WHERE action = 'passphrase'").fetchall()
    assert [(action, who) for action, who, _ in entries] == [("passphrase", boss.user_id)]
    assert audit.describe("passphrase", json.loads(entries[0][2]), "vi") == \
        "Đổi mật khẩu dữ liệu: đã mã hóa lại tệp cơ sở dữ liệu; tiếp theo mã hóa lại 1 bản sao"


TYPED = {"full_name": "Hoàng Thị Mai", "id_number": "001188000777", "phone": "0912345678"}


def test_the_desks_kept_form_is_sealed_under_the_new_passphrase(db, boss, site, tmp_path):
    """The form kept when the app was killed mid-visit (names, ID numbers) is sealed with a
    key from the database's: after the change the clerk gets it back, and the old
    passphrase, which someone who left may know, no longer opens it."""
    from desktop_app.db import sealed_files
    from desktop_app.services import desk_draft

    desk_draft.keep(db, None, TYPED, {"lot_number": "FK1"}, actor=boss)
    before = desk_draft.read(db)
    old_key = db.key
    done = change(db, boss)
    assert not done.draft_removed
    taken = tmp_path / "taken-draft"  # a copy someone who left took away
    taken.write_bytes(desk_draft.path_of(db).read_bytes())
    assert sealed_files.unseal(taken, old_key, b"vaxdesk desk draft v1") is None
    path = db.path
    db.close()
    with open_database(path, NEW) as again:
        assert desk_draft.read(again) == before  # who typed it and when, as they were


def test_a_kept_form_that_cannot_be_sealed_again_is_deleted_and_said(db, boss, site,
                                                                     monkeypatch):
    from desktop_app.services import desk_draft

    desk_draft.keep(db, None, TYPED, {}, actor=boss)

    def full(db, draft):  # noqa: ANN001, ANN202 - the disk full as the form is written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(desk_draft, "seal_again", full)
    done = change(db, boss)
    assert done.draft_removed and not desk_draft.path_of(db).exists()
    assert any("type it again" in line for line in done.messages("en"))
