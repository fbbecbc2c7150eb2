"""A complaint about details corrected since it came (review "complrev"): a second
complaint about a name the first one's answer corrected, a name corrected in Records before
the complaint was handled. Both were answerable only by "Không chấp nhận"; they are answered
as corrected, naming the change the audit trail holds. Real site database, real widgets,
a real central server process for the citizen's status page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from desktop_app.clock import utc_now
from desktop_app.rules.messages import UserError, text
from desktop_app.services import complaints
from desktop_app.services.complaint_since import changes_answering, changes_said
from desktop_app.services.records import correct_person
from desktop_app.ui.complaints.resolve_forms import ComplaintCorrectionDialog
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import arrived
from tests.sync.test_complaints_sync import api, file_on_central, routed_here
from tests.ui.complaint_helpers import choose, complaints_screens

FIRST, SECOND = "PA-7K3M9Q2X", "PA-8M4N2P3R"
RIGHT = "Phạm Thị Lan Anh"
SAID = "Tên tôi là Phạm Thị Lan Anh, trên chứng nhận thiếu chữ Anh."


def _wrong_name(db, code: str) -> str:
    return arrived(db, GOOD_ID, code=code, kind=wire.DETAILS_WRONG, dose_number=None,
                   dose_date=None, full_name=RIGHT, text=SAID)


def _hotline_and_web(db, boss) -> None:
    """Lan's record; her two complaints about her name; the first answered by correcting it."""
    paper(db)
    for code in (FIRST, SECOND):
        _wrong_name(db, code)
    complaints.resolve_correct(db, FIRST, {"full_name": RIGHT}, note="Đã sửa họ tên.",
                               actor=boss, today=TODAY, confirm_warnings=True)


def test_a_second_complaint_about_a_name_already_corrected_is_answered_as_corrected(
        db, site, boss):
    """The citizen called the hotline and filed on the web: the supervisor corrected her
    name answering the first. The second, "Sửa thông tin" with nothing left to edit, is
    answered as corrected naming the field (never its value: anyone with the code reads
    the note), not refused into "Không chấp nhận"."""
    _hotline_and_web(db, boss)
    [change] = changes_answering(db, SECOND)
    assert (change.field, change.old, change.new) == ("full_name", "Phạm Thị Lan", RIGHT)

    complaints.resolve_correct(db, SECOND, {}, note="", actor=boss, today=TODAY)
    item = complaints.complaint(db, SECOND)
    assert (item.status, item.action) == (wire.RESOLVED, wire.CORRECT)
    assert item.note == "Đã sửa thông tin: họ và tên."


def test_a_name_corrected_in_records_before_the_complaint_was_handled(db, site, boss):
    """Corrected in Records (the supervisor saw the complaint's text first): the complaint
    is answered as corrected, the change named from the audit trail with who and when."""
    pid = paper(db)
    _wrong_name(db, FIRST)
    assert correct_person(db, pid, {"full_name": RIGHT}, actor=boss,
                          confirm_warnings=True, today=TODAY).saved
    [change] = changes_answering(db, FIRST)
    said = changes_said([change], "vi")
    assert "Phạm Thị Lan → Phạm Thị Lan Anh" in said and boss.name in said

    complaints.resolve_correct(db, FIRST, {}, note="Đã sửa họ tên.", actor=boss)
    item = complaints.complaint(db, FIRST)
    assert (item.status, item.action, item.note) == (wire.RESOLVED, wire.CORRECT,
                                                     "Đã sửa họ tên.")


def test_a_correction_made_before_the_complaint_came_answers_nothing(db, site, boss):
    """The record corrected the day before the complaint came: not what the citizen
    complains of; with nothing edited the refusal stands, and it no longer steers the
    supervisor to "Từ chối" (the reviewer's finding: a fixed record read "not accepted")."""
    pid = paper(db)
    assert correct_person(db, pid, {"phone": "0987654321"}, actor=boss,
                          confirm_warnings=True, today=TODAY).saved
    arrived(db, GOOD_ID, code=FIRST, kind=wire.DETAILS_WRONG, dose_number=None,
            dose_date=None, received=utc_now() + timedelta(minutes=1))
    assert changes_answering(db, FIRST) == ()
    with pytest.raises(UserError) as refused:
        complaints.resolve_correct(db, FIRST, {}, note="", actor=boss)
    assert refused.value.code == "COMPLAINT_NOTHING_CORRECTED"
    for lang in ("vi", "en"):
        assert "Từ chối" not in text("COMPLAINT_NOTHING_CORRECTED", lang)
        assert "Reject" not in text("COMPLAINT_NOTHING_CORRECTED", lang)
    assert complaints.complaint(db, FIRST).is_open()


def test_the_correction_dialog_names_the_change_and_answers_with_it(qtbot, db, site, boss):
    """At the desk: the second complaint's "Sửa thông tin" says the name was corrected
    since (old → new, by whom), and Save with nothing edited proposes the note naming the
    field, then answers the complaint as corrected."""
    _hotline_and_web(db, boss)
    with complaints_screens(qtbot, db, boss) as open_screen:
        screen = open_screen(lang="vi")
        choose(screen, SECOND)
        screen.correct_button.click()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, ComplaintCorrectionDialog))
        dialog = screen.dialog
        assert dialog.since.isVisible()
        assert "Phạm Thị Lan → Phạm Thị Lan Anh" in dialog.since.text()
        dialog.save()
        assert dialog.nothing.text() == ""
        assert dialog.note_dialog.value() == "Đã sửa thông tin: họ và tên."
        dialog.note_dialog.ok_button.click()
        qtbot.waitUntil(lambda: complaints.complaint(db, SECOND).action == wire.CORRECT,
                        timeout=5000)
        screen.ctx.runner.wait_idle()


def test_the_citizen_reads_the_second_complaint_corrected_not_rejected(wired, boss):
    """Both complaints filed on the platform; the answers synced; the citizen's status page
    for the second says corrected, not "Không chấp nhận"."""
    paper(wired.db)
    wired.sync()
    codes = [file_on_central(wired, kind=wire.DETAILS_WRONG, dose_number=None,
                             dose_date=None, full_name=RIGHT, text=SAID)["code"]
             for _ in range(2)]
    wired.sync()
    complaints.resolve_correct(wired.db, codes[0], {"full_name": RIGHT}, note="",
                               actor=boss, today=TODAY, confirm_warnings=True)
    complaints.resolve_correct(wired.db, codes[1], {}, note="", actor=boss, today=TODAY)
    wired.sync()
    told = routed_here(wired)[codes[1]]
    assert (told["status"], told["resolution"]["action"]) == (wire.RESOLVED, wire.CORRECT)
    page = requests.get(f"{api(wired).rsplit('/api', 1)[0]}/complaints/status",
                        params={"code": codes[1]}, timeout=30)
    assert page.status_code == 200
    assert "Đã sửa thông tin: họ và tên." in page.text
    assert "Không chấp nhận" not in page.text
