"""The Complaints area on real widgets over a real database (issue #16, the site's side):
the countdown, overdue in red and first, each resolution opening the right form prefilled,
a rejection that needs its reason, clerks who may read and take calls but not resolve."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import complaint_store
from desktop_app.db.models import Dose, Person
from desktop_app.rules.messages import text
from desktop_app.services import complaints
from desktop_app.services.actor import Actor, Role
from desktop_app.ui import merge_records
from desktop_app.ui.complaints.complaint_table_model import COLUMNS, OVERDUE_COLOUR
from desktop_app.ui.complaints.hotline_form import HotlineDialog
from desktop_app.ui.complaints.merge_dialog import MergeDialog
from desktop_app.ui.complaints.note_dialog import NoteDialog
from desktop_app.ui.complaints.resolve_forms import ComplaintCorrectionDialog
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import CODE, arrived
from tests.ui.complaint_helpers import (
    choose,
    complaints_screens,
    fill_hotline,
    open_add_dose,
    save_dose,
)

LATE = "PA-00000001"


@pytest.fixture
def cases(db, site):
    """Lan's record (with dose 1) and a second record of her without an ID (dose 2); one
    complaint due in 31 hours, one 5 hours overdue. Not the dose 2 of 07/10/2021 the first
    complaint names: the add-dose form would ask first (one dose on two records of one
    person, tests/complaints/test_add_dose_answers.py)."""
    lan = paper(db)
    again = paper(db, id_number="", dose_number="2", dose_date="07/11/2021",
                  address="Láng Hạ")
    now = utc_now()
    arrived(db, GOOD_ID, received=now - timedelta(hours=17) + timedelta(minutes=30))
    arrived(db, GOOD_ID, code=LATE, kind=wire.DETAILS_WRONG,
            received=now - timedelta(hours=53, minutes=30), text="Sai ngày sinh.")
    return {"lan": lan, "again": again}


@pytest.fixture
def errors():
    return []


@pytest.fixture
def make_screen(qtbot, db, boss, errors):
    with complaints_screens(qtbot, db, boss, errors=errors) as make:
        yield make


def shown(screen, row, column, role=Qt.ItemDataRole.DisplayRole):
    return screen.model.data(screen.model.index(row, COLUMNS.index(column)), role)



def test_overdue_first_in_red_then_the_countdown(make_screen, cases):
    screen = make_screen()
    assert [screen.model.item_at(r).code for r in range(2)] == [LATE, CODE]
    assert shown(screen, 0, "countdown") == "5 hours overdue"
    assert shown(screen, 0, "countdown", Qt.ItemDataRole.ForegroundRole).color() \
        == OVERDUE_COLOUR
    assert shown(screen, 1, "countdown") == "31 hours left"
    assert shown(screen, 1, "countdown", Qt.ItemDataRole.ForegroundRole) is None
    assert shown(screen, 1, "person") == f"Phạm Thị Lan ({GOOD_ID})"
    assert screen.detail.words.toPlainText() == "Sai ngày sinh."


def test_an_overdue_complaint_reads_raised_before_the_platform_says_so(make_screen, cases):
    """Offline, the platform's 'raised' flag comes only with the next pull; the deadline
    alone raises a complaint (as the citizen's status page says), so the desk says it too."""
    screen = make_screen()
    assert shown(screen, 0, "status") == "Raised to the province"  # LATE, not flagged
    assert shown(screen, 1, "status") == "Being handled"
    screen.model.tick(screen.model.now + timedelta(hours=31, minutes=40))
    assert shown(screen, 1, "status") == "Raised to the province"


def test_the_countdown_moves_on_while_the_list_stays_open(make_screen, cases):
    """A list loaded in the morning and left open counted from the morning: its minute
    timer moves the countdown on, and 10 minutes past the deadline say so, in red (it read
    "0 hours left" on a red row)."""
    from datetime import timedelta

    screen = make_screen()
    assert screen.clock.isActive() and screen.clock.interval() == 60_000
    screen.model.tick(screen.model.now + timedelta(hours=31, minutes=40))
    assert shown(screen, 1, "countdown") == "10 minutes overdue"
    assert shown(screen, 1, "countdown", Qt.ItemDataRole.ForegroundRole).color() \
        == OVERDUE_COLOUR


def test_on_a_small_screen_the_countdown_received_kind_and_name_are_in_view(make_screen,
                                                                           cases):
    """The table beside the detail pane on a 1024 px screen: what a clerk acts on (the
    countdown, when it came, its kind, the person) comes first and inside the view, the
    countdown and date whole, a long kind or name elided with its tooltip; the status and the
    code (the pane's title too) may be a scroll away. "Loại" and "Nhận lúc" were behind it."""
    screen = make_screen(lang="vi")
    screen.resize(860, 560)  # the area's share of a 1024x600 window
    screen.activate()
    screen.ctx.runner.wait_idle()
    table, header = screen.table, screen.table.horizontalHeader()
    room = table.viewport().width()
    metrics = table.fontMetrics()
    for name in ("countdown", "received", "kind", "person"):
        column = COLUMNS.index(name)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= room, name
    for name in ("kind", "person"):  # narrowed, not to nothing
        assert header.sectionSize(COLUMNS.index(name)) >= 120, name
    for name in ("countdown", "received"):
        widest = max(metrics.horizontalAdvance(shown(screen, r, name)) for r in range(2))
        assert header.sectionSize(COLUMNS.index(name)) >= widest, name
    assert shown(screen, 1, "person", Qt.ItemDataRole.ToolTipRole) == shown(screen, 1, "person")
    assert shown(screen, 1, "kind", Qt.ItemDataRole.ToolTipRole) == shown(screen, 1, "kind")


def test_the_detail_title_wraps_rather_than_losing_the_kind(qtbot, make_screen, cases):
    """At the 1024 px share the pane is a third of the area: "PA-… · Vaccinated, but the
    date of birth is missing" was cut at "mis"; it takes a second line instead."""
    screen = make_screen()
    screen.resize(860, 560)
    title = screen.detail.title
    metrics = title.fontMetrics()
    longest = max(range(screen.model.rowCount()),
                  key=lambda r: metrics.horizontalAdvance(shown(screen, r, "kind")))
    choose(screen, screen.model.item_at(longest).code)
    qtbot.waitUntil(lambda: metrics.horizontalAdvance(title.text()) > title.width())
    lines = -(-metrics.horizontalAdvance(title.text()) // title.width())
    qtbot.waitUntil(lambda: title.height() >= lines * metrics.lineSpacing())


def test_the_countdown_in_vietnamese(make_screen, cases):
    screen = make_screen(lang="vi")
    assert shown(screen, 0, "countdown") == "Quá hạn 5 giờ"
    assert shown(screen, 1, "countdown") == "Còn 31 giờ"


def test_add_dose_opens_the_backfill_form_prefilled_and_resolves(qtbot, make_screen, cases,
                                                                  db):
    screen = make_screen()
    form = open_add_dose(qtbot, screen, CODE)
    assert (form.full_name.text(), form.id_number.text(), form.dose_number.text(),
            form.dose_date.typed(), form.dob.typed()) == (
        "Phạm Thị Lan", GOOD_ID, "2", "07/10/2021", "12/03/1985")
    save_dose(qtbot, form, "COMIRNATY")  # the citizen said
    assert "2" in form.note_dialog.value() and "07/10/2021" in form.note_dialog.value()
    form.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: complaints.complaint(db, CODE).action == wire.ADD_DOSE,
                    timeout=5000)
    qtbot.waitUntil(lambda: not screen.dialog.isVisible())
    qtbot.waitUntil(lambda: screen.model.item_at(screen.model.row_of(CODE)).action
                    == wire.ADD_DOSE)
    assert screen.message.text() == "The dose is added; the complaint is resolved."


def test_the_note_written_for_a_dose_the_form_refused_is_asked_again_as_written(
        qtbot, make_screen, cases, db):
    """The note to the citizen is asked before the form is checked; a save the form then
    refused (no vaccine chosen) asked it again with the default text, the supervisor's
    words gone (a reviewer)."""
    screen = make_screen()
    form = open_add_dose(qtbot, screen, CODE)
    form.save()  # no vaccine chosen
    qtbot.waitUntil(lambda: form.note_dialog is not None and form.note_dialog.isVisible())
    form.note_dialog.note.setPlainText("Chị Lan: trạm đã bổ sung mũi 2 ngày 07/10/2021.")
    form.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Not saved" in form.result.text(), timeout=5000)
    asked = form.note_dialog
    save_dose(qtbot, form, "COMIRNATY")
    assert form.note_dialog is not asked
    assert form.note_dialog.value() == "Chị Lan: trạm đã bổ sung mũi 2 ngày 07/10/2021."
    form.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: complaints.complaint(db, CODE).action == wire.ADD_DOSE,
                    timeout=5000)


def test_the_default_note_is_made_again_from_the_fields_after_a_refused_save(
        qtbot, make_screen, cases, db):
    """Kept as written only when the supervisor wrote it: the default, accepted for a save
    the form refused, told the citizen "mũi 2" after the number was changed to 3 (a second
    reviewer)."""
    screen = make_screen()
    form = open_add_dose(qtbot, screen, CODE)
    form.save()  # no vaccine chosen
    qtbot.waitUntil(lambda: form.note_dialog is not None and form.note_dialog.isVisible())
    form.note_dialog.ok_button.click()  # the default, as proposed
    qtbot.waitUntil(lambda: "Not saved" in form.result.text(), timeout=5000)
    form.dose_number.setText("3")
    save_dose(qtbot, form, "COMIRNATY")
    assert form.note_dialog.value() == text("COMPLAINT_NOTE_ADD_DOSE", "vi", number="3",
                                            date="07/10/2021")
    form.note_dialog.reject()


def test_a_dose_added_that_the_rules_flag_says_it_went_on_the_cleaning_list(
        qtbot, make_screen, cases, db):
    """A children's vaccine on an adult's record: saved flagged and the complaint closed,
    the supervisor told nothing (review of 6 Dec 2026)."""
    screen = make_screen()
    form = open_add_dose(qtbot, screen, CODE)
    save_dose(qtbot, form, "COMIRNATY_PAED")
    form.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: "cleaning list" in screen.message.text(), timeout=5000)
    assert screen.message.text().startswith(
        "The dose is added; the complaint is resolved. The record is put on the data "
        "cleaning list: ")


def test_correct_opens_the_correction_of_the_linked_person(qtbot, make_screen, cases):
    screen = make_screen()
    choose(screen, LATE)
    screen.correct_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ComplaintCorrectionDialog))
    assert screen.dialog.person_id == cases["lan"]
    assert screen.dialog.person_form.full_name.text() == "Phạm Thị Lan"


def test_a_complaint_of_a_doses_wrong_date_is_answered_by_correcting_the_dose(
        qtbot, make_screen, cases, db):
    """Review of 6 Dec 2026: the correction offered the person's fields only; a dose
    corrected in the Records area left the complaint to be refused, though it was right."""
    screen = make_screen()
    choose(screen, LATE)
    screen.correct_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ComplaintCorrectionDialog))
    dialog = screen.dialog
    assert dialog.dose_box.isVisibleTo(dialog) and dialog.dose_choice.count() == 2
    dialog.dose_choice.setCurrentIndex(1)  # "Mũi 1 · Comirnaty … · 02/09/2021"
    assert dialog.dose_choice.currentText().endswith("02/09/2021")
    dialog.dose_form.dose_date.set_value(date(2021, 9, 3))  # the card says the 3rd
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.note_dialog is not None and dialog.note_dialog.isVisible())
    assert "ngày tiêm" in dialog.note_dialog.value()  # the field named, not its value
    dialog.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: complaints.complaint(db, LATE).action == wire.CORRECT,
                    timeout=5000)
    with db.reading() as s:
        [when] = s.execute(select(Dose.dose_date).where(
            Dose.person_id == cases["lan"], Dose.status == "active")).scalars().all()
    assert when == date(2021, 9, 3)


def test_merge_shows_both_records_side_by_side_and_folds_the_other(qtbot, make_screen,
                                                                   cases, db):
    screen = make_screen()
    choose(screen, LATE)
    screen.merge_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MergeDialog))
    dialog = screen.dialog
    qtbot.waitUntil(lambda: dialog.hits.rowCount() > 0)
    assert [h.id for h in dialog.hits.rows] == [cases["again"]]  # the kept one is not offered
    assert dialog.chosen is None and not dialog.merge_button.isEnabled()  # the officer picks
    dialog.table.selectRow(0)
    assert dialog.chosen.id == cases["again"]
    assert dialog.left.labels["id_number"].text() == GOOD_ID
    assert dialog.right.labels["id_number"].text() == "—"
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.note_dialog is not None and dialog.note_dialog.isVisible())
    dialog.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=5000)
    item = complaints.complaint(db, LATE)
    assert (item.action, item.status) == (wire.MERGE, wire.RESOLVED)


def test_merging_two_clearly_different_people_asks_first_naming_the_differences(
        qtbot, make_screen, cases, db, monkeypatch):
    him = paper(db, full_name="Phạm Văn Lân", dob="01/01/1950", sex="Nam", id_number="",
                dose_number="3", dose_date="07/03/2022", address="99 Hàng Bạc")
    asked, answers = [], [False, True]
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _title, said, *_a: asked.append(said) or answers.pop(0))
    screen = make_screen()
    choose(screen, LATE)
    screen.merge_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MergeDialog))
    dialog = screen.dialog
    dialog.query.setText("Phạm Văn Lân")
    qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [him])
    dialog.table.selectRow(0)
    assert dialog.chosen.id == him
    dialog.merge_button.click()  # "Do not merge": nothing asked for a note, nothing merged
    qtbot.waitUntil(lambda: bool(asked))  # asked once the doses are read (no clash)
    assert len(asked) == 1 and dialog.note_dialog is None
    assert "female" in asked[0] and "male" in asked[0]
    assert "12/03/1985" in asked[0] and "01/01/1950" in asked[0]
    dialog.merge_button.click()  # "Merge anyway"
    qtbot.waitUntil(lambda: dialog.note_dialog is not None and dialog.note_dialog.isVisible())
    dialog.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=5000)
    assert dialog.outcome.folded_id == him
    assert complaints.complaint(db, LATE).action == wire.MERGE


def test_a_merge_made_by_mistake_is_split_again_from_its_complaint_after_asking(
        qtbot, make_screen, cases, db, boss, monkeypatch):
    complaints.resolve_merge(db, LATE, cases["lan"], cases["again"], actor=boss, note="Gộp")
    asked, answers = [], [False, True, True]
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, title, *_a: asked.append(title) or answers.pop(0))
    screen = make_screen()
    choose(screen, CODE)  # still open: nothing to split
    assert not screen.unmerge_button.isVisible()
    choose(screen, LATE)
    assert screen.unmerge_button.isVisible() and screen.unmerge_button.isEnabled()
    screen.unmerge_button.click()  # "Do not split": nothing changed
    assert asked == ["Split the merged records?"]
    screen.ctx.runner.wait_idle()
    with db.reading() as s:
        assert s.get(Person, cases["again"]).merged_into == cases["lan"]
    screen.unmerge_button.click()  # "Split"
    qtbot.waitUntil(lambda: "apart again" in screen.message.text(), timeout=5000)
    assert screen.message.text().startswith("The two records are apart again: 1 dose went back")
    assert screen.message.text().endswith(
        "1 complaint answered by this merge is open again, to be answered anew: "
        f"{LATE}.")
    with db.reading() as s:
        assert s.get(Person, cases["again"]).merged_into is None
    # The list reloaded after the split: the complaint is open again, to be answered anew,
    # and no merge to split stands. Its answer never reached central (nothing to tell it):
    # its 48 hours are still the filing's, long past.
    qtbot.waitUntil(lambda: shown(screen, screen.model.row_of(LATE), "status")
                    == "Raised to the province", timeout=5000)
    assert shown(screen, screen.model.row_of(LATE), "countdown") == "5 hours overdue"
    choose(screen, LATE)
    assert not screen.unmerge_button.isVisible() and screen.merge_button.isEnabled()
    # Why, in the words the province reads (Vietnamese, as a note the citizen reads).
    assert screen.detail.reopened.isVisible() and screen.detail.reopened.text().startswith(
        "Reopened to be handled again (Người kiểm thử, ")
    assert "được tách lại (gộp nhầm)" in screen.detail.reopened.text()


def test_a_split_of_a_merge_central_holds_says_the_reopening_waits_for_the_sync(
        qtbot, make_screen, cases, db, boss, monkeypatch):
    """The merge's answer was on the platform: until the sync tells it, the citizen still
    reads "merged", and the list and the pane say so."""
    complaints.resolve_merge(db, LATE, cases["lan"], cases["again"], actor=boss, note="Gộp")
    with db.transaction() as s:  # the sync took the answer (tests/complaints: end to end)
        complaint_store.mark_sent(s, complaint_store.find(s, LATE).local_id, None)
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    screen = make_screen(lang="vi")
    choose(screen, LATE)
    screen.unmerge_button.click()
    qtbot.waitUntil(lambda: shown(screen, screen.model.row_of(LATE), "status")
                    == "Đang xử lý · mở lại chưa gửi", timeout=5000)
    row = screen.model.row_of(LATE)
    assert shown(screen, row, "countdown") == "Còn 47 giờ"  # 48 hours from the split
    choose(screen, LATE)
    assert screen.detail.reopened.text().endswith(
        "Hệ thống trung tâm chưa được báo: người dân vẫn đọc kết quả cũ cho đến lần đồng bộ "
        "tới.")
    assert "Phản ánh đã trả lời bằng lần gộp này" not in screen.message.text()
    assert screen.message.text().endswith(f"được mở lại để xử lý lại: {LATE}.")


def test_reject_needs_a_reason(qtbot, make_screen, cases, db):
    screen = make_screen()
    choose(screen, CODE)
    screen.reject_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, NoteDialog))
    dialog = screen.dialog
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert complaints.complaint(db, CODE).status == wire.OPEN
    dialog.note.setPlainText("Mũi 2 đã có trên hệ thống từ ngày 8/10.")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: complaints.complaint(db, CODE).status == wire.REJECTED,
                    timeout=5000)


def test_not_this_sites_hands_it_back_with_a_reason_the_province_reads(
        qtbot, make_screen, cases, db, tmp_path):
    """A complaint about a dose given elsewhere: rejecting it told the citizen "not
    accepted"; handed back, it leaves the site's list of work, says so and why, and its
    countdown runs on until the sync has sent it (the platform still counts it here)."""
    screen = make_screen(lang="vi")
    choose(screen, CODE)
    assert screen.hand_back_button.text() == "Không thuộc điểm này"
    screen.hand_back_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, NoteDialog))
    dialog = screen.dialog
    dialog.ok_button.click()  # no reason: said, nothing changed
    assert dialog.isVisible() and dialog.problem.text() == \
        "Cần ghi lý do: Sở Y tế sẽ đọc lý do này."
    dialog.note.setPlainText("Người dân tiêm mũi 2 ở Hà Nam.")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: complaints.complaint(db, CODE).handed_back is not None,
                    timeout=5000)
    qtbot.waitUntil(lambda: shown(screen, screen.model.row_of(CODE), "status")
                    == "Trả về Sở Y tế · chưa gửi", timeout=5000)
    row = screen.model.row_of(CODE)
    assert shown(screen, row, "countdown").startswith("Còn")
    assert row == 1  # after the one still open here
    choose(screen, CODE)
    assert screen.detail.elsewhere.isVisible()
    assert screen.detail.elsewhere.text().endswith(": Người dân tiêm mũi 2 ở Hà Nam.")
    assert not any(b.isEnabled() for b in (screen.reject_button, screen.hand_back_button,
                                           screen.link_button, screen.add_dose_button))
    assert "đã được trả về Sở Y tế" in screen.reject_button.toolTip()
    screen.grab().save(str(tmp_path / "handed-back.png"))


def test_a_clerk_reads_and_takes_calls_but_may_not_resolve(qtbot, make_screen, cases, boss):
    screen = make_screen(Actor(boss.user_id, "Thư ký", Role.CLERK))
    for button in (screen.add_dose_button, screen.correct_button, screen.merge_button,
                   screen.reject_button, screen.hand_back_button, screen.unmerge_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Only a supervisor resolves complaints."
    assert screen.hotline_button.isEnabled()


def test_the_hotline_form_shows_problems_beside_fields_then_takes_it(qtbot, make_screen,
                                                                      cases, boss):
    screen = make_screen(Actor(boss.user_id, "Thư ký", Role.CLERK))
    screen.hotline_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, HotlineDialog)
    dialog.id_number.setText("12")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problems.labels["id_number"].isVisible())
    assert dialog.problems.labels["full_name"].isVisible()
    assert not dialog.problems.labels["phone"].isVisible()
    fill_hotline(dialog, GOOD_ID)
    dialog.text.setPlainText("Gọi điện: sai tên đệm.")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.taken is not None, timeout=5000)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    new = next(screen.model.item_at(r) for r in range(3) if screen.model.item_at(r).code is None)
    assert new.channel == wire.HOTLINE and new.person_id == cases["lan"]
    # Its heading begins with a capital: "chưa gửi · …" read as a line cut off.
    row = next(r for r in range(3) if screen.model.item_at(r).code is None)
    screen.table.selectRow(row)
    qtbot.waitUntil(lambda: screen.detail.title.text().startswith(
        f"{screen.ctx.text('COMPLAINT_NOT_SENT_YET').capitalize()} · "))


def test_the_hotline_form_takes_a_commune_by_its_name_and_refuses_one_that_is_none(
        qtbot, make_screen, cases, boss):
    """It asked for a commune code clerks do not know and kept whatever was typed (review
    of 6 Dec 2026: "Phường Ba Đình" was stored as the code, routing nothing)."""
    screen = make_screen(Actor(boss.user_id, "Thư ký", Role.CLERK), lang="vi")
    screen.hotline_button.click()
    dialog = screen.dialog
    qtbot.waitUntil(lambda: dialog.commune_code.count() > 0)  # the site's province's
    fill_hotline(dialog, GOOD_ID)
    dialog.commune_code.setEditText("Phường Không Có Thật")
    dialog.save()
    label = dialog.problems.labels["commune_code"]
    qtbot.waitUntil(label.isVisible)
    assert label.text().startswith("Không có xã/phường “Phường Không Có Thật”")
    assert dialog.taken is None
    dialog.commune_code.setEditText("ba dinh")  # as clerks type it
    dialog.save()
    qtbot.waitUntil(lambda: dialog.taken is not None, timeout=5000)
    assert dialog.taken.submission.commune_code == "00004"  # Phường Ba Đình


def test_the_hotline_form_says_a_cccd_lacks_a_digit(qtbot, make_screen, cases, boss):
    screen = make_screen(Actor(boss.user_id, "Thư ký", Role.CLERK), lang="vi")
    screen.hotline_button.click()
    dialog = screen.dialog
    fill_hotline(dialog, GOOD_ID[1:])
    dialog.save()
    label = dialog.problems.labels["id_number"]
    qtbot.waitUntil(label.isVisible)
    assert f"Số giấy tờ “{GOOD_ID[1:]}” có 11 chữ số" in label.text()
    assert dialog.taken is None


def test_an_entry_central_refused_says_so_and_why_on_the_complaint(qtbot, make_screen, cases,
                                                                   boss, db):
    """The platform refused a hotline entry: the list marks it, its pane says why."""
    from desktop_app.sync.complaints import sync_complaints
    from tests.complaints.scripted import Scripted, refusal

    taken = complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12)),
        actor=boss)
    answers = {("POST", "complaints"): (422, refusal("DOB_TOO_OLD", "dob", dob="12/03/1885",
                                                     max_age=120)),
               ("GET", "complaints"): (200, {"complaints": [], "next_since": None})}
    assert sync_complaints(db, Scripted(answers)).refused == 1
    screen = make_screen(lang="vi")
    qtbot.waitUntil(lambda: screen.model.row_of(taken.ref) is not None)
    choose(screen, taken.ref)
    qtbot.waitUntil(screen.detail.problem.isVisible)
    assert screen.detail.problem.text().startswith(
        "Hệ thống trung tâm từ chối nhận phản ánh này: ngày sinh thiếu hoặc không hợp lệ.")
    row = screen.model.row_of(taken.ref)
    assert shown(screen, row, "status") == "Đang xử lý · trung tâm từ chối nhận"
