"""The ``vaxdesk`` command on a machine that refuses: a read-only data folder, a folder it may
not enter, a full disk, a database open in another process, a damaged file. Each is one
sentence on stderr (Vietnamese, or English) and its own exit code; never a traceback."""

import os
import subprocess
import sys

from desktop_app import exit_codes
from desktop_app.db.backups import backup_copy
from desktop_app.rules.messages import text
from tests.faults.machine import (
    as_ordinary_user,
    on_a_full_disk,
    run,
    site_database,
    vaxdesk_cmd,
)
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, key_of


def _no_traceback(out):
    assert "Traceback" not in out.stderr and "Error:" not in out.stderr, out.stderr


def test_a_read_only_data_folder_is_named_with_what_to_do(tmp_path):
    data = tmp_path / "data"
    site_database(data)
    sheet = write_xlsx(tmp_path / "f.xlsx", [person_row(1)])
    data.chmod(0o500)
    try:
        info = run([*as_ordinary_user(), *vaxdesk_cmd("info")], data)
        setup = run([*as_ordinary_user(), *vaxdesk_cmd("--lang", "en", "setup-site", "A",
                                                       "B")], data)
        imported = run([*as_ordinary_user(), *vaxdesk_cmd("import", str(sheet))], data)
    finally:
        data.chmod(0o700)
    assert info.returncode == exit_codes.READ_ONLY == 7, info.stderr
    _no_traceback(info)
    assert f"VaxDesk không ghi được vào {data} vì nơi này chỉ cho phép đọc" in info.stderr
    assert "VAXDESK_DATA_DIR" in info.stderr  # what to do
    assert setup.returncode == 7 and f"VaxDesk cannot write to {data}: it is read-only" \
        in setup.stderr
    _no_traceback(setup)
    assert imported.returncode == 7 and "chỉ cho phép đọc" in imported.stderr
    _no_traceback(imported)


def test_a_read_only_database_file_in_a_writable_folder(tmp_path):
    data = tmp_path / "data"
    path = site_database(data)
    path.chmod(0o400)
    try:
        out = run([*as_ordinary_user(), *vaxdesk_cmd("info")], data)
    finally:
        path.chmod(0o600)
    assert out.returncode == 7, out.stderr
    assert f"không ghi được vào {path}" in out.stderr


def test_a_folder_of_another_account_is_missing_permissions(tmp_path):
    data = tmp_path / "data"
    site_database(data)
    if os.geteuid() == 0:
        os.chown(data, 65534, 65534)  # nobody's folder, private to nobody
    data.chmod(0o700 if os.geteuid() == 0 else 0o000)
    try:
        out = run([*as_ordinary_user(), *vaxdesk_cmd("info")], data)
    finally:
        data.chmod(0o700)
        if os.geteuid() == 0:
            os.chown(data, 0, 0)
    assert out.returncode == exit_codes.NO_PERMISSION == 8, out.stderr
    _no_traceback(out)
    assert "Tài khoản máy tính đang dùng không có quyền đọc hoặc ghi" in out.stderr


def test_a_full_disk_stops_a_save_with_its_message_and_loses_nothing(tmp_path):
    database = site_database(tmp_path / "data")
    small = tmp_path / "small"
    full, results = on_a_full_disk(database, small,
                                   vaxdesk_cmd("setup-site", "HN-01", "Trạm Y tế"),
                                   vaxdesk_cmd("--lang", "en", "backup"),
                                   ["rm", str(small / "filler")],
                                   vaxdesk_cmd("--lang", "en", "info"))
    assert full, results  # the filesystem really had no byte left
    (setup, said), (backup, said_en), _, (info, after) = results
    assert (setup, backup) == (exit_codes.DISK_FULL, exit_codes.DISK_FULL) == (9, 9), results
    assert f"Ổ đĩa chứa {small / 'vaxdesk.db'} đã đầy" in said, said
    assert "Free some space" in said_en and "Traceback" not in said + said_en
    assert info == 0 and "site: (not set up)" in after, after  # space freed: intact, unchanged


def test_a_database_open_in_another_process_exits_6(tmp_path):
    data = tmp_path / "data"
    path = site_database(data)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from desktop_app.db.database import open_database\n"
         f"db = open_database({str(path)!r}, {TEST_PASSPHRASE!r})\n"
         "print('OPEN', flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "OPEN"
        link = tmp_path / "elsewhere.db"
        os.link(path, link)
        out = run(vaxdesk_cmd("--db", str(link), "info"), data)
    finally:
        holder.stdin.close()
        holder.wait(30)
    assert out.returncode == exit_codes.LOCKED == 6, out.stderr
    assert "đang được mở trong một cửa sổ VaxDesk khác" in out.stderr
    _no_traceback(out)


def test_a_damaged_file_exits_10_naming_the_backup(tmp_path):
    data = tmp_path / "data"
    path = site_database(data)
    backup = backup_copy(path, "manual", key_of(path))
    with open(path, "r+b") as f:
        f.seek(2 * 4096)  # page 3: the key still opens page 1, the check finds the damage
        f.write(os.urandom(4096))
    out = run(vaxdesk_cmd("info"), data)
    assert out.returncode == exit_codes.DAMAGED == 10, out.stderr
    assert "bị hỏng" in out.stderr and str(backup) in out.stderr
    _no_traceback(out)


def test_help_lists_every_exit_code():
    out = subprocess.run([*vaxdesk_cmd("--lang", "en", "--help")], capture_output=True,
                         text=True, timeout=60)
    for code, entry in exit_codes.TABLE:
        assert f"{code:>2}  {text(entry, 'en')}" in out.stdout
    assert " 9  the disk is full" in out.stdout
