"""A restore refused leaves a trace in the file it would have replaced, the one kept: who
tried (an account's name, or a name no account has only as its fingerprint), which copy (its
file name, no path of this laptop) and why. Each refusal made with real files: a clerk, a
wrong password, a disabled supervisor, a name nobody has, an empty, foreign, damaged or
other-passphrase copy, another database's copy not confirmed, the database open in VaxDesk;
and where no trace can be written (a new laptop, a passphrase that does not open the file),
the refusal stands all the same."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseLocked
from desktop_app.db.models import AuditEntry
from desktop_app.rules.messages import UserError
from desktop_app.services import accounts, accounts_admin, audit, backups, restore
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, add_test_supervisor, raw_connect
from tests.services.test_backups import count, save

CLERK, CLERK_PASSWORD = "lan", "mat khau thu ky 12"
GONE, GONE_PASSWORD = "cu", "mat khau giam sat cu"


def refusals(path: Path) -> list[tuple[str | None, str, str, dict]]:
    """The file's refused restores, oldest first: (user, entity, entity id, details)."""
    with raw_connect(path) as conn:
        return [(who, entity, entity_id, json.loads(details)) for who, entity, entity_id, details
                in conn.execute("SELECT user_id, entity, entity_id, details FROM audit_entry"
                                " WHERE action = 'restore_refused' ORDER BY id")]


def refused(path: Path, copy: Path, passphrase: str = TEST_PASSPHRASE, *,
            username: str | None = TEST_USER, password: str | None = TEST_PASSWORD,
            **options: object) -> str:
    """Try to restore ``copy`` over ``path``; the refusal's code (it must be refused)."""
    with pytest.raises(UserError) as caught:
        restore.restore_backup(path, copy, passphrase, username=username, password=password,
                               **{"set_aside_unsent": True, **options})
    return caught.value.code


@pytest.fixture
def laptop(db, boss, site, tmp_path):  # noqa: ANN001, ANN201
    """A laptop with a clerk and a supervisor disabled since, two doses and a copy of the
    first; the database closed, as ``vaxdesk restore`` finds it. Returns (file, copy)."""
    accounts.add_user(db, CLERK, "Nguyễn Thị Lan", "clerk", CLERK_PASSWORD, actor=boss)
    accounts.add_user(db, GONE, "Giám sát cũ", "supervisor", GONE_PASSWORD, actor=boss)
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    accounts_admin.set_active(db, GONE, False, actor=boss)
    save(db, 2)
    db.close()
    return db.path, copy


def test_each_login_a_restore_refuses_is_audited_in_the_current_file(laptop, tmp_path):
    path, copy = laptop
    tries = [(CLERK, CLERK_PASSWORD, "role"), (TEST_USER, "sai", "login"),
             (GONE, GONE_PASSWORD, "disabled"), ("ai-do", "x", "login")]
    for username, password, _ in tries:
        assert refused(path, copy, username=username, password=password) == \
            "RESTORE_NEEDS_CURRENT_SUPERVISOR"
    assert count(path) == 2 and not list(path.parent.glob("*.before-restore-*"))

    found = refusals(path)
    assert [(who, entity, name) for who, entity, name, _ in found] == \
        [(None, "file", copy.name)] * 4  # nobody logged in; the copy by its name
    for (username, _, why), (_, _, _, details) in zip(tries[:3], found, strict=False):
        assert details == {"copy": copy.name, "why": "RESTORE_NEEDS_CURRENT_SUPERVISOR",
                           "login": why, "username": username}
    unknown = found[3][3]
    assert "username" not in unknown and "ai-do" not in json.dumps(unknown)
    assert str(tmp_path) not in json.dumps([d for *_, d in found])  # no path of this laptop

    # A name nobody has gives the fingerprint a failed login with it gives (tried past the
    # second the restore's failure with it made the name wait: restore_login).
    with open_database(path, TEST_PASSPHRASE) as db, pytest.raises(UserError):
        accounts.login(db, "ai-do", "x", now=utc_now() + timedelta(seconds=2))
    with raw_connect(path) as conn:
        [login] = [json.loads(d) for (d,) in conn.execute(
            "SELECT details FROM audit_entry WHERE action = 'login_failed'")]
    assert unknown["username_fingerprint"] == login["username_fingerprint"]

    said = audit.describe("restore_refused", found[0][3], "vi")
    assert said == (f"Khôi phục bản sao lưu bị từ chối: bản sao {copy.name}: không phải đăng "
                    "nhập của một người giám sát đang hoạt động của cơ sở dữ liệu này (tài "
                    "khoản không phải của người giám sát); Tên đăng nhập “lan”")
    assert "(the account is disabled); Username “cu”" in \
        audit.describe("restore_refused", found[2][3], "en")


def test_a_copy_that_cannot_be_restored_is_audited_with_who_tried(laptop, tmp_path):
    path, copy = laptop
    empty = tmp_path / "empty.bak"
    empty.write_bytes(b"")
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    damaged = tmp_path / "damaged.bak"
    damaged.write_bytes(copy.read_bytes())
    with open(damaged, "r+b") as f:
        f.seek(5 * 4096)
        f.write(b"damage" * 100)
    foreign = tmp_path / "foreign.db"
    with open_database(foreign, "một mật khẩu khác"):
        pass
    # A document picked by mistake was "the passphrase does not open it" (review 6 Dec 2026).
    document = tmp_path / "README.md"
    document.write_text("# VaxDesk\n\nNot a backup.\n", encoding="utf-8")
    # A copy cut short (a USB stick pulled mid-copy) is damaged, whether cut inside a page
    # or at a page's end (which raised SQLite's own error past the checks).
    cut, cut_at_page = tmp_path / "cut.bak", tmp_path / "cut-at-page.bak"
    cut.write_bytes(copy.read_bytes()[:-100])
    cut_at_page.write_bytes(copy.read_bytes()[:2 * 4096])
    bad = {empty: "BACKUP_EMPTY", plain: "BACKUP_NOT_OURS", damaged: "BACKUP_DAMAGED",
           foreign: "BACKUP_WRONG_PASSPHRASE", document: "BACKUP_NOT_OURS",
           cut: "BACKUP_DAMAGED", cut_at_page: "BACKUP_DAMAGED"}
    for each, code in bad.items():
        assert refused(path, each) == code
    assert count(path) == 2
    assert [(who, name, details) for who, _, name, details in refusals(path)] == [
        (None, each.name, {"copy": each.name, "why": code, "username": TEST_USER})
        for each, code in bad.items()]  # the login was not asked yet: nobody's entry
    assert audit.describe("restore_refused", refusals(path)[2][3], "en") == \
        "Restore of a backup refused: copy damaged.bak: the copy is damaged; Username “kiemthu”"


def test_another_databases_copy_not_confirmed_is_audited_under_the_supervisor(laptop,
                                                                             tmp_path):
    path, _ = laptop
    with open_database(tmp_path / "b" / "site.db", TEST_PASSPHRASE) as other:
        add_test_supervisor(other)
        set_up_site(other, "HN-0002", "Trạm Y tế Phường Kim Liên", actor=AT_THIS_LAPTOP)
        theirs = backup_copy(other.path, "manual", other.key, tmp_path / "usb")
    assert refused(path, theirs) == "RESTORE_OTHER_DATABASE"
    with raw_connect(path) as conn:
        [boss] = conn.execute("SELECT id FROM app_user WHERE username = ?", (TEST_USER,))
    [(who, _, name, details)] = refusals(path)
    assert (who, name) == (boss[0], theirs.name)  # their login passed: the entry is theirs
    assert details == {"copy": theirs.name, "why": "RESTORE_OTHER_DATABASE",
                       "username": TEST_USER}
    restore.restore_backup(path, theirs, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, other_database=True,
                           set_aside_unsent=True)  # once confirmed
    assert count(path) == 0


def test_a_restore_over_a_dose_never_sent_is_refused_until_agreed(laptop):
    """The second dose was recorded after the copy and never sent: restored, it would be
    only in the file set aside, and no sync brings it back. Refused, nothing changed,
    audited under the supervisor whose login passed; restored once they agree."""
    path, copy = laptop
    with pytest.raises(restore.RestoreUnsent) as caught:
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD)
    assert (caught.value.unsent.doses, caught.value.unsent.people) == (1, 1)
    assert caught.value.message("en").startswith(
        "Not restored: 1 dose and 1 person recorded or changed on this laptop were never sent")
    assert count(path) == 2 and not list(path.parent.glob("*.before-restore-*"))
    with raw_connect(path) as conn:
        [boss] = conn.execute("SELECT id FROM app_user WHERE username = ?", (TEST_USER,))
    [(who, _, name, details)] = refusals(path)
    assert (who, name, details["why"]) == (boss[0], copy.name, "RESTORE_UNSENT_REFUSED")
    assert "records here never sent that the copy lacks, not confirmed" in \
        audit.describe("restore_refused", details, "en")
    done = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1 and count(done.aside) == 2 and done.unsent.doses == 1


def test_a_restore_while_vaxdesk_has_the_file_open_is_audited_there(db, boss, site, tmp_path):
    """``vaxdesk restore`` beside the open app: refused, its entry written into the open
    file (the app sees it, the chain holds), and not a change a backup waits for."""
    save(db, 1)
    copy = backups.make_backup(db, backups.ON_REQUEST).path
    assert not backups.changed_since_backup(db)
    with pytest.raises(DatabaseLocked):
        restore.restore_backup(db.path, copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, set_aside_unsent=True)
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "restore_refused")).one()
    assert (entry.user_id, entry.entity_id) == (boss.user_id, copy.name)
    assert json.loads(entry.details)["why"] == "DB_LOCKED"
    assert audit.verify_audit(db).intact
    assert not backups.changed_since_backup(db)


def test_a_passphrase_typed_wrong_in_the_app_is_audited_under_the_apps_key(db, boss, site):
    """The Backups dialog asks for the passphrase again: typed wrong, it opens neither the
    copy nor the file, but the app has the file open and gives its key."""
    save(db, 1)
    copy = backups.make_backup(db, backups.ON_REQUEST).path
    with pytest.raises(UserError) as caught:
        restore.check_restore(db.path, copy, "không phải mật khẩu", username=TEST_USER,
                              password=TEST_PASSWORD, app_db=db)
    assert caught.value.code == "BACKUP_WRONG_PASSPHRASE"
    with db.reading() as s:
        [details] = s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "restore_refused")).all()
    assert json.loads(details)["why"] == "BACKUP_WRONG_PASSPHRASE"


def test_where_no_trace_can_be_written_the_restore_is_refused_all_the_same(laptop, tmp_path):
    """No file (a new laptop): nothing is made for the entry. A passphrase that opens the
    copy but not the file (a copy of another database under its own passphrase, no account
    in it): the file cannot be written without its key, and is left as it was."""
    path, copy = laptop
    new_laptop = tmp_path / "new" / "site.db"
    empty = tmp_path / "empty.bak"
    empty.write_bytes(b"")
    assert refused(new_laptop, empty) == "BACKUP_EMPTY"
    assert not new_laptop.parent.exists()
    forged = tmp_path / "forged.db"
    with open_database(forged, "mật khẩu của người khác"):
        pass
    before = path.read_bytes()
    assert refused(path, forged, "mật khẩu của người khác", username=None, password=None) \
        == "RESTORE_CURRENT_OTHER_PASSPHRASE"
    assert path.read_bytes() == before and refusals(path) == []
