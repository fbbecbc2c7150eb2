"""Backups, restores and logins on a site's bad days, on real files and the real ``vaxdesk``
command: the laptop clock set back, the USB drive not plugged in or full, a restore killed
half-way. Each was a copy lost, a copy on the wrong disk, a supervisor locked out for a year
or the site's records split between files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app import exit_codes, settings
from desktop_app.clock import utc_now
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseDamaged, WrongPassphrase
from desktop_app.services import accounts, backups, passphrase, restore
from tests.faults.machine import on_a_full_drive, vaxdesk_cmd
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, raw_connect
from tests.services.test_backups import count, save

YEAR = 365 * 86400


def vaxdesk(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*vaxdesk_cmd("--db", str(path), *args)], capture_output=True,
                          text=True, timeout=180, env=dict(os.environ), stdin=subprocess.DEVNULL)


def last_entry(path: Path, action: str) -> dict:
    with raw_connect(path) as conn:
        (details,) = conn.execute("SELECT details FROM audit_entry WHERE action = ? "
                                  "ORDER BY id DESC LIMIT 1", (action,)).fetchone()
    return json.loads(details)


# -- the clock set back ------------------------------------------------------------------

def test_with_the_clock_set_back_the_copy_just_made_is_kept_and_named_the_newest(db, site):
    """Copies made while the clock was right look a year ahead of a clock set back: the
    newest by file time, each new copy was the one rotation removed, and the damaged-file
    message and the restore list named an old copy as the newest."""
    settings.write_preference(settings.BACKUPS_KEPT, 3)
    for n in range(3):
        save(db, n)
        backups.make_backup(db)
    for copy in backups.available_backups(db.path):  # made before the clock went back
        st = copy.stat()
        os.utime(copy, (st.st_atime + YEAR, st.st_mtime + YEAR))
    save(db, 3)
    made = backups.make_backup(db)
    assert made.path.exists() and count(made.path) == 4
    kept = backups.available_backups(db.path)
    assert kept[0] == made.path and len(kept) == 3
    assert backups.describe_backups(db.path)[0].path == made.path  # the restore list
    path = db.path
    db.close()
    with open(path, "r+b") as f:
        f.seek(5 * 4096)
        f.write(b"damage" * 100)
    with pytest.raises(DatabaseDamaged) as damaged:
        open_database(path, TEST_PASSPHRASE)
    assert str(made.path) in damaged.value.message("en")  # "restore the newest backup …"


def test_a_clock_set_back_after_a_failed_login_never_waits_longer_than_the_cap(db):
    """The wait counted from a failure the clock now puts in the future lasted as long as
    the clock went back: a year for the only supervisor, who cannot reset themselves."""
    now = utc_now()
    with pytest.raises(accounts.LoginRefused):
        accounts.login(db, TEST_USER, "sai", now=now)
    back = now - timedelta(days=365)
    with pytest.raises(accounts.LoginRefused) as wait:
        accounts.login(db, TEST_USER, TEST_PASSWORD, now=back)
    assert wait.value.code == "LOGIN_WAIT" and wait.value.params["seconds"] <= 2
    assert accounts.login(db, TEST_USER, TEST_PASSWORD, now=back + timedelta(seconds=2))


def test_a_wait_over_a_minute_is_said_in_minutes_and_seconds(db):
    now = utc_now()
    for attempt in range(9):  # waits 1, 2, 4 … 256 s: each try after the last wait
        with pytest.raises(accounts.LoginRefused) as refused:
            accounts.login(db, TEST_USER, "sai", now=now + timedelta(minutes=10 * attempt))
        assert refused.value.code == "LOGIN_REFUSED"
    last = now + timedelta(minutes=80)
    with pytest.raises(accounts.LoginRefused) as wait:
        accounts.login(db, TEST_USER, TEST_PASSWORD, now=last + timedelta(seconds=0.5))
    assert wait.value.message("vi") == \
        "Đăng nhập sai nhiều lần: hãy chờ 4 phút 16 giây rồi thử lại."
    assert wait.value.message("en") == \
        "Too many failed logins: wait 4 minutes 16 seconds and try again."


# -- the USB drive not plugged in, or full -----------------------------------------------

def test_a_drive_not_plugged_in_is_never_made_on_the_laptop_the_copy_goes_beside(db, site,
                                                                                usb):
    """Its folder was made on the laptop's own disk (where the drive, plugged in again,
    is mounted beside it: every copy stayed on the laptop) and "Backed up to …" said so."""
    save(db, 1)
    on_drive = backups.make_backup(db).path
    unplugged = usb.rename(usb.with_name("usb-in-a-drawer"))
    save(db, 2)
    made = backups.make_backup(db)
    assert not usb.exists()
    assert made.path.parent == db.path.parent and made.missing == usb
    assert count(made.path) == 2
    assert backups.made_text(made, "vi").startswith(
        f"Không thấy thư mục sao lưu {usb} (ổ USB chưa được cắm?), nên bản sao được lưu "
        f"cạnh cơ sở dữ liệu: {made.path}.")
    assert last_entry(db.path, "backup")["folder_missing"] == str(usb)
    unplugged.rename(usb)  # plugged in again: the copy made meanwhile is still the newest
    assert backups.available_backups(db.path)[:2] == [made.path, on_drive]


def test_the_cli_says_the_drive_was_not_there_and_where_the_copy_went(db, site, usb):
    path = db.path
    db.close()
    usb.rmdir()
    out = vaxdesk(path, "--lang", "en", "backup")
    assert out.returncode == 0, out.stderr
    assert f"The backup folder {usb} is not there" in out.stdout
    assert f"saved beside the database: {path}.bak-manual-" in out.stdout
    assert not usb.exists()


def test_a_full_backup_drive_is_named_not_the_database_disk(db, site, usb):
    """The laptop's disk has room; the drive is full. Told as the database's disk, staff
    freed space in the wrong place and read that their work was not saved."""
    path = db.path
    db.close()
    full, results = on_a_full_drive(usb, vaxdesk_cmd("--db", str(path), "backup"),
                                    vaxdesk_cmd("--db", str(path), "--lang", "en", "backup"))
    assert full, results
    (vi_code, vi), (en_code, en) = results
    assert vi_code == en_code == exit_codes.DISK_FULL, results
    assert f"Ổ sao lưu {usb} đã đầy: bản sao chưa được tạo; dữ liệu vẫn an toàn" in vi
    assert f"The backup drive {usb} is full: no copy was made; your data is safe" in en
    assert str(path) not in vi + en and "Traceback" not in vi + en
    assert count(path) == 0 and vaxdesk(path, "info").returncode == 0  # the database intact


# -- a restore killed between its two renames ----------------------------------------------

KILLED_RESTORE = """
import os, sys
from pathlib import Path
from desktop_app.services import restore
real = os.replace
path, copy, passphrase, user, password, stop = sys.argv[1:]
def replace(source, target):
    real(source, target)
    if stop in Path(target).name and not str(target).endswith(("-wal", "-shm")):
        os._exit(137)  # what a kill or a power cut does right there
os.replace = replace
restore.restore_backup(Path(path), Path(copy), passphrase, username=user, password=password,
                       set_aside_unsent=True)
"""


def restore_killed(path: Path, copy: Path, after: str) -> None:
    """``vaxdesk restore``'s work in a process killed right after the rename to a name
    with ``after`` in it."""
    killed = subprocess.run([sys.executable, "-c", KILLED_RESTORE, str(path), str(copy),
                             TEST_PASSPHRASE, TEST_USER, TEST_PASSWORD, after],
                            capture_output=True, text=True, timeout=180)
    assert killed.returncode == 137, killed.stderr


@pytest.fixture
def killed_restore(db, site, tmp_path):
    """The database (two doses) and a copy of it (one dose), restored by a process killed
    right after the database was moved aside: no database file is left."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    save(db, 2)
    path = db.path
    db.close()
    restore_killed(path, copy, backups.ASIDE)
    assert not path.exists()
    return path


def test_a_restore_killed_between_its_renames_is_finished_at_the_next_start(killed_restore):
    path = killed_restore
    ready = path.with_name(path.name + backups.READY)
    assert ready.exists()
    assert not passphrase.is_new_database(path)  # the app asks for it, not for a new one
    assert ready not in backups.unfinished_copies(path)  # a passphrase change keeps it
    with pytest.raises(WrongPassphrase):
        open_database(path, "một mật khẩu gõ nhầm")
    assert not path.exists() and ready.exists()  # a typing slip moves nothing

    info = vaxdesk(path, "--lang", "en", "info")

    assert info.returncode == 0, info.stderr
    assert "doses: 1" in info.stdout  # the copy's, not a new empty file's
    assert not ready.exists()
    aside, = path.parent.glob(f"{path.name}{backups.ASIDE}*")
    assert count(aside) == 2  # the file it replaced, kept
    assert last_entry(path, "restore") == {"finished": ready.name, "aside": aside.name}


def test_a_restore_killed_with_its_copy_not_whole_puts_the_file_aside_back(killed_restore):
    path = killed_restore
    ready = path.with_name(path.name + backups.READY)
    with open(ready, "r+b") as f:
        f.truncate(ready.stat().st_size // 2)

    info = vaxdesk(path, "--lang", "en", "info")

    assert info.returncode == 0, info.stderr
    assert "doses: 2" in info.stdout  # the database as it was before the restore
    assert not list(path.parent.glob(f"{path.name}{backups.ASIDE}*"))
    assert last_entry(path, "restore")["put_back"].startswith(f"{path.name}{backups.ASIDE}")


# -- a restore onto a new laptop (no database there) stopped part-way ------------------------

CUT_COPY = """
import os, shutil, sys
from pathlib import Path
from desktop_app.services import restore
path, copy, passphrase, user, password, cut = sys.argv[1:]
def copy_cut_short(source, target, **kwargs):
    data = Path(source).read_bytes()
    Path(target).write_bytes({"empty": b"", "first page cut": data[:2000],
                              "zeros": bytes(65536), "half": data[: len(data) // 2]}[cut])
    os._exit(137)  # killed at once, or a power cut before the rest reached the disk
shutil.copyfile = copy_cut_short
restore.restore_backup(Path(path), Path(copy), passphrase, username=user, password=password,
                       set_aside_unsent=True)
"""


@pytest.fixture
def new_laptop(db, site, tmp_path):
    """A copy of the site's database (one dose), and where the database goes on a new
    laptop (nothing there yet)."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    db.close()
    path = tmp_path / "new-laptop" / db.path.name
    path.parent.mkdir()
    return path, copy


@pytest.mark.parametrize("cut", ["empty", "first page cut", "zeros", "half"])
def test_a_restore_onto_a_new_laptop_stopped_during_its_copy_is_a_first_run(new_laptop, cut,
                                                                            caplog):
    """The copy cut short was never marked whole: never the site's database (a first page
    of zeros made every passphrase "wrong" for good; an empty file was "restored" and the
    new passphrase asked once). It is set aside, said in the log, and the laptop starts
    as on its first day: the passphrase chosen, so asked twice."""
    path, copy = new_laptop
    killed = subprocess.run([sys.executable, "-c", CUT_COPY, str(path), str(copy),
                             TEST_PASSPHRASE, TEST_USER, TEST_PASSWORD, cut],
                            capture_output=True, text=True, timeout=180)
    assert killed.returncode == 137, killed.stderr
    restoring = path.with_name(path.name + backups.RESTORING)
    cut_short = restoring.read_bytes()
    assert not path.exists()
    assert passphrase.is_new_database(path)  # chosen now: asked twice

    with caplog.at_level("WARNING"):
        open_database(path, TEST_PASSPHRASE).close()  # the site's passphrase, chosen anew

    assert count(path) == 0  # a new database, not the copy's nor a refusal
    with raw_connect(path) as conn:
        assert not conn.execute("SELECT 1 FROM audit_entry WHERE action = 'restore'").fetchall()
    set_aside, = path.parent.glob(f"{path.name}{backups.INCOMPLETE}*")
    assert set_aside.read_bytes() == cut_short and not restoring.exists()  # moved, kept
    assert set_aside.name in caplog.text and "nothing was restored" in caplog.text
    assert set_aside in backups.unfinished_copies(path)  # a passphrase change removes it
    aside = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD,  # the restore, done again:
                                   other_database=True,
                                   set_aside_unsent=True).aside  # over the new database, confirmed
    assert count(path) == 1 and count(aside) == 0


def test_a_restore_onto_a_new_laptop_stopped_once_its_copy_was_whole_is_finished(new_laptop):
    path, copy = new_laptop
    restore_killed(path, copy, backups.READY)  # marked whole, not yet in place
    ready = path.with_name(path.name + backups.READY)
    assert ready.exists() and not path.exists()
    assert not passphrase.is_new_database(path)  # the site's passphrase, asked once

    info = vaxdesk(path, "--lang", "en", "info")

    assert info.returncode == 0, info.stderr
    assert "doses: 1" in info.stdout
    assert last_entry(path, "restore") == {"finished": ready.name}


def test_a_whole_copy_damaged_since_on_a_new_laptop_is_never_a_new_database(new_laptop):
    """Nothing to put back: the app says the database is damaged (and offers the backup),
    never makes a new, empty one in its place; the restore done again mends it."""
    path, copy = new_laptop
    restore_killed(path, copy, backups.READY)
    ready = path.with_name(path.name + backups.READY)
    with open(ready, "r+b") as f:
        f.truncate(ready.stat().st_size // 2)
    with pytest.raises(DatabaseDamaged):
        open_database(path, TEST_PASSPHRASE)
    assert not path.exists() and ready.exists()
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1 and not ready.exists()
