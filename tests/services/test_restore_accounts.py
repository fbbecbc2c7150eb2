"""A restore and the laptop's accounts, on real database files: who may restore is asked of
the current file (a supervisor disabled there, or made a clerk, cannot take the laptop back
with an old copy that still lists them), and what a restore brings back of the accounts is
what the current file says of them, said in the restore's message and in its audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.rules.messages import UserError
from desktop_app.services import accounts, accounts_admin, restore
from desktop_app.services.accounts import LoginRefused
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, raw_connect
from tests.services.test_backups import count, save

OLD_BOSS, OLD_BOSS_PASSWORD = "cu", "mat khau giam sat cu"
CLERK_PASSWORD = "mat khau thu ky 12"


def users(path: Path) -> dict[str, tuple[str, int]]:
    with raw_connect(path) as conn:
        return {u: (role, active) for u, role, active in
                conn.execute("SELECT username, role, active FROM app_user")}


def entries(path: Path, action: str) -> list[tuple[str | None, str, dict]]:
    with raw_connect(path) as conn:
        return [(who, entity_id, json.loads(details)) for who, entity_id, details in
                conn.execute("SELECT user_id, entity_id, details FROM audit_entry"
                             " WHERE action = ? ORDER BY id", (action,))]


def test_a_supervisor_disabled_since_the_copy_cannot_restore_it(db, boss, site, tmp_path):
    """The reviewer's case: `cu` is a supervisor in the copy and disabled in the current
    file. Before, the copy's accounts were asked and `cu` put the old file back, active."""
    accounts.add_user(db, OLD_BOSS, "Giám sát cũ", "supervisor", OLD_BOSS_PASSWORD,
                      actor=boss)
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    accounts_admin.set_active(db, OLD_BOSS, False, actor=boss)
    save(db, 2)
    path = db.path
    db.close()
    with pytest.raises(UserError) as refused:
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username=OLD_BOSS,
                               password=OLD_BOSS_PASSWORD, set_aside_unsent=True)
    assert refused.value.code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"
    assert "bị khóa" in refused.value.message("vi")
    assert count(path) == 2 and users(path)[OLD_BOSS] == ("supervisor", 0)  # unchanged
    assert not list(path.parent.glob("*.before-restore-*"))


def test_a_supervisor_made_a_clerk_since_cannot_restore_either(db, boss, site, tmp_path):
    accounts.add_user(db, OLD_BOSS, "Giám sát cũ", "supervisor", OLD_BOSS_PASSWORD,
                      actor=boss)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    accounts_admin.set_role(db, OLD_BOSS, "clerk", actor=boss)
    path = db.path
    db.close()
    with pytest.raises(UserError) as refused:
        restore.check_restore(path, copy, TEST_PASSPHRASE, username=OLD_BOSS,
                              password=OLD_BOSS_PASSWORD)
    assert refused.value.code == "RESTORE_NEEDS_CURRENT_SUPERVISOR"


def test_a_supervisor_added_after_the_copy_restores_it_and_keeps_their_account(
        db, boss, site, tmp_path):
    """Asked of the current file, the newest supervisor may restore a copy older than their
    account; the account comes along, or they could not log in to what they restored."""
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    accounts.add_user(db, "moi", "Giám sát mới", "supervisor", "mat khau giam sat moi",
                      actor=boss)
    path = db.path
    db.close()
    restored = restore.restore_backup(path, copy, TEST_PASSPHRASE, username="moi",
                                      password="mat khau giam sat moi", set_aside_unsent=True)
    assert users(path)["moi"] == ("supervisor", 1)
    with open_database(path, TEST_PASSPHRASE) as again:
        assert accounts.login(again, "moi", "mat khau giam sat moi").name == "Giám sát mới"
    [(who, _copy, details)] = entries(path, "restore")
    moi = users_id(path, "moi")
    assert who == moi and details["accounts_kept"] == "moi"
    assert "moi (người giám sát, tạo sau bản sao lưu) được giữ" in \
        restore.restored_text(copy, restored, "vi")


def users_id(path: Path, username: str) -> str:
    with raw_connect(path) as conn:
        return conn.execute("SELECT id FROM app_user WHERE username = ?",
                            (username,)).fetchone()[0]


def test_a_current_file_too_damaged_to_ask_leaves_the_copys_supervisors_to_ask(
        db, boss, site, tmp_path):
    """What a restore is most often for: the current file does not open. Its accounts
    cannot be asked, so a supervisor of the copy restores it, as before."""
    accounts.add_user(db, OLD_BOSS, "Giám sát cũ", "supervisor", OLD_BOSS_PASSWORD,
                      actor=boss)
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    path = db.path
    db.close()
    damaged = path.read_bytes()[:16] + b"\x5a" * 8192  # its salt kept, its pages gone
    path.write_bytes(damaged)
    restored = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=OLD_BOSS,
                                      password=OLD_BOSS_PASSWORD, set_aside_unsent=True)
    assert count(path) == 1 and restored.accounts == ()
    assert restored.aside is not None and restored.aside.read_bytes() == damaged


def test_accounts_disabled_demoted_or_reset_since_the_copy_stay_so(db, boss, site, tmp_path):
    """The reviewer's second case (`minh` left, disabled, and could log in again after a
    restore), with the other changes a supervisor makes to accounts: a role taken away, a
    password reset (temporary: changed at the next login), a password the person changed
    (perhaps because it was seen). Each stays as the current file has it, said and
    audited under the supervisor who restored."""
    for name, role in (("minh", "clerk"), ("hoa", "supervisor"), ("lan", "clerk"),
                       ("tuan", "clerk")):
        accounts.add_user(db, name, name.title(), role, CLERK_PASSWORD, actor=boss)
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    accounts_admin.set_active(db, "minh", False, actor=boss)
    accounts_admin.set_role(db, "hoa", "clerk", actor=boss)
    accounts_admin.reset_password(db, "lan", "tam thoi 123456", actor=boss)
    tuan = accounts.login(db, "tuan", CLERK_PASSWORD)
    accounts_admin.change_own_password(db, CLERK_PASSWORD, "mat khau moi cua tuan",
                                       actor=tuan)
    save(db, 2)
    path = db.path
    db.close()

    restored = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                      password=TEST_PASSWORD, set_aside_unsent=True)

    assert count(path) == 1  # the data is the copy's
    assert users(path)["minh"] == ("clerk", 0) and users(path)["hoa"] == ("clerk", 1)
    with open_database(path, TEST_PASSPHRASE) as again:
        with pytest.raises(LoginRefused) as refused:
            accounts.login(again, "minh", CLERK_PASSWORD)
        assert refused.value.code == "ACCOUNT_DISABLED"
        with pytest.raises(LoginRefused) as temporary:
            accounts.login(again, "lan", "tam thoi 123456")
        assert temporary.value.code == "PASSWORD_MUST_CHANGE"  # still to be changed
        assert accounts.login(again, "tuan", "mat khau moi cua tuan").name == "Tuan"
        assert accounts.login(again, "hoa", CLERK_PASSWORD).role == "clerk"
        for name in ("lan", "tuan"):  # their passwords from before are gone
            with pytest.raises(LoginRefused) as old:
                accounts.login(again, name, CLERK_PASSWORD)
            assert old.value.code == "LOGIN_REFUSED"
    said = restore.restored_text(copy, restored, "vi")
    assert "minh vẫn bị khóa" in said and "hoa vẫn có vai trò nhân viên ghi nhận" in said
    assert "lan giữ mật khẩu hiện tại" in said and "tuan giữ mật khẩu hiện tại" in said
    assert "minh stays disabled" in restore.restored_text(copy, restored, "en")
    boss_id = users_id(path, TEST_USER)
    [(who, _copy, details)] = entries(path, "restore")
    assert who == boss_id and details["accounts_kept"] == "hoa, lan, minh, tuan"
    assert [(w, d) for w, _u, d in entries(path, "disable")] == [
        (boss_id, {"username": "minh"})]
    assert entries(path, "role")[-1][2] == {"username": "hoa", "role": ["supervisor", "clerk"]}
    assert entries(path, "role")[-1][0] == boss_id
    assert entries(path, "password_reset")[-1][2] == {"username": "lan"}


def test_a_restore_with_no_account_changed_says_nothing_of_accounts(db, boss, site, tmp_path):
    save(db, 1)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    save(db, 2)
    path = db.path
    db.close()
    restored = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                      password=TEST_PASSWORD, set_aside_unsent=True)
    assert restored.accounts == ()
    said = restore.restored_text(copy, restored, "vi")  # and the dose never sent, lost
    assert said.startswith(f"Đã khôi phục từ {copy}. Tệp trước đó được giữ lại ở "
                           f"{restored.aside}. Chú ý: 1 mũi tiêm") and "Tài khoản" not in said
    [(_who, _copy, details)] = entries(path, "restore")
    assert "accounts_kept" not in details and details["copy"] == copy.name
