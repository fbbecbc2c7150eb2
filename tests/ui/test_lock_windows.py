"""The lock keeps every window from a passer-by, and nothing of one person from the next.

A reviewer locked the app with a person's Record window open: the window stayed on screen
whole (name, birth date, CCCD, phone), and after a clerk logged in at the lock its Correct
and Void buttons were still enabled, as they had been set for the supervisor.
"""

from __future__ import annotations

from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, Role
from desktop_app.services.day_defaults import get_day_defaults
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.app import Shell
from desktop_app.ui.setup import SetupDialog
from tests.keys import TEST_PASSWORD, TEST_USER

NAME = "Hoàng Thị Mai"
CLERK = ("lan", "mật khẩu của lan")


@pytest.fixture
def shell(qtbot, db, site, boss):  # noqa: ARG001 - a site to record under
    accounts.add_user(db, *CLERK[:1], "Lan", Role.CLERK, CLERK[1], actor=boss)
    supervisor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    app_shell = Shell(QApplication.instance(), db, "en", supervisor)
    app_shell.show_window()
    qtbot.addWidget(app_shell.window)
    return app_shell


@pytest.fixture
def record(qtbot, db, shell):  # noqa: ANN201
    """A person's Record window open over the records list, its buttons set."""
    done = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                       person=PersonInput(NAME, date(1988, 3, 4), Sex.FEMALE, IdType.CCCD,
                                          "001188000777"), actor=AT_THIS_LAPTOP)
    shell.window.show_area("records")
    dialog = shell.window.areas["records"].open_record(done.dose_id)
    qtbot.waitUntil(lambda: dialog.void_button.isEnabled())
    return dialog


def at_the_lock(shell, user, password, look=None):  # noqa: ANN001
    """Once the lock's login is up: ``look()``, then log in as ``user``."""
    def log_in():
        dialog = getattr(shell, "lock_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, log_in)
            return
        if look is not None:
            look()
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.submit()
    QTimer.singleShot(0, log_in)


def blank_where(window, part):  # noqa: ANN001, ANN201
    """Whether ``part`` of ``window`` shows as one flat colour in what the window paints."""
    image = window.grab().toImage()
    corner = part.mapTo(window, part.rect().topLeft())
    colours = {image.pixel(corner.x() + x, corner.y() + y)
               for x in range(0, part.width(), 3) for y in range(0, part.height(), 3)}
    return len(colours) == 1


def test_a_record_window_shows_nothing_while_locked_and_closes_for_the_next_person(
        qtbot, shell, record):
    assert NAME in record.person.text() and not blank_where(record, record.person)
    seen = {}

    def look():
        seen["title"] = record.windowTitle()
        seen["blank"] = blank_where(record, record.person)
        seen["buttons"] = blank_where(record, record.void_button)

    at_the_lock(shell, *CLERK, look=look)
    shell.lock()
    assert seen == {"title": "VaxDesk", "blank": True, "buttons": True}
    assert shell.ctx.actor.role is Role.CLERK
    assert not record.isVisible() and record.result() == QDialog.DialogCode.Rejected
    assert shell.window.centralWidget().isVisible()


def test_the_same_person_back_finds_the_record_window_as_they_left_it(qtbot, shell, record):
    title = record.windowTitle()
    at_the_lock(shell, TEST_USER, TEST_PASSWORD)
    shell.lock()
    assert record.isVisible() and record.windowTitle() == title
    assert not blank_where(record, record.person)
    assert record.void_button.isEnabled()


def test_a_records_buttons_follow_whoever_acts_now(qtbot, shell, record):
    shell.ctx.actor = accounts.login(shell.ctx.db, *CLERK)
    shell.ctx.data_changed.emit("actor")
    assert not record.void_button.isEnabled()
    assert not record.correct_person_button.isEnabled()


def in_site_settings(shell, act):  # noqa: ANN001
    """Open the site settings (an exec() dialog), ``act(dialog)`` once it has loaded with a
    lot typed in it, and close it if ``act`` left it open; returns when the dialog is done."""
    def when_loaded():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog) or not dialog.loaded:
            QTimer.singleShot(20, when_loaded)
            return
        dialog.lot.setText("TYPED1")
        act(dialog)
        if dialog.isVisible():
            dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, when_loaded)
    shell.window.open_site_settings()


def test_a_dialog_run_with_exec_keeps_what_was_typed_through_the_lock(qtbot, shell):
    """Hidden, an exec() dialog would end, and the lot typed in it with it."""
    seen = {}

    def lock_and_come_back(dialog):  # noqa: ANN001
        at_the_lock(shell, TEST_USER, TEST_PASSWORD,
                    look=lambda: seen.setdefault("blank", blank_where(dialog, dialog.lot)))
        shell.lock()
        seen["after"] = (dialog.isVisible(), dialog.lot.text())

    in_site_settings(shell, lock_and_come_back)
    assert seen == {"blank": True, "after": (True, "TYPED1")}


def test_another_person_at_the_lock_closes_a_form_typed_by_the_one_before(qtbot, shell):
    seen = {}

    def lock_and_change_person(dialog):  # noqa: ANN001
        at_the_lock(shell, *CLERK)
        shell.lock()
        seen["open"] = dialog.isVisible()

    in_site_settings(shell, lock_and_change_person)
    assert seen == {"open": False}
    assert get_day_defaults(shell.ctx.db).lot_number is None  # nothing saved for anyone


def test_the_menu_locks_the_screen_with_ctrl_l(qtbot, shell, record):
    assert shell.window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    seen = {}
    at_the_lock(shell, TEST_USER, TEST_PASSWORD,
                look=lambda: seen.setdefault("blank", blank_where(record, record.person)))
    shell.window.lock_action.trigger()
    assert seen == {"blank": True} and not shell.idle.locked
    assert record.isVisible() and shell.ctx.actor.name == "Người kiểm thử"


def test_signing_out_leaves_nothing_of_the_person_for_the_next(qtbot, shell, record):
    """And the login says the last person signed out (it said "The screen is locked")."""
    from PySide6.QtWidgets import QLabel

    old = shell.window
    said = []
    at_the_lock(shell, *CLERK, look=lambda: said.append(" ".join(
        label.text() for label in shell.lock_dialog.findChildren(QLabel))))
    old.sign_out_action.trigger()
    assert "Signed out. The next person logs in" in said[0]
    assert "screen is locked" not in said[0]
    assert shell.ctx.actor.role is Role.CLERK
    assert shell.window is not old and shell.window.isVisible()
    assert not shiboken6.isValid(record) or not record.isVisible()
    qtbot.addWidget(shell.window)
    shell.ctx.data_changed.emit("actor")  # heard by the new window alone
    assert shell.window.status.actor_label.text() == shell.ctx.text(
        "SIGNED_IN", name="Lan", role=shell.ctx.text("ROLE_CLERK"))


def test_the_lock_says_why_it_asks_for_a_login(qtbot, shell):
    """Locked by hand (Ctrl+L) the login says the screen is locked; by the idle timer, that
    it locked itself after a while: a clerk back at the desk knows which happened."""
    from PySide6.QtWidgets import QLabel

    said = []

    def look():
        said.append(" ".join(label.text() for label in shell.lock_dialog.findChildren(QLabel)))

    at_the_lock(shell, *CLERK, look=look)
    shell.lock(asked=True)
    at_the_lock(shell, *CLERK, look=look)
    shell.lock()
    assert "The screen is locked. Log in to go on." in said[0]
    assert "without use" not in said[0]
    assert "Locked after a while without use." in said[1]


def test_the_idle_lock_of_a_window_already_gone_does_nothing(qtbot, db, boss):
    """The app reopening on another file (a restore, the demo) deletes the window; an idle
    lock due meanwhile tried to cover it and raised ("Internal C++ object (MainWindow)
    already deleted") into Qt's event loop. Nothing is left to lock."""
    gone = Shell(QApplication.instance(), db, "en", accounts.login(db, TEST_USER,
                                                                    TEST_PASSWORD))
    gone.show_window()
    window = gone.window
    window.close()
    window.deleteLater()  # as _run does before the next window
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    gone.idle.timer.timeout.emit()  # the idle minutes are up
    assert not gone.idle.locked and getattr(gone, "lock_dialog", None) is None
