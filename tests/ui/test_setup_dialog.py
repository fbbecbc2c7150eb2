"""The setup dialog: filled and saved by keyboard alone, problems shown where they are,
nothing saved until they are fixed, and later edits start from what is stored."""

import re
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from desktop_app.clock import local_today
from desktop_app.rules.admin_units import communes
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import get_day_defaults, set_day_defaults
from desktop_app.services.day_setup import set_today
from desktop_app.services.site import current_site, set_up_site
from desktop_app.ui.context import AppContext
from desktop_app.ui.setup import SetupDialog
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import type_text


def open_dialog(qtbot, db, *, first_run=False):
    ctx = AppContext(db, TaskRunner(), "en")
    changes: list[str] = []
    ctx.data_changed.connect(changes.append)
    dialog = SetupDialog(ctx, first_run=first_run)
    dialog.changes = changes
    # done() ends the dialog without the first-run guard, so teardown does not ask to quit.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(QDialog.DialogCode.Rejected))
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def target():
    """Where a real key press goes: the completer's popup while it is open, else the focus."""
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def typed(qtbot, text):
    type_text(qtbot, target(), text)


def key(qtbot, k):
    qtbot.keyClick(target(), k)


def test_first_run_is_filled_and_saved_by_keyboard_alone(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    assert QApplication.focusWidget() is dialog.code
    typed(qtbot, "79-00123")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Trạm Y tế Phường Láng")
    key(qtbot, Qt.Key.Key_Enter)  # Enter before the last field moves on, it does not save
    assert not dialog.saving
    typed(qtbot, "ha noi")  # province, without accents
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.province.code() == "01"
    assert dialog.province.currentText() == "Thành phố Hà Nội"
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "lang")  # commune: "Phường Láng" comes before "Xã Yên Lãng"
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.commune.currentText() == "Phường Láng"
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "vero")  # vaccine, found by the start of its name
    assert dialog.product.currentData() == dialog.ctx.db.catalogue.find("Vero Cell").code
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "FK1234")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "31122030")  # a lot nobody has listed yet: its expiry, from the box
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.vaccinator
    typed(qtbot, "Y tá Lan")
    key(qtbot, Qt.Key.Key_Return)  # Enter in the last field saves

    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    site = current_site(db)
    assert (site.code, site.name) == ("79-00123", "Trạm Y tế Phường Láng")
    assert (site.province_code, site.district_code, site.commune_code) == ("01", None, "00187")
    defaults = get_day_defaults(db)
    vero_cell = db.catalogue.find("Vero Cell").code
    assert (defaults.product_code, defaults.lot_number, defaults.vaccinator) == (
        vero_cell, "FK1234", "Y tá Lan")
    assert defaults.is_for_today
    assert dialog.changes == ["site", "defaults"]


def test_a_fully_typed_name_is_chosen_on_tab_without_the_popup(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    dialog.province.setFocus()
    typed(qtbot, "lang son")
    QApplication.activePopupWidget() and key(qtbot, Qt.Key.Key_Escape)  # close the popup
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.province.code() == "20"
    assert dialog.province.currentText() == "Lạng Sơn"
    assert QApplication.focusWidget() is dialog.commune
    assert dialog.commune.count() == len(communes("20"))  # Lạng Sơn's communes, not Hà Nội's


def test_missing_fields_are_named_under_each_field_and_nothing_is_saved(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    dialog.vaccinator.setFocus()
    key(qtbot, Qt.Key.Key_Return)

    errors = {f: label.text() for f, label in dialog._errors.items() if label.isVisible()}
    assert set(errors) == {"code", "name", "province", "commune"}
    assert "site code" in errors["code"]
    assert "name" in errors["name"]
    assert "province" in errors["province"]
    assert "province first" in errors["commune"]
    assert QApplication.focusWidget() is dialog.code  # the first field to fix
    dialog.ctx.runner.wait_idle()
    assert current_site(db) is None
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def test_wrong_values_say_what_is_wrong(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    typed(qtbot, "79 001/23")
    dialog.province.setFocus()
    typed(qtbot, "xyz")
    dialog.lot.setFocus()
    typed(qtbot, "FK1234")
    dialog.save()

    errors = {f: label.text() for f, label in dialog._errors.items() if label.isVisible()}
    assert "letters, digits and hyphens" in errors["code"] and "“/”" in errors["code"]
    assert "Nothing matches “xyz”" in errors["province"]
    assert "vaccine" in errors["product"]  # a lot without its vaccine
    dialog.province.setFocus()
    dialog.province.lineEdit().selectAll()
    typed(qtbot, "son")  # Sơn La, Lạng Sơn
    dialog.save()
    assert "matches several" in dialog._errors["province"].text()


def test_editing_starts_from_the_stored_site_and_todays_defaults(qtbot, db):
    set_up_site(db, "79-00123", "Trạm Y tế Phường Láng", province_code="01",
                commune_code="00187", actor=AT_THIS_LAPTOP)
    set_today(db, "COMIRNATY", "FK1234", date(2030, 12, 31), "Y tá Lan", actor=AT_THIS_LAPTOP)
    dialog = open_dialog(qtbot, db)
    assert dialog.code.text() == "79-00123"
    assert dialog.name.text() == "Trạm Y tế Phường Láng"
    assert dialog.province.currentText() == "Thành phố Hà Nội"
    assert dialog.commune.currentText() == "Phường Láng"
    assert dialog.product.currentData() == "COMIRNATY"
    assert (dialog.lot.text(), dialog.vaccinator.text()) == ("FK1234", "Y tá Lan")
    # A listed lot shows its expiry, read only, as on the today panel; a new one asks for it.
    qtbot.waitUntil(lambda: dialog.expiry.value() == date(2030, 12, 31))
    assert dialog.expiry.isReadOnly()
    dialog.lot.setText("NEW1")
    assert not dialog.expiry.isReadOnly() and dialog.expiry.value() is None
    dialog.lot.setText("FK1234")

    dialog.name.setFocus()
    dialog.name.selectAll()
    typed(qtbot, "Trạm Y tế Láng")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert current_site(db).name == "Trạm Y tế Láng"
    assert current_site(db).commune_code == "00187"


@pytest.mark.parametrize(("product", "code"), [("COMIRNATY", "LOT_EXPIRED"),
                                               ("SPIKEVAX", "LOT_OTHER_PRODUCT")])
def test_the_days_lot_is_checked_as_the_today_panel_checks_it(qtbot, db, product, code):
    """An expired lot, or one listed under another vaccine, is refused here too: the error
    under the lot, and neither the site nor the day's defaults saved."""
    yesterday = local_today() - timedelta(days=1)
    set_today(db, "COMIRNATY", "OLD1", yesterday, "Y tá Lan", actor=AT_THIS_LAPTOP,
              day=yesterday - timedelta(days=1))  # listed when it was still good
    before = get_day_defaults(db)
    dialog = open_dialog(qtbot, db, first_run=True)
    typed(qtbot, "79-00123")
    dialog.name.setText("Trạm Y tế Phường Láng")
    dialog.province.set_code("01")
    dialog.commune.set_code("00187")
    dialog.product.setCurrentIndex(dialog.product.findData(product))
    dialog.lot.setText("OLD1")
    dialog.save()
    qtbot.waitUntil(lambda: dialog._errors["lot"].isVisible())
    expected = dialog.ctx.text(code, lot="OLD1", expiry=yesterday.strftime("%d/%m/%Y"),
                               product=dialog.ctx.db.catalogue.products["COMIRNATY"].name)
    assert dialog._errors["lot"].text() == expected
    assert QApplication.focusWidget() is dialog.lot
    assert current_site(db) is None and get_day_defaults(db) == before
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_yesterdays_lot_is_not_offered_as_todays(qtbot, db, site):
    set_day_defaults(db, "COMIRNATY", "OLD-LOT", "Y tá Lan",
                     day=local_today() - timedelta(days=1), actor=AT_THIS_LAPTOP)
    dialog = open_dialog(qtbot, db)
    assert dialog.product.currentData() == "COMIRNATY"
    assert dialog.lot.text() == ""
    assert dialog.vaccinator.text() == "Y tá Lan"


def test_escape_cancels_an_edit_without_saving(qtbot, db, site):
    dialog = open_dialog(qtbot, db)
    dialog.name.setFocus()
    typed(qtbot, " changed")
    key(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    dialog.ctx.runner.wait_idle()
    assert current_site(db).name == site.name


def test_on_first_run_escape_does_nothing_and_closing_asks_to_quit(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    assert not dialog.cancel_button.isVisible()
    key(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible()

    def answer(button_text):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, lambda: answer("Continue setup"))
    dialog.close()
    assert dialog.isVisible()

    with qtbot.waitSignal(dialog.quit_requested):
        QTimer.singleShot(0, lambda: answer("Quit"))
        dialog.close()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert current_site(db) is None


@pytest.fixture(autouse=True)
def _idle_runner(qtbot, db):
    """Let queued database work finish before the database fixture closes it."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, SetupDialog):
            widget.ctx.runner.wait_idle()


def test_the_register_date_is_shown_as_clerks_write_dates(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    [note] = [w.text() for w in dialog.findChildren(QLabel) if "register of" in w.text()]
    assert re.search(r"register of \d{2}/\d{2}/\d{4}\.$", note), note
