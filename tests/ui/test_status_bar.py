"""The status bar on real widgets: what it says of the connection before anything was tried,
and items a reader can tell apart."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame

from desktop_app.services import sync as syncing
from desktop_app.ui.widgets.tones import WARNING
from tests.ui.desk_helpers import open_area


def _configured(db, boss) -> None:
    syncing.save_config(db, "https://tiemchung.example.vn/fhir", "ma-truy-cap", actor=boss)


def test_a_configured_platform_not_yet_checked_is_not_called_offline(qtbot, db, site, boss):
    _configured(db, boss)
    ctx, window, _screen = open_area(qtbot, db, "record", "vi")  # no check runs in tests
    bar = window.status
    qtbot.waitUntil(lambda: bar.pending_label.text() != "")
    assert window.sync.online is None
    # Not "never connected" either, beside the last sync's time (a site manager's review).
    assert bar.connection_label.text() == "Đang kiểm tra kết nối…"
    assert WARNING not in bar.connection_label.styleSheet()  # not the offline amber

    window.sync._set_online(False)  # the first check's answer: now it is known
    assert bar.connection_label.text() == "Mất kết nối"
    window.sync._set_online(True)
    assert bar.connection_label.text() == "Trực tuyến"
    ctx.runner.wait_idle()


def test_an_unconfigured_platform_is_still_said_so(qtbot, db, site):
    ctx, window, _screen = open_area(qtbot, db, "record", "en")
    qtbot.waitUntil(lambda: window.status.pending_label.text() != "")
    assert window.status.connection_label.text() == "Central platform not set up"
    ctx.runner.wait_idle()


def test_the_items_are_separated_by_a_visible_line(qtbot, db, site, boss):
    """In Vietnamese the four items read as one run of words with only Qt's spacing."""
    _configured(db, boss)
    ctx, window, _screen = open_area(qtbot, db, "record", "vi")
    bar = window.status
    qtbot.waitUntil(lambda: bar.last_sync_label.text() != "")
    qtbot.wait(50)  # the bar lays the new texts out
    items = [bar.pending_label, bar.rejected_label, bar.last_sync_label, bar.connection_label]
    lines = [f for f in bar.findChildren(QFrame) if f.frameShape() == QFrame.Shape.VLine
             and f.isVisible()]
    for left, right in zip(items, items[1:], strict=False):
        between = [f for f in lines if left.geometry().right() <= f.geometry().left()
                   and f.geometry().right() <= right.geometry().left()]
        assert between, (left.text(), right.text())
        assert right.geometry().left() - left.geometry().right() >= 8
    ctx.runner.wait_idle()


def test_counts_are_grouped_as_the_language_writes_them(qtbot, db, site, boss):
    """"Chờ đồng bộ: 548399" beside reports that write 548.399 (a site manager's review)."""
    from desktop_app.services.status import SiteStatus

    ctx, window, _screen = open_area(qtbot, db, "record", "vi")
    bar = window.status
    qtbot.waitUntil(lambda: bar.pending_label.text() != "")
    ctx.runner.wait_idle()
    bar.show_status(SiteStatus(pending=548399, rejected=1204, conflicts=0))
    assert bar.pending_label.text() == "Chờ đồng bộ: 548.399"
    assert "người được tiêm và mũi tiêm" in bar.pending_label.toolTip()  # what it counts
    assert bar.rejected_label.text() == "Bị từ chối: 1.204"
