"""A restore a kill stopped between its renames, finished when the app next opens the file,
is said once the window is up: the figures changed since, with no restore asked for in this
session, are not left unexplained."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.ui.main_window import MainWindow
from tests.services.test_restore_said_at_opening import stopped_between_renames


def test_the_app_says_a_restore_it_finished_at_opening(qtbot, db, site):
    from desktop_app.ui.app import run_app

    path, aside = stopped_between_renames(db)
    notices: list[str] = []

    def read_notice(tries: int = 250) -> None:  # said before the window is ready, or never
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            notices.append(box.text())
            box.accept()
        elif tries:
            QTimer.singleShot(20, lambda: read_notice(tries - 1))

    def close(window: MainWindow) -> None:
        window.close()

    read_notice()
    assert run_app(path, "en", ready=close) == 0
    assert notices, "nothing was said"
    assert "was finished now, at opening" in notices[0] and str(aside) in notices[0]
