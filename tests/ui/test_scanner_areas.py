"""A card scanned outside the desk goes to the search of the area (or dialog) the clerk is
in, when it has one: the Certificates area finds the person to print for, a complaint's
"Choose the record" and its merge find the record. Where nothing searches people it is
refused, and a dialog over an area keeps the scan from the search behind it. Real widgets
over a real database; the scanner types key by key (``scanner_helpers``)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.clock import utc_now
from desktop_app.db import complaint_store
from desktop_app.rules.cccd_qr import format_cccd_qr
from desktop_app.services import complaints
from desktop_app.services.records import person_view
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from desktop_app.ui.complaints.link_dialog import LinkDialog
from desktop_app.ui.complaints.merge_dialog import MergeDialog
from desktop_app.wire import complaints as wire
from tests.services.test_search import add
from tests.ui.complaint_helpers import choose
from tests.ui.desk_helpers import open_area
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
    monkeypatch.setattr(certs, "open_certificate", opened.append)  # not the key's dialog
    scan(CARD_A)
    qtbot.waitUntil(lambda: opened == [pid])
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


def test_a_dialog_over_the_area_keeps_the_scan_from_the_search_behind_it(qtbot, db, site):
    add_a(db)
    ctx, _window, certs = certificates(qtbot, db)
    verify = VerifyDialog(ctx, certs)
    qtbot.addWidget(verify)
    verify.show()
    verify.activateWindow()
    verify.text.setFocus()
    qtbot.waitUntil(lambda: focused() is verify.text)
    scan(CARD_A)
    qtbot.waitUntil(lambda: len(said()) == 1)
    assert "Ctrl+1" in said()[0]
    assert verify.text.toPlainText() == "" and certs.search.box.text() == ""


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
