"""A restore that takes only a whole copy this passphrase opens, with a supervisor's login,
keeps the current file aside, and marks the copy's days (and the replaced file's) for the
next site report; from the service and from ``vaxdesk restore``."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app import clock, settings
from desktop_app.db import cipher
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.rules.messages import UserError
from desktop_app.services import restore
from desktop_app.sync import site_report
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, raw_connect
from tests.services.test_backups import count, save


def test_a_restore_takes_only_a_whole_openable_copy_and_keeps_the_current_file(
        db, site, tmp_path, monkeypatch):
    save(db, 1)
    good = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    save(db, 2)
    path = db.path
    db.close()
    empty = tmp_path / "empty.bak"
    empty.write_bytes(b"")
    foreign = tmp_path / "other.db"
    with open_database(foreign, "một mật khẩu khác"):
        pass
    for bad, code in ((empty, "BACKUP_EMPTY"), (foreign, "BACKUP_WRONG_PASSPHRASE")):
        with pytest.raises(UserError) as refused:
            restore.restore_backup(path, bad, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD, set_aside_unsent=True)
        assert refused.value.code == code
        assert count(path) == 2  # nothing changed
    with pytest.raises(UserError) as not_boss:
        restore.restore_backup(path, good, TEST_PASSPHRASE, username=TEST_USER,
                               password="sai", set_aside_unsent=True)
    assert not_boss.value.code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"  # the current file asks
    real = clock.utc_now  # past the second the wrong password waits (restore_login)
    monkeypatch.setattr(clock, "utc_now", lambda: real() + timedelta(seconds=2))
    aside = restore.restore_backup(path, good, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD, set_aside_unsent=True).aside
    assert count(path) == 1 and count(aside) == 2


def damage(copy: Path, page_size: int = 4096) -> None:
    """Flip bytes in the middle of a page past the first: the copy still opens with the
    passphrase (its first page is whole) but fails its check."""
    data = bytearray(copy.read_bytes())
    pages = len(data) // page_size
    assert pages > 3
    at = (pages - 2) * page_size + 1000
    data[at:at + 64] = bytes(b ^ 0xFF for b in data[at:at + 64])
    copy.write_bytes(bytes(data))


def test_a_damaged_copy_is_refused_as_a_bad_backup_not_a_damaged_database(db, site,
                                                                          tmp_path):
    """A supervisor picks a copy that turns out damaged (a bad USB stick). The database here
    is fine and VaxDesk goes on: they read that this backup is damaged and to choose
    another, not that the database is damaged, VaxDesk stopped and no backup exists."""
    for n in range(40):
        save(db, n)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    damage(copy)
    path = db.path
    db.close()
    with pytest.raises(UserError) as refused:
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 40  # nothing changed
    assert refused.value.code == "BACKUP_DAMAGED"
    said = refused.value.message("en")
    assert said.startswith(f"The backup {copy} is damaged") and "Choose another backup" in said
    assert "stopped" not in said and "No backup copy was found" not in said
    assert refused.value.message("vi").startswith(f"Bản sao lưu {copy} bị hỏng")


def test_a_restored_copy_sends_every_day_of_its_figures_again(db, site, tmp_path):
    """The platform holds the days as the replaced file last reported them: a restored
    copy marks each of its tallied days, so its next reports name every one, however old."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    path = db.path
    db.close()
    conn = raw_connect(copy)  # as if the copy's days had all been reported
    with conn:
        conn.execute("DELETE FROM report_changed_day")
    conn.close()  # its log folded into the file, which the restore copies alone
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, set_aside_unsent=True)
    with raw_connect(path) as conn:
        marked = [d for (d,) in conn.execute("SELECT dose_date FROM report_changed_day")]
    assert marked == ["2022-01-05"]


def test_a_restore_sends_again_the_days_only_the_file_it_replaced_had(db, site, tmp_path,
                                                                     monkeypatch):
    """A sheet backfilled after the copy was made: the platform took its day (older than
    the report's window) as recorded 1. The restored copy has no such dose; its next report
    names that day with nothing in it, so the platform drops it, and once taken, not again."""
    monkeypatch.setattr(site_report, "DAYS_SENT", 2)  # the window: the latest two days
    for n, day in enumerate((date(2022, 1, 5), date(2022, 2, 1), date(2022, 3, 1))):
        save(db, n, day)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    save(db, 9, date(2022, 1, 20))  # backfilled after the copy, before the window
    report, covered = site_report._build(db, None)
    assert (date(2022, 1, 20), 1) in [(d.day, d.recorded) for d in report.days]
    site_report._taken(db, covered)  # the platform took it (what push_report does)
    assert date(2022, 1, 20) not in [d.day for d in site_report._build(db, None)[0].days]
    path = db.path
    db.close()

    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, set_aside_unsent=True)

    with open_database(path, TEST_PASSPHRASE) as restored:
        report, covered = site_report._build(restored, None)
        assert report.days_from == date(2022, 2, 1)
        named = {d.day: d.recorded for d in report.days}
        assert named == {date(2022, 1, 5): 1, date(2022, 1, 20): 0, date(2022, 2, 1): 1,
                         date(2022, 3, 1): 1}
        site_report._taken(restored, covered)
        again = site_report._build(restored, None)[0]
        assert [d.day for d in again.days] == [date(2022, 2, 1), date(2022, 3, 1)]


@pytest.mark.parametrize("restores", [1, 2])
def test_a_copy_from_before_the_marks_sends_again_the_days_only_the_replaced_file_had(
        db, site, tmp_path, monkeypatch, restores):
    """A copy made before migration 0020 has no table to mark a day in: its upgrade marked
    its own days, and the day only the replaced file had stayed on the platform as that file
    reported it. The restore notes the day in the copy; its first opening marks it. Restored
    twice before any opening (the second replacing the first), the note is carried over."""
    monkeypatch.setattr(site_report, "DAYS_SENT", 2)
    for n, day in enumerate((date(2022, 1, 5), date(2022, 2, 1), date(2022, 3, 1))):
        save(db, n, day)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    at_revision(copy, "0019")
    save(db, 9, date(2022, 1, 20))  # backfilled after the copy, before the window
    site_report._taken(db, site_report._build(db, None)[1])  # the platform took the day
    path = db.path
    db.close()

    for _ in range(restores):
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, set_aside_unsent=True)
    with raw_connect(path) as conn:  # as restored: not yet migrated
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0019",)

    with open_database(path, TEST_PASSPHRASE) as restored:
        report, covered = site_report._build(restored, None)
        assert {d.day: d.recorded for d in report.days} == {
            date(2022, 1, 5): 1, date(2022, 1, 20): 0, date(2022, 2, 1): 1, date(2022, 3, 1): 1}
        site_report._taken(restored, covered)
        assert [d.day for d in site_report._build(restored, None)[0].days] == [
            date(2022, 2, 1), date(2022, 3, 1)]
    with raw_connect(path) as conn:  # the note taken with the marks
        assert conn.execute("SELECT count(*) FROM setting WHERE key = ?",
                            (settings.RESTORE_DAYS_NOTED.key,)).fetchone() == (0,)


def at_revision(copy: Path, revision: str) -> None:
    """Bring the copy down to ``revision``: a copy as an older VaxDesk made it."""
    from alembic import command

    from desktop_app.db.engine import make_engine
    from desktop_app.db.migrate import alembic_config

    engine = make_engine(copy, cipher.key_for(copy, TEST_PASSPHRASE))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()  # the last connection folds its log into the file the restore copies
    assert not Path(f"{copy}-wal").exists()


def test_the_cli_restores_a_damaged_laptop(db, site, tmp_path):
    save(db, 1)
    copy = backup_copy(db.path, "auto", db.key, tmp_path / "usb")
    path = db.path
    db.close()
    with open(path, "r+b") as f:
        f.seek(5 * 4096)
        f.write(b"damage" * 100)
    run = [sys.executable, "-m", "desktop_app.cli", "--db", str(path), "--lang", "en"]
    out = subprocess.run([*run, "restore", str(copy)], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ), stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    assert "Restored from" in out.stdout and "before-restore" in out.stdout
    info = subprocess.run([*run, "info"], capture_output=True, text=True, timeout=120)
    assert info.returncode == 0 and "doses: 1" in info.stdout


def test_a_restore_that_cannot_copy_leaves_the_current_file_in_place(db, site, tmp_path,
                                                                    monkeypatch):
    """The copy comes first, beside the current file, and only then two renames: a full
    disk (simulated: filling a real disk here needs a mount this sandbox may not allow)
    or a pulled USB drive leaves the database where it was, and says so."""
    import errno
    import shutil

    save(db, 1)
    good = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    save(db, 2)
    path = db.path
    db.close()
    real_copy = shutil.copyfile

    def disk_fills(src, dst, **kwargs):  # noqa: ANN001, ANN202
        real_copy(src, dst, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_fills)
    with pytest.raises(UserError) as failed:
        restore.restore_backup(path, good, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, set_aside_unsent=True)
    assert failed.value.code == "RESTORE_FAILED"
    assert "không bị thay đổi" in failed.value.message("vi")
    assert "No space left on device" in failed.value.message("en")
    assert count(path) == 2  # the current file, untouched
    assert not list(path.parent.glob("*.restor*")) and \
        not list(path.parent.glob("*.before-restore-*"))


def test_a_copy_with_no_account_needs_a_supervisor_of_the_current_file(db, site, tmp_path):
    """Someone who knows the passphrase but is no supervisor empties a copy of its
    accounts (SQLite tools open it with the passphrase) to restore it and make themselves
    the first supervisor: the current file's supervisor must agree."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    with raw_connect(copy) as conn:
        conn.execute("DELETE FROM app_user")
    save(db, 2)
    path = db.path
    db.close()
    with pytest.raises(UserError) as refused:
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username="ai-do", password="x",
                               set_aside_unsent=True)
    assert refused.value.code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"
    assert count(path) == 2
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1


def test_with_no_account_anywhere_the_passphrase_is_the_proof(db, site, tmp_path):
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    for each in (copy, db.path):
        with raw_connect(each) as conn:
            conn.execute("DELETE FROM app_user")
    path = db.path
    db.close()
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=None, password=None,
                           set_aside_unsent=True)
    assert count(path) == 1


def test_a_copy_with_no_account_under_another_passphrase_is_refused(db, site, tmp_path):
    """The current file does not open with that passphrase, so nobody here agreed: not
    "too damaged to ask" (a departed clerk's old passphrase, or a file made for the purpose)."""
    save(db, 1)
    path = db.path
    db.close()
    forged = tmp_path / "forged.db"
    with open_database(forged, "mật khẩu của người khác"):
        pass
    with pytest.raises(UserError) as refused:
        restore.restore_backup(path, forged, "mật khẩu của người khác", username=None,
                               password=None, set_aside_unsent=True)
    assert refused.value.code == "RESTORE_CURRENT_OTHER_PASSPHRASE"
    assert count(path) == 1


def test_a_forged_copy_with_its_own_supervisor_does_not_replace_a_healthy_database(
        db, site, tmp_path):
    """Review 7 Dec 2026: a clerk who never knew the site's passphrase made a database of
    their own (any first start does), with themselves its supervisor, and restored it over
    the site's healthy file with ``--other-database``: the site's file, not opening with
    the forger's passphrase, was taken for a damaged one and only the copy's supervisors
    were asked. Nobody of the site's agreed; it is refused, and audited."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import AT_THIS_LAPTOP

    save(db, 1)
    save(db, 2)
    path = db.path
    db.close()
    forged = tmp_path / "forged.db"
    with open_database(forged, "mật khẩu của người khác") as other:
        accounts.add_user(other, "ke-gia-mao", "", "supervisor", "mật khẩu kẻ giả mạo",
                          actor=AT_THIS_LAPTOP)
    with pytest.raises(UserError) as refused:
        restore.restore_backup(path, forged, "mật khẩu của người khác", username="ke-gia-mao",
                               password="mật khẩu kẻ giả mạo", other_database=True,
                               set_aside_unsent=True)
    assert refused.value.code == "RESTORE_CURRENT_OTHER_PASSPHRASE"
    assert count(path) == 2
    assert not list(path.parent.glob("*before-restore*")) and \
        not list(path.parent.glob("*.probe*"))


def test_a_file_whose_salt_was_damaged_is_still_restored_from_its_copy(db, site, tmp_path):
    """Damage at the very head of the file takes its salt with it: the file no longer
    shares the copy's salt, but its other pages still verify under the passphrase, so it
    is this database, damaged, and the copy's supervisor restores it."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    path = db.path
    db.close()
    with open(path, "r+b") as f:
        f.write(b"\0" * 200)  # the salt and the start of the first page
    assert cipher.file_salt(path) != cipher.file_salt(copy)
    # Whose copy it is is read from the salt too: the damaged file's is asked to confirm.
    restored = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                      password=TEST_PASSWORD, other_database=True,
                                      set_aside_unsent=True)
    assert count(path) == 1 and restored.aside is not None


def test_a_restore_names_the_doses_never_sent_that_the_copy_lacks(db, site, tmp_path):
    """Offline since morning: 3 doses (and their people) recorded after the copy, still in
    the outbox. A restore of the copy takes them out of the database (only the file set
    aside holds them) and the platform never had them, so no sync brings them back. What
    the restore says (the app's notice, the CLI's line) names them and where they are."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    for n in (2, 3, 4):
        save(db, n)
    path = db.path
    db.close()
    done = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1 and count(done.aside) == 4
    assert (done.unsent.doses, done.unsent.people) == (3, 3)
    said = restore.restored_text(copy, done, "en")
    assert "Note: 3 doses and 3 people recorded or changed after the copy was made had never" \
        " been sent to the central platform" in said
    assert f"set aside, {done.aside}. To get them back" in said
    assert "3 mũi tiêm và 3 người" in restore.restored_text(copy, done, "vi")


def test_a_restore_names_no_unsent_record_the_copy_holds_too(db, site, tmp_path):
    """The dose unsent when the copy was made is in the copy, still to be sent: it is not
    lost, and the restore does not say it is."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    path = db.path
    db.close()
    done = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)
    assert not done.unsent
    assert "Note:" not in restore.restored_text(copy, done, "en")


def test_the_restores_entry_names_the_file_set_aside_and_the_records_only_there(
        db, site, tmp_path):
    """The trail said only "Restored from a backup: <copy>": not that a dose and a person
    never sent were set aside, nor where the replaced file (and its trail since the copy)
    went, for the supervisor who reads it later."""
    import json

    from desktop_app.services.audit import describe

    save(db, 1)
    good = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    save(db, 2)  # a dose and a person after the copy, never sent
    path = db.path
    db.close()
    done = restore.restore_backup(path, good, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)
    with raw_connect(path) as conn:
        [details] = [json.loads(d) for (d,) in conn.execute(
            "SELECT details FROM audit_entry WHERE action = 'restore'")]
    assert details["replaced_file"] == done.aside.name
    assert (details["unsent_doses_set_aside"], details["unsent_people_set_aside"]) == (1, 1)
    said = describe("restore", details, "en")
    assert f"File replaced, set aside “{done.aside.name}”" in said or done.aside.name in said
    assert "Doses never sent, only in the file set aside" in said


def test_the_file_a_restore_set_aside_is_restored_as_a_copy_to_get_its_records_back(
        db, site, tmp_path):
    """The notice sends the supervisor to restore the set-aside file from the app (the file
    dialog offers it now, where only *.bak-* was shown): it is a whole copy, and restoring
    it brings back what only it held, setting the data in use aside in turn."""
    save(db, 1)
    good = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    save(db, 2)  # never sent, and not in the copy
    path = db.path
    db.close()
    aside = restore.restore_backup(path, good, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD, set_aside_unsent=True).aside
    assert ".before-restore-" in aside.name and count(path) == 1
    back = restore.restore_backup(path, aside, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 2 and count(back.aside) == 1
