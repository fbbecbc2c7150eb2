"""What the clerk sees of a dose the central platform refuses as a second dose of that
number: real widgets (offscreen), a real site database and central server process."""

from __future__ import annotations

from datetime import timedelta

from tests.sync.test_platform_dose_refusal import DAY2, _dose_2, their_dose_2  # noqa: F401
from tests.ui.desk_helpers import open_area


def test_the_refused_dose_2_is_listed_in_the_sync_area_in_vietnamese(
        qtbot, wired, their_dose_2):  # noqa: F811 - the fixture, imported
    pid, _theirs = their_dose_2
    _dose_2(wired, pid, DAY2 + timedelta(days=1))
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        screen.sync_button.click()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1)
    record, state, reason = (screen.table.item(0, c).text() for c in range(3))
    assert "Phạm Thị Thu" in record and f"{DAY2 + timedelta(days=1):%d/%m/%Y} #2" in record
    assert state == "Bị hệ thống trung tâm từ chối"
    assert reason == f"Người này đã có mũi 2 (ngày {DAY2:%d/%m/%Y}); không thể ghi mũi 2 lần nữa."
    qtbot.waitUntil(lambda: "1" in window.status.rejected_label.text())
    ctx.runner.wait_idle()
