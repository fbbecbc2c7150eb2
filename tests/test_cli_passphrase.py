"""``vaxdesk passphrase change``, run as a real process: a supervisor's change re-encrypts
the database and its backup; a clerk's is refused and changes nothing."""

import os

from desktop_app.db import cipher
from desktop_app.db.errors import WrongPassphrase
from desktop_app.services import accounts, backups
from desktop_app.services.actor import Role
from tests import forked
from tests.keys import TEST_PASSPHRASE

NEW = "mật khẩu mới của trạm"


def vaxdesk(path, *args, **env):  # noqa: ANN001, ANN201
    return forked.vaxdesk("--db", str(path), "--lang", "en", *args, env=dict(os.environ, **env),
                          timeout=120)


def opens(path, passphrase):  # noqa: ANN001, ANN201
    try:
        cipher.connect(path, cipher.key_for(path, passphrase)).close()
    except WrongPassphrase:
        return False
    return True


def test_a_supervisor_changes_it_and_a_clerk_may_not(db, boss, site):
    accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu của lan", actor=boss)
    copy = backups.make_backup(db).path
    path = db.path
    db.close()

    clerk = vaxdesk(path, "passphrase", "change", VAXDESK_USER="lan",
                    VAXDESK_PASSWORD="mật khẩu của lan", VAXDESK_NEW_DB_PASSPHRASE=NEW)
    assert clerk.returncode != 0 and "supervisor" in clerk.stderr
    assert opens(path, TEST_PASSPHRASE) and opens(copy, TEST_PASSPHRASE)

    missing = vaxdesk(path, "passphrase", "change")
    assert missing.returncode == 2 and "VAXDESK_NEW_DB_PASSPHRASE" in missing.stderr
    # Refused before it says it re-encrypts (it said so, then refused).
    for refused_new in ("ngắn", TEST_PASSPHRASE):
        said = vaxdesk(path, "passphrase", "change", VAXDESK_NEW_DB_PASSPHRASE=refused_new)
        assert said.returncode == 2 and "Re-encrypting" not in said.stderr, said.stderr

    done = vaxdesk(path, "passphrase", "change", VAXDESK_NEW_DB_PASSPHRASE=NEW)
    assert done.returncode == 0, done.stderr
    assert "now open with the new passphrase only" in done.stdout
    assert "VAXDESK_DB_PASSPHRASE still holds the old passphrase" in done.stdout
    assert opens(path, NEW) and opens(copy, NEW)
    assert not opens(path, TEST_PASSPHRASE)
    info = vaxdesk(path, "info", VAXDESK_DB_PASSPHRASE=NEW)
    assert info.returncode == 0, info.stderr
    refused = vaxdesk(path, "info")
    assert refused.returncode != 0 and "old data passphrase" in refused.stderr
