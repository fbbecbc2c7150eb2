"""Switching the language builds a new window: nothing typed goes with the old one unasked,
in any area, and the new window opens on the area the person was in (review 4 Dec 2026:
Sync's address and access code, the day's vaccinator and a returning person's dose form
were dropped without a word, and the window went back to the desk)."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import set_day_defaults
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import press, type_into


@pytest.fixture
def questions(monkeypatch):
    """The real question boxes (``dialogs.confirm``), answered from ``answers``: True is
    the "Discard" button. ``asked`` holds each box's title."""
    asked: list[str] = []
    answers: list[bool] = []

    def exec_(box):
        asked.append(box.windowTitle())
        box.setProperty("discard", answers.pop(0))
        return 0

    def clicked(box):
        accept = QMessageBox.ButtonRole.AcceptRole
        return next(b for b in box.buttons()
                    if (box.buttonRole(b) == accept) == box.property("discard"))

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)
    return asked, answers


def _shell(db):
    from desktop_app.ui import app as app_module

    shell = app_module.Shell(QApplication.instance(), db, "vi", db.supervisor)
    shell.show_window()
    return shell


def _close(shell):
    shell.ctx.runner.wait_idle()
    shell.window.close()


def test_sync_settings_typed_and_not_saved_are_asked_about_and_the_area_is_kept(
        qtbot, db, site, questions):
    asked, answers = questions
    shell = _shell(db)
    window = shell.window
    window.show_area("sync")
    sync = window.areas["sync"]
    type_into(qtbot, sync.server, "https://tiemchung.example.vn/fhir")
    type_into(qtbot, sync.token, "MA-TRUY-CAP-1")
    answers += [False, True]
    shell.switch_language("en")  # "Keep editing"
    assert asked == ["Discard the connection settings?"]
    assert shell.window is window and shell.ctx.lang == "vi"
    assert window.language_actions["vi"].isChecked()
    assert (sync.server.text(), sync.token.text()) == ("https://tiemchung.example.vn/fhir",
                                                       "MA-TRUY-CAP-1")
    shell.switch_language("en")  # "Discard"
    assert shell.window is not window and shell.ctx.lang == "en"
    assert shell.window.current_area() == "sync"
    assert shell.window.stack.currentWidget() is shell.window.areas["sync"]
    _close(shell)


def test_saved_sync_settings_are_nothing_to_ask_about(qtbot, db, site, questions):
    from desktop_app.services.sync import save_config

    save_config(db, "https://tiemchung.example.vn/fhir", "MA-1", actor=db.supervisor)
    asked, _ = questions
    shell = _shell(db)
    shell.window.show_area("sync")
    sync = shell.window.areas["sync"]
    qtbot.waitUntil(lambda: sync.token.text() == "MA-1")
    shell.switch_language("en")
    assert asked == [] and shell.ctx.lang == "en"
    assert shell.window.current_area() == "sync"
    _close(shell)


def test_the_days_vaccinator_typed_and_not_set_is_asked_about(qtbot, db, site, questions):
    asked, answers = questions
    shell = _shell(db)
    window = shell.window
    today = window.areas["record"].today
    qtbot.waitUntil(lambda: "Not set for today" in today.summary.text())
    shell.window.show_area("records")  # typed at the desk, then another area
    type_into(qtbot, today.vaccinator, "Y tá Phạm Thị Lan")
    answers += [False]
    shell.switch_language("en")
    assert asked == ["Discard today's changes?"] and shell.window is window
    assert today.vaccinator.text() == "Y tá Phạm Thị Lan"
    window.show_area("record")  # set for today: then nothing is left to lose
    today.product.setCurrentIndex(today.product.findData("COMIRNATY"))
    type_into(qtbot, today.lot.lineEdit(), "FK1")
    type_into(qtbot, today.expiry, "31122099")
    press(qtbot, today.vaccinator, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "FK1" in today.summary.text())
    window.show_area("records")
    shell.switch_language("en")
    assert asked == ["Discard today's changes?"] and shell.window is not window
    assert shell.window.current_area() == "records"
    _close(shell)


def test_a_returning_persons_dose_changed_is_asked_about_one_only_opened_is_not(
        qtbot, db, site, questions):
    out = record_dose(db, DoseInput("COMIRNATY", "FK0001", 1, date(2021, 9, 1), "Hoa"),
                      person=PersonInput("Đỗ Minh Vân", date(1988, 3, 4), Sex.FEMALE,
                                         IdType.CCCD, "001188000777"),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved
    set_day_defaults(db, "COMIRNATY", "FK1234", "Y tá Lan", actor=AT_THIS_LAPTOP)
    asked, answers = questions
    shell = _shell(db)

    def open_her():
        desk = shell.window.areas["record"]
        qtbot.waitUntil(lambda: desk.defaults.lot_number == "FK1234")
        type_into(qtbot, desk.search.box, "001188000777")
        qtbot.waitUntil(lambda: desk.search.shown_query == "001188000777")
        press(qtbot, desk.search.box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: desk.person is not None and desk.entry.isVisible())
        return desk

    desk = open_her()
    window = shell.window
    shell.switch_language("en")  # only opened: the form holds the day's defaults
    assert asked == [] and shell.window is not window

    desk = open_her()
    window = shell.window
    desk.dose_form.lot.setText("FK9999")
    answers += [False, True]
    shell.switch_language("vi")
    assert asked == ["Discard this dose?"] and shell.window is window
    assert desk.person is not None and desk.dose_form.lot.text() == "FK9999"
    press(qtbot, desk.dose_form.lot, Qt.Key.Key_Escape)  # Esc asks the same of the dose
    assert asked == ["Discard this dose?"] * 2 and not desk.entry.isVisible()
    _close(shell)
