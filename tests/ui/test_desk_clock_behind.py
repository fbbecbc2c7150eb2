"""The laptop's clock set back below the platform's time it saw at its last round (a flat
CMOS battery): the desk saves nothing dated by it, and says why in the clerk's words, at
the screening of a returning person as at the save of a new one."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop_app import clock, settings
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    press,
    rows,
    screening_of,
    type_into,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SAID = "Đồng hồ máy tính đang chỉ"


def _platform_seen_ahead(db) -> None:
    """The last round saw the platform's time 400 days past the laptop's clock: the clock
    was set back since (the setting a round writes, written as a round would)."""
    with db.transaction() as s:
        settings.write(s, settings.LAST_SERVER_TIME,
                       (clock.utc_now() + timedelta(days=400)).isoformat())


def test_a_new_persons_dose_is_not_saved_and_the_desk_says_the_clock_is_behind(
        qtbot, db, site):
    screen = make_screen(qtbot, db)
    _platform_seen_ahead(db)
    screen.start_new_person("")
    form = screen.person_form
    type_into(qtbot, form.full_name, "Vũ Văn Hùng")
    type_into(qtbot, form.dob, "01061960")
    form.sex.setCurrentIndex(form.sex.findData(Sex.MALE))
    form.id_type.setCurrentIndex(form.id_type.findData(IdType.CCCD))
    type_into(qtbot, form.id_number, "001060000123")
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: SAID in screen.dose_form.general_problems.text())
    assert "Hãy chỉnh lại ngày giờ của máy tính" in screen.dose_form.general_problems.text()
    assert screen.entry.isVisible()  # the form is kept, to save once the clock is right
    assert rows(db, "SELECT count(*) FROM person")[0][0] == 0


def test_a_returning_persons_screening_is_not_saved_while_the_clock_is_behind(
        qtbot, db, site):
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date.today() - timedelta(days=60),
                              "Lan", source="backfill"),
                person=PersonInput("Lê Thị Hoa", date(1990, 1, 2), Sex.FEMALE, IdType.CCCD,
                                   "001190000555"),
                confirm_warnings=True, actor=AT_THIS_LAPTOP)
    screen = make_screen(qtbot, db)
    _platform_seen_ahead(db)
    dialog = screening_of(qtbot, screen, "001190000555")
    press(qtbot, dialog, Qt.Key.Key_Return)  # eligible
    qtbot.waitUntil(lambda: SAID in dialog.problems.text())
    assert dialog.isVisible()
    assert rows(db, "SELECT count(*) FROM screening")[0][0] == 0
