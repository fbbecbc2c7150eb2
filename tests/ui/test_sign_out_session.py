"""A session ends at sign-out, and another person logging in at the lock starts a new one.
The signing key a supervisor unlocked (with the passphrase only the manager knows) is "held
in memory for this session only" (ui/context.py): the next person does not find it unlocked
(a clerk signed certificates under the site's key without ever typing its passphrase). And
while nobody is logged in, the automatic sync round that still runs is audited under no
one's name, not the person who signed out (a real central server takes the round)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from desktop_app.services import accounts, certificates, signing
from desktop_app.services.actor import Role
from desktop_app.ui.app import Shell
from tests.certificates.signed import PASSPHRASE
from tests.keys import TEST_PASSWORD, TEST_USER
from tests.sync.helpers import make_people
from tests.ui.test_lock_windows import at_the_lock

CLERK = ("lan", "mật khẩu của lan")


def _shell(qtbot, signed):  # noqa: ANN001, ANN202
    db = signed.db
    accounts.add_user(db, CLERK[0], "Lan", Role.CLERK, CLERK[1], actor=db.supervisor)
    supervisor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    shell = Shell(QApplication.instance(), db, "en", supervisor)
    shell.show_window()
    qtbot.addWidget(shell.window)
    shell.ctx.signer = signing.unlock_signer(db, PASSPHRASE)  # the manager typed it
    return shell


def test_signing_out_locks_the_signing_key_again(qtbot, signed):
    shell = _shell(qtbot, signed)
    [person_id] = make_people(signed.db, 1, doses_each=2)
    at_the_lock(shell, *CLERK)
    shell.window.sign_out_action.trigger()
    qtbot.addWidget(shell.window)
    assert shell.ctx.actor.role is Role.CLERK
    # The clerk never typed the signing passphrase; the manager's unlocked key is still here
    # and signs for her.
    assert shell.ctx.signer is None, "the key the supervisor unlocked outlived her sign-out: " \
        + repr(certificates.issue_certificate(signed.db, shell.ctx.signer, person_id,
                                              actor=shell.ctx.actor).content.uvci)


def test_another_person_at_the_lock_finds_the_key_locked(qtbot, signed):
    shell = _shell(qtbot, signed)
    at_the_lock(shell, *CLERK)
    shell.lock()
    assert shell.ctx.actor.role is Role.CLERK
    assert shell.ctx.signer is None, "the supervisor's unlocked signing key passed to the clerk"


def test_a_round_while_signed_out_is_not_the_signed_out_persons(qtbot, wired):
    db = wired.db
    accounts.add_user(db, CLERK[0], "Lan", Role.CLERK, CLERK[1], actor=db.supervisor)
    supervisor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    shell = Shell(QApplication.instance(), db, "en", supervisor)
    shell.show_window()
    qtbot.addWidget(shell.window)
    make_people(db, 2, doses_each=1)  # records waiting to be sent
    seen = {}

    def while_signed_out():
        # What the controller's timer does on its own while the login waits.
        assert shell.window.sync.sync_now()
        qtbot.waitUntil(lambda: not shell.window.sync.running, timeout=60_000)
        with db.reading() as s:
            seen["rounds"] = s.execute(text("SELECT user_id, details FROM audit_entry "
                                            "WHERE action = 'sync' ORDER BY id")).all()

    at_the_lock(shell, *CLERK, look=while_signed_out)
    shell.window.sign_out_action.trigger()
    qtbot.addWidget(shell.window)
    assert shell.ctx.actor.role is Role.CLERK
    [(user_id, details)] = seen["rounds"]
    assert json.loads(details)["sent"] > 0  # the round did change data
    assert user_id is None  # was the supervisor who had signed out
