"""The Sync area on real widgets after a restore, against a real central server: its round
says how many of the site's records came back from the platform (before, it said "0 changes
received" and the laptop lacked every record synced after the copy)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services import backups
from tests.sync.helpers import make_people, reconcile
from tests.sync.test_restore_brings_back import restored
from tests.ui.desk_helpers import open_area


def test_the_sync_area_says_what_came_back_after_a_restore(qtbot, wired):
    make_people(wired.db, 1, doses_each=1)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    make_people(wired.db, 2, doses_each=1, seed=5)
    wired.sync()
    laptop, _done = restored(wired, copy)
    try:
        ctx, window, screen = open_area(qtbot, laptop.db, "sync", lang="vi")
        with qtbot.waitSignal(window.sync.finished, timeout=30_000):
            qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
        said = screen.result_label.text()
        assert "Đã lấy lại từ hệ thống trung tâm 4 hồ sơ và mũi tiêm của điểm tiêm này" in said
        ctx.runner.wait_idle()
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()
