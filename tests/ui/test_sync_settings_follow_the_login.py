"""Settings → Sync's address and access code are a supervisor's to change, and the screen
says so to anyone else (read-only fields, Save off). Whoever logs in at the lock acts from
then on: the screen judges again for them, not once for whoever opened the window.

A reviewer found a clerk who logged in at the lock over the supervisor's session offered
the supervisor's editable fields and Save, and a supervisor over a clerk's told only a
supervisor may change them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.services import accounts
from desktop_app.services.actor import Role
from desktop_app.ui.app import Shell
from tests.keys import TEST_PASSWORD, TEST_USER

CLERK = ("lan", "mật khẩu của lan")


@pytest.fixture
def clerk_account(db, site, boss):  # noqa: ARG001 - a site to sync
    accounts.add_user(db, CLERK[0], "Lan", Role.CLERK, CLERK[1], actor=boss)


def _window_of(qtbot, db, username, password):  # noqa: ANN001, ANN202
    shell = Shell(QApplication.instance(), db, "en", accounts.login(db, username, password))
    shell.show_window()
    qtbot.addWidget(shell.window)
    shell.window.show_area("sync")
    return shell, shell.window.areas["sync"]


def _log_in_at_the_lock(shell, username, password):  # noqa: ANN001, ANN202
    def log_in():
        dialog = getattr(shell, "lock_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, log_in)
            return
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.submit()

    QTimer.singleShot(0, log_in)
    shell.idle.hold(shell.lock)


def _may_change(screen) -> bool:  # noqa: ANN001
    return not screen.server.isReadOnly() and not screen.token.isReadOnly() \
        and screen.save_button.isEnabled()


def _read_only(screen) -> bool:  # noqa: ANN001
    return screen.server.isReadOnly() and screen.token.isReadOnly() \
        and not screen.save_button.isEnabled()


def test_sync_settings_follow_whoever_logs_in_at_the_lock(
        qtbot, db, clerk_account):  # noqa: ARG001
    shell, screen = _window_of(qtbot, db, *CLERK)
    assert _read_only(screen)  # the clerk's
    _log_in_at_the_lock(shell, TEST_USER, TEST_PASSWORD)
    assert shell.ctx.actor.role is Role.SUPERVISOR
    seen = {"supervisor after the clerk may change": _may_change(screen),
            "no 'only a supervisor' said to her": screen.save_button.toolTip() == ""}
    _log_in_at_the_lock(shell, *CLERK)
    seen["the clerk again: read-only"] = _read_only(screen)
    shell.ctx.runner.wait_idle()
    shell.window.close()

    shell, screen = _window_of(qtbot, db, TEST_USER, TEST_PASSWORD)
    assert _may_change(screen)  # the supervisor's
    _log_in_at_the_lock(shell, *CLERK)
    assert shell.ctx.actor.role is Role.CLERK
    seen["clerk after the supervisor: read-only"] = _read_only(screen)
    seen["told why"] = "supervisor" in screen.save_button.toolTip()
    shell.ctx.runner.wait_idle()
    assert all(seen.values()), seen
