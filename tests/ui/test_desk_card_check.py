"""A scanned chip card that disagrees with the record it opens is said, at the desk, in
Vietnamese: the card's value beside the record's. F4 offers the one thing the person at the
desk may do: a clerk puts the person on the cleaning worklist with the card's values, a
supervisor corrects the record from the card. The dose is recorded either way. A card that
agrees fills in the address and old CMND the record lacks.

A reviewer scanned the card of a record imported as "Nguyen Thi Nhung, 01/01/1990": the desk
opened it silently, saved the dose, and left the record as it was and off the worklist."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.db.models import CertificateIssue, Dose
from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, Role
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.desk import card_check_panel
from desktop_app.ui.i18n import set_language
from tests.ui.desk_helpers import make_screen, press, rows, type_into, type_text, wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier
CARD = CccdQr("001190012345", "012345678", "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
              "Số 1, Phường Láng, Hà Nội", date(2021, 5, 10))


@pytest.fixture(autouse=True)
def _in_vietnamese(qapp):
    set_language("vi")  # the desk's own language: the buttons too


def imported(db, name="Nguyen Thi Nhung", dob=date(1990, 1, 1)):
    return record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan",
                                     source="backfill"),
                       person=PersonInput(name, dob, Sex.FEMALE, IdType.CCCD, CARD.id_number),
                       confirm_warnings=True, actor=AT_THIS_LAPTOP).person_id


def scan_and_open(qtbot, screen, card=CARD):
    """The scanner types the QR into the search box; Enter opens the person it found."""
    box = screen.search.box
    assert QApplication.focusWidget() is box
    type_text(qtbot, box, format_cccd_qr(card))
    qtbot.waitUntil(lambda: screen.search.shown_query == box.text())
    press(qtbot, box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None)


def panel_says(qtbot, screen, words):
    panel = screen.card_check
    qtbot.waitUntil(lambda: panel.isVisible() and words in panel.message.text())
    return panel.message.text()


def test_a_clerk_is_told_the_card_differs_and_puts_the_person_on_the_list_with_f4(
        qtbot, db, site, boss):
    pid = imported(db)
    accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    screen = make_screen(qtbot, db)
    screen.ctx.actor = accounts.login(db, "lan", "mật khẩu 123")
    scan_and_open(qtbot, screen)

    said = panel_says(qtbot, screen, "Thẻ CCCD vừa quét khác hồ sơ của Nguyen Thi Nhung")
    assert "Họ và tên: thẻ ghi “Nguyễn Thị Nhung”, hồ sơ ghi “Nguyen Thi Nhung”" in said
    assert "Ngày sinh: thẻ ghi “05/03/1990”, hồ sơ ghi “01/01/1990”" in said
    assert "Giới tính" not in said  # what agrees is not listed
    assert "danh sách làm sạch" in said and "(F4)" in screen.card_check.button.text()
    assert screen.card_check.button.text() == "Đưa vào danh sách làm sạch (F4)"

    focus = QApplication.focusWidget()
    assert screen.dose_form.isAncestorOf(focus)  # the keys stay in the dose
    press(qtbot, focus, Qt.Key.Key_F4)
    panel_says(qtbot, screen, "Đã đưa Nguyen Thi Nhung vào danh sách làm sạch dữ liệu")
    assert not screen.card_check.button.isVisible()
    assert rows(db, "SELECT p.full_name, p.dob, p.cleaning_reason, c.status FROM person p "
                    "JOIN cleaning_case c ON c.person_id = p.id") == [
        ("Nguyen Thi Nhung", "1990-01-01", "CARD_DIFFERS", "to_check")]

    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_S, CTRL)  # the dose, as ever
    wait_saved(qtbot, screen, 1, db)
    assert rows(db, "SELECT dose_number, source FROM dose WHERE person_id = :p "
                    "ORDER BY dose_number", p=pid) == [(1, "backfill"), (2, "desk")]
    assert not screen.card_check.isVisible()

    # Scanned again another day: already on the list, said, nothing offered twice.
    scan_and_open(qtbot, screen)
    panel_says(qtbot, screen, "đã có trong danh sách làm sạch")
    assert not screen.card_check.button.isVisible()


def test_a_supervisor_corrects_the_record_from_the_card_with_f4(qtbot, db, site, boss,
                                                                monkeypatch):
    pid = imported(db)
    with db.transaction() as s:  # a certificate printed over the wrong birth date
        dose = s.query(Dose).filter_by(person_id=pid).one()
        s.add(CertificateIssue(uvci="URN:UVCI:01:VN:TEST1", person_id=pid, dose_id=dose.id,
                               issued_at=datetime(2026, 1, 2), kid="00"))
    asked = []
    monkeypatch.setattr(card_check_panel, "confirm",
                        lambda _p, _title, text, _yes, _no: asked.append(text) or True)
    screen = make_screen(qtbot, db)
    screen.ctx.actor = boss
    scan_and_open(qtbot, screen)
    panel_says(qtbot, screen, "hãy sửa hồ sơ theo thẻ (F4)")
    assert screen.card_check.button.text() == "Sửa hồ sơ theo thẻ (F4)"

    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_F4)
    panel_says(qtbot, screen, "Đã sửa hồ sơ của Nguyễn Thị Nhung theo thẻ")
    assert "Chứng nhận đã in" in asked[0] and "05/03/1990" in asked[0]
    assert rows(db, "SELECT full_name, dob, address, old_id_number FROM person") == [
        ("Nguyễn Thị Nhung", "1990-03-05", "Số 1, Phường Láng, Hà Nội", "012345678")]
    assert rows(db, "SELECT revoke_reason FROM certificate_issue") == [("person_corrected",)]
    assert rows(db, "SELECT count(*) FROM audit_entry WHERE entity_id = :p AND action = "
                    "'update' AND user_id = :u", p=pid, u=boss.user_id) == [(1,)]
    qtbot.waitUntil(lambda: "Nguyễn Thị Nhung" in screen.person_card.text())
    assert "05/03/1990" in screen.person_card.text()

    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 1, db)
    assert rows(db, "SELECT count(*) FROM dose WHERE person_id = :p", p=pid) == [(2,)]


def test_a_supervisor_who_goes_back_changes_nothing(qtbot, db, site, monkeypatch):
    imported(db)
    monkeypatch.setattr(card_check_panel, "confirm", lambda *_a: False)
    screen = make_screen(qtbot, db)  # the test laptop's supervisor
    scan_and_open(qtbot, screen)
    panel_says(qtbot, screen, "khác hồ sơ")
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_F4)
    screen.ctx.runner.wait_idle()
    assert rows(db, "SELECT full_name, dob FROM person") == [("Nguyen Thi Nhung", "1990-01-01")]
    assert screen.card_check.button.isVisible()


def test_a_card_that_agrees_fills_in_the_address_and_old_cmnd(qtbot, db, site):
    imported(db, name="Nguyễn Thị Nhung", dob=date(1990, 3, 5))
    screen = make_screen(qtbot, db)
    scan_and_open(qtbot, screen)
    said = panel_says(qtbot, screen, "Đã bổ sung từ thẻ CCCD")
    assert "địa chỉ" in said and "số CMND cũ" in said
    assert not screen.card_check.button.isVisible()
    assert rows(db, "SELECT address, old_id_number FROM person") == [
        ("Số 1, Phường Láng, Hà Nội", "012345678")]


@pytest.mark.parametrize("typed", ["001190012345", "nguyen thi nhung"])
def test_a_person_found_by_typing_is_not_compared(qtbot, db, site, typed):
    imported(db)
    screen = make_screen(qtbot, db)
    type_into(qtbot, screen.search.box, typed)
    qtbot.waitUntil(lambda: screen.search.shown_query == typed)
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None)
    screen.ctx.runner.wait_idle()
    qtbot.wait(50)
    assert not screen.card_check.isVisible()
    assert rows(db, "SELECT address, cleaning_reason FROM person") == [(None, None)]
