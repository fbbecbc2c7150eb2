"""The Data cleaning area on real widgets: closing a case asks first, "Fixed" is refused in
words while the problem is still on the record, "Check again" takes such a case back out of
"Fixed", and the correction dialog says what is wrong as it opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.rules.cleaning import Status
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.ui.cleaning.move_dialog import MoveDialog
from desktop_app.ui.records.correction_dialogs import CorrectPersonDialog
from tests.cleaning.people import paper
from tests.ui.cleaning_helpers import open_cleaning_screen

ALT = Qt.KeyboardModifier.AltModifier
HOA_ID = make_cccd("001", Sex.FEMALE, 1985, 4242)


@pytest.fixture
def hoa(db, site):
    return paper(db, full_name="Lê Thị Hoa", dob="", address="Thôn 3", id_number=HOA_ID)


@pytest.fixture
def errors():
    return []


@pytest.fixture
def screen(qtbot, db, boss, errors, hoa):
    made = open_cleaning_screen(qtbot, db, boss, errors)
    yield made
    if made.dialog is not None:
        made.dialog.close()
    made.ctx.runner.wait_idle()


def test_alt_5_on_a_case_still_wrong_asks_then_is_refused_naming_the_problem(
        qtbot, screen, errors):
    screen.table.setFocus()  # the shortcut reaches the screen through its focused table
    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_5, ALT)  # fixed
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MoveDialog))  # even one case asks
    screen.dialog.move_button.click()
    qtbot.waitUntil(lambda: bool(errors))
    said = errors[0].message("en")
    assert "Lê Thị Hoa" in said and "No date of birth" in said and "“Fixed”" in said
    screen.ctx.runner.wait_idle()
    assert screen.counts.buttons["fixed"].text() == "Fixed: 0"
    assert screen.counts.buttons["to_check"].text() == "To check: 1"


def test_check_again_takes_a_case_fixed_by_mistake_back_to_be_checked(
        qtbot, screen, db, boss, hoa):
    with db.transaction() as s:  # as the old rules let a supervisor do
        cleaning_store.move(s, hoa, Status.FIXED, now=utc_now(), user_id=boss.user_id)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.counts.buttons["fixed"].text() == "Fixed: 1")
    screen.recheck_button.click()
    qtbot.waitUntil(lambda: screen.counts.buttons["fixed"].text() == "Fixed: 0")
    assert screen.counts.buttons["to_check"].text() == "To check: 1"
    assert "1" in screen.message.text()


def test_the_correction_dialog_says_what_is_wrong_as_it_opens(qtbot, screen):
    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, CorrectPersonDialog))
    dialog = screen.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.open_problems.isVisible()  # before any Save
    assert "No date of birth" in dialog.open_problems.text()
    assert dialog.layout().itemAt(0).widget() is dialog.open_problems  # at the top
