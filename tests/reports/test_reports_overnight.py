"""Review 32c: the Reports area's default period when the app is left open overnight."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from desktop_app import clock
from tests.ui.desk_helpers import open_area, press
from tests.ui.test_reports_desk_day import dose_on, settle

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_last_30_days_left_open_overnight_are_the_new_days(qtbot, db, site, monkeypatch):
    """The clerk opened the doses report (the last 30 days, untouched) yesterday and left the
    app open; this morning a dose is given at the desk and the supervisor comes back to
    Reports: "the last 30 days" must end today and count this morning's dose, as the desk's
    tally left open overnight becomes the new day's. It still ends yesterday: today's doses
    are missing from the figures until someone retypes the dates."""
    ctx, window, screen = open_area(qtbot, db, "reports", lang="vi")
    settle(qtbot, ctx)
    today = clock.local_today()
    assert screen.key == "doses" and screen.period()[1] == today
    press(qtbot, window, Qt.Key.Key_1, CTRL)  # to the desk; the laptop stays on overnight
    later = clock.utc_now() + timedelta(days=1)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    tomorrow = today + timedelta(days=1)
    dose_on(db, tomorrow, "Hoàng Văn Nam", "001080000001")
    ctx.data_changed.emit("doses")  # as the desk says after a save
    press(qtbot, window, Qt.Key.Key_8, CTRL)  # the next morning
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: not screen.loading)
    assert screen.period() == (tomorrow - timedelta(days=29), tomorrow)
    assert [r[0] for r in screen.report.rows] == [tomorrow]
