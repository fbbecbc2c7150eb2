"""Two laptops of a site with one backup folder (a USB drive both use): each rotates and
re-encrypts only its own database's copies, offers its own first, says whose a copy is, and
restores another database's copy only when that is confirmed. Old copies (made before
copies said whose they are) stay restorable. And the folder is chosen through a service that
checks and audits it, a copy asked for in the app reports its progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app import settings
from desktop_app.db import cipher
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError
from desktop_app.services import accounts, backups, restore
from desktop_app.services.actor import AT_THIS_LAPTOP, NotAllowed, Role
from desktop_app.services.passphrase_change import change_passphrase
from desktop_app.services.site import set_up_site
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, add_test_supervisor
from tests.services.test_backups import count, save

NEW = "mật khẩu mới của trạm A"


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    settings.write_preference(settings.BACKUP_FOLDER, str(folder))
    settings.write_preference(settings.BACKUPS_KEPT, 3)
    return folder


@pytest.fixture
def laptop_b(tmp_path, db):
    """A second laptop's database, of the same name, for another site."""
    (tmp_path / "b").mkdir()
    other = open_database(tmp_path / "b" / db.path.name, TEST_PASSPHRASE)
    add_test_supervisor(other)
    set_up_site(other, "HN-0002", "Trạm Y tế Phường Kim Liên", actor=AT_THIS_LAPTOP)
    yield other
    other.close()


def on(laptop: str, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(backups, "this_laptop", lambda: laptop, raising=False)


def site_in(copy) -> str:  # noqa: ANN001
    conn = cipher.connect(copy, cipher.key_for(copy, TEST_PASSPHRASE))
    try:
        return conn.execute("SELECT code FROM site").fetchone()[0]
    finally:
        conn.close()


def test_each_laptop_keeps_its_own_copies_in_a_shared_folder(db, site, laptop_b, usb,
                                                              monkeypatch):
    on("LAPTOP-B", monkeypatch)
    for _ in range(5):
        backups.make_backup(laptop_b)
    on("LAPTOP-A", monkeypatch)
    for _ in range(4):
        backups.make_backup(db)
    sites = sorted(site_in(c) for c in usb.iterdir() if not c.name.endswith(".about"))
    assert sites == ["HN-0001"] * 3 + ["HN-0002"] * 3  # three each, not three in all


def test_the_newest_copy_offered_is_this_databases_and_says_whose_it_is(
        db, site, laptop_b, usb, monkeypatch):
    on("LAPTOP-A", monkeypatch)
    own = backups.make_backup(db).path
    on("LAPTOP-B", monkeypatch)
    theirs = backups.make_backup(laptop_b).path  # newer
    offered = backups.available_backups(db.path)
    assert offered == [own, theirs]
    mine, other = backups.describe_backups(db.path)
    assert (mine.own, mine.laptop, mine.site_code) == (True, "LAPTOP-A", "HN-0001")
    assert (other.own, other.laptop, other.site_code) == (False, "LAPTOP-B", "HN-0002")
    assert other.site("vi") == "HN-0002 – Trạm Y tế Phường Kim Liên"


def test_another_databases_copy_is_restored_only_when_confirmed(db, site, laptop_b, usb,
                                                                monkeypatch):
    on("LAPTOP-A", monkeypatch)
    theirs = backups.make_backup(db).path
    path = laptop_b.path
    save(laptop_b, 1)
    laptop_b.close()
    with pytest.raises(UserError) as refused:
        restore.restore_backup(path, theirs, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, set_aside_unsent=True)
    assert refused.value.code == "RESTORE_OTHER_DATABASE"
    said = refused.value.message("vi")
    assert "LAPTOP-A" in said and "HN-0001" in said and "Chưa có gì thay đổi" in said
    assert count(path) == 1 and site_in(path) == "HN-0002"  # nothing changed
    aside = restore.restore_backup(path, theirs, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD, other_database=True,
                                   set_aside_unsent=True).aside
    assert site_in(path) == "HN-0001" and site_in(aside) == "HN-0002"


def test_a_passphrase_change_re_encrypts_only_this_databases_copies(db, boss, site, laptop_b,
                                                                    usb, monkeypatch):
    on("LAPTOP-B", monkeypatch)
    theirs = backups.make_backup(laptop_b).path
    on("LAPTOP-A", monkeypatch)
    own = backups.make_backup(db).path
    done = drain(change_passphrase(db, TEST_PASSPHRASE, NEW, NEW, actor=boss))
    assert done.copies_changed == 1 and done.copies_kept == []
    cipher.connect(own, cipher.key_for(own, NEW)).close()
    cipher.connect(theirs, cipher.key_for(theirs, TEST_PASSPHRASE)).close()  # still B's


def test_a_copy_made_before_copies_said_whose_is_still_ours_and_restorable(db, site, usb):
    save(db, 1)
    old = backup_copy(db.path, "auto", db.key, usb)
    Path(f"{old}.about").unlink()  # no sidecar, as before
    save(db, 2)
    info, = backups.describe_backups(db.path, TEST_PASSPHRASE)
    assert (info.own, info.laptop, info.site_code) == (True, None, "HN-0001")
    assert info.laptop_name("en") == "(not recorded)"
    path = db.path
    db.close()
    aside = restore.restore_backup(path, old, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD, set_aside_unsent=True).aside
    assert count(path) == 1 and count(aside) == 2


def test_a_restore_onto_a_new_laptop_names_no_previous_file(db, site, tmp_path):
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    new_laptop = tmp_path / "new" / db.path.name
    new_laptop.parent.mkdir()
    restored = restore.restore_backup(new_laptop, copy, TEST_PASSPHRASE,
                                      username=TEST_USER, password=TEST_PASSWORD,
                                      set_aside_unsent=True)
    assert restored.aside is None and count(new_laptop) == 1
    assert restore.restored_text(copy, restored, "vi") == f"Đã khôi phục từ {copy}."
    assert "trước đó" not in restore.restored_text(copy, restored, "vi")


def test_the_backup_folder_is_chosen_by_a_supervisor_checked_and_audited(db, boss, site,
                                                                         tmp_path):
    clerk_account = accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu 123",
                                      actor=boss)
    clerk = accounts.login(db, clerk_account.username, "mật khẩu 123")
    drive = tmp_path / "drive"
    drive.mkdir()
    with pytest.raises(NotAllowed):
        backups.set_backup_folder(db, str(drive), actor=clerk)
    with pytest.raises(UserError) as missing:
        backups.set_backup_folder(db, str(tmp_path / "not-plugged-in"), actor=boss)
    assert missing.value.code == "BACKUP_FOLDER_UNUSABLE"
    assert backups.backup_folder(db.path) == db.path.parent  # unchanged
    assert backups.set_backup_folder(db, str(drive), actor=boss) == drive
    assert backups.make_backup(db).path.parent == drive
    assert backups.set_backup_folder(db, "", actor=boss) == db.path.parent
    with db.rows() as conn:
        entries = conn.execute(
            "SELECT entity_id, user_id, details FROM audit_entry WHERE action = 'update' "
            "AND entity = 'setting' AND entity_id = 'backup_folder' ORDER BY id").fetchall()
    assert [(e, u, json.loads(d)) for e, u, d in entries] == [
        ("backup_folder", boss.user_id, {"backup_folder": [None, str(drive)]}),
        ("backup_folder", boss.user_id, {"backup_folder": [str(drive), None]})]


def test_a_copy_asked_for_reports_its_progress_and_a_stopped_one_leaves_nothing(
        db, boss, site, usb, monkeypatch):
    from desktop_app.db import backups as files

    for n in range(300):
        save(db, n)
    monkeypatch.setattr(files, "STEP_PAGES", 8)
    steps = []
    made = drain(backups.back_up_now(db, actor=boss), steps.append)
    assert len(steps) > 3 and steps[-1][0] == steps[-1][1]
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert ".bak-manual-" in made.path.name and count(made.path) == 300
    job = backups.back_up_now(db, actor=boss)
    next(job)
    job.close()  # Stop: the copy ends at its next step
    assert sorted(p.name for p in usb.iterdir()) == sorted(
        [made.path.name, made.path.name + ".about"])
