"""Review (desk flow): a registered person who comes back under another number is not made
a second record without the clerk being asked (the paper form asks: POSSIBLE_SAME_PERSON)."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import accept_screening, make_screen, press, rows, type_into

CTRL = Qt.KeyboardModifier.ControlModifier


def _her_cmnd_record_and_the_desk(qtbot, db, monkeypatch):  # noqa: ANN001, ANN202
    """Her dose 1 four weeks ago under her old CMND (as most 2021 records were); the desk,
    whose questions are answered "Go back" (the QMessageBox, as the tests script it): the
    screen and what each question said."""
    screen = make_screen(qtbot, db)
    first = record_dose(
        db, DoseInput("COMIRNATY", "FK1234", 1, date.today() - timedelta(days=28), "Y tá Lan"),
        person=PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.CMND,
                           "123456789"),
        confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert first.saved
    asked = []

    def answer(box_self):  # noqa: ANN001, ANN202
        asked.append(box_self.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[1])
    return screen, asked


def test_her_new_cccd_typed_at_the_desk_does_not_make_a_second_record_silently(
        qtbot, db, site, monkeypatch):
    screen, asked = _her_cmnd_record_and_the_desk(qtbot, db, monkeypatch)
    # She brings her new chip card; no scanner: the clerk types its number.
    box = screen.search.box
    type_into(qtbot, box, "001190000102")
    qtbot.waitUntil(lambda: screen.search.shown_query == "001190000102")
    assert screen.search.model.hits == []  # nobody under that number
    press(qtbot, box, Qt.Key.Key_Return)  # Enter: a new person, the CCCD prefilled
    form = screen.person_form
    assert form.id_number.text() == "001190000102"
    type_into(qtbot, form.full_name, "Trần Thị Bích")
    type_into(qtbot, form.dob, "05061990")
    form.sex.set_value(Sex.FEMALE)
    press(qtbot, form.id_number, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: bool(asked) or rows(db, "SELECT count(*) FROM dose")[0][0] > 1)
    assert asked and asked[0].startswith("Đã có hồ sơ cùng họ tên, ngày sinh và giới tính: "
                                         "Trần Thị Bích, số giấy tờ 123456789."), asked
    assert rows(db, "SELECT full_name, id_type, id_number FROM person ORDER BY rowid") == [
        ("Trần Thị Bích", "CMND", "123456789")]
    assert rows(db, "SELECT dose_number FROM dose ORDER BY rowid") == [(1,)]
    screen.ctx.runner.wait_idle()
    assert QApplication.activeModalWidget() is None


def _her_cccd_typed_and_postponed(qtbot, screen):  # noqa: ANN001, ANN202
    box = screen.search.box
    type_into(qtbot, box, "001190000102")
    qtbot.waitUntil(lambda: screen.search.shown_query == "001190000102")
    press(qtbot, box, Qt.Key.Key_Return)
    form = screen.person_form
    type_into(qtbot, form.full_name, "Trần Thị Bích")
    type_into(qtbot, form.dob, "05061990")
    form.sex.set_value(Sex.FEMALE)
    press(qtbot, form.id_number, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: getattr(screen, "screening", None) is not None
                    and screen.screening.isVisible())
    dialog = screen.screening
    dialog.items["FEVER"].setChecked(True)
    assert dialog.outcome.currentData() == "postpone"
    type_into(qtbot, dialog.reason, "Sốt 38,5")
    dialog.buttons.accepted.emit()
    screen.ctx.runner.wait_idle()
    qtbot.wait(100)
    screen.ctx.runner.wait_idle()


def test_her_new_cccd_typed_and_screened_out_is_asked_about_as_a_dose_is(
        qtbot, db, site, monkeypatch):
    """Review 31d and its follow-up: the same visit as above, but she has a fever
    (postponed, come back next week). Before her new CCCD is kept as a new person, the
    clerk is asked, as at a dose's save, whether she is the record under her CMND; "Go
    back" keeps no second record (next week her CCCD would find that empty one and the
    desk suggest dose 1 again)."""
    screen, asked = _her_cmnd_record_and_the_desk(qtbot, db, monkeypatch)
    _her_cccd_typed_and_postponed(qtbot, screen)
    assert asked and asked[0].startswith("Đã có hồ sơ cùng họ tên, ngày sinh và giới tính: "
                                         "Trần Thị Bích, số giấy tờ 123456789."), asked
    assert rows(db, "SELECT id_number FROM person ORDER BY rowid") == [("123456789",)]
    assert rows(db, "SELECT count(*) FROM screening") == [(0,)]


def test_her_new_cccd_screened_out_and_saved_anyway_is_flagged(qtbot, db, site, monkeypatch):
    """Answered "Save anyway": she is kept under her CCCD with her postponement, flagged
    for a supervisor as possibly the CMND record's person, and the desk says postponed."""
    screen, asked = _her_cmnd_record_and_the_desk(qtbot, db, monkeypatch)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])
    _her_cccd_typed_and_postponed(qtbot, screen)
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM person") == [(2,)])
    screen.ctx.runner.wait_idle()
    assert len(asked) == 1
    assert rows(db, "SELECT cleaning_reason FROM person WHERE id_number = '001190000102'"
                ) == [("POSSIBLE_SAME_PERSON",)]
    assert rows(db, "SELECT outcome FROM screening") == [("postpone",)]
    qtbot.waitUntil(lambda: "Trần Thị Bích" in screen.message.text())
