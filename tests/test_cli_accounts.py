"""``vaxdesk user``: the accounts from the command line, as a real process on a real
database. Add (the role said in the output's language), list, disable, enable, role, and
password: a supervisor's temporary one, which the next login refuses until its owner
chooses their own with the same command."""

from __future__ import annotations

import os

from tests import forked
from tests.keys import TEST_PASSWORD, TEST_USER, ensure_test_supervisor, raw_connect

PASSWORD = "mật khẩu 123"


def _vaxdesk(db_path, *args, user=TEST_USER, password=TEST_PASSWORD, **more_env):
    env = {**os.environ, "VAXDESK_USER": user, "VAXDESK_PASSWORD": password, **more_env}
    return forked.vaxdesk("--db", str(db_path), *args, env=env, timeout=180)


def test_user_add_says_the_role_in_the_outputs_language(db_path):
    """It printed "Đã tạo tài khoản lan (clerk)": the stored English code."""
    ensure_test_supervisor(db_path)
    vi = _vaxdesk(db_path, "user", "add", "lan", "--role", "clerk", VAXDESK_NEW_PASSWORD=PASSWORD)
    assert vi.returncode == 0, vi.stderr
    assert vi.stdout.strip() == "Đã tạo tài khoản lan (nhân viên ghi nhận)."
    en = _vaxdesk(db_path, "--lang", "en", "user", "add", "hoa", "--role", "volunteer",
                  VAXDESK_NEW_PASSWORD=PASSWORD)
    assert en.stdout.strip() == "Account hoa (volunteer) created."


def test_a_supervisor_lists_disables_enables_and_changes_roles(db_path):
    ensure_test_supervisor(db_path)
    _vaxdesk(db_path, "user", "add", "lan", "--role", "clerk", "--full-name", "Nguyễn Thị Lan",
             VAXDESK_NEW_PASSWORD=PASSWORD)
    disabled = _vaxdesk(db_path, "user", "disable", "lan")
    assert (disabled.returncode, disabled.stdout.strip()) == (0, "Đã khóa tài khoản lan.")
    listed = _vaxdesk(db_path, "user", "list", user="lan", password=PASSWORD)
    assert listed.returncode == 2 and "đã bị khóa" in listed.stderr  # it cannot log in
    listed = _vaxdesk(db_path, "user", "list").stdout.splitlines()
    assert listed[0].startswith("Tên đăng nhập\tHọ và tên\tVai trò")
    assert listed[1].startswith("kiemthu\tNgười kiểm thử\tngười giám sát\tđang dùng\t")
    assert listed[2] == "lan\tNguyễn Thị Lan\tnhân viên ghi nhận\tđã khóa\t-"
    assert _vaxdesk(db_path, "user", "enable", "lan").returncode == 0
    role = _vaxdesk(db_path, "--lang", "en", "user", "role", "lan", "supervisor")
    assert role.stdout.strip() == "Account lan is now a supervisor (from its next login)."
    own = _vaxdesk(db_path, "--lang", "en", "user", "disable", "lan", user="lan",
                   password=PASSWORD)  # a supervisor now, but not of herself
    assert own.returncode == 2 and "your own account" in own.stderr
    clerkless = _vaxdesk(db_path, "--lang", "en", "user", "role", "nobody", "clerk")
    assert clerkless.returncode == 2 and "There is no account “nobody”" in clerkless.stderr


def test_a_forgotten_password_is_reset_then_replaced_by_its_owner(db_path):
    ensure_test_supervisor(db_path)
    _vaxdesk(db_path, "user", "add", "lan", "--role", "clerk", VAXDESK_NEW_PASSWORD=PASSWORD)
    missing = _vaxdesk(db_path, "--lang", "en", "user", "password", "lan")
    assert missing.returncode == 2 and "VAXDESK_NEW_PASSWORD" in missing.stderr
    reset = _vaxdesk(db_path, "user", "password", "lan", VAXDESK_NEW_PASSWORD="tạm thời 1")
    assert reset.returncode == 0 and "mật khẩu tạm cho lan" in reset.stdout
    temporary = _vaxdesk(db_path, "info", user="lan", password="tạm thời 1")
    assert temporary.returncode == 2
    assert "vaxdesk --user lan user password lan" in temporary.stderr
    changed = _vaxdesk(db_path, "user", "password", "lan", user="lan", password="tạm thời 1",
                       VAXDESK_NEW_PASSWORD="của riêng Lan")
    assert changed.returncode == 0 and "Đã đổi mật khẩu của lan" in changed.stdout
    assert _vaxdesk(db_path, "info", user="lan", password="của riêng Lan").returncode == 0


def test_a_clerk_manages_no_account(db_path):
    ensure_test_supervisor(db_path)
    _vaxdesk(db_path, "user", "add", "lan", "--role", "clerk", VAXDESK_NEW_PASSWORD=PASSWORD)
    for command in (["disable", TEST_USER], ["role", "lan", "supervisor"],
                    ["password", TEST_USER]):
        out = _vaxdesk(db_path, "--lang", "en", "user", *command, user="lan",
                       password=PASSWORD, VAXDESK_NEW_PASSWORD="tạm thời 1")
        assert out.returncode == 2 and "needs the role of supervisor" in out.stderr, command
    with raw_connect(db_path) as conn:  # each refusal left its trace, and nothing else
        refused = conn.execute("SELECT details FROM audit_entry WHERE action = 'refused'")
        assert [d.split(",")[0] for (d,) in refused] == [
            '{"asked": "accounts_admin.set_active"', '{"asked": "accounts_admin.set_role"',
            '{"asked": "accounts_admin.reset_password"']
    audit = _vaxdesk(db_path, "--lang", "en", "audit", "verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_a_temporary_password_is_refused_with_the_command_that_changes_it(db_path):
    """Said through UserError.on_command_line (CLI_PASSWORD_MUST_CHANGE), not by a mapping
    of its own: the app says to choose one in its login dialog instead."""
    from desktop_app.db.database import open_database
    from desktop_app.rules.messages import text
    from desktop_app.services import accounts_admin
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from tests.keys import TEST_PASSPHRASE

    ensure_test_supervisor(db_path)
    assert _vaxdesk(db_path, "user", "add", "lan", "--role", "clerk",
                    VAXDESK_NEW_PASSWORD=PASSWORD).returncode == 0
    with open_database(db_path, TEST_PASSPHRASE) as db:
        accounts_admin.reset_password(db, "lan", "tạm thời 12345", actor=AT_THIS_LAPTOP)
    out = _vaxdesk(db_path, "info", user="lan", password="tạm thời 12345")
    assert out.returncode != 0
    assert out.stderr.strip() == text("CLI_PASSWORD_MUST_CHANGE", "vi", username="lan")


def _add_at_terminal(db_path, *answers: str) -> tuple[int, str, str]:
    """``user add`` at a terminal of its own (getpass falls back to it; it flushes what was
    typed before it asks), each of ``answers`` typed once its prompt is shown: the exit
    code, stdout and stderr."""
    import pty
    import select
    import subprocess
    import sys

    leader, terminal = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "desktop_app.cli", "--db", str(db_path), "--lang", "en",
             "user", "add", "lan", "--role", "clerk"],
            env={**os.environ, "VAXDESK_USER": TEST_USER, "VAXDESK_PASSWORD": TEST_PASSWORD},
            stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        said = b""
        for answer in answers:  # each prompt ends ": "
            while not said.rstrip().endswith(b":") and child.poll() is None:
                if select.select([child.stderr], [], [], 60)[0]:
                    said += os.read(child.stderr.fileno(), 4096)
            said = b""
            os.write(leader, answer.encode() + b"\n")
        out, err = child.communicate(timeout=120)
        return child.returncode, out.decode(), err.decode()
    finally:
        os.close(terminal)
        os.close(leader)


def test_a_new_accounts_password_is_asked_twice_at_a_terminal(db_path):
    """It was asked once, in a login's words ("Password for boss:"): a typo in the first
    supervisor's left a laptop nobody could administer."""
    ensure_test_supervisor(db_path)
    code, _out, err = _add_at_terminal(db_path, "mật khẩu 123", "mật khẩu 124")
    assert (code, err.strip().splitlines()[-1]) == (2, "The two passwords differ.")
    assert "lan\t" not in _vaxdesk(db_path, "user", "list").stdout  # nobody was added
    code, out, _err = _add_at_terminal(db_path, PASSWORD, PASSWORD)
    assert (code, out.strip()) == (0, "Account lan (clerk) created.")
    assert _vaxdesk(db_path, "user", "list", user="lan", password=PASSWORD).returncode == 0


def test_user_add_warns_of_a_full_name_another_account_has(db_path):
    """Two "Nguyễn Thị Lan" are two people: the second account is made, and the supervisor
    is told which account has the name already (the trail tells them apart by login)."""
    ensure_test_supervisor(db_path)
    first = _vaxdesk(db_path, "user", "add", "lan", "--role", "clerk", "--full-name",
                     "Nguyễn Thị Lan", VAXDESK_NEW_PASSWORD=PASSWORD)
    assert (first.returncode, first.stderr.strip()) == (0, "")
    second = _vaxdesk(db_path, "user", "add", "lan2", "--role", "clerk", "--full-name",
                      "Nguyễn Thị Lan", VAXDESK_NEW_PASSWORD=PASSWORD)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "Đã tạo tài khoản lan2 (nhân viên ghi nhận)."
    assert second.stderr.startswith("Lưu ý: 1 tài khoản khác cũng có họ tên “Nguyễn Thị Lan”: lan.")
