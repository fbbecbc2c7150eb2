"""A new site database's passphrase is held to the one rule (``rules.passphrase``: 8
characters at least) whichever way it comes: typed at the first-start dialog or the
terminal, or given by ``VAXDESK_DB_PASSPHRASE`` for a script or a kiosk. A database made
before, under a shorter one, still opens with it."""

from __future__ import annotations

import os

from desktop_app.db.database import open_database
from tests import forked


def test_a_new_site_database_takes_a_one_letter_passphrase_from_the_environment(tmp_path):
    """The data passphrase is the only lock on the encrypted records: the first-start dialog
    and a terminal refuse one under 8 characters, and so does `vaxdesk passphrase change`
    (VAXDESK_NEW_DB_PASSPHRASE). A site set up by a script (README: "For scripts and the
    CLI, VAXDESK_DB_PASSPHRASE gives the passphrase"; a kiosk start) got a new database
    encrypted under whatever it gave, "a" included, without a word."""
    data = tmp_path / "data"
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data), VAXDESK_DB_PASSPHRASE="a",
               VAXDESK_USER="sep", VAXDESK_PASSWORD="mật khẩu của sếp")
    made = forked.vaxdesk("user", "add", "sep", "--role", "supervisor", env=env, timeout=120)
    changed = forked.vaxdesk("passphrase", "change",
                             env=dict(env, VAXDESK_NEW_DB_PASSPHRASE="b"), timeout=120)
    assert changed.returncode == 2 and "ít nhất 8" in changed.stderr  # the rule, on change
    assert made.returncode != 0 and not (data / "vaxdesk.db").exists(), (
        f"a site database was made under the passphrase 'a' (exit {made.returncode}: "
        f"{made.stdout.strip()})")
    assert made.returncode == 2 and "Mật khẩu dữ liệu cần ít nhất 8 ký tự." in made.stderr
    assert "Traceback" not in made.stderr


def test_a_database_made_under_a_short_passphrase_before_the_rule_still_opens(tmp_path):
    data = tmp_path / "data"
    open_database(data / "vaxdesk.db", "a").close()  # as an older version let a script make it
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data), VAXDESK_DB_PASSPHRASE="a",
               VAXDESK_USER="sep", VAXDESK_PASSWORD="mật khẩu của sếp")
    made = forked.vaxdesk("user", "add", "sep", "--role", "supervisor", env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    assert forked.vaxdesk("info", env=env, timeout=120).returncode == 0
