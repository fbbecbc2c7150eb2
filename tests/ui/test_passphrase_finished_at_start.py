"""A passphrase change a kill stopped while it re-encrypted the backups is finished at the
next start, after the login and before the window: on a big USB drive that takes minutes.
It used to run with nothing on screen (no window, no bar), so the clerk took VaxDesk for hung
and killed it again. It runs under a bar that says what is being finished, then says it."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from desktop_app.services import passphrase_change
from tests.services.test_passphrase_change_not_done import NEW, _killed_changing


def test_a_stopped_change_is_finished_under_a_bar_then_said(qtbot, db, boss, site,
                                                           monkeypatch):
    from desktop_app.ui.app import run_app

    path = _killed_changing(db, boss, 3, "passphrase_change._change_copy = killed")
    monkeypatch.setenv("VAXDESK_DB_PASSPHRASE", NEW)
    # A slow drive, which cannot be run here: each copy takes a second to re-encrypt.
    change_copy = passphrase_change._change_copy
    monkeypatch.setattr(passphrase_change, "_change_copy",
                        lambda *a: time.sleep(1.0) or change_copy(*a))
    bars: list[str] = []
    notices: list[str] = []

    def watch(tries: int = 500) -> None:  # the bar while it works, then the notice
        box = QApplication.activeModalWidget()
        if isinstance(box, QProgressDialog) and box.labelText() not in bars:
            bars.append(box.labelText())
        if isinstance(box, QMessageBox):
            notices.append(box.text())
            box.accept()
        elif tries:
            QTimer.singleShot(20, lambda: watch(tries - 1))

    watch()
    assert run_app(path, "vi", ready=lambda window: window.close()) == 0
    assert any("đang mã hóa nốt các bản sao lưu" in b for b in bars), bars
    assert notices and notices[0].startswith("Lần đổi mật khẩu dữ liệu trước đã bị dừng")
    assert not Path(f"{path}{passphrase_change.COPIES_LEFT_SUFFIX}").exists()  # done
