"""Account management: a supervisor disables, enables, changes the role of and resets the
password of an account; the guard rails (the last supervisor, oneself); a reset password is
temporary until its owner chooses their own; every change and every refusal audited with
who made it. A real SQLite file, the real services."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from desktop_app.clock import utc_now
from desktop_app.services import accounts, accounts_admin
from desktop_app.services.actor import AT_THIS_LAPTOP, NotAllowed, Role
from desktop_app.services.audit import describe, verify_audit
from desktop_app.services.doses import void_dose
from tests.keys import TEST_PASSWORD, TEST_USER, raw_connect

PASSWORD = "mật khẩu 123"


@pytest.fixture
def boss(db):  # logged in, as the app and the CLI are
    return accounts.login(db, TEST_USER, TEST_PASSWORD)


@pytest.fixture
def lan(db, boss):
    accounts.add_user(db, "lan", "Nguyễn Thị Lan", Role.CLERK, PASSWORD, actor=boss)
    return accounts.login(db, "lan", PASSWORD)


def _entries(db, *actions):
    marks = ",".join("?" * len(actions))
    with raw_connect(db.path) as conn:
        return conn.execute(f"SELECT action, user_id, details FROM audit_entry "
                            f"WHERE action IN ({marks}) ORDER BY id", actions).fetchall()


def test_a_disabled_account_cannot_log_in_until_enabled_again(db, boss, lan):
    accounts_admin.set_active(db, "lan", False, actor=boss)
    with pytest.raises(accounts.LoginRefused) as refused:
        accounts.login(db, "lan", PASSWORD)
    assert refused.value.code == "ACCOUNT_DISABLED"
    with pytest.raises(accounts.LoginRefused) as wrong:  # a guess learns nothing more
        accounts.login(db, "lan", "không phải")
    assert wrong.value.code == "LOGIN_REFUSED"
    assert [a.active for a in accounts.list_accounts(db) if a.username == "lan"] == [False]
    accounts_admin.set_active(db, "lan", True, actor=boss)
    later = utc_now() + timedelta(seconds=2)  # past the pause after the wrong guess
    assert accounts.login(db, "lan", PASSWORD, now=later).role is Role.CLERK
    assert [(a, who) for a, who, _ in _entries(db, "disable", "enable")] == [
        ("disable", boss.user_id), ("enable", boss.user_id)]


def test_a_role_change_is_audited_and_holds_from_the_next_login(db, boss, lan):
    accounts_admin.set_role(db, "lan", "supervisor", actor=boss)
    assert accounts.login(db, "lan", PASSWORD).role is Role.SUPERVISOR
    (action, who, details), = _entries(db, "role")
    assert who == boss.user_id
    assert describe(action, json.loads(details), "vi") == \
        "Đổi vai trò: Tên đăng nhập “lan”; Vai trò “nhân viên ghi nhận” → “người giám sát”"


def test_a_supervisor_neither_disables_nor_demotes_themselves(db, boss, lan):
    for attempt, code in ((lambda: accounts_admin.set_active(db, TEST_USER, False, actor=boss),
                           "SELF_DISABLE"),
                          (lambda: accounts_admin.set_role(db, TEST_USER, "clerk", actor=boss),
                           "SELF_ROLE")):
        with pytest.raises(accounts.UserError) as refused:
            attempt()
        assert refused.value.code == code
    assert accounts.login(db, TEST_USER, TEST_PASSWORD).role is Role.SUPERVISOR


def test_the_last_active_supervisor_is_never_disabled_or_demoted(db, boss, lan):
    """Whoever asks (here code with no person behind it, as a script's): a second active
    supervisor lifts the rule, a disabled one does not count."""
    for attempt, code in (
            (lambda: accounts_admin.set_active(db, TEST_USER, False, actor=AT_THIS_LAPTOP),
             "LAST_SUPERVISOR_DISABLE"),
            (lambda: accounts_admin.set_role(db, TEST_USER, "volunteer", actor=AT_THIS_LAPTOP),
             "LAST_SUPERVISOR_ROLE")):
        with pytest.raises(accounts.UserError) as refused:
            attempt()
        assert refused.value.code == code
        assert "Make someone else a supervisor first" in refused.value.message("en")
    accounts_admin.set_role(db, "lan", "supervisor", actor=boss)
    accounts_admin.set_active(db, "lan", False, actor=boss)  # disabled: not counted
    with pytest.raises(accounts.UserError):
        accounts_admin.set_role(db, TEST_USER, "clerk", actor=AT_THIS_LAPTOP)
    accounts_admin.set_active(db, "lan", True, actor=boss)
    accounts_admin.set_role(db, TEST_USER, "clerk", actor=accounts.login(db, "lan", PASSWORD))
    assert accounts.login(db, TEST_USER, TEST_PASSWORD).role is Role.CLERK


def test_a_reset_password_is_temporary_until_its_owner_chooses_one(db, boss, lan):
    accounts_admin.reset_password(db, "lan", "tạm thời 1", actor=boss)
    with pytest.raises(accounts.PasswordChangeNeeded) as temporary:
        accounts.login(db, "lan", "tạm thời 1")
    assert "tạm" in temporary.value.message("vi")
    assert [a.must_change_password for a in accounts.list_accounts(db)
            if a.username == "lan"] == [True]
    with pytest.raises(accounts.UserError) as same:
        accounts.login(db, "lan", "tạm thời 1", new_password="tạm thời 1")
    assert same.value.code == "PASSWORD_SAME"
    with pytest.raises(accounts.UserError) as short:
        accounts.login(db, "lan", "tạm thời 1", new_password="ngắn")
    assert short.value.code == "PASSWORD_SHORT"  # the one rule, as for a new account
    actor = accounts.login(db, "lan", "tạm thời 1", new_password="của riêng Lan")
    assert actor.user_id == lan.user_id
    assert accounts.login(db, "lan", "của riêng Lan").role is Role.CLERK
    with pytest.raises(accounts.LoginRefused) as forgotten:
        accounts.login(db, "lan", PASSWORD)
    assert forgotten.value.code == "LOGIN_REFUSED"
    assert [(a, who) for a, who, _ in _entries(db, "password_reset", "password")] == [
        ("password_reset", boss.user_id), ("password", lan.user_id)]


def test_one_changes_ones_own_password_with_the_current_one(db, boss, lan):
    accounts_admin.change_own_password(db, PASSWORD, "mật khẩu mới", actor=lan)
    assert accounts.login(db, "lan", "mật khẩu mới").user_id == lan.user_id
    with pytest.raises(accounts.UserError) as wrong:  # checked as a login checks it
        accounts_admin.change_own_password(db, "sai", "mật khẩu khác", actor=lan)
    assert wrong.value.code == "PASSWORD_CURRENT_WRONG"
    with pytest.raises(accounts.UserError) as own_reset:
        accounts_admin.reset_password(db, TEST_USER, "tạm thời 1", actor=boss)
    assert own_reset.value.code == "SELF_RESET"


def test_only_a_supervisor_manages_accounts_and_each_refusal_is_audited(db, boss, lan):
    for attempt in (lambda: accounts_admin.set_active(db, TEST_USER, False, actor=lan),
                    lambda: accounts_admin.set_role(db, "lan", "supervisor", actor=lan),
                    lambda: accounts_admin.reset_password(db, TEST_USER, "tạm thời 1",
                                                          actor=lan)):
        with pytest.raises(NotAllowed):
            attempt()
    refused = _entries(db, "refused")
    assert [who for _, who, _ in refused] == [lan.user_id] * 3
    assert ['"asked": "accounts_admin.set_active"' in d for _, _, d in refused] == [
        True, False, False]
    assert accounts.login(db, "lan", PASSWORD).role is Role.CLERK  # nothing changed


def test_a_refused_service_call_leaves_an_audit_entry_and_the_chain_holds(db, boss, lan):
    """Before, a refusal raised and left no trace at all."""
    with pytest.raises(NotAllowed):
        void_dose(db, "no-such-dose", "nhầm", actor=lan)
    (action, who, details), = _entries(db, "refused")
    assert who == lan.user_id
    assert describe(action, json.loads(details), "en") == \
        "Refused: “void a dose” needs the role of supervisor; this person is a clerk"
    assert describe(action, json.loads(details), "vi") == ("Bị từ chối: “đánh dấu mũi tiêm "
                                                           "nhập nhầm” cần vai trò người giám "
                                                           "sát; người này có vai trò nhân "
                                                           "viên ghi nhận")
    assert verify_audit(db).intact


def test_every_role_check_in_the_services_is_said_in_words():
    """A refusal's entry names what was asked by the service function
    (``actor.require``): each has words in both languages, so the trail a supervisor reads
    never shows "records.correct_person_in". The command line's own checks too (a clerk's
    `vaxdesk cleaning export` read "cli_cleaning._export")."""
    import ast
    from pathlib import Path

    from desktop_app.services.audit import asked_words
    from desktop_app.services.lookup import asked_for

    app = Path(__file__).resolve().parents[2] / "desktop_app"
    asked = set()
    for path in [*(app / "services").glob("*.py"), *app.glob("cli*.py")]:
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for call in ast.walk(fn):
                if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "require":
                    named = [k.value for k in call.keywords if k.arg == "asked"]
                    if not named:
                        asked.add(f"{path.stem}.{fn.name}")
                    elif isinstance(named[0], ast.Constant):
                        asked.add(named[0].value)
    asked |= {asked_for(None), asked_for("a person")}  # the one asked by a call
    assert len(asked) > 60 and "doses.void_dose" in asked
    unsaid = sorted(a for a in asked for lang in ("vi", "en") if asked_words(a, lang) == a)
    assert unsaid == []


def test_the_list_says_who_logged_in_last(db, boss, lan):
    listed = {a.username: a for a in accounts.list_accounts(db)}
    assert listed["lan"].last_login is not None and listed["lan"].role is Role.CLERK
    assert listed[TEST_USER].last_login is not None
    assert not listed["lan"].must_change_password
