"""A complaint answered by the void of a dose never given (review "comprev"): a real site
database, real widgets for the desk, a real central server process for the platform."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop_app.db.models import Complaint, Dose
from desktop_app.services import complaints
from desktop_app.services.doses import void_dose
from desktop_app.ui.complaints.resolve_forms import ComplaintCorrectionDialog
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import arrived
from tests.sync.test_complaints_sync import file_on_central, routed_here
from tests.ui.complaint_helpers import choose, complaints_screens


def _lan_with_a_third_dose_she_never_had(db, boss) -> tuple[str, str]:
    """Lan's record, dose 3 voided after her complaint came: (its code, the dose)."""
    pid = paper(db)
    paper(db, dose_number="2", dose_date="07/10/2021")
    paper(db, dose_number="3", dose_date="07/03/2022")
    code = arrived(db, GOOD_ID, kind=wire.DETAILS_WRONG, dose_number=3, dose_date=None,
                   text="Tôi chưa tiêm mũi 3 nhưng hệ thống ghi tôi đã tiêm.")
    with db.reading() as s:
        third = s.scalar(select(Dose.id).where(Dose.person_id == pid, Dose.dose_number == 3))
    void_dose(db, third, "Người dân chưa tiêm mũi 3 (phản ánh)", actor=boss)
    return code, third


def test_a_dose_never_given_can_be_answered_without_telling_the_citizen_not_accepted(
        db, site, boss):
    """"I got a dose I never had": the record says Lan had dose 3 on 07/03/2022; she never
    did. The fix is to void that dose (Records area, supervisor, audited). The complaint
    had no way to say so: with nothing edited the correction refused
    (COMPLAINT_NOTHING_CORRECTED), so the only way to close it was "Từ chối": the citizen
    read "Không chấp nhận" about a complaint that was upheld, the province counted it as
    rejected, and nothing told the platform which dose the answer removed. It is answered
    as corrected, naming the voided dose, as a correction names its dose."""
    code, third = _lan_with_a_third_dose_she_never_had(db, boss)

    complaints.resolve_correct(db, code, {}, note="Đã hủy mũi 3 ghi nhầm trong hồ sơ.",
                               actor=boss)
    item = complaints.complaint(db, code)
    assert (item.status, item.action) == (wire.RESOLVED, wire.CORRECT)
    with db.reading() as s:
        row = s.scalar(select(Complaint).where(Complaint.code == code))
        assert json.loads(row.dose_ids) == [third] and row.send_state == "resolution_to_send"


def test_the_correction_dialog_answers_with_the_void_and_proposes_its_note(
        qtbot, db, site, boss):
    """At the desk: "Sửa thông tin", nothing edited; the dialog says the void answers it
    and proposes the note that names the dose."""
    code, third = _lan_with_a_third_dose_she_never_had(db, boss)
    with complaints_screens(qtbot, db, boss) as open_screen:
        screen = open_screen(lang="vi")
        choose(screen, code)
        screen.correct_button.click()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, ComplaintCorrectionDialog))
        dialog = screen.dialog
        assert dialog.voids.isVisible() and "mũi 3 ngày 07/03/2022" in dialog.voids.text()
        dialog.save()
        assert dialog.note_dialog.value() == (
            "Đã đánh dấu nhập nhầm mũi tiêm ghi sai trong hồ sơ: mũi 3 ngày 07/03/2022.")
        dialog.note_dialog.ok_button.click()
        qtbot.waitUntil(lambda: complaints.complaint(db, code).action == wire.CORRECT,
                        timeout=5000)
        screen.ctx.runner.wait_idle()
    with db.reading() as s:
        assert json.loads(s.scalar(select(Complaint.dose_ids).where(
            Complaint.code == code))) == [third]


def test_the_platform_takes_the_answer_and_the_citizen_reads_it_corrected(wired, boss):
    """No new exchange: a correction naming the dose it removed is what the platform took
    already (``Resolution.dose_ids``); the citizen's status is "resolved", not rejected."""
    pid = paper(wired.db)
    paper(wired.db, dose_number="2", dose_date="07/10/2021")
    paper(wired.db, dose_number="3", dose_date="07/03/2022")
    wired.sync()
    code = file_on_central(wired, kind=wire.DETAILS_WRONG, dose_number=3, dose_date=None,
                           text="Tôi chưa tiêm mũi 3.")["code"]
    wired.sync()
    with wired.db.reading() as s:
        third = s.scalar(select(Dose.id).where(Dose.person_id == pid, Dose.dose_number == 3))
    void_dose(wired.db, third, "Người dân chưa tiêm mũi 3 (phản ánh)", actor=boss)
    complaints.resolve_correct(wired.db, code, {}, note="", actor=boss)
    wired.sync()
    told = routed_here(wired)[code]
    assert (told["status"], told["resolution"]["action"], told["resolution"]["dose_ids"],
            told["resolution"]["note"]) == (
        wire.RESOLVED, wire.CORRECT, [third],
        "Đã đánh dấu nhập nhầm mũi tiêm ghi sai trong hồ sơ: mũi 3 ngày 07/03/2022.")
    assert not complaints.complaint(wired.db, code).answer_unsent()
