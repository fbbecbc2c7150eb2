"""The app's start after a certificate batch was killed (SIGKILL, a real process) part-way:
the window comes up and says, in Vietnamese, that the batch stopped, how far it got and
which file holds the paper of the certificates it recorded (real file, real Shell;
QMessageBox.exec is the one boundary scripted, each box kept as a PNG)."""

from __future__ import annotations

import os
import shutil

from PySide6.QtWidgets import QApplication

from desktop_app.db.database import open_database
from desktop_app.ui.app import Shell
from tests.certificates.test_batch_stopped import _killed
from tests.keys import TEST_PASSPHRASE
from tests.ui.test_fault_dialogs import dialogs  # noqa: F401 - the fixture

SCREENS = os.environ.get("VAXDESK_NOTICE_SCREENS")  # a folder to keep the PNG in


def test_the_start_after_a_killed_batch_says_where_its_certificates_are(
        qtbot, db, db_path, site, boss, tmp_path, dialogs, monkeypatch):  # noqa: F811
    folder, out = _killed(db, db_path, boss, tmp_path, "second_part")
    again = open_database(db_path, TEST_PASSPHRASE)
    shell = Shell(QApplication.instance(), again, "vi", boss)
    monkeypatch.setattr(shell.app, "exit", lambda _code: None)
    try:
        shell.start()
        qtbot.addWidget(shell.window)
        qtbot.waitUntil(lambda: any("đã bị dừng" in said for _t, said, _png in dialogs),
                        timeout=30_000)
        shell.ctx.runner.wait_idle()
        QApplication.processEvents()
        [(title, said, png)] = [d for d in dialogs if "đã bị dừng" in d[1]]
        assert title == "VaxDesk"
        assert said.startswith("Đợt in chứng nhận cho 5 người, bắt đầu lúc ")
        assert "bởi Người kiểm thử" in said
        assert f"2 người đầu tiên của đợt đã được ghi nhận là đã cấp chứng nhận; các trang " \
               f"của họ nằm trong {out}." in said
        assert "3 người còn lại chưa có chứng nhận" in said
        assert sorted(folder.iterdir()) == [out]
        if SCREENS:
            shutil.copy(png, os.path.join(SCREENS, "certificate-batch-stopped-vi.png"))
    finally:
        shell.stop()
        again.close()
