"""Review 32c: the Reports area's complaints report after a complaint is resolved."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.clock import local_today, utc_now
from desktop_app.services import complaints
from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.reports.reports_screen import ReportsScreen
from desktop_app.ui.tasks import TaskRunner
from tests.complaints.people import arrived


def test_the_complaints_report_follows_a_complaint_resolved_elsewhere(qtbot, db, site, boss):
    """A supervisor reads the complaints report, goes to the Complaints area, closes one,
    and comes back: the report must count it closed (the complaints area says so on the
    shared context, as every other area does for its data), not the figures from before."""
    arrived(db, "001190000001", code="PA-00000001", received=utc_now() - timedelta(hours=2))
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    reports_screen = ReportsScreen(ctx)
    qtbot.addWidget(reports_screen)
    reports_screen.resize(1100, 600)
    reports_screen.show()
    reports_screen.activate()
    reports_screen.chooser.setCurrentIndex(reports_screen.chooser.findData("complaints"))
    qtbot.waitUntil(lambda: not reports_screen.loading and reports_screen.report is not None
                    and reports_screen.report.key == "complaints")
    before = dict(reports_screen.report.rows)
    assert before["Open, 24–48 hours left"] == 1

    reports_screen.hide()  # the supervisor goes to the Complaints area
    complaints_screen = ComplaintsScreen(ctx)
    qtbot.addWidget(complaints_screen)
    complaints.resolve_reject(db, "PA-00000001", "Hồ sơ đã đúng.", actor=boss)
    complaints_screen._resolved()  # what the area does once a complaint is closed

    reports_screen.show()  # ... and back to Reports (Ctrl+8)
    reports_screen.activate()
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not reports_screen.loading)
    ctx.runner.wait_idle()
    qtbot.wait(100)
    after = dict(reports_screen.report.rows)
    assert after["Open, 24–48 hours left"] == 0
    assert after["Received in the period, closed in time"] == 1
    assert (reports_screen.report.start, reports_screen.report.end)[1] == local_today()
