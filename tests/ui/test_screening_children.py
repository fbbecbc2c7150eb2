"""A child at the desk is screened with the children's checklist (QĐ 5002/QĐ-BYT), not the
adult one (found by review kidrev): a 7-year-old boy was asked the two pregnancy items and
none of the children's form, so a child with a congenital heart disease passed as eligible
with one Enter, at a ward station instead of a hospital."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import make_screen, press, rows, screening_of, type_text

CHILD_ITEMS = {"ANAPHYLAXIS_PREVIOUS_DOSE", "ILLNESS_ACUTE_OR_PROGRESSING", "ALLERGY_HISTORY",
               "PERCEPTION_BEHAVIOUR_DISORDER", "CONGENITAL_OR_CHRONIC_DISEASE",
               "HEART_LUNG_SOUNDS_ABNORMAL", "ANAPHYLAXIS_GRADE_3_ANY_ALLERGEN",
               "OTHER_CONTRAINDICATION"}


def _cccd(dob: date, serial: str, sex: Sex = Sex.MALE) -> str:
    """A CCCD whose century-and-sex digit agrees with the person."""
    digit = (2 if dob.year >= 2000 else 0) + (sex == Sex.FEMALE)
    return f"001{digit}{dob.year % 100:02d}{serial}"


def _returning(db, name, dob, sex, serial):  # noqa: ANN001, ANN202
    """Dose 1 from their paper card, 40 days ago: they come back for dose 2."""
    product = "COMIRNATY_PAED" if dob.year > local_today().year - 12 else "COMIRNATY"
    out = record_dose(db, DoseInput(product, "PD1", 1, local_today() - timedelta(days=40),
                                    "Y tá Lan", source="backfill"),
                      person=PersonInput(name, dob, sex, IdType.CCCD, _cccd(dob, serial, sex),
                                         phone="0912345678"),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def _seven_year_old(db):  # noqa: ANN001, ANN202
    dob = date(local_today().year - 7, 1, 15)
    return _returning(db, "Lê Minh Khang", dob, Sex.MALE, "000777"), _cccd(dob, "000777")


def test_a_child_at_the_desk_gets_the_childrens_checklist(qtbot, db, site):
    _pid, cccd = _seven_year_old(db)
    screen = make_screen(qtbot, db)
    dialog = screening_of(qtbot, screen, cccd)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert set(dialog.items) == CHILD_ITEMS
    assert not [c for c in dialog.items if c.startswith("PREGNANT")]
    assert "trẻ em" in dialog.checklist_title.text()  # which form the nurse is reading
    press(qtbot, dialog, Qt.Key.Key_Escape)


def test_a_child_with_congenital_heart_disease_is_referred_not_eligible(qtbot, db, site):
    pid, cccd = _seven_year_old(db)
    screen = make_screen(qtbot, db)
    dialog = screening_of(qtbot, screen, cccd)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isActiveWindow())
    dialog.items["CONGENITAL_OR_CHRONIC_DISEASE"].setChecked(True)
    assert dialog.outcome.currentData() == Outcome.REFER.value
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)  # no reason yet: asked for
    screen.ctx.runner.wait_idle()
    assert dialog.isVisible() and rows(db, "SELECT 1 FROM screening") == []
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "Thông liên thất bẩm sinh")
    press(qtbot, dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(db, "SELECT person_id, outcome, answers FROM screening") == [
        (pid, "refer", '["CONGENITAL_OR_CHRONIC_DISEASE"]')]


def test_an_adult_still_gets_the_adult_checklist(qtbot, db, site):
    dob = date(1988, 3, 4)
    _returning(db, "Đỗ Minh Vân", dob, Sex.FEMALE, "000778")
    screen = make_screen(qtbot, db)
    dialog = screening_of(qtbot, screen, _cccd(dob, "000778", Sex.FEMALE))
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert {"PREGNANT_UNDER_13_WEEKS", "FEVER", "COAGULATION"} <= set(dialog.items)
    assert not set(dialog.items) & (CHILD_ITEMS - {"ANAPHYLAXIS_PREVIOUS_DOSE"})
    press(qtbot, dialog, Qt.Key.Key_Escape)


def test_a_new_child_typed_in_gets_the_childrens_checklist_and_one_enter_saves(qtbot, db,
                                                                                site):
    """A new 9-year-old with no ID yet: F2 from the form (or the first Ctrl+S) opens the
    children's checklist; a well child is one Enter."""
    screen = make_screen(qtbot, db)
    screen.start_new_person("")
    form = screen.person_form
    form.full_name.setText("Phạm Gia Huy")
    form.dob.set_value(date(local_today().year - 9, 6, 1))
    press(qtbot, form.full_name, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: getattr(screen, "screening", None) is not None
                    and screen.screening.isVisible())
    assert set(screen.screening.items) == CHILD_ITEMS
    press(qtbot, screen.screening, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.screening.isVisible())
    assert screen.screened is not None and screen.screened.outcome == Outcome.ELIGIBLE
