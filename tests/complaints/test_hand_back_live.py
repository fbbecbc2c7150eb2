"""A complaint routed to the wrong site, end to end on a live platform and two laptops: site
A's supervisor hands it back (it was never vaccinated there), the province moves it to B
(``vaxdesk-central complaints route``), B answers it; A reads it passed on from the hand-back
and learns the outcome as the citizen reads it, never B's name or records. Before, A could
only reject it ("not accepted", about a dose that was given) and the province could not
move it."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.db.models import Complaint
from desktop_app.services import complaints
from desktop_app.wire import complaints as wire
from tests.cleaning.people import paper
from tests.sync.test_complaints_sync import file_on_central, routed_here

WHY = "Người dân tiêm mũi 2 ở Trạm Y tế Xã Đông Anh, không tiêm ở trạm này."
ANSWER = "Mũi 2 đã có trên hệ thống từ ngày 08/10/2021."


def test_handed_back_moved_by_the_province_and_answered_at_the_right_site(
        wired, wired_b, boss):
    paper(wired.db)
    wired.sync()  # Lan's dose 1 is A's: a complaint about her goes to A
    code = file_on_central(wired)["code"]
    wired.sync()
    at_a = complaints.complaint(wired.db, code)
    assert at_a.is_open() and at_a.route == wire.ROUTE_SITE
    received = at_a.received_at

    complaints.hand_back(wired.db, code, WHY, actor=boss)
    assert not complaints.complaint(wired.db, code).is_open()
    summary = wired.sync()
    assert summary.complaints_sent == 1
    gone = complaints.complaint(wired.db, code)
    assert gone.forwarded and gone.handed_back is not None and not gone.hand_back_unsent
    assert code not in routed_here(wired) or routed_here(wired)[code]["site_code"] is None

    said = wired.server.cli("complaints", "route", code, "--site", "HN-0002", "--reason",
                            "Hồ sơ mũi 2 ở Đông Anh.")
    assert code in said
    wired_b.sync()
    at_b = complaints.complaint(wired_b.db, code)
    assert at_b.is_open() and at_b.route == wire.ROUTE_SITE and not at_b.forwarded
    assert at_b.received_at == received  # the citizen's 48 hours run on from the filing
    complaints.resolve_reject(wired_b.db, code, ANSWER, actor=wired_b.db.supervisor)
    assert wired_b.sync().complaints_sent == 1

    wired.sync()
    followed = complaints.complaint(wired.db, code)
    assert (followed.status, followed.action, followed.note) == (wire.REJECTED, wire.REJECT,
                                                                 ANSWER)
    assert followed.forwarded and not followed.is_open()
    assert (followed.route, followed.merged_id) == (wire.ROUTE_PROVINCE, None)
    [listed] = complaints.list_complaints(wired.db)
    assert listed.code == code and listed.handed_back.reason == WHY


def test_a_dose_added_offline_at_the_site_the_province_moved_it_from_stands(
        wired, wired_b, boss):
    """A added the missing dose offline while the province, seeing the complaint overdue,
    moved it to B; B, holding no record, rejected it. A's answer then ended as a conflict on
    its laptop ("routed elsewhere") and the citizen read "not accepted" about a dose now
    recorded (a reviewer's). The record changed: A's answer stands, and A is told nothing
    of B."""
    paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_add_dose(wired.db, code, {
        "full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
        "id_number": "001185012345", "product": "Pfizer", "lot_number": "FK2",
        "dose_number": "2", "dose_date": "07/10/2021", "facility": "Trạm Y tế Kim Liên"},
        note="Đã bổ sung mũi 2 theo phiếu tiêm.", actor=boss)
    wired.server.cli("complaints", "route", code, "--site", "HN-0002", "--reason",
                     "Quá hạn, chuyển Đông Anh.")
    wired_b.sync()
    complaints.resolve_reject(wired_b.db, code, "Không có hồ sơ ở trạm này.",
                              actor=wired_b.db.supervisor)
    wired_b.sync()

    wired.sync()
    at_a = complaints.complaint(wired.db, code)
    assert (at_a.send_state, at_a.send_problem, at_a.action) == ("sent", None, wire.ADD_DOSE)
    wired_b.sync()
    at_b = complaints.complaint(wired_b.db, code)
    assert (at_b.status, at_b.note) == (wire.RESOLVED, "Đã bổ sung mũi 2 theo phiếu tiêm.")
    with wired_b.db.reading() as s:  # what the citizen reads, not A's records
        row = s.scalar(select(Complaint).where(Complaint.code == code))
        assert (row.resolution_person_id, row.dose_ids) == (None, "[]")


def test_the_site_the_province_moves_a_complaint_to_is_told_why(qtbot, wired, wired_b, boss):
    """Review 6 Dec 2026: B was handed the complaint with none of the province's reason for
    sending it there ("Hồ sơ mũi 2 ở Đông Anh"): its supervisor could not tell why a
    complaint about a citizen it may never have seen was its own."""
    from desktop_app.ui.complaints.detail_pane import DetailPane
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.tasks import TaskRunner

    paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.hand_back(wired.db, code, WHY, actor=boss)
    wired.sync()
    wired.server.cli("complaints", "route", code, "--site", "HN-0002", "--reason",
                     "Hồ sơ mũi 2 ở Đông Anh.")
    wired_b.sync()
    at_b = complaints.complaint(wired_b.db, code)
    assert at_b.moved_here is not None
    assert (at_b.moved_here.from_site, at_b.moved_here.reason) == (None,
                                                                   "Hồ sơ mũi 2 ở Đông Anh.")
    pane = DetailPane(AppContext(wired_b.db, TaskRunner(), "vi"))
    qtbot.addWidget(pane)
    pane.show_item(at_b)
    said = pane.moved.text()
    assert said.startswith("Sở Y tế chuyển phản ánh này về điểm tiêm (từ Sở Y tế, "), said
    assert said.endswith("): Hồ sơ mũi 2 ở Đông Anh."), said
    assert WHY not in said  # A's words to the province are not B's to read
