"""Review 32d of the Complaints area, the tests its reviewer wrote (each failed before its
fix): real database, real widgets, the scripted complaints server the sync tests use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app.clock import utc_now
from desktop_app.rules.messages import UserError, text
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.complaints import sync_complaints
from desktop_app.ui.complaints.complaint_table_model import COLUMNS
from desktop_app.ui.complaints.resolve_forms import ComplaintCorrectionDialog
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import CODE, arrived
from tests.complaints.scripted import Scripted, refusal
from tests.ui.complaint_helpers import choose, complaints_screens, open_add_dose, save_dose


@pytest.fixture
def lan(db, site):
    """Lan's record and her complaint (dose 2 missing), due in about 31 hours."""
    pid = paper(db)
    arrived(db, GOOD_ID, received=utc_now() - timedelta(hours=17))
    return pid


def shown(screen, code, column, role=Qt.ItemDataRole.DisplayRole):
    row = screen.model.row_of(code)
    return screen.model.data(screen.model.index(row, COLUMNS.index(column)), role)


# 1 -----------------------------------------------------------------------------------------
def test_correct_with_nothing_edited_does_not_resolve_the_complaint(qtbot, db, lan, boss):
    """"Correct the details", Save with nothing edited: the Records area writes nothing, so
    the complaint must not close as "Details corrected" (the citizen would read that their
    details were corrected). The dialog says so and asks no note; the service refuses too."""
    with complaints_screens(qtbot, db, boss) as make:
        screen = make()
        choose(screen, CODE)
        screen.correct_button.click()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, ComplaintCorrectionDialog))
        dialog = screen.dialog
        assert dialog.changes() == {}  # the supervisor edited nothing
        dialog.save()
        assert dialog.note_dialog is None and "Nothing was edited" in dialog.nothing.text()
        screen.ctx.runner.wait_idle()
    with pytest.raises(UserError) as refused:
        complaints.resolve_correct(db, CODE, {"full_name": "Phạm Thị Lan"}, note="", actor=boss)
    assert refused.value.code == "COMPLAINT_NOTHING_CORRECTED"  # her name already
    item = complaints.complaint(db, CODE)
    assert (item.status, item.action) == (wire.OPEN, None)


# 5 -----------------------------------------------------------------------------------------
def test_the_note_the_citizen_reads_is_proposed_in_vietnamese_under_an_english_ui(
        qtbot, db, lan, boss):
    """The citizen reads the note on the Vietnamese status page; the service words its own
    default note in "vi" for that reason. The add-dose form proposes it in the supervisor's
    UI language, so an English-speaking supervisor sends English to the citizen."""
    with complaints_screens(qtbot, db, boss) as make:
        screen = make(lang="en")
        form = open_add_dose(qtbot, screen, CODE)
        save_dose(qtbot, form, "COMIRNATY")
        proposed = form.note_dialog.value()
        form.note_dialog.reject()
    assert proposed == text("COMPLAINT_NOTE_ADD_DOSE", "vi", number="2", date="07/10/2021"), \
        proposed


# 3 -----------------------------------------------------------------------------------------
def test_a_hotline_entry_central_refused_is_not_said_raised_to_the_province(qtbot, db, site,
                                                                            boss):
    """Central refused the entry (422): it has no code, will never be sent, and the pane
    tells the clerk to take a new complaint. The list still counts its 48 hours down, puts it
    first in red once "overdue" and says "Raised to the province" although the province has
    never heard of it."""
    item = complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12)),
        actor=boss, now=utc_now() - timedelta(hours=50))
    answers = {("POST", "complaints"): (422, refusal("DOB_TOO_OLD", "dob", dob="12/03/1885",
                                                     max_age=120)),
               ("GET", "complaints"): (200, {"complaints": [], "next_since": None})}
    assert sync_complaints(db, Scripted(answers)).refused == 1
    with complaints_screens(qtbot, db, boss) as make:
        screen = make()
        status = shown(screen, item.ref, "status")
        countdown = shown(screen, item.ref, "countdown")
    assert "Raised to the province" not in status, status
    assert "overdue" not in countdown, countdown


# 4 -----------------------------------------------------------------------------------------
def test_the_minute_tick_repaints_the_status_that_the_deadline_changed(qtbot, db, lan, boss):
    """The list left open past a deadline: the model's status text becomes "Raised to the
    province", but the tick tells the view only about the countdown column, so the Status
    cell on screen keeps reading "Being handled" until something else repaints it."""
    with complaints_screens(qtbot, db, boss) as make:
        screen = make()
        row, status_col = screen.model.row_of(CODE), COLUMNS.index("status")
        before = shown(screen, CODE, "status")
        told: list[tuple[int, int, int, int]] = []
        screen.model.dataChanged.connect(lambda a, b, *_: told.append(
            (a.row(), a.column(), b.row(), b.column())))
        screen.model.tick(screen.model.now + timedelta(hours=32))
        after = shown(screen, CODE, "status")
    assert before != after == "Raised to the province"
    assert any(r0 <= row <= r1 and c0 <= status_col <= c1 for r0, c0, r1, c1 in told), told


# 5 -----------------------------------------------------------------------------------------
def test_a_conflict_shows_what_the_citizen_actually_reads(qtbot, db, lan, boss):
    """Rejected here while the province
    answered the same complaint centrally: central answers 409, the pane says central "holds
    another resolution; the one made here is kept to compare" - but the pull's copy (with
    central's resolution, what the citizen reads) is dropped, so there is nothing to compare
    with: the site keeps showing its own answer as the outcome."""
    complaints.resolve_reject(db, CODE, "Đã có đủ mũi tiêm.", actor=boss)
    sub = complaints.complaint(db, CODE).submission
    received = complaints.complaint(db, CODE).received_at
    theirs = wire.Resolution(wire.REJECT, "Sở Y tế: đề nghị liên hệ trạm để bổ sung.",
                             "tinh01", utc_now() - timedelta(minutes=5))
    central = wire.Complaint(CODE, sub, received, wire.ROUTE_SITE, "HN-0001", "01", None,
                             status=wire.REJECTED, changed_at=utc_now(), resolution=theirs)
    server = Scripted({
        ("POST", f"complaints/{CODE}/resolution"): (409, refusal(
            "COMPLAINT_RESOLVED_OTHERWISE", None, complaint=CODE)),
        ("GET", "complaints"): (200, {"complaints": [central.as_json()], "next_since": None})})
    sync_complaints(db, server)
    assert complaints.complaint(db, CODE).send_problem == "COMPLAINT_RESOLVED_ELSEWHERE"
    with complaints_screens(qtbot, db, boss) as make:
        screen = make()
        choose(screen, CODE)
        pane = " ".join(label.text() for label in screen.detail.findChildren(type(
            screen.detail.title)) if label.isVisible())
    assert theirs.note in pane, pane


# 6 -----------------------------------------------------------------------------------------
def test_a_card_scanned_into_the_hotline_form_finds_the_record_under_its_old_cmnd(
        qtbot, db, site, boss):
    """Nhung was recorded here in 2021 under her CMND; she comes in with her CCCD, whose QR
    also carries that CMND (the desk opens her record from the same scan). The hotline form
    keeps only the CCCD from the card, so the complaint says "No record here yet" and goes
    to central under a number no record carries."""
    from desktop_app.rules.cccd_qr import format_cccd_qr
    from tests.ui.scanner_helpers import CARD_A

    nhung = _cmnd_record(db, CARD_A)
    with complaints_screens(qtbot, db, boss, rows=0) as make:
        screen = make()
        screen.hotline_button.click()
        form = screen.dialog
        form.take_scan(format_cccd_qr(CARD_A), True)  # what ui/scanner.py hands the form
        assert form.id_number.text() == CARD_A.id_number
        form.kind.setCurrentIndex(form.kind.findData(wire.DOSE_MISSING))
        form.dose_number.setValue(2)
        form.text.setPlainText("Đã tiêm mũi 2 năm 2021, ứng dụng không có.")
        form.save()
        qtbot.waitUntil(lambda: form.taken is not None, timeout=5000)
    assert form.taken.person_id == nhung, form.taken.person_id


def _cmnd_record(db, card):
    from desktop_app.rules.identity import IdType
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose

    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan"),
                      person=PersonInput(card.full_name, card.dob, card.sex, IdType.CMND,
                                         card.old_id_number),
                      today=TODAY, actor=AT_THIS_LAPTOP, confirm_warnings=True)
    assert out.saved, out.problems
    return out.person_id


# 7 -----------------------------------------------------------------------------------------
def test_a_volunteer_is_not_offered_the_hotline_form_the_service_refuses(qtbot, db, lan, boss):
    """A volunteer (backfills only) may not take a call (``take_hotline`` requires a
    recorder), yet "Take a complaint by phone" is enabled for them: they type the whole call
    and only the save says they may not."""
    from desktop_app.services.actor import Actor, NotAllowed, Role

    with complaints_screens(qtbot, db, boss) as make:
        screen = make(Actor(boss.user_id, "Tình nguyện viên", Role.VOLUNTEER))
        enabled = screen.hotline_button.isEnabled()
    with pytest.raises(NotAllowed):
        complaints.take_hotline(db, wire.Submission(
            wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12)),
            actor=Actor(boss.user_id, "Tình nguyện viên", Role.VOLUNTEER))
    assert not enabled


# 8 -----------------------------------------------------------------------------------------
def test_the_audit_export_words_a_hotline_call_in_vietnamese_not_codes(db, site, boss,
                                                                       tmp_path):
    """The trail's CSV is "read by people (in Excel)" in the same words as the record's
    history. A call taken by phone reads there "Tạo mới: channel “hotline”; kind
    “details_wrong”": an English field name and two raw codes in the Vietnamese export."""
    import csv

    from desktop_app.services import audit

    complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12)), actor=boss)
    out = tmp_path / "trail.csv"
    audit.export(db, out, "vi", actor=boss)
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    [said] = [r[4] for r in rows[1:] if "001185012345" in r[4] and r[4].startswith("Tạo")]
    for raw in ("details_wrong", "hotline", "channel", "kind"):
        assert raw not in said, said
