"""A reviewer's day at the desk, 7 Dec 2026 (keyboard only, real widgets, a real database
file); each of these failed before its fix.

1. A fast clerk's extra Enter, pressed while the dose just confirmed is being saved, lands
   in the search box (where the save puts the keys) on the query of the person being saved:
   once the save lands that same person is opened again, a returning one with the next dose
   number suggested (one "Save anyway" from a second dose the same day), a new one as a new
   person filled from the same card, beside a list still saying nobody has that number.
   Ctrl+N pressed at that moment is already kept from doing so (``_new_from_search``).
2. The first ten digits of a CCCD, typed and not found, open a new person with them as the
   phone: "0011900123" (Hà Nội's 001 ...) is no Vietnamese phone number, but it passes the
   check and is saved as the citizen's phone, for the call-back list to dial.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.desk import desk_saving
from tests.held import held_back
from tests.ui.desk_helpers import accept_screening, make_screen, press, rows, type_text
from tests.ui.scanner_helpers import CARD_A, scan

CTRL = Qt.KeyboardModifier.ControlModifier
MAI = "001188000777"


@pytest.fixture
def held_writer(monkeypatch):
    """The desk's write waits until the test lets it go (the writer busy a moment)."""
    gate = held_back(monkeypatch, desk_saving, "record_dose")
    yield gate
    gate.set()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    press(qtbot, QApplication.focusWidget(), k, modifier)


def _saving_then_enter(qtbot, screen, held_writer, db, doses_after):
    """Ctrl+S, Enter (screened eligible), and one Enter more while the save runs."""
    key(qtbot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: screen._saving is not None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search.box)
    key(qtbot, Qt.Key.Key_Return)  # the fast clerk's extra Enter
    held_writer.set()
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose")[0][0] == doses_after)
    screen.ctx.runner.wait_idle()
    qtbot.wait(300)
    screen.ctx.runner.wait_idle()


def test_an_extra_enter_while_saving_does_not_open_the_returning_person_again(
        qtbot, db, site, held_writer):
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, clock.local_today() - timedelta(days=60),
                              "Lan", source="backfill"),
                person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE, IdType.CCCD,
                                   MAI), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    screen = make_screen(qtbot, db)
    type_text(qtbot, screen.search.box, MAI)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None)
    _saving_then_enter(qtbot, screen, held_writer, db, doses_after=2)
    assert "mũi 2" in screen.message.text()  # saved
    reopened = screen.entry.isVisible() and screen.person is not None \
        and screen.person.id_number == MAI
    assert not reopened, (
        "the person just given dose 2 was opened again by an Enter pressed while saving, "
        f"dose {screen.dose_form.dose_number.value()} suggested for today")


def test_an_extra_enter_while_saving_does_not_open_the_scanned_person_as_new_again(
        qtbot, db, site, held_writer):
    screen = make_screen(qtbot, db)
    scan(CARD_A)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    _saving_then_enter(qtbot, screen, held_writer, db, doses_after=1)
    assert rows(db, "SELECT id_number FROM person") == [(CARD_A.id_number,)]
    new_form_again = screen.entry.isVisible() and screen.person is None \
        and screen.person_form.id_number.text() == CARD_A.id_number
    assert not new_form_again, (
        "a new-person form holding the ID just saved was opened again (search says: "
        f"{screen.search.hint.text()!r})")


def test_the_first_digits_of_a_cccd_are_not_kept_as_the_phone(qtbot, db, site):
    screen = make_screen(qtbot, db)
    type_text(qtbot, screen.search.box, "0011900123")  # 10 digits of 001190012345, not found
    qtbot.waitUntil(lambda: screen.search.shown_query == "0011900123")
    key(qtbot, Qt.Key.Key_Return)  # Enter when nobody is found: a new person
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    form = screen.person_form
    form.full_name.setText("Nguyễn Thị Nhung")
    form.dob.setFocus()
    type_text(qtbot, form.dob, "05031990")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, QApplication.focusWidget(), "nu")
    assert (form.phone.text(), form.id_number.text()) == ("", "0011900123")  # an ID's start
    form.id_number.setFocus()
    form.id_number.selectAll()
    type_text(qtbot, form.id_number, "001190012345")  # read off the card, over what was typed
    key(qtbot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose")[0][0] == 1)
    assert rows(db, "SELECT phone FROM person") == [(None,)], (
        "the ID's first digits typed in the search were saved as the person's phone")
