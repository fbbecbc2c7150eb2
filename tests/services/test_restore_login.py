"""A restore's login waits after failed ones as the login does (``restore_login``): a loop
of guesses at ``vaxdesk restore`` or the restore dialog checks one password, then is told to
wait, in the login's words, on the count the login keeps in the current file. Where the
current file does not open, nothing is counted and the copy is left as it was.

With real files: a laptop's database closed (as ``vaxdesk restore`` finds it) or open (the
app beside it, the dialog's check), its copy, and ``vaxdesk restore`` as a real process."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app import clock
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import lock_file
from desktop_app.db.models import LoginNameWait, User
from desktop_app.db.schema_version import HEAD_REVISION
from desktop_app.rules.messages import UserError
from desktop_app.services import accounts, audit, restore
from tests import forked
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, key_of, raw_connect
from tests.services.test_backups import count, save
from tests.services.test_restore import at_revision
from tests.services.test_restore_refused import refusals

WRONG = [f"đoán lần {n}" for n in range(1, 7)]


@pytest.fixture
def moment(monkeypatch):  # noqa: ANN001, ANN201
    """The clock, stopped: ``moment[0]`` is now for the restore (moved by the test)."""
    at = [clock.utc_now().replace(microsecond=0)]
    monkeypatch.setattr(clock, "utc_now", lambda: at[0])
    return at


@pytest.fixture
def laptop(db, site, tmp_path):  # noqa: ANN001, ANN201
    """Two doses and a copy of the first; the database closed. Returns (file, copy)."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    save(db, 2)
    db.close()
    return db.path, copy


def refused(path: Path, copy: Path, password: str, username: str = TEST_USER,
            **options: object) -> UserError:
    with pytest.raises(UserError) as caught:
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username=username,
                               password=password, **options, set_aside_unsent=True)
    return caught.value


def failed_logins(path: Path, username: str = TEST_USER) -> int:
    with raw_connect(path) as conn:
        return conn.execute("SELECT failed_logins FROM app_user WHERE username = ?",
                            (username,)).fetchone()[0]


def actions(path: Path, *names: str) -> list[str]:
    with raw_connect(path) as conn:
        return [a for (a,) in conn.execute(
            f"SELECT action FROM audit_entry WHERE action IN ({', '.join('?' * len(names))})"
            " ORDER BY id", names)]


def test_a_guess_loop_at_the_restore_is_made_to_wait(laptop, moment):
    path, copy = laptop
    outcomes = [refused(path, copy, guess) for guess in [*WRONG, TEST_PASSWORD]]
    # One password checked; every try after it, the right one too, waits its turn.
    assert [o.code for o in outcomes] == \
        ["RESTORE_NEEDS_CURRENT_SUPERVISOR"] + ["LOGIN_WAIT"] * 6
    assert {o.params["seconds"] for o in outcomes[1:]} == {2}  # 1 s, told rounded up
    assert outcomes[1].message("vi") == \
        "Vừa đăng nhập sai: hãy chờ 2 giây rồi thử lại."  # the login's words
    assert failed_logins(path) == 1 and count(path) == 2  # nothing restored
    # Audited as every refused restore is, and the wait once as the login's is.
    assert [(d["why"], d.get("login")) for *_, d in refusals(path)] == \
        [("RESTORE_NEEDS_CURRENT_SUPERVISOR", "login")] + [("LOGIN_WAIT", None)] * 6
    assert actions(path, "login_wait", "login_failed") == ["login_wait"]
    assert audit.describe("restore_refused", refusals(path)[1][3], "en") == (
        f"Restore of a backup refused: copy {copy.name}: tried while the user name waits"
        f" after failed logins; Username “{TEST_USER}”")

    # Each wait past, one more guess: the waits double, as the login's do.
    for n, wait in ((2, 2), (3, 4), (4, 8)):
        moment[0] += timedelta(seconds=wait // 2 + 1)  # past the last wait
        assert refused(path, copy, "đoán nữa").code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"
        moment[0] += timedelta(seconds=1)
        assert refused(path, copy, TEST_PASSWORD).params == {"seconds": wait}
        assert failed_logins(path) == n
    moment[0] += timedelta(seconds=9)
    done = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1 and failed_logins(done.aside) == 0  # the right one clears it


def test_the_restore_and_the_login_keep_one_count(db, site, tmp_path, moment):
    """``vaxdesk restore`` beside the open app: the failures of either make the other wait,
    with the same words."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    start = moment[0]
    for n in range(2):
        with pytest.raises(accounts.LoginRefused):
            accounts.login(db, TEST_USER, "sai", now=start + timedelta(minutes=n))
    moment[0] = start + timedelta(minutes=1, seconds=1)  # 1 s into the 2 s wait
    at_restore = refused(db.path, copy, TEST_PASSWORD)
    with pytest.raises(accounts.LoginRefused) as at_login:
        accounts.login(db, TEST_USER, TEST_PASSWORD, now=moment[0])
    assert at_restore.code == at_login.value.code == "LOGIN_WAIT"
    assert at_restore.message("en") == at_login.value.message("en") == \
        "A login just failed: wait 2 seconds and try again."

    moment[0] = start + timedelta(minutes=5)
    assert refused(db.path, copy, "sai nữa").code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"
    with pytest.raises(accounts.LoginRefused) as after:
        accounts.login(db, TEST_USER, TEST_PASSWORD, now=moment[0] + timedelta(seconds=1))
    assert after.value.params == {"seconds": 4}  # the restore's was the third failure
    with db.reading() as s:
        assert s.scalar(select(User.failed_logins).where(User.username == TEST_USER)) == 3


def test_a_name_no_account_has_waits_at_the_restore_as_at_the_login(laptop, moment):
    path, copy = laptop
    first, second = (refused(path, copy, "x", username="Ai-Do") for _ in range(2))
    assert (first.code, second.code) == ("RESTORE_NEEDS_CURRENT_SUPERVISOR", "LOGIN_WAIT")
    with raw_connect(path) as conn:
        rows = conn.execute("SELECT name_key, failed_logins FROM login_name_wait").fetchall()
    entries = [d for *_, d in refusals(path)]
    assert rows == [(entries[0]["username_fingerprint"], 1)]  # counted by its fingerprint
    assert "ai-do" not in json.dumps(entries).lower()


def test_the_dialogs_check_counts_in_the_file_the_app_has_open(db, boss, site, tmp_path,
                                                               moment):
    """The Backups dialog checks with the app's database open (``app_db``)."""
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    codes = []
    for password in ("sai", TEST_PASSWORD):
        with pytest.raises(UserError) as caught:
            restore.check_restore(db.path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                  password=password, app_db=db)
        codes.append(caught.value.code)
    assert codes == ["RESTORE_NEEDS_CURRENT_SUPERVISOR", "LOGIN_WAIT"]
    with db.reading() as s:
        assert s.scalar(select(User.failed_logins).where(User.username == TEST_USER)) == 1
    moment[0] += timedelta(seconds=2)
    assert restore.check_restore(db.path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                 password=TEST_PASSWORD, app_db=db) == boss.user_id
    with db.reading() as s:
        assert s.scalar(select(User.failed_logins).where(User.username == TEST_USER)) == 0
        assert s.scalars(select(LoginNameWait)).all() == []


def test_where_the_current_file_does_not_open_nothing_is_counted(laptop, tmp_path, moment):
    """A new laptop, or a current file too damaged to read: only the copy's accounts are
    asked, and the copy is never written to count in (``restore_login`` says why)."""
    path, copy = laptop
    before = copy.read_bytes()
    new_laptop = tmp_path / "new" / "site.db"
    damaged = path.read_bytes()[:16] + b"\x5a" * 8192  # its salt kept, its pages gone
    path.write_bytes(damaged)
    for current in (new_laptop, path):
        codes = [refused(current, copy, guess).code for guess in WRONG[:3]]
        assert codes == ["RESTORE_NEEDS_SUPERVISOR"] * 3
    assert copy.read_bytes() == before and not new_laptop.exists()
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1 and failed_logins(path) == 0


def test_vaxdesk_restore_run_in_a_loop_is_made_to_wait(laptop):
    """As real processes: a name that failed eight times before fails once more, then even
    the right password is told to wait minutes, and nothing is restored."""
    path, copy = laptop
    long_ago = "2020-01-01 00:00:00.000000"  # as SQLAlchemy stores a moment
    with raw_connect(path) as conn:
        conn.execute("UPDATE app_user SET failed_logins = 8, last_failed_at = ?"
                     " WHERE username = ?", (long_ago, TEST_USER))
        conn.commit()
    said = []
    for password in ("đoán", TEST_PASSWORD):
        done = forked.vaxdesk("--db", str(path), "--lang", "en", "--user", TEST_USER, "restore",
                              str(copy), env=dict(os.environ, VAXDESK_PASSWORD=password),
                              timeout=120)
        assert done.returncode == 2, done.stderr
        said.append(done.stderr)
    assert "needs the login of a supervisor of the current database" in said[0]
    assert "Too many failed logins: wait 4 minutes" in said[1]  # 256 s after the ninth
    assert failed_logins(path) == 9 and count(path) == 2


def revision(path: Path) -> str:
    with raw_connect(path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


@pytest.mark.parametrize("how", ["version_installed", "older_copy_restored"])
def test_a_current_file_this_version_never_opened_counts_too(laptop, tmp_path, moment, how):
    """The file an older VaxDesk left (this version just installed), or a copy an older one
    made, just restored: no opening has migrated it yet, and ``vaxdesk restore`` opens
    nothing. Its first guess is counted all the same (the restore's check opens it, as any
    first opening does), and the next one waits."""
    path, copy = laptop
    if how == "version_installed":
        at_revision(path, "0022")
    else:
        older = backup_copy(path, "manual", key_of(path), tmp_path / "old")
        at_revision(older, "0022")
        restore.restore_backup(path, older, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, set_aside_unsent=True)
        moment[0] += timedelta(seconds=1)
    assert revision(path) == "0022"
    codes = [refused(path, copy, guess).code for guess in WRONG[:3]]
    assert codes == ["RESTORE_NEEDS_CURRENT_SUPERVISOR", "LOGIN_WAIT", "LOGIN_WAIT"]
    assert failed_logins(path) == 1 and revision(path) == HEAD_REVISION
    assert count(path) == 2  # nothing restored
    moment[0] += timedelta(seconds=2)
    assert refused(path, copy, "đoán nữa").code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"
    assert failed_logins(path) == 2


def test_a_file_this_version_never_opened_held_by_an_older_vaxdesk_checks_no_password(
        laptop, moment):
    """An older VaxDesk has it open (not migrated): the restore would be refused at its
    lock after the password check, and the check would have told a guesser, uncounted,
    whether the password was right. Refused first now."""
    path, copy = laptop
    at_revision(path, "0022")
    held = lock_file(path)  # the older app, as its instance lock shows it
    try:
        assert [refused(path, copy, guess).code for guess in ("sai", TEST_PASSWORD)] == \
            ["DB_LOCKED"] * 2
    finally:
        held.release()
    assert failed_logins(path) == 0 and revision(path) == "0022" and count(path) == 2
