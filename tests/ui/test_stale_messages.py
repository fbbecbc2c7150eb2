"""Red messages go when their cause goes (issue #19): the desk's "not saved" line, its
screening checklist, its reaction dialog, its Today panel and the setup dialog's messages
clear as soon as the clerk edits what they were about."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.db.ids import new_id
from desktop_app.db.models import Lot
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.observation import under_observation
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.observation_panel import ReactionDialog
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import make_screen, press, screening_of, type_into, type_text
from tests.ui.test_setup_dialog import key, open_dialog, typed


def test_the_desks_not_saved_line_goes_when_a_field_is_edited(qtbot, db, site):
    screen = make_screen(qtbot, db)
    screen.start_new_person("")
    press(qtbot, screen.person_form.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Not saved" in screen.message.text())
    assert screen.person_form.problems.labels["full_name"].isVisible()
    type_into(qtbot, screen.person_form.full_name, "Lê Thị Hoa")
    assert screen.message.text() == ""
    assert not screen.person_form.problems.labels["full_name"].isVisible()


def test_the_desks_not_saved_line_goes_with_the_person_it_was_about(qtbot, db, site):
    screen = make_screen(qtbot, db)
    screen.start_new_person("")
    press(qtbot, screen.person_form.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Not saved" in screen.message.text())
    screen.person_form.clear()  # nothing typed: Esc goes back without asking
    press(qtbot, screen.person_form.full_name, Qt.Key.Key_Escape)
    assert not screen.entry.isVisible()
    assert screen.message.text() == ""


def test_setup_messages_go_when_the_field_changes(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    dialog.save_button.click()  # everything empty: each field says what it needs
    code_error = dialog._errors["code"]
    assert code_error.isVisible()
    typed(qtbot, "79-00123")  # the focus went to the first field in error
    assert not code_error.isVisible()
    dialog._show_general("Chưa lưu được: ổ đĩa đầy.")
    assert dialog.general_error.isVisible()
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, QApplication.focusWidget(), "T")
    assert not dialog.general_error.isVisible()


def _returning(db):
    return record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1, date.today() - timedelta(days=60),
                                     "Lan", source="backfill"),
                       person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                          IdType.CCCD, "001188000777"),
                       confirm_warnings=True, actor=AT_THIS_LAPTOP).person_id


def test_screening_reason_required_goes_once_the_reason_is_typed(qtbot, db, site):
    """Fever ticked, "Save screening" without a reason: "Write the reason…" in red; the
    clerk types the reason and the red line is gone before saving again."""
    _returning(db)
    screen = make_screen(qtbot, db)
    dialog = screening_of(qtbot, screen, "001188000777")
    dialog.items["FEVER"].setChecked(True)  # postpone suggested
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "lý do" in dialog.problems.text())
    type_into(qtbot, dialog.reason, "Sốt 38,5")  # the reason it asked for is now given
    assert not dialog.problems.isVisible() and dialog.problems.text() == ""


def test_a_reactions_missing_description_message_goes_once_it_is_typed(qtbot, db, site):
    """"Save reaction" with nothing written: red lines ask what happened and what was done;
    typing the description clears them (re-checked at the next save)."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1290", 1, date.today(), "Y tá Hoa"),
                      person=PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE,
                                         IdType.CCCD, "001190000123"),
                      actor=AT_THIS_LAPTOP)
    [watched] = under_observation(db)
    assert watched.dose_id == out.dose_id
    dialog = ReactionDialog(AppContext(db, TaskRunner(), "vi"), watched)
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    dialog.ctx.runner.wait_idle()
    qtbot.waitUntil(lambda: "Mô tả phản ứng" in dialog.problems.text())
    type_into(qtbot, dialog.description, "Chóng mặt")
    assert not dialog.problems.isVisible() and dialog.problems.text() == ""


def test_today_panels_expired_lot_message_goes_when_another_lot_is_typed(qtbot, db, site):
    """"Lot OLD1 expired…" in red under Today; the clerk takes another box and types its
    lot: the message about OLD1 no longer stands."""
    screen = make_screen(qtbot, db)
    today = screen.today
    with db.transaction() as s:  # a lot listed yesterday, expired
        s.add(Lot(id=new_id(), product_code="COMIRNATY", lot_number="OLD1",
                  expiry_date=date.today() - timedelta(days=1)))
    today.lot.setFocus()
    today.lot.lineEdit().selectAll()
    type_into(qtbot, today.lot.lineEdit(), "OLD1")
    press(qtbot, today.apply_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "OLD1" in today.problems.text())
    today.lot.lineEdit().selectAll()
    type_into(qtbot, today.lot.lineEdit(), "NEW2")
    assert not today.problems.isVisible() and today.problems.text() == ""


def test_a_reactions_problems_are_shown_whole_above_its_buttons(qtbot, db, site):
    """The two problems wrapped onto lines the 250-px dialog had no room for: cut off, and
    over the buttons."""
    record_dose(db, DoseInput("COMIRNATY", "FK1290", 1, date.today(), "Y tá Hoa"),
                person=PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE,
                                   IdType.CCCD, "001190000123"), actor=AT_THIS_LAPTOP)
    [watched] = under_observation(db)
    for lang in ("vi", "en"):
        dialog = ReactionDialog(AppContext(db, TaskRunner(), lang), watched)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() >= 440
        dialog.buttons.accepted.emit()
        dialog.ctx.runner.wait_idle()
        qtbot.waitUntil(lambda d=dialog: d.problems.isVisible() and bool(d.problems.text()))
        qtbot.wait(50)
        said = dialog.problems
        assert said.height() >= said.heightForWidth(said.width()), lang
        assert said.geometry().bottom() < dialog.buttons.geometry().top(), lang
        assert dialog.height() >= dialog.heightForWidth(dialog.width()), lang
        dialog.reject()
