"""``vaxdesk passphrase change`` by a clerk is refused before anything is asked or said: a
reviewer's clerk typed the new passphrase twice and read "Re-encrypting the data…" before
being told that only a supervisor may change it."""

import os
import pty
import subprocess
import sys

import pytest

from desktop_app.db.database import open_database
from desktop_app.services import accounts
from desktop_app.services.actor import Role
from tests.keys import TEST_PASSPHRASE

CLERK = {"VAXDESK_USER": "lan", "VAXDESK_PASSWORD": "mật khẩu của lan"}


def clerk_changes(path, stdin, **env):  # noqa: ANN001, ANN201
    try:
        return subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(path),
                               "--lang", "en", "passphrase", "change"],
                              env=dict(os.environ, **CLERK, **env), stdin=stdin,
                              capture_output=True, text=True, timeout=60,
                              start_new_session=True)
    except subprocess.TimeoutExpired:
        pytest.fail("it waited at the terminal for a passphrase the clerk may not set")


def with_a_clerk(db, boss):  # noqa: ANN001, ANN201
    accounts.add_user(db, "lan", "Lan", Role.CLERK, CLERK["VAXDESK_PASSWORD"], actor=boss)
    path = db.path
    db.close()
    return path


def test_a_clerk_at_a_terminal_is_refused_before_the_new_passphrase_is_asked(db, boss):
    path = with_a_clerk(db, boss)
    # A terminal of its own (getpass falls back to it, the prompts to stderr); nothing is
    # typed: the old code asked and waited.
    leader, terminal = pty.openpty()
    try:
        done = clerk_changes(path, terminal)
    finally:
        os.close(terminal)
        os.close(leader)
    assert done.returncode == 2
    assert "supervisor" in done.stderr
    assert "New data passphrase" not in done.stderr and "Enter it again" not in done.stderr
    assert "Re-encrypting" not in done.stderr


def test_a_clerks_script_is_told_it_may_not_rather_than_where_the_passphrase_goes(db, boss):
    path = with_a_clerk(db, boss)
    no_new = clerk_changes(path, subprocess.DEVNULL)
    assert no_new.returncode == 2 and "supervisor" in no_new.stderr
    assert "VAXDESK_NEW_DB_PASSPHRASE" not in no_new.stderr
    given = clerk_changes(path, subprocess.DEVNULL, VAXDESK_NEW_DB_PASSPHRASE="mật khẩu mới 1")
    assert given.returncode == 2 and "supervisor" in given.stderr
    assert "Re-encrypting" not in given.stderr
    open_database(path, TEST_PASSPHRASE).close()  # nothing was changed
