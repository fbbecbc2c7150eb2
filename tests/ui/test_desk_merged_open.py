"""A person open at the desk while a supervisor merges their record into another (the
Complaints or Cleaning area; the desk keeps its form while another area is used): the desk
now shows the record that stands, and a dose is never saved on the folded one, where it was
hidden from her card and suggested again at the next visit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.merges import merge_people
from desktop_app.ui.desk import desk_saving
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    press,
    rows,
    type_into,
    wait_saved,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def _two_records_of_mai(db):
    """A: her CCCD and dose 1; B: no ID, dose 2 (typed in from her paper card)."""
    start = clock.local_today() - timedelta(days=200)
    a = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, start, "Lan", source="backfill"),
                    person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                       IdType.CCCD, "001188000777"),
                    confirm_warnings=True, actor=AT_THIS_LAPTOP).person_id
    b = record_dose(db, DoseInput("COMIRNATY", "FK1", 2, start + timedelta(days=60), "Lan",
                                  source="backfill"),
                    person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                       IdType.NONE, None, no_id_reason="UNKNOWN_IDENTITY"),
                    confirm_warnings=True, actor=AT_THIS_LAPTOP).person_id
    return a, b


def _open_b(qtbot, screen, b):
    type_into(qtbot, screen.search.box, "hoang thi mai")
    qtbot.waitUntil(lambda: len(screen.search.model.hits) == 2)
    def chosen():
        selected = screen.search.table.selectionModel().selectedRows()
        return selected and screen.search.model.hits[selected[0].row()].id

    press(qtbot, screen.search.box, Qt.Key.Key_Down)  # the arrow keys walk the list
    if chosen() != b:
        press(qtbot, screen.search.box, Qt.Key.Key_Down)
    assert chosen() == b
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None
                    and screen.person.id == b)


@pytest.fixture
def warnings_asked(monkeypatch):
    """The "Save anyway?" question, answered "Go back" and kept: none is expected here (on
    the folded record it was "dose 3 but 0 earlier doses")."""
    asked = []

    def go_back(_parent, messages):
        asked.extend(messages)
        return False

    monkeypatch.setattr(desk_saving, "ask_save_anyway", go_back)
    return asked


def _doses(db):
    return rows(db, "SELECT d.person_id, d.dose_number FROM dose d WHERE d.source = 'desk'")


def test_a_merge_elsewhere_reopens_the_kept_record_and_the_dose_goes_there(
        qtbot, db, site, boss, warnings_asked):
    a, b = _two_records_of_mai(db)
    screen = make_screen(qtbot, db)
    _open_b(qtbot, screen, b)
    merge_people(db, a, b, actor=boss)
    screen.ctx.data_changed.emit("complaints")  # as the Complaints area says after a merge
    qtbot.waitUntil(lambda: screen.person.id == a)
    assert "merged into the record of Hoàng Thị Mai" in screen.message.text()
    card = screen.person_card.text()
    assert "001188000777" in card and "Mũi 1" in card and "Mũi 2" in card
    assert screen.dose_form.dose_number.value() == 3
    assert screen.dose_form.lot.text() == "FK1234"  # what the form held stays

    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 2, db)  # no "dose 3 but 0 earlier doses" to confirm
    assert _doses(db) == [(a, 3)] and warnings_asked == []
    assert screen.message.text() == "Đã lưu: mũi 3 cho Hoàng Thị Mai."


def test_a_merge_the_desk_was_not_told_of_refuses_the_save_and_reopens(
        qtbot, db, site, boss, warnings_asked):
    a, b = _two_records_of_mai(db)
    screen = make_screen(qtbot, db)
    said = []
    screen.ctx.error_handler = lambda exc, _parent: said.append(exc.message("vi"))
    _open_b(qtbot, screen, b)
    merge_people(db, a, b, actor=boss)  # not told: say, another laptop's merge, by the sync
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: screen.person.id == a or bool(warnings_asked))
    assert warnings_asked == [] and _doses(db) == []  # nothing on the folded record
    assert said == ["Không ghi mũi tiêm vào hồ sơ này: hồ sơ đã được gộp vào hồ sơ của "
                    "Hoàng Thị Mai (sinh 01/01/1988, giấy tờ 001188000777). Hãy mở hồ sơ đó, "
                    "xem lại các mũi đã tiêm rồi ghi mũi tiêm."]
    assert screen.entry.isVisible() and screen.dose_form.dose_number.value() == 3
    assert "merged into the record of Hoàng Thị Mai" in screen.message.text()
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 2, db, screened=True)  # screened once for this visit
    assert _doses(db) == [(a, 3)] and warnings_asked == []
