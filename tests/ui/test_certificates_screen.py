"""The Certificates area on real widgets, with a key the live central server certified."""

from __future__ import annotations

import pypdfium2
import zxingcpp
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QScrollArea
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.services import signing
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from desktop_app.ui.certificates.key_dialogs import PassphraseDialog
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area


def _window(qtbot, db, lang="en"):
    return open_area(qtbot, db, "certificates", lang)


def _first(dialog):
    """The preview's first page (a different picture after each rendering)."""
    return dialog.pages.pictures[0]


def _unlock(qtbot, ctx, screen, passphrase):
    dialog = PassphraseDialog(ctx, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(passphrase)
    dialog.ok_button.click()
    return dialog


def test_unlock_preview_save_and_print_a_persons_certificate(qtbot, signed, tmp_path):
    [person_id] = make_people(signed.db, 1, doses_each=2)
    ctx, window, screen = _window(qtbot, signed.db)
    qtbot.waitUntil(lambda: "Certified by the central platform until" in
                    screen.key_state.text())
    assert "Locked." in screen.key_state.text()

    wrong = _unlock(qtbot, ctx, screen, "not it at all")
    qtbot.waitUntil(lambda: wrong.error.text() == "Wrong signing key passphrase.")
    assert ctx.signer is None and wrong.isVisible()
    wrong.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(wrong.accepted, timeout=10_000):
        wrong.ok_button.click()
    assert ctx.signer is not None
    qtbot.waitUntil(lambda: "Unlocked for this session." in screen.key_state.text())

    dialog = CertificateDialog(ctx, person_id, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert dialog.status.text().startswith("Certificate ID: URN:UVCI:01:VN:HN0001/")
    assert _first(dialog).pixmap().width() > 600  # the rendered page is on screen
    # A narrow window: the whole width of the page (its QR code at the right) is in view,
    # scaled down, with nothing to scroll sideways; never enlarged past its rendering.
    scroll = dialog.findChild(QScrollArea)
    dialog.resize(640, 560)
    qtbot.waitUntil(lambda: _first(dialog).pixmap().width() <= scroll.viewport().width())
    assert scroll.horizontalScrollBar().maximum() == 0
    assert _first(dialog).page.width() > _first(dialog).pixmap().width()
    # Another paper at the same width: the new page is shown, not the old one kept.
    shown = _first(dialog).pixmap().height()
    dialog.format.setCurrentIndex(dialog.format.findData("a4"))
    qtbot.waitUntil(lambda: _first(dialog).pixmap().height() > shown * 1.5)  # portrait
    dialog.resize(1400, 760)
    qtbot.waitUntil(lambda: _first(dialog).pixmap().width() == _first(dialog).page.width())
    with qtbot.waitSignal(dialog.saved, timeout=10_000):  # saved on the database worker
        saved = dialog.save_pdf(str(tmp_path / "one.pdf"))
    assert saved.read_bytes()[:5] == b"%PDF-"

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):  # rendered off the UI thread
        assert dialog.print_certificate(printer)
    page = pypdfium2.PdfDocument(str(tmp_path / "printed.pdf"))[0]
    [code] = zxingcpp.read_barcodes(page.render(scale=2).to_pil())
    assert code.text == dialog.issued.qr_text  # what went to the printer scans

    verify = VerifyDialog(ctx, screen)
    qtbot.addWidget(verify)
    verify.show()
    verify.text.setPlainText(code.text)
    verify.check_button.click()
    qtbot.waitUntil(lambda: verify.verdict.text().startswith("VALID"))
    with signed.db.reading() as s:
        name = s.get(Person, person_id).full_name
    assert name.split()[0] in verify.details.text()
    verify.check_file(str(tmp_path / "printed.pdf"))
    qtbot.waitUntil(lambda: verify.verdict.text().startswith("VALID"))
    verify.text.setPlainText(code.text[:-3] + "ABC")
    verify.check_button.click()
    qtbot.waitUntil(lambda: not verify.verdict.text().startswith("VALID")
                    and "Reading" not in verify.verdict.text())
    assert verify.details.text() == ""
    ctx.runner.wait_idle()


def test_a_days_batch_with_progress(qtbot, signed, tmp_path):
    ids = make_people(signed.db, 6, doses_each=1)
    with signed.db.reading() as s:
        day = s.scalar(select(Dose.dose_date).where(Dose.person_id == ids[0]))
    ctx, window, screen = _window(qtbot, signed.db, lang="vi")
    ctx.signer = signing.unlock_signer(signed.db, PASSPHRASE)
    screen.day.set_value(day)
    out = tmp_path / "ngay.pdf"
    screen.make_batch(str(out))
    qtbot.waitUntil(lambda: screen.batch_result.text().startswith("Đã lưu"), timeout=20_000)
    pages = len(pypdfium2.PdfDocument(str(out)))
    assert pages >= 1 and f"Đã lưu {pages} chứng nhận" in screen.batch_result.text()
    assert not screen.progress.isVisible() and screen.batch_button.isEnabled()
    ctx.runner.wait_idle()


def test_without_a_key_the_area_says_what_to_do(qtbot, db, site):
    ctx, window, screen = _window(qtbot, db, lang="vi")
    qtbot.waitUntil(lambda: "chưa có khóa ký" in screen.key_state.text())
    assert not screen.unlock_button.isEnabled()
    create = PassphraseDialog(ctx, screen, create=True)
    qtbot.addWidget(create)
    create.show()
    create.passphrase.setText("mật khẩu dài đủ")
    create.again.setText("mật khẩu khác hẳn")
    create.ok_button.click()
    assert create.error.text() == "Hai mật khẩu không giống nhau."
    create.again.setText("mật khẩu dài đủ")
    with qtbot.waitSignal(create.accepted, timeout=10_000):
        create.ok_button.click()
    qtbot.waitUntil(lambda: "chứng thực" in screen.key_state.text())
    # What the site reads to central staff if the key replaces a certified one.
    fingerprint = signing.signer_state(db).fingerprint
    assert f"Mã nhận dạng khóa (đọc cho cán bộ trung tâm khi họ duyệt khóa mới): {fingerprint}" \
        in screen.key_state.text()
    ctx.runner.wait_idle()


def test_the_passphrase_dialogs_are_as_tall_as_their_wrapped_text(qtbot, db, site):
    """Opened 460 px wide and 0 high, the dialog took the height its layout guessed: the
    intro's last line was cut off, and so was a refusal's."""
    for lang in ("vi", "en"):
        ctx, window, _screen = _window(qtbot, db, lang)
        create = PassphraseDialog(ctx, window, create=True)
        qtbot.addWidget(create)
        create.show()
        intro = create.intro
        assert intro.heightForWidth(intro.width()) > 2 * intro.fontMetrics().height()
        assert intro.height() >= intro.heightForWidth(intro.width()), lang
        create.reject()
        unlock = _unlock(qtbot, ctx, window, "mật khẩu bất kỳ")  # no key yet: refused
        error = unlock.error
        qtbot.waitUntil(lambda e=error: any(w in e.text() for w in ("Create signing key",
                                                                     "Tạo khóa ký")))
        assert error.heightForWidth(error.width()) > error.fontMetrics().height()  # wraps
        assert error.height() >= error.heightForWidth(error.width()), lang
        assert unlock.height() <= unlock.screen().availableGeometry().height()
        unlock.reject()
        ctx.runner.wait_idle()


def test_a_replacement_key_waiting_for_approval_is_said_as_such(qtbot, signed, tmp_path):
    """After a replacement and a sync the screen said "the central platform certifies it
    at the next sync", and every print "sync once while online": neither a sync could
    settle. It says the key waits for central staff, with the fingerprint to read them."""
    from desktop_app.services import signing
    from desktop_app.services.actor import AT_THIS_LAPTOP

    signing.create_signing_key(signed.db, "khoá mới của trạm", replace=True,
                               actor=AT_THIS_LAPTOP)
    assert signed.sync().signer_pending
    fingerprint = signing.signer_state(signed.db).fingerprint
    ctx, window, screen = _window(qtbot, signed.db)
    qtbot.waitUntil(lambda: "waits for central staff's approval" in screen.key_state.text())
    assert fingerprint in screen.key_state.text()
    assert not screen.unlock_button.isEnabled()
    window.grab().save(str(tmp_path / "certificates-awaiting.png"))
    ctx.runner.wait_idle()


def test_without_a_key_no_passphrase_is_asked_and_the_way_to_make_one_is_said(
        qtbot, db, site, boss, monkeypatch):
    """With no signing key, opening a person's certificate asked for the key's passphrase,
    then said to create one under "Settings ▸ Certificate signing key", which is no menu."""
    from desktop_app.ui.certificates import certificates_screen

    [person_id] = make_people(db, 1)
    said = []
    monkeypatch.setattr(certificates_screen, "show_error",
                        lambda _parent, title, text: said.append(text))
    asked = []
    monkeypatch.setattr(certificates_screen.PassphraseDialog, "exec",
                        lambda dialog: asked.append(dialog))
    ctx, window, screen = open_area(qtbot, db, "certificates", "en", actor=boss)
    screen.open_certificate(person_id)
    qtbot.waitUntil(lambda: bool(said))
    assert asked == []
    assert "Certificates ▸ “Create signing key…”" in said[0]
    assert screen.create_button.text() == "Create signing key…"  # where it says
    ctx.runner.wait_idle()


def test_the_key_is_certified_until_the_sites_day_not_the_utc_one(qtbot, signed,
                                                                    monkeypatch):
    """Certified at 00:05 in Vietnam, the key ends at 17:05 UTC the day before its local
    end: the area said the UTC date, a day before the one the certificate prints. The
    laptop is put 12 hours from UTC on the side that makes the two days differ."""
    import time

    from desktop_app.clock import utc_to_local

    until = signing.signer_state(signed.db).not_after
    monkeypatch.setenv("TZ", "Etc/GMT-12" if until.hour >= 12 else "Etc/GMT+12")
    time.tzset()
    try:
        local = utc_to_local(until)
        assert local.date() != until.date()
        ctx, window, screen = _window(qtbot, signed.db)
        qtbot.waitUntil(lambda: "Certified by the central platform until" in
                        screen.key_state.text())
        assert f"until {local:%d/%m/%Y}" in screen.key_state.text(), screen.key_state.text()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_card_scanned_in_the_area_that_differs_from_the_record_prints_nothing(
        qtbot, signed, monkeypatch):
    """Found by a review: the card scanned here opened the holder's certificate without
    being compared with the record (the desk compares it), so a date of birth the card
    contradicts went on the paper and the QR. Now it is said, with what to do, and the
    certificate waits; the same card over a record that agrees opens it."""
    from datetime import date

    import desktop_app.ui.certificates.certificates_screen as module
    from desktop_app.rules.cccd_qr import CccdQr
    from desktop_app.rules.identity import Sex
    from tests.cleaning.people import GOOD_ID, paper
    from tests.ui.scanner_helpers import scan

    pid = paper(signed.db)  # Phạm Thị Lan, born 12/03/1985 as typed from paper
    card = CccdQr(GOOD_ID, None, "Phạm Thị Lan", date(1985, 3, 21), Sex.FEMALE,
                  "12 Láng Hạ, Phường Láng, Hà Nội", date(2021, 5, 10))
    said, opened = [], []
    monkeypatch.setattr(module, "show_error", lambda _parent, _title, text: said.append(text))
    monkeypatch.setattr(module.CertificatesScreen, "with_signer",
                        lambda self, then: opened.append(then))  # the dialog, not run
    ctx, window, screen = open_area(qtbot, signed.db, "certificates", "vi")
    screen.search.box.setFocus()
    scan(card)
    qtbot.waitUntil(lambda: bool(said or opened), timeout=10_000)
    assert opened == [] and len(said) == 1
    assert "Thẻ CCCD vừa quét khác hồ sơ của Phạm Thị Lan" in said[0]
    assert "21/03/1985" in said[0] and "12/03/1985" in said[0]
    assert "Chưa in chứng nhận" in said[0]

    agreeing = CccdQr(GOOD_ID, None, "Phạm Thị Lan", date(1985, 3, 12), Sex.FEMALE,
                      "12 Láng Hạ, Phường Láng, Hà Nội", date(2021, 5, 10))
    screen.search.box.clear()
    screen.search.box.setFocus()
    scan(agreeing)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert len(said) == 1 and pid
    ctx.runner.wait_idle()
