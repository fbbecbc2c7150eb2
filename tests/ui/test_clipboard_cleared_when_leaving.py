"""A citizen's ID number copied at the desk is taken off the system clipboard when the
person leaves: at the lock, at sign-out and at exit.

What a clerk saw: she copied a CCCD from the desk's search (Ctrl+C) and left; the app
locked and hid every window of VaxDesk, yet the clipboard (the desktop's, not VaxDesk's)
still held the ID number for a passer-by to paste into any other program. Nothing cleared
it at the lock, at Sign out or at exit.

Real parts: a real SQLite (SQLCipher) file, the real shell and its login (offscreen). The
offscreen platform cannot say who owns the clipboard: the guard's other way, the text
compared with what changed it while VaxDesk was active, is the one these tests cover.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, Role
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.app import Shell
from tests.keys import TEST_PASSWORD, TEST_USER
from tests.ui.conftest import shown_shell
from tests.ui.test_lock_windows import at_the_lock

CLERK = ("lan", "mật khẩu của lan")
CCCD = "001188000777"


@pytest.fixture
def shell(qtbot, db, site, boss):  # noqa: ARG001
    accounts.add_user(db, CLERK[0], "Lan", Role.CLERK, CLERK[1], actor=boss)
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                person=PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE, IdType.CCCD,
                                   CCCD), actor=AT_THIS_LAPTOP)
    yield from shown_shell(qtbot, db, "vi")
    QApplication.clipboard().clear()  # nothing of this test left for the next


def _copy_at_the_desk(shell: Shell) -> None:
    shell.window.show_area("record")
    box = shell.window.areas["record"].search.box
    box.setText(CCCD)
    box.selectAll()
    box.copy()  # Ctrl+C
    assert QApplication.clipboard().text() == CCCD


def test_a_citizens_id_copied_at_the_desk_is_off_the_clipboard_while_locked(qtbot, shell):
    _copy_at_the_desk(shell)
    seen = {}
    at_the_lock(shell, TEST_USER, TEST_PASSWORD,
                look=lambda: seen.update(clipboard=QApplication.clipboard().text()))
    shell.lock(asked=True)
    assert CCCD not in seen["clipboard"], "while locked, the clipboard held the ID number"


def test_it_is_off_the_clipboard_once_the_person_signs_out(qtbot, shell):
    _copy_at_the_desk(shell)
    seen = {}
    at_the_lock(shell, *CLERK, look=lambda: seen.update(clipboard=QApplication.clipboard().text()))
    shell.window.sign_out_action.trigger()
    qtbot.addWidget(shell.window)
    assert shell.ctx.actor.role is Role.CLERK
    assert CCCD not in seen["clipboard"]


def test_it_is_off_the_clipboard_at_exit(qtbot, shell):  # noqa: ARG001
    _copy_at_the_desk(shell)
    shell.stop()  # as _run does once the event loop ends
    assert CCCD not in QApplication.clipboard().text()


def test_what_the_clipboard_holds_since_is_not_ours_to_clear(qtbot, shell):  # noqa: ARG001
    """Copied here, then another program copied something of the person's own: left as
    it is. Another program cannot run here: its copy is put with the clipboard's signals
    blocked, so VaxDesk does not see it as its own (as it would not while inactive)."""
    _copy_at_the_desk(shell)
    QApplication.clipboard().blockSignals(True)
    try:
        QApplication.clipboard().setText("ghi chú của người khác")
    finally:
        QApplication.clipboard().blockSignals(False)
    shell.clipboard.clear()
    assert QApplication.clipboard().text() == "ghi chú của người khác"
