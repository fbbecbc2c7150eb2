"""``vaxdesk restore FILE`` as a real process: it asks the supervisor's password at a
terminal as every other command does, says nothing of a "previous file" when there was none
(a new laptop), restores another database's copy only with ``--other-database``, and
over records never sent that the copy lacks only with ``--set-aside-unsent``."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests import forked
from tests.keys import (
    TEST_PASSPHRASE,
    TEST_PASSWORD,
    TEST_USER,
    add_test_supervisor,
    raw_connect,
)
from tests.services.test_backups import count, save

NO_PASSWORD = {k: v for k, v in os.environ.items() if k != "VAXDESK_PASSWORD"}


def restore(path, copy, *extra, lang="en", env=None):  # noqa: ANN001, ANN201
    return forked.vaxdesk("--db", str(path), "--lang", lang, "restore", str(copy), *extra,
                          env=env or dict(os.environ), timeout=120)


def read_until(fd: int, wanted: str, seconds: float = 60) -> str:
    seen, end = b"", time.monotonic() + seconds
    while wanted.encode() not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            seen += chunk
    return seen.decode(errors="replace")


def test_a_restore_at_a_terminal_asks_the_supervisors_password(db, site, tmp_path):
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    save(db, 2)
    path = db.path
    db.close()
    leader, terminal = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop_app.cli", "--db", str(path), "--lang", "en",
             "--user", TEST_USER, "restore", str(copy), "--set-aside-unsent"],
            stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=NO_PASSWORD, start_new_session=True)  # no /dev/tty: getpass uses stdin
        asked = read_until(proc.stderr.fileno(), f"Password for {TEST_USER}:")
        if "Password for" in asked:
            os.write(leader, TEST_PASSWORD.encode() + b"\n")
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(terminal)
        os.close(leader)
    assert f"Password for {TEST_USER}:" in asked, asked
    assert proc.returncode == 0, asked + err.decode()
    assert "Restored from" in out.decode() and count(path) == 1


def test_a_restore_onto_a_new_laptop_names_no_previous_file(db, site, tmp_path):
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    db.close()
    new_laptop = tmp_path / "new" / "vaxdesk.db"
    done = restore(new_laptop, copy, lang="vi")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Đã khôi phục từ {copy}."  # not "Tệp trước đó … vaxdesk.db"
    assert count(new_laptop) == 1


def test_another_databases_copy_is_restored_only_with_other_database(db, site, tmp_path):
    (tmp_path / "b").mkdir()
    with open_database(tmp_path / "b" / db.path.name, TEST_PASSPHRASE) as other:
        add_test_supervisor(other)
        set_up_site(other, "HN-0002", "Trạm Y tế Phường Kim Liên", actor=AT_THIS_LAPTOP)
        theirs = backup_copy(other.path, "auto", other.key, tmp_path / "usb")
    save(db, 1)
    path = db.path
    db.close()
    refused = restore(path, theirs)
    assert refused.returncode == 2
    assert "is a copy of another database" in refused.stderr and "HN-0002" in refused.stderr
    assert "--other-database" in refused.stderr and count(path) == 1
    with raw_connect(path) as conn:  # the refusal's trace, in the file kept
        assert conn.execute("SELECT entity_id, json_extract(details, '$.why') FROM audit_entry"
                            " WHERE action = 'restore_refused'").fetchall() == [
            (theirs.name, "RESTORE_OTHER_DATABASE")]
    # Confirmed, it is refused again: this laptop's dose was never sent and theirs lacks it.
    unsent = restore(path, theirs, "--other-database")
    assert unsent.returncode == 2 and count(path) == 1
    assert unsent.stderr.startswith("Not restored: 1 dose and 1 person recorded or changed")
    assert "run the command again with --set-aside-unsent" in unsent.stderr
    done = restore(path, theirs, "--other-database", "--set-aside-unsent")
    assert done.returncode == 0, done.stderr
    assert "before-restore" in done.stdout and count(path) == 0
    assert "Note: 1 dose and 1 person recorded or changed after the copy" in done.stdout


def test_the_records_a_restore_set_aside_come_back_by_the_command_it_names(db, site,
                                                                           tmp_path):
    """It said "contact technical support to recover them"; restoring the file it set
    aside brings them back, and the message now says how."""
    import re

    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    save(db, 2)  # recorded after the copy, never sent
    path = db.path
    db.close()
    done = restore(path, copy, "--set-aside-unsent")
    assert done.returncode == 0 and count(path) == 1, done.stderr
    said = done.stdout + done.stderr
    [aside] = re.findall(r'vaxdesk restore "([^"]+)"', said)
    again = restore(path, aside)
    assert again.returncode == 0, again.stderr
    assert count(path) == 2  # the dose set aside is back


def test_a_restore_killed_between_its_renames_is_finished_and_said_by_the_next_command(db,
                                                                                        site):
    """Killed after the current file was moved aside, before the copy took its place: the
    next `vaxdesk` with a wrong passphrase moves nothing and says so in words; with the
    right one it finishes the restore and says so (the restore's own message never was:
    the process was killed first), so the figures changed are not left unexplained."""
    from desktop_app.services import backups
    from tests.child_process import run_killed

    for n in range(5):
        save(db, n)
    copy = backups.make_backup(db).path
    save(db, 6)
    path = db.path
    db.close()
    code = f'''
import os
from desktop_app.services import restore
real = os.replace
seen = [0]
def replace(a, b):
    seen[0] += 1
    if seen[0] == 4:
        killed()
    real(a, b)
os.replace = replace
restore.restore_backup(db_path, Path({str(copy)!r}), {TEST_PASSPHRASE!r}, username={TEST_USER!r},
                       password={TEST_PASSWORD!r}, set_aside_unsent=True)
'''
    run_killed(code, path)
    assert not path.exists()

    def info(passphrase):  # noqa: ANN001, ANN202
        env = dict(os.environ, VAXDESK_DB_PASSPHRASE=passphrase)
        return forked.vaxdesk("--db", str(path), "--lang", "vi", "info", env=env, timeout=120)

    wrong = info("sai mật khẩu")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert not path.exists()
    right = info(TEST_PASSPHRASE)
    assert right.returncode == 0 and "số mũi: 5" in right.stdout, right.stderr
    assert "vừa được hoàn tất khi mở" in right.stderr, right.stderr


def test_a_restore_while_the_database_is_open_in_another_vaxdesk_exits_6(db, db_path, site):
    """README's exit codes: 6 = "the database is open in another VaxDesk", for a restore as
    for ``vaxdesk info``, with the same sentence: a script reading 2 took it for a refused
    copy or a wrong passphrase."""
    from desktop_app import exit_codes
    from tests.keys import ensure_test_supervisor

    db.close()
    ensure_test_supervisor(db_path)
    made = forked.vaxdesk("--db", str(db_path), "backup", env=dict(os.environ), timeout=120)
    assert made.returncode == 0, made.stderr
    [copy] = [p for p in db_path.parent.glob(f"{db_path.name}.bak-*")
              if not p.name.endswith(".about")]
    with open_database(db_path, TEST_PASSPHRASE):  # the app, open at the desk
        info = forked.vaxdesk("--db", str(db_path), "info", env=dict(os.environ), timeout=120)
        assert info.returncode == exit_codes.LOCKED, info.stderr
        out = restore(db_path, copy, lang="vi")
    assert out.stderr.strip() == info.stderr.strip()  # the same sentence
    assert out.returncode == exit_codes.LOCKED, out.returncode
