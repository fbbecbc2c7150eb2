"""A complaint about a record merged since it came (review "complrev"): Lan on the site
twice, two complaints, the merge answering the first. The second followed to the kept
record and stayed open with only "Không chấp nhận" left; it is answered as merged, naming
the merge already made. Real site database, a real central server process."""

from __future__ import annotations

import requests

from desktop_app.rules.messages import text
from desktop_app.services import complaints
from desktop_app.services.complaint_since import merge_answering, merge_said
from desktop_app.services.merges import unmerge_people
from desktop_app.ui.complaints.note_dialog import NoteDialog
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import arrived
from tests.sync.test_complaints_sync import api, file_on_central, routed_here
from tests.ui.complaint_helpers import choose, complaints_screens

FIRST, SECOND = "PA-7K3M9Q2X", "PA-8M4N2P3R"
NOTE = "Đã gộp hai hồ sơ."


def _twice(db) -> tuple[str, str]:
    """Lan with her ID and dose 1; again without it, dose 2: (lan, again)."""
    return paper(db), paper(db, id_number="", dose_number="2", dose_date="07/11/2021",
                            address="Láng Hạ")


def _merged_answering_the_first(db, boss) -> tuple[str, str]:
    lan, again = _twice(db)
    arrived(db, GOOD_ID, code=FIRST, kind=wire.DOSE_MISSING)
    arrived(db, "001185099999", code=SECOND, kind=wire.DETAILS_HIDE_DOSES,
            dose_number=None, dose_date=None, text="Số CCCD trên hồ sơ bị thiếu.")
    complaints.link_person(db, SECOND, again, actor=boss)
    complaints.resolve_merge(db, FIRST, lan, again, actor=boss, note=NOTE)
    assert complaints.complaint(db, SECOND).person_id == lan  # followed the merge
    return lan, again


def test_a_complaint_about_a_record_merged_since_is_answered_as_merged(db, site, boss):
    """Merging the two again was refused (MERGE_ALREADY_MERGED): the second complaint is
    answered naming the merge already made, the records and the doses it moved."""
    lan, again = _merged_answering_the_first(db, boss)
    made = merge_answering(db, SECOND)
    assert made is not None and (made.kept_id, made.folded_id) == (lan, again)
    assert merge_said(made, "vi").startswith("Hồ sơ đã được gộp")

    out = complaints.resolve_merge(db, SECOND, lan, again, actor=boss, note=NOTE)
    assert (out.kept_id, out.folded_id) == (lan, again) and out.dose_ids
    item = complaints.complaint(db, SECOND)
    assert complaints.complaint(db, FIRST).merged_id == again  # one merge, both answers
    assert (item.status, item.action, item.merged_id) == (wire.RESOLVED, wire.MERGE, again)
    assert item.send_state == "resolution_to_send"
    assert merge_answering(db, FIRST) is None  # answered: nothing left to name


def test_splitting_the_merge_reopens_both_answers(db, site, boss):
    """Both complaints name the merge: split (two people merged by mistake), both open
    again, as a merge's answers do."""
    lan, again = _merged_answering_the_first(db, boss)
    complaints.resolve_merge(db, SECOND, lan, again, actor=boss, note=NOTE)
    unmerge_people(db, again, actor=boss, kept_id=lan)
    assert complaints.complaint(db, FIRST).is_open()
    assert complaints.complaint(db, SECOND).is_open()
    assert merge_answering(db, SECOND) is None  # split: no merge to name any more


def test_the_merge_button_names_the_merge_made_and_answers_with_it(qtbot, db, site, boss):
    """At the desk: "Gộp hồ sơ" on the second complaint names the merge already made (the
    folded record is no longer one to choose) and, confirmed, answers it as merged."""
    lan, again = _merged_answering_the_first(db, boss)
    with complaints_screens(qtbot, db, boss) as open_screen:
        screen = open_screen(lang="vi")
        choose(screen, SECOND)
        screen.merge_button.click()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, NoteDialog))
        dialog = screen.dialog
        assert dialog.windowTitle() == "Gộp hồ sơ"
        assert dialog.value() == text("COMPLAINT_NOTE_MERGE", "vi")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: complaints.complaint(db, SECOND).action == wire.MERGE,
                        timeout=5000)
        screen.ctx.runner.wait_idle()
    assert complaints.complaint(db, SECOND).merged_id == again


def test_the_citizen_reads_the_second_complaint_merged_not_rejected(wired, boss):
    """Two complaints of Lan's on the platform; the merge answers the first, the second is
    answered naming it; synced, the citizen's status page says merged."""
    lan, again = _twice(wired.db)
    wired.sync()
    codes = [file_on_central(wired)["code"] for _ in range(2)]
    wired.sync()
    complaints.resolve_merge(wired.db, codes[0], lan, again, actor=boss, note=NOTE)
    complaints.resolve_merge(wired.db, codes[1], lan, again, actor=boss, note=NOTE)
    wired.sync()
    told = routed_here(wired)[codes[1]]
    assert (told["status"], told["resolution"]["action"]) == (wire.RESOLVED, wire.MERGE)
    page = requests.get(f"{api(wired).rsplit('/api', 1)[0]}/complaints/status",
                        params={"code": codes[1]}, timeout=30)
    assert page.status_code == 200
    assert NOTE in page.text and "Không chấp nhận" not in page.text
