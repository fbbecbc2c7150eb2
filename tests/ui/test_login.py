"""The login: the first supervisor on a new laptop, a refused password said in words, and
the idle lock that hands the laptop to whoever logs in next."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.services import accounts, accounts_admin
from desktop_app.services.actor import Role
from desktop_app.ui.idle_lock import IdleLock
from desktop_app.ui.login_dialog import LoginDialog
from tests.keys import TEST_PASSWORD, TEST_USER


@pytest.fixture(autouse=True)
def no_environment_login(monkeypatch):
    monkeypatch.delenv("VAXDESK_USER", raising=False)
    monkeypatch.delenv("VAXDESK_PASSWORD", raising=False)


def test_a_new_laptop_makes_its_first_supervisor(qtbot, tmp_path):
    from desktop_app.db.database import open_database
    from desktop_app.ui.app import log_in
    from tests.keys import TEST_PASSPHRASE

    with open_database(tmp_path / "new.db", TEST_PASSPHRASE) as db:
        def fill():
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, LoginDialog):
                QTimer.singleShot(20, fill)
                return
            assert dialog.first
            dialog.username.setText("quanly")
            dialog.full_name.setText("Phạm Thị Lan")
            dialog.password.setText("mật khẩu 123")
            dialog.again.setText("mật khẩu 123")
            dialog.submit()

        QTimer.singleShot(0, fill)
        actor = log_in(db, "vi")
        assert actor is not None and actor.role is Role.SUPERVISOR
        assert actor.name == "Phạm Thị Lan"
        assert [a.username for a in accounts.list_accounts(db)] == ["quanly"]


def test_a_wrong_password_is_said_and_the_dialog_stays(qtbot, db):
    dialog = LoginDialog(db, "vi")
    qtbot.addWidget(dialog)
    dialog.username.setText(TEST_USER)
    dialog.password.setText("sai mật khẩu")
    dialog.submit()
    # Checked beside the window (after a crash the login waits for the file's check): it
    # says so and holds its fields, and Quit waits for the answer.
    assert dialog.working.busy and not dialog.working.isHidden()
    assert not dialog.password.isEnabled() and not dialog.ok_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: "không đúng" in dialog.error.text())
    assert dialog.actor is None and dialog.result() == 0 and dialog.password.isEnabled()
    assert dialog.working.isHidden()


def test_a_name_no_account_has_is_told_to_wait_as_an_account_is(qtbot, db):
    """After failed logins the dialog said "please wait" for an account's name only, which
    told a stranger the name was one. Both wait now, in the same words (even with the right
    password), in the dialog as in the service."""
    import re
    from datetime import timedelta

    from desktop_app.clock import utc_now

    now = utc_now()
    said = []
    for name in (TEST_USER, "khong-ai-co-ten-nay"):
        for n in range(5):  # the fifth failure now: the next login waits 16 s
            with pytest.raises(accounts.LoginRefused):
                accounts.login(db, name, "sai mật khẩu", now=now - timedelta(minutes=4 - n))
        dialog = LoginDialog(db, "vi")
        qtbot.addWidget(dialog)
        dialog.username.setText(name)
        dialog.password.setText(TEST_PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: not dialog.working.busy)  # noqa: B023
        assert dialog.actor is None and dialog.password.isEnabled()
        said.append(re.sub(r"\d+", "N", dialog.error.text()))
    assert said[0] == said[1] == "Vừa đăng nhập sai: hãy chờ N giây rồi thử lại."


def test_a_missing_or_misshapen_user_name_is_said_where_it_is_typed(qtbot, tmp_path):
    """No user name used to read 'Tên đăng nhập “” chỉ gồm…' with the cursor in Password:
    it is said to be required, and the cursor goes to the field to correct."""
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE

    with open_database(tmp_path / "new.db", TEST_PASSPHRASE) as db:
        dialog = LoginDialog(db, "vi", first=True)
        qtbot.addWidget(dialog)
        _shown_active(qtbot, dialog)
        for typed, said in (("  ", "Cần nhập tên đăng nhập."),
                            ("Quản lý", "Tên đăng nhập “quản lý” chỉ gồm")):
            dialog.username.setText(typed)
            dialog.password.setText("mật khẩu 123")
            dialog.again.setText("mật khẩu 123")
            dialog.password.setFocus()
            dialog.submit()
            qtbot.waitUntil(lambda: not dialog.working.busy)
            assert dialog.error.text().startswith(said)
            assert dialog.username.hasFocus() and dialog.actor is None
        dialog.username.setText("quanly")
        dialog.password.setText("ngắn")
        dialog.again.setText("ngắn")
        dialog.submit()
        qtbot.waitUntil(lambda: not dialog.working.busy)
        assert dialog.error.text().startswith("Mật khẩu cần ít nhất")
        assert dialog.password.hasFocus()
        assert accounts.list_accounts(db) == []


def test_logging_in_without_a_user_name_says_it_is_required(qtbot, db):
    dialog = LoginDialog(db, "en")
    qtbot.addWidget(dialog)
    _shown_active(qtbot, dialog)
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.working.busy)
    assert dialog.error.text() == "The user name is required."
    assert dialog.username.hasFocus()


def _shown_active(qtbot, dialog):
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # focus is only had in the active window


def test_the_idle_lock_asks_for_a_login_and_the_next_person_acts(qtbot, db, site):
    from desktop_app.ui.app import Shell

    boss = accounts.login(db, TEST_USER, TEST_PASSWORD)
    accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    shell = Shell(QApplication.instance(), db, "vi", boss)
    shell.idle.timer.setInterval(50)  # ten minutes, shortened

    hidden_while_locked = []

    def log_in_as_clerk():
        dialog = getattr(shell, "lock_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, log_in_as_clerk)
            return
        # A login over the records left names and ID numbers readable behind it.
        hidden_while_locked.append(not shell.window.centralWidget().isVisible())
        dialog.username.setText("lan")
        dialog.password.setText("mật khẩu 123")
        dialog.submit()

    QTimer.singleShot(0, log_in_as_clerk)
    shell.start()
    qtbot.waitUntil(lambda: shell.ctx.actor.role is Role.CLERK, timeout=5000)
    assert shell.ctx.actor.name == "Lan"
    assert hidden_while_locked == [True] and shell.window.centralWidget().isVisible()
    shell.stop()
    shell.window.close()


def test_quitting_at_the_idle_lock_asks_before_a_typed_person_is_lost(
        qtbot, db, site, boss, monkeypatch):
    """The lock's Quit (or Esc) with a person typed at the desk asks what the window's X
    asks; "keep it" brings the lock back, nothing quits until the desk lets go."""
    from desktop_app.ui.app import Shell

    shell = Shell(QApplication.instance(), db, "vi", boss)
    shell.show_window()
    qtbot.addWidget(shell.window)
    desk = shell.window.areas["record"]
    answers, quits = [False, True], []

    def quit_at_the_lock():
        QTimer.singleShot(100, lambda: shell.lock_dialog.reject())

    def may_discard(_self):
        if answers[0] is False:
            quit_at_the_lock()  # kept: the lock is back, and quit at again
        return answers.pop(0)

    monkeypatch.setattr(type(desk), "may_discard", may_discard)
    monkeypatch.setattr(shell.app, "quit", lambda: quits.append(True))
    quit_at_the_lock()
    shell.lock()
    assert answers == [] and quits == [True]


def test_activity_restarts_the_idle_time(qtbot):
    fired = []
    lock = IdleLock(1 / 60, lambda: fired.append(True))  # one second
    lock.start()
    qtbot.wait(600)
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    lock.eventFilter(None, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                     Qt.KeyboardModifier.NoModifier))
    qtbot.wait(600)
    assert fired == []  # 1.2 s since start, 0.6 s since the key
    qtbot.waitUntil(lambda: fired == [True], timeout=3000)


def test_another_name_after_a_temporary_password_is_an_ordinary_login(qtbot, db):
    """Lan's password was reset: the lock's login asks her for a new one and shows two more
    fields. She leaves it; the supervisor types their own name and password at the same
    login. The two fields go away and the supervisor is logged in: before, the dialog
    still sent the (empty) new password with their login and refused them ("at least 8
    characters"), and had they filled the fields their own password would be replaced."""
    boss = db.supervisor
    accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu của lan", actor=boss)
    accounts_admin.reset_password(db, "lan", "tạm thời 1", actor=boss)
    dialog = LoginDialog(db, "vi", locked="idle")
    qtbot.addWidget(dialog)
    dialog.username.setText("lan")
    dialog.password.setText("tạm thời 1")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.changing)
    assert dialog.form.isRowVisible(dialog.new_password)

    dialog.username.setText(TEST_USER)
    assert not dialog.changing and not dialog.form.isRowVisible(dialog.new_password)
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.working.busy)
    assert dialog.actor is not None and dialog.actor.role is Role.SUPERVISOR, \
        dialog.error.text()
    assert accounts.login(db, TEST_USER, TEST_PASSWORD).role is Role.SUPERVISOR  # unchanged
