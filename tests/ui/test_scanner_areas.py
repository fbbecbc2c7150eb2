"""A card scanned outside the desk goes to the search of the area (or dialog) the clerk is
in, when it has one: the Certificates area finds the person to print for, a complaint's
"Choose the record" and its merge find the record, the hotline form reads the card into its
fields. In an area that searches nobody the clerk is taken to the desk's search with it. A
window over the areas that takes no card keeps it from the search behind it, says so, and
it is searched once that window closes; at the lock it is refused. Real widgets over a real
database; the scanner types key by key (``scanner_helpers``)."""

from __future__ import annotations

from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.clock import utc_now
from desktop_app.db import complaint_store
from desktop_app.rules.cccd_qr import format_cccd_qr
from desktop_app.services import complaints
from desktop_app.services.records import person_view
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from desktop_app.ui.complaints.hotline_form import HotlineDialog
from desktop_app.ui.complaints.link_dialog import LinkDialog
from desktop_app.ui.complaints.merge_dialog import MergeDialog
from desktop_app.ui.idle_lock import Curtain
from desktop_app.wire import complaints as wire
from tests.services.test_search import add
from tests.ui.complaint_helpers import choose
from tests.ui.desk_helpers import open_area, press
from tests.ui.scanner_helpers import CARD_A, focused, scan

CODE = "PA-00000021"


def add_a(db):
    return add(db, CARD_A.full_name, CARD_A.dob, CARD_A.sex, CARD_A.id_number)


def said():
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def certificates(qtbot, db):
    ctx, window, certs = open_area(qtbot, db, "certificates", "vi")
    qtbot.waitUntil(lambda: focused() is certs.search.box)  # where the area puts the keys
    return ctx, window, certs


def found(certs):
    """Who the area's search shows for the whole card (its first twelve digits, typed
    before the scan was recognised, were searched too)."""
    panel = certs.search
    whole = panel.box.text() == format_cccd_qr(CARD_A) == panel.shown_query
    return [h.full_name for h in panel.model.hits] if whole else None


def test_a_card_scanned_in_the_certificates_search_finds_the_person(qtbot, db, site):
    add_a(db)
    _ctx, window, certs = certificates(qtbot, db)
    scan(CARD_A, enter=False)
    qtbot.waitUntil(lambda: found(certs) == [CARD_A.full_name])
    assert not said() and window.stack.currentWidget() is certs
    assert not window.areas["record"].search.box.text()  # the desk was not asked


def test_with_the_scanners_enter_the_persons_certificate_opens(qtbot, db, site, monkeypatch):
    pid = add_a(db)
    _ctx, _window, certs = certificates(qtbot, db)
    opened = []
    monkeypatch.setattr(certs, "open_certificate",  # not the key's dialog
                        lambda person_id, card=None: opened.append((person_id, card)))
    scan(CARD_A)
    qtbot.waitUntil(lambda: opened == [(pid, CARD_A)])  # the card, to compare with the record
    assert not said()


def test_a_card_scanned_anywhere_in_the_area_goes_to_its_search_not_the_field(qtbot, db,
                                                                            site):
    add_a(db)
    _ctx, window, certs = certificates(qtbot, db)
    day = certs.day.text()
    for where in (certs.day, window.nav):  # the batch's date; the list of areas
        certs.search.box.clear()
        where.setFocus()
        qtbot.waitUntil(lambda w=where: focused() is w)
        scan(CARD_A, enter=False)
        qtbot.waitUntil(lambda: found(certs) == [CARD_A.full_name])
        assert certs.day.text() == day  # its digits taken back
        assert not said()


def verifying(qtbot, ctx, certs):
    verify = VerifyDialog(ctx, certs)
    qtbot.addWidget(verify)
    verify.show()
    verify.activateWindow()
    verify.text.setFocus()
    qtbot.waitUntil(lambda: focused() is verify.text)
    return verify


def test_a_dialog_over_the_area_keeps_the_scan_for_the_search_behind_it(qtbot, db, site):
    """Not pulled from under the work in the dialog, nor lost: kept, said with where it
    will be searched, and searched there once the dialog closes."""
    add_a(db)
    ctx, window, certs = certificates(qtbot, db)
    verify = verifying(qtbot, ctx, certs)
    scan(CARD_A, enter=False)
    qtbot.waitUntil(lambda: len(said()) == 1)
    assert said()[0] == "Cửa sổ này không tìm người, nên thẻ CCCD vừa quét (Nguyễn Thị " \
        "Nhung) được giữ lại. Đóng cửa sổ này thì thẻ sẽ được tìm ở màn hình Chứng nhận."
    assert verify.text.toPlainText() == "" and certs.search.box.text() == ""
    close_notice(qtbot, verify)
    qtbot.wait(100)
    assert certs.search.box.text() == ""  # still kept while the dialog is open

    closed(qtbot, verify, window)
    qtbot.waitUntil(lambda: found(certs) == [CARD_A.full_name])
    assert window.stack.currentWidget() is certs and not said()


def test_a_card_kept_over_an_area_that_searches_nobody_opens_at_the_desk(qtbot, db, site):
    """A record opened from the Records list (a dialog): the card waits for it, then the
    desk opens its person."""
    pid = add_a(db)
    ctx, window, records = open_area(qtbot, db, "records", "vi")
    desk = window.areas["record"]
    qtbot.waitUntil(lambda: records.total is not None)
    verify = verifying(qtbot, ctx, records)  # any window over the area that takes no card
    scan(CARD_A)
    qtbot.waitUntil(lambda: len(said()) == 1)
    assert "Đóng cửa sổ này thì thẻ sẽ được tìm ở màn hình Ghi nhận mũi tiêm." in said()[0]
    assert window.stack.currentWidget() is records and desk.person is None

    close_notice(qtbot, verify)
    closed(qtbot, verify, window)
    qtbot.waitUntil(lambda: desk.person is not None)
    assert desk.person.id == pid and window.stack.currentWidget() is desk
    assert "Ctrl+3" in desk.message.text()


def test_a_card_scanned_at_the_lock_is_refused_and_never_opens_after_it(qtbot, db, site):
    """Whoever logs in next may not be the one it was scanned for: said, not kept."""
    add_a(db)
    ctx, window, records = open_area(qtbot, db, "reports", "vi")
    desk = window.areas["record"]
    verify = verifying(qtbot, ctx, records)
    scan(CARD_A)  # kept for the dialog: forgotten at the lock
    qtbot.waitUntil(lambda: len(said()) == 1)
    close_notice(qtbot, verify)
    curtain = Curtain(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    scan(CARD_A)
    qtbot.waitUntil(lambda: len(said()) == 1)
    assert said()[0] == "Ứng dụng đang khóa: thẻ CCCD vừa quét không được nhập. Đăng nhập " \
        "rồi quét lại thẻ."
    close_notice(qtbot, window)
    curtain.lift_for_another()  # another person logged in: the dialog closed
    qtbot.waitUntil(lambda: not verify.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.wait(200)
    assert desk.person is None and desk.search.box.text() == "" and not desk.scans.kept
    assert window.stack.currentWidget() is records


def closed(qtbot, dialog, window):
    """The dialog closed, the window under it active again (as the window system does)."""
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def close_notice(qtbot, over):
    """The clerk's Enter on what was said: the keys back to the window it was said over."""
    [box] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    # Once the box has the keys, as the clerk sees it: pressed before, under a loaded CI
    # the Enter went to the window behind it (ci31a).
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(box) or not box.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is over)


def hotline(qtbot, db, boss):
    """The Complaints area, its hotline form open (a citizen in person, with their card)."""
    _ctx, screen = complaints_area(qtbot, db, boss)
    screen.hotline_button.click()
    form = screen.dialog
    assert isinstance(form, HotlineDialog)
    shown(qtbot, form)
    form.kind.setFocus()
    qtbot.waitUntil(lambda: focused() is form.kind)
    return screen, form


def test_the_hotline_form_reads_a_card_into_who(qtbot, db, site, boss):
    complaint_about_a(db)
    screen, form = hotline(qtbot, db, boss)
    form.full_name.setText("Nguyen Thi Nhung")  # typed before the card came out
    scan(CARD_A)
    qtbot.waitUntil(lambda: form.id_number.text() == CARD_A.id_number)
    assert form.full_name.text() == CARD_A.full_name and form.dob.value() == CARD_A.dob
    assert form.general.text() == "Đã bổ sung từ thẻ CCCD: số CCCD/CMND, họ và tên, " \
        "ngày sinh."
    assert focused() is form.phone  # what the card cannot say comes next
    assert form.isVisible() and form.taken is None  # its Enter took nothing
    assert form.kind.currentIndex() == 0 and not said()
    assert screen.window().stack.currentWidget() is screen  # not taken to the desk


def test_a_damaged_card_in_the_hotline_form_fills_nothing_and_says_so(qtbot, db, site, boss):
    complaint_about_a(db)
    _screen, form = hotline(qtbot, db, boss)
    scan(format_cccd_qr(CARD_A).replace(CARD_A.id_number, CARD_A.id_number[:-1]))
    qtbot.waitUntil(lambda: form.general.text() != "")
    assert "bị lỗi" in form.general.text() and "quét lại" in form.general.text().lower()
    assert form.id_number.text() == "" and form.full_name.text() == ""
    assert not said()


def complaint_about_a(db):
    """A complaint with the card holder's name and a mistyped ID number and birth date:
    linked to nobody."""
    sub = wire.Submission(wire.DETAILS_HIDE_DOSES, "001190012354", CARD_A.full_name,
                          date(1990, 5, 3), "0912345678", text="Không thấy mũi tiêm của tôi.")
    received = utc_now() - timedelta(hours=2)
    with db.transaction() as s:
        complaint_store.keep_pulled(s, wire.Complaint(
            CODE, sub, received, wire.ROUTE_COMMUNE, "HN-0001", "01", "00004",
            changed_at=received))
    return complaints.complaint(db, CODE)


def complaints_area(qtbot, db, boss):
    """The main window on the Complaints area (the desk beside it, as in the app), its one
    complaint listed."""
    ctx, _window, screen = open_area(qtbot, db, "complaints", "vi", actor=boss)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    return ctx, screen


def shown(qtbot, dialog):
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_a_card_scanned_in_choose_the_record_finds_it_by_any_birth_date(qtbot, db, site,
                                                                       boss):
    """The citizen came with their card: the record is found by it, whatever birth date
    the complaint gave (here a mistyped one, as the ID number was)."""
    pid = add_a(db)
    complaint_about_a(db)
    ctx, screen = complaints_area(qtbot, db, boss)
    choose(screen, CODE)
    screen.link_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, LinkDialog))
    dialog = shown(qtbot, screen.dialog)
    qtbot.waitUntil(lambda: dialog.found.text() != "")  # nobody by the name and birth date
    dialog.born.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.born)
    scan(CARD_A)
    qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [pid])
    assert dialog.query.text() == format_cccd_qr(CARD_A) and dialog.born.value() is None
    assert dialog.chosen is None and dialog.isVisible()  # its Enter linked nobody
    assert not said()
    dialog.close()
    ctx.runner.wait_idle()


def test_a_card_scanned_in_the_merge_finds_the_other_record(qtbot, db, site, boss):
    """The record kept on the left; the card finds the one to fold into it (registered
    under the card's CCCD), its Enter merging nothing."""
    kept = add(db, "Nguyễn Thị Nhung", CARD_A.dob, CARD_A.sex, "001190098765")
    other = add_a(db)
    item = complaint_about_a(db)
    ctx, screen = complaints_area(qtbot, db, boss)
    dialog = MergeDialog(ctx, item, person_view(db, kept), screen)
    qtbot.addWidget(dialog)
    dialog.show()
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: len(dialog.hits.rows) == 1)  # by the complaint's name
    scan(CARD_A)
    qtbot.waitUntil(lambda: dialog.query.text() == format_cccd_qr(CARD_A))
    qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [other])
    assert dialog.chosen is None and dialog.isVisible() and not said()
    dialog.close()
    ctx.runner.wait_idle()
