"""A save still waiting for the database (the writer held by an import's chunk, a backup, a
sync write) was credited to the next person opened meanwhile, whose own Ctrl+S was dropped
without a word: she left with no dose recorded. The form being saved is now locked, the next
person waits until the save lands, and every key pressed meanwhile is answered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.desk import desk_saving
from tests.held import held_back
from tests.ui.desk_helpers import accept_screening, make_screen, press, rows, wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier
MAI, HOA = "001188000777", "001190000555"


def _returning(db, name, cccd, dob):
    out = record_dose(
        db, DoseInput("COMIRNATY", "FK1", 1, clock.local_today() - timedelta(days=60), "Lan",
                      source="backfill"),
        person=PersonInput(name, dob, Sex.FEMALE, IdType.CCCD, cccd), confirm_warnings=True,
        actor=AT_THIS_LAPTOP)
    return out.person_id


@pytest.fixture
def held_writer(monkeypatch):
    """The desk's write waits until the test lets it go, as behind another writer."""
    gate = held_back(monkeypatch, desk_saving, "record_dose")
    yield gate
    gate.set()


def keys(qtbot, text):
    """Typed wherever the keys go now, as on a real keyboard."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    press(qtbot, QApplication.focusWidget(), k, modifier)


def _open(qtbot, screen, cccd):
    keys(qtbot, cccd)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None
                    and screen.person.id_number == cccd)


def _desk_doses(db):
    return rows(db, "SELECT p.full_name, d.dose_number FROM dose d JOIN person p "
                    "ON p.id = d.person_id WHERE d.source = 'desk' ORDER BY d.entered_at")


def test_the_next_person_waits_for_the_save_and_is_never_credited_with_it(
        qtbot, db, site, held_writer):
    _returning(db, "Hoàng Thị Mai", MAI, date(1988, 1, 1))
    hoa = _returning(db, "Lê Thị Hoa", HOA, date(1990, 1, 1))
    screen = make_screen(qtbot, db)
    _open(qtbot, screen, MAI)
    key(qtbot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: screen._saving is not None)

    # The form being saved takes no edits; the keys are in the search, for the next person.
    assert not screen.dose_form.isEnabled() and not screen.save_button.isEnabled()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search.box)
    qtbot.waitUntil(lambda: "Saving dose 2 for Hoàng Thị Mai" in screen.message.text())

    key(qtbot, Qt.Key.Key_Escape)  # held: Mai's form is not swapped under her save
    assert screen.entry.isVisible() and screen.person.full_name == "Hoàng Thị Mai"
    assert screen.search.box.text() == ""  # the search is ready for the next ID
    assert "Back to the search once it is saved." in screen.message.text()
    keys(qtbot, HOA)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Lê Thị Hoa opens once it is saved." in screen.message.text())
    assert screen.person.full_name == "Hoàng Thị Mai"
    key(qtbot, Qt.Key.Key_S, CTRL)  # meant for Hoa: not carried out, and said so
    assert "This Ctrl+S was not carried out" in screen.message.text()
    assert _desk_doses(db) == []

    held_writer.set()
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == hoa)
    assert _desk_doses(db) == [("Hoàng Thị Mai", 2)]  # once: the second Ctrl+S saved nothing
    said = screen.message.text()
    assert said.startswith("Đã lưu: mũi 2 cho Hoàng Thị Mai.")  # whose it was, not Hoa's
    assert "Lê Thị Hoa" not in said
    assert "the person opened next is not saved yet" in said
    assert screen.dose_form.isEnabled() and screen.dose_form.dose_number.value() == 2

    # Hoa's own Ctrl+S records her dose.
    press(qtbot, screen.dose_form.dose_number, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 3, db)
    assert _desk_doses(db) == [("Hoàng Thị Mai", 2), ("Lê Thị Hoa", 2)]
    assert screen.message.text() == "Đã lưu: mũi 2 cho Lê Thị Hoa."


def test_typing_in_the_search_during_a_save_is_kept(qtbot, db, site, held_writer):
    _returning(db, "Hoàng Thị Mai", MAI, date(1988, 1, 1))
    screen = make_screen(qtbot, db)
    _open(qtbot, screen, MAI)
    key(qtbot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search.box)
    keys(qtbot, "le thi")  # the next one, no Esc, no Enter yet: it replaces Mai's ID
    held_writer.set()
    qtbot.waitUntil(lambda: not screen.entry.isVisible())
    assert screen.search.box.text() == "le thi"
    assert QApplication.focusWidget() is screen.search.box
    assert screen.message.text() == "Đã lưu: mũi 2 cho Hoàng Thị Mai."


def test_a_save_that_is_not_made_keeps_its_form_and_the_next_persons_query(
        qtbot, db, site, held_writer, monkeypatch):
    _returning(db, "Hoàng Thị Mai", MAI, date(1988, 1, 1))
    _returning(db, "Lê Thị Hoa", HOA, date(1990, 1, 1))
    screen = make_screen(qtbot, db)
    _open(qtbot, screen, MAI)
    dose = screen.dose_form
    dose.dose_date.setText((clock.local_today() - timedelta(days=50)).strftime("%d/%m/%Y"))
    dose.revalidate()  # 10 days after dose 1: a warning to confirm
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[1])  # Go back
    press(qtbot, dose.dose_date, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: screen._saving is not None)
    keys(qtbot, HOA)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Lê Thị Hoa opens once it is saved." in screen.message.text())
    held_writer.set()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "10 ngày" in asked[0]
    qtbot.waitUntil(lambda: screen._saving is None)
    qtbot.wait(100)
    # Declined: nothing saved, Mai's form is still there and editable, Hoa not opened over
    # it, and her ID is still in the search for one Enter.
    assert _desk_doses(db) == []
    assert screen.person.full_name == "Hoàng Thị Mai" and dose.isEnabled()
    assert screen.search.box.text() == HOA
    assert "Saving" not in screen.message.text()
