"""An answer made offline is not the platform's yet: there the complaint stays open and its
48 hours run on. The list said "Không chấp nhận" with no countdown and nothing about it
not being sent (a reviewer's finding), so a site answering near the deadline believed it
was done while the province saw it go overdue. Real widgets, a real site database."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.clock import utc_now
from desktop_app.services import complaints
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import arrived
from tests.ui.complaint_helpers import choose, complaints_screens


def test_an_answer_not_sent_says_so_and_its_countdown_runs_on(qtbot, db, site, boss):
    paper(db)
    arrived(db, GOOD_ID, code="PA-00000001", received=utc_now() - timedelta(hours=40))
    complaints.resolve_reject(db, "PA-00000001", "Mũi 2 đã có trên hệ thống.", actor=boss)
    assert complaints.complaint(db, "PA-00000001").send_state == "resolution_to_send"
    with complaints_screens(qtbot, db, boss) as make:
        screen = make(lang="vi")
        choose(screen, "PA-00000001")
        countdown, status = (screen.model.text(screen.model.rows[0], c)
                             for c in ("countdown", "status"))
    assert status.endswith(" · trả lời chưa gửi")
    assert countdown.startswith("Còn 7 giờ") or countdown.startswith("Còn 8 giờ"), countdown
