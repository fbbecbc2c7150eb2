"""Scan the CCCD, search as clerks speak, names keep their diacritics (issue #19), on real
widgets over a real database. The scanner's typed text is not counted as keystrokes; every
key the clerk presses is."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
from desktop_app.rules.identity import Sex
from tests.services.test_search import add
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    press,
    rows,
    type_into,
    type_text,
    wait_saved,
)

CTRL = Qt.KeyboardModifier.ControlModifier
CARD = CccdQr("001190012345", "012345678", "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
              "Số 1, Phường Láng, Hà Nội", date(2021, 5, 10))


def scan(qtbot, screen, card_text):
    """What a USB 2D scanner does: types the QR's text into the focused search box."""
    box = screen.search.box
    assert QApplication.focusWidget() is box
    type_text(qtbot, box, card_text)
    qtbot.waitUntil(lambda: screen.search.shown_query == card_text)


def test_a_new_adult_by_scan_is_saved_in_at_most_five_keys(qtbot, db, site):
    screen = make_screen(qtbot, db)  # the day's vaccine, lot and vaccinator are set
    scan(qtbot, screen, format_cccd_qr(CARD))
    assert "Nobody found" in screen.search.hint.text()
    keys = 0
    press(qtbot, screen.search.box, Qt.Key.Key_Return)  # open the new person, prefilled
    keys += 1
    form = screen.person_form
    assert screen.entry.isVisible() and form.isVisible()
    assert (form.full_name.text(), form.dob.value(), form.sex.value(), form.id_number.text(),
            form.address.text(), form.old_id_number.text()) == (
        "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE, "001190012345",
        "Số 1, Phường Láng, Hà Nội", "012345678")
    assert form.old_id_number.isVisible()
    assert screen.dose_form.isAncestorOf(QApplication.focusWidget())  # straight to the dose
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    keys += 2  # Ctrl and S
    accept_screening(qtbot, screen)  # the checklist opens, nothing ticked: Enter, eligible
    keys += 1
    wait_saved(qtbot, screen, 0, db, screened=True)
    assert keys == 4  # the target: at most 5
    assert rows(db, "SELECT outcome, answers FROM screening") == [("eligible", "[]")]
    assert rows(db, "SELECT full_name, dob, sex, id_type, id_number, old_id_number, address "
                    "FROM person") == [("Nguyễn Thị Nhung", "1990-03-05", "F", "CCCD",
                                        "001190012345", "012345678",
                                        "Số 1, Phường Láng, Hà Nội")]
    assert rows(db, "SELECT product_code, lot_number, dose_number FROM dose") == [
        ("COMIRNATY", "FK1234", 1)]
    assert QApplication.focusWidget() is screen.search.box and screen.search.box.text() == ""


def test_scanning_a_registered_persons_card_opens_them(qtbot, db, site):
    pid = add(db, "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE, "001190012345")
    screen = make_screen(qtbot, db)
    scan(qtbot, screen, format_cccd_qr(CARD))
    assert [h.id for h in screen.search.model.hits] == [pid]
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    assert screen.person is not None and screen.person.id == pid
    assert not screen.person_form.isVisible()
    assert screen.dose_form.dose_number.value() == 2


def test_a_damaged_scan_says_so_and_registers_nobody(qtbot, db, site):
    screen = make_screen(qtbot, db)
    scan(qtbot, screen, format_cccd_qr(CARD).replace("05031990", "0503199"))
    assert "Mã QR căn cước vừa quét bị lỗi (trường 4/7" in screen.search.hint.text()
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert not screen.entry.isVisible()
    press(qtbot, screen.search.box, Qt.Key.Key_A, CTRL)
    scan(qtbot, screen, format_cccd_qr(CARD))  # scanned again: fine
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    assert screen.person_form.full_name.text() == "Nguyễn Thị Nhung"


def test_names_are_found_as_clerks_say_them(qtbot, db, site):
    add(db, "Nguyễn Thị Nhung", date(1990, 5, 1), Sex.FEMALE, "001190000123",
        phone="0912345678")
    add(db, "Trần Văn Nhung", date(1970, 1, 1), Sex.MALE, "001070000125")
    screen = make_screen(qtbot, db)
    box = screen.search.box
    for query, found in (("nhung", ["Nguyễn Thị Nhung", "Trần Văn Nhung"]),
                         ("nhung nguyen", ["Nguyễn Thị Nhung"]),
                         ("nguyen nhung", ["Nguyễn Thị Nhung"]),
                         ("345678", ["Nguyễn Thị Nhung"]),
                         ("0010700", ["Trần Văn Nhung"])):
        box.clear()
        type_into(qtbot, box, query)
        qtbot.waitUntil(lambda q=query: screen.search.shown_query == q)
        assert [h.full_name for h in screen.search.model.hits] == found, query


def test_a_searched_name_lands_selected_and_a_name_without_diacritics_asks(
        qtbot, db, site, monkeypatch):
    screen = make_screen(qtbot, db)
    type_into(qtbot, screen.search.box, "tran thi mai")
    qtbot.waitUntil(lambda: screen.search.shown_query == "tran thi mai")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    form = screen.person_form
    assert QApplication.focusWidget() is form.full_name
    assert form.full_name.selectedText() == "tran thi mai"  # typing replaces it
    type_text(qtbot, form.full_name, "Tran Thi Ma")  # retyped, still without marks
    assert form.full_name.text() == "Tran Thi Ma"
    qtbot.keyClicks(form.full_name, "i")
    type_into(qtbot, form.dob, "05091990")
    form.sex.set_value(Sex.FEMALE)
    type_into(qtbot, form.id_number, "001190000123")

    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[1])  # back
    press(qtbot, form.id_number, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "không có dấu" in asked[0]
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]  # not kept unless confirmed

    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])  # save
    press(qtbot, form.id_number, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 0, db, screened=True)
    assert rows(db, "SELECT full_name FROM person") == [("Tran Thi Mai",)]


def test_a_new_person_by_scan_is_screened_and_a_postponed_one_kept_without_a_dose(
        qtbot, db, site):
    screen = make_screen(qtbot, db)
    scan(qtbot, screen, format_cccd_qr(CARD))
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    assert screen.screening_button.isVisible()  # F2 is offered for a new person too
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: screen.screening.isVisible())  # not saved unscreened
    dialog = screen.screening
    assert "Nguyễn Thị Nhung" in dialog.windowTitle()
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]
    dialog.items["FEVER"].setChecked(True)
    assert dialog.outcome.currentData() == "postpone"
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "lý do" in dialog.problems.text())  # a reason is required
    type_into(qtbot, dialog.reason, "Sốt 38,5 độ")
    press(qtbot, dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.entry.isVisible())
    assert rows(db, "SELECT full_name, old_id_number FROM person") == [
        ("Nguyễn Thị Nhung", "012345678")]
    assert rows(db, "SELECT s.outcome, s.answers, s.reason FROM screening s "
                    "JOIN person p ON p.id = s.person_id") == [
        ("postpone", '["FEVER"]', "Sốt 38,5 độ")]
    assert rows(db, "SELECT count(*) FROM dose") == [(0,)]  # no dose today
    assert "Hoãn tiêm: Nguyễn Thị Nhung" in screen.message.text()


def test_a_new_person_screened_with_f2_is_not_asked_again_and_kept_with_the_dose(
        qtbot, db, site):
    screen = make_screen(qtbot, db)
    scan(qtbot, screen, format_cccd_qr(CARD))
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: screen.screening.isVisible())
    dialog = screen.screening
    dialog.items["FEVER"].setChecked(True)  # re-measured: fine; eligible, with the reason
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("eligible"))
    type_into(qtbot, dialog.reason, "Đo lại 36,8")
    press(qtbot, dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(db, "SELECT count(*) FROM screening") == [(0,)]  # waits for the person
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 0, db, screened=True)
    assert rows(db, "SELECT s.outcome, s.reason, d.dose_number FROM screening s "
                    "JOIN dose d ON d.person_id = s.person_id") == [
        ("eligible", "Đo lại 36,8", 1)]


def test_a_scanned_card_stays_in_the_box_as_its_number_once_its_person_is_open(
        qtbot, db, site):
    """The card's whole text (name, birth date, home address) stayed in the search box beside
    the open record, for anyone at the desk to read (a reviewer): it is the CCCD now, which
    finds the same person."""
    pid = add(db, "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE, "001190012345")
    screen = make_screen(qtbot, db)
    scan(qtbot, screen, format_cccd_qr(CARD))
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    assert screen.search.box.text() == "001190012345"
    assert not screen.search.box.isReadOnly()  # the next person may be typed meanwhile
    # The card's check was made from the whole scan: its address and old CMND filled in.
    qtbot.waitUntil(lambda: "CMND" in screen.card_check.message.text())
    assert [h.id for h in screen.search.model.hits] == [pid]  # the number's answer too


def test_a_new_persons_scanned_card_fills_the_form_and_stays_as_its_number(qtbot, db, site):
    screen = make_screen(qtbot, db)
    scan(qtbot, screen, format_cccd_qr(CARD))
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    form = screen.person_form
    qtbot.waitUntil(lambda: form.isVisible())
    assert (form.full_name.text(), form.old_id_number.text()) == ("Nguyễn Thị Nhung",
                                                                  "012345678")
    assert screen.search.box.text() == "001190012345"
    assert not screen.search.box.isReadOnly()


def test_a_card_scanned_without_enter_then_ctrl_n_is_shown_as_its_number_too(qtbot, db, site):
    """A scanner set to send no Enter: the clerk's Ctrl+N opened the form and left the
    card's whole text in the box (a review)."""
    screen = make_screen(qtbot, db)
    box = screen.search.box
    type_text(qtbot, box, format_cccd_qr(CARD))
    qtbot.waitUntil(lambda: screen.search.shown_query == format_cccd_qr(CARD))
    press(qtbot, box, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: screen.person_form.isVisible())
    assert screen.person_form.full_name.text() == "Nguyễn Thị Nhung"
    assert box.text() == "001190012345"
