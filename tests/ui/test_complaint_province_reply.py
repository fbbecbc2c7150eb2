"""The province's reply on an overdue complaint, as the Complaints area shows it on real
widgets: in Vietnamese, beside a complaint still this site's to resolve (the province adds
no dose and corrects no record), its buttons still there; a reply closed nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop_app.clock import local_time, utc_now
from desktop_app.db import complaint_store
from desktop_app.services import complaints
from desktop_app.ui.complaints.complaint_table_model import COLUMNS
from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.tasks import TaskRunner
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import CODE

REPLY = "Sở Y tế đã gọi điện cho chị; trạm sẽ bổ sung mũi 2 trong ngày mai."


def _pulled_with_a_reply(db) -> None:  # noqa: ANN001
    """A dose-missing complaint 50 hours old, raised, the province's reply on it: as the
    pull keeps it."""
    received = utc_now() - timedelta(hours=50)
    sub = wire.Submission(wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                          "0912345678", 2, date(2021, 10, 7), "Trạm Y tế Kim Liên", None,
                          "Tôi đã tiêm mũi 2 nhưng không thấy.")
    reply = wire.Resolution(wire.PROVINCE_REPLY, REPLY, "tinh01",
                            received + timedelta(hours=49))
    c = wire.Complaint(CODE, sub, received, wire.ROUTE_SITE, "HN-0001", "01", None,
                       escalated=True, changed_at=received + timedelta(hours=49),
                       province_reply=reply)
    with db.transaction() as s:
        complaint_store.keep_pulled(s, c)


def test_the_reply_shows_in_vietnamese_and_the_site_still_resolves(qtbot, db, site, boss,
                                                                   tmp_path: Path) -> None:
    paper(db)
    _pulled_with_a_reply(db)
    [item] = complaints.list_complaints(db)
    assert item.is_open() and item.action is None and item.province_reply.note == REPLY

    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    screen = ComplaintsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 600)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    status = screen.model.data(screen.model.index(0, COLUMNS.index("status")))
    assert status == "Tỉnh đã trả lời"
    assert screen.model.data(screen.model.index(0, COLUMNS.index("countdown"))) == \
        "Quá hạn 2 giờ"  # still late, still the site's
    pane = screen.detail
    assert pane.reply.isVisible()
    assert pane.reply.text().splitlines() == [
        f"Trả lời của tỉnh (tinh01, {local_time(item.province_reply.resolved_at)}): {REPLY}",
        "Phản ánh vẫn do điểm tiêm xử lý: tỉnh không bổ sung mũi tiêm, không sửa hồ sơ."]
    assert pane.fields["resolution"].text() == "—"  # no outcome: none was reached
    for button in (screen.add_dose_button, screen.correct_button, screen.reject_button):
        assert button.isEnabled(), button.text()
    # Several lines, given their room (not squeezed under the citizen's words).
    qtbot.waitUntil(lambda: pane.reply.height() >= pane.reply.heightForWidth(pane.reply.width()))
    screen.grab().save(str(tmp_path / "complaint-province-reply.png"))
    screen.ctx.runner.wait_idle()
