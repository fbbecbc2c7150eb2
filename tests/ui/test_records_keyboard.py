"""The Records area by keyboard: Enter opens the list's first record, Enter in a record closes
it, and a person's correction changes only what was edited: the old CMND a card carried (the
desk's match to doses recorded under it) is never wiped by a correction that did not touch
it. Real widgets over a real database."""

import json
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.search import search_people
from tests.ui.desk_helpers import open_area, press, rows, type_into

OLD_CMND = "012345678"


def person_with_an_old_cmnd(db):
    """Registered today from a chip card that carried the old CMND too."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, local_today(), "Y tá Lan"),
                      person=PersonInput("Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
                                         IdType.CCCD, "001190012345", phone="0912345678",
                                         old_id_number=OLD_CMND),
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.dose_id


def open_records(qtbot, db):
    _ctx, _window, records = open_area(qtbot, db, "records", "vi")
    qtbot.waitUntil(lambda: records.model.rowCount() == 1)
    return records


def corrections(db):
    return [json.loads(d) for (d,) in rows(
        db, "SELECT details FROM audit_entry WHERE action = 'update' AND entity = 'person'")]


def test_enter_on_the_list_opens_its_first_record_without_an_arrow_first(qtbot, db, site):
    person_with_an_old_cmnd(db)
    records = open_records(qtbot, db)
    assert QApplication.focusWidget() is records.table
    press(qtbot, records.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: records.dialog is not None and records.dialog.isVisible())


def test_enter_in_a_record_closes_it_and_corrects_nobody(qtbot, db, site):
    dose_id = person_with_an_old_cmnd(db)
    records = open_records(qtbot, db)
    record = records.open_record(dose_id)
    qtbot.waitUntil(lambda: record.correct_person_button.isEnabled())
    press(qtbot, QApplication.focusWidget() or record, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not record.isVisible())
    assert record.child is None  # no correction opened
    assert corrections(db) == []
    assert rows(db, "SELECT old_id_number FROM person") == [(OLD_CMND,)]


def test_a_correction_changes_only_what_was_edited_and_keeps_the_old_cmnd(qtbot, db, site):
    dose_id = person_with_an_old_cmnd(db)
    records = open_records(qtbot, db)
    record = records.open_record(dose_id)
    qtbot.waitUntil(lambda: record.correct_person_button.isEnabled())

    # Opened and saved with nothing edited (Enter, Enter): nothing is written.
    qtbot.mouseClick(record.correct_person_button, Qt.MouseButton.LeftButton)
    correction = record.child
    form = correction.person_form
    assert form.old_id_number.text() == OLD_CMND and form.old_id_number.isVisible()
    press(qtbot, form.full_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not correction.isVisible())
    assert corrections(db) == []
    assert rows(db, "SELECT old_id_number FROM person") == [(OLD_CMND,)]

    # The phone corrected: the phone alone changes, audited (and synced) alone.
    qtbot.waitUntil(lambda: record.correct_person_button.isEnabled())
    qtbot.mouseClick(record.correct_person_button, Qt.MouseButton.LeftButton)
    correction = record.child
    phone = correction.person_form.phone
    phone.selectAll()
    type_into(qtbot, phone, "0987654321")
    press(qtbot, phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not correction.isVisible())
    assert rows(db, "SELECT phone, old_id_number FROM person") == [("0987654321", OLD_CMND)]
    assert corrections(db) == [{"phone": ["0912345678", "0987654321"]}]

    # Emptied on purpose, it is emptied: a correction may still remove a wrong old number.
    qtbot.waitUntil(lambda: record.correct_person_button.isEnabled())
    qtbot.mouseClick(record.correct_person_button, Qt.MouseButton.LeftButton)
    correction = record.child
    correction.person_form.old_id_number.clear()
    press(qtbot, correction.person_form.full_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not correction.isVisible())
    assert rows(db, "SELECT old_id_number FROM person") == [(None,)]
    assert corrections(db)[-1] == {"old_id_number": [OLD_CMND, None]}


def test_a_cmnd_corrected_to_the_new_cccd_by_hand_is_kept_as_the_old_number(qtbot, db, site):
    """As a card's or the police's correction keeps it (``card_check.cccd_replacing``): the
    old papers, the doses of other sites and the card's QR still carry the CMND."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, local_today(), "Y tá Lan"),
                      person=PersonInput("Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
                                         IdType.CMND, OLD_CMND, phone="0912345678"),
                      actor=AT_THIS_LAPTOP)
    records = open_records(qtbot, db)
    record = records.open_record(out.dose_id)
    qtbot.waitUntil(lambda: record.correct_person_button.isEnabled())
    qtbot.mouseClick(record.correct_person_button, Qt.MouseButton.LeftButton)
    correction = record.child
    form = correction.person_form
    assert not form.old_id_number.isVisible()  # nothing to show: the CMND is the ID
    form.id_type.setCurrentIndex(form.id_type.findData(IdType.CCCD.value))
    form.id_number.selectAll()
    type_into(qtbot, form.id_number, "001190012345")
    press(qtbot, form.full_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not correction.isVisible(), timeout=5000)
    assert rows(db, "SELECT id_type, id_number, old_id_number FROM person") == [
        ("CCCD", "001190012345", OLD_CMND)]
    assert corrections(db) == [{"id_type": ["CMND", "CCCD"],
                                "id_number": [OLD_CMND, "001190012345"],
                                "old_id_number": [None, OLD_CMND]}]
    assert [h.id for h in search_people(db, OLD_CMND)] == [out.person_id]
