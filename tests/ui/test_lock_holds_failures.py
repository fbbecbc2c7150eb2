"""A failure of work that ends behind the lock is not shown over the login: its words may
name the person the work was about, for a passer-by to read. It is said to whoever logs in,
once they have (the app's one error dialog, ``Shell._report_error``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.rules.messages import UserError
from tests.keys import TEST_PASSWORD, TEST_USER
from tests.ui.conftest import shown_shell

NAMED = UserError("IMPORT_FILE_MISSING", file="Nguyễn Thị Hoa 001190012345.xlsx")


@pytest.fixture
def shell(qtbot, db, site):  # noqa: ARG001 - a site to record under
    yield from shown_shell(qtbot, db)


def _boxes() -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def test_a_failure_behind_the_lock_waits_for_the_login(qtbot, shell):
    seen: dict[str, list[str]] = {}

    def at_the_lock():
        dialog = getattr(shell, "lock_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, at_the_lock)
            return
        shell.ctx.report_error(NAMED, shell.window)  # work failed while nobody was there
        qtbot.wait(300)
        seen["over the lock"] = _boxes()
        for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]:
            box.done(0)
        dialog.username.setText(TEST_USER)
        dialog.password.setText(TEST_PASSWORD)
        dialog.submit()
        after_login()

    def after_login(tries: int = 250):
        boxes = _boxes()
        if boxes or not tries:
            seen["after the login"] = boxes
            for box in [w for w in QApplication.topLevelWidgets()
                        if isinstance(w, QMessageBox) and w.isVisible()]:
                box.done(0)
            return
        QTimer.singleShot(20, lambda: after_login(tries - 1))

    QTimer.singleShot(0, at_the_lock)
    shell.idle.hold(shell.lock)
    qtbot.waitUntil(lambda: "after the login" in seen, timeout=10_000)
    assert seen["over the lock"] == []
    assert len(seen["after the login"]) == 1
    assert "Nguyễn Thị Hoa" in seen["after the login"][0]
    assert not shell.ctx.locked


def test_a_failure_with_nobody_away_is_shown_at_once(qtbot, shell):
    shown: list[str] = []

    def close_it():
        shown.extend(_boxes())
        for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]:
            box.done(0)

    QTimer.singleShot(200, close_it)
    shell.ctx.report_error(NAMED, shell.window)
    assert len(shown) == 1 and "Nguyễn Thị Hoa" in shown[0]
