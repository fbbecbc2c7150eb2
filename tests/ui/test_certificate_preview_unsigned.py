"""The certificate dialog's preview shows no code anyone could use.

What a clerk could do: open a person's certificate (Ctrl+5), photograph the screen and close
it unprinted. The QR on screen verified as valid, yet nothing recorded it: no
certificate_issue, no "certificate" audit entry naming the account, so a later void of
that dose revoked nothing and the photograph stayed valid everywhere. The preview now
covers the code; the certificate is signed, recorded and audited when it is printed or
saved.

Real parts: a real SQLCipher site file, the real dialog (offscreen) grabbed to PNG as a
screenshot or a phone camera takes it, zxing reading the codes back, verify_hc1 against a
real trust list, Qt's own PDF printer.
"""

from __future__ import annotations

from datetime import timedelta

import pypdfium2
import zxingcpp
from PIL import Image
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop_app.certificates.verify import verify_hc1
from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose
from desktop_app.services.actor import Actor, Role
from desktop_app.services.records import correct_dose
from desktop_app.services.signing import Signer
from desktop_app.ui.certificates import certificate_dialog
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from tests.certificates.factory import Pki
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area


def _recorded(db) -> tuple[list[tuple[str, str | None]], list[str | None]]:
    """The issues (UVCI, by whom) and who each "certificate" audit entry names."""
    with db.reading() as s:
        issues = [(i.uvci, i.issued_by) for i in s.scalars(select(CertificateIssue))]
        audited = list(s.scalars(select(AuditEntry.user_id)
                                 .where(AuditEntry.action == "certificate")))
    return issues, audited


def _opened(qtbot, db, person):  # noqa: ANN202
    clerk = Actor(db.supervisor.user_id, "Thư ký Lan", Role.CLERK, db=db)
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi", clerk)
    pki = Pki()
    key, cert = pki.signer(start=utc_now() - timedelta(days=1))
    ctx.signer = Signer(key, cert)
    dialog = CertificateDialog(ctx, person, screen)
    qtbot.addWidget(dialog)
    dialog.resize(900, 1100)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)  # the preview is shown
    QApplication.processEvents()
    return ctx, dialog, pki


def _codes(path) -> list[str]:  # noqa: ANN001
    if str(path).endswith(".pdf"):
        image = pypdfium2.PdfDocument(str(path))[0].render(scale=3).to_pil()
    else:
        image = Image.open(path)
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_the_preview_shows_no_valid_code_and_records_nothing(qtbot, db, site, tmp_path):
    [person] = make_people(db, 1, doses_each=2)
    ctx, dialog, pki = _opened(qtbot, db, person)
    shot = tmp_path / "preview.png"
    dialog.grab().save(str(shot))  # what a phone camera / screenshot takes

    verdicts = [verify_hc1(text, pki.trust_list(), utc_now()).verdict.name
                for text in _codes(shot)]
    assert "VALID" not in verdicts, "the preview shows a valid signed QR"
    assert dialog.issued is None  # nothing signed yet
    assert "Mã chứng nhận: URN:UVCI:01:VN:HN0001/" in dialog.status.text()  # its ID, said
    dialog.reject()  # closed, never printed nor saved
    ctx.runner.wait_idle()
    assert _recorded(db) == ([], [])


def test_a_certificate_saved_or_printed_from_the_preview_verifies_and_is_recorded(
        qtbot, db, site, tmp_path):
    person, other = make_people(db, 2, doses_each=2)
    ctx, dialog, pki = _opened(qtbot, db, person)
    clerk = ctx.actor.user_id
    uvci = dialog.content.uvci  # the ID the preview says

    with qtbot.waitSignal(dialog.saved, timeout=15_000):
        saved = dialog.save_pdf(str(tmp_path / "mot.pdf"))
    [text] = _codes(saved)
    verdict = verify_hc1(text, pki.trust_list(), utc_now())
    assert verdict.verdict.name == "VALID", verdict
    assert text == dialog.issued.qr_text and dialog.issued.content.uvci == uvci
    assert _recorded(db) == ([(uvci, clerk)], [clerk])

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        assert dialog.print_certificate(printer)
    assert _codes(tmp_path / "in.pdf") == [text]  # the same certificate, printed
    assert _recorded(db) == ([(uvci, clerk)], [clerk])  # saved and printed: recorded once

    # Printed first, without a save: signed as it goes to the printer, and recorded.
    dialog.reject()
    ctx.runner.wait_idle()
    dialog = CertificateDialog(ctx, other, dialog.parent())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=15_000)
    printer.setOutputFileName(str(tmp_path / "khac.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        assert dialog.print_certificate(printer)
    [printed] = _codes(tmp_path / "khac.pdf")
    assert verify_hc1(printed, pki.trust_list(), utc_now()).verdict.name == "VALID"
    issues, audited = _recorded(db)
    assert (dialog.content.uvci, clerk) in issues and audited == [clerk, clerk]
    ctx.runner.wait_idle()


def test_a_record_changed_since_the_preview_is_previewed_again_not_signed(
        qtbot, db, site, boss, tmp_path, monkeypatch):
    """Another desk corrects the lot while the preview is open: Save signs nothing and
    records nothing, says so, and previews the record as it is now; saved then, the
    paper says the new lot. (show_error captured: a modal box would wait for a click.)"""
    [person] = make_people(db, 1, doses_each=2)
    shown = []
    monkeypatch.setattr(certificate_dialog, "show_error", lambda *args: shown.append(args))
    ctx, dialog, pki = _opened(qtbot, db, person)
    with db.reading() as s:
        latest = s.scalars(select(Dose.id).where(Dose.person_id == person)
                           .order_by(Dose.dose_number.desc())).first()
    assert correct_dose(db, latest, {"lot_number": "FK7777"}, actor=boss,
                        confirm_warnings=True).saved
    dialog.save_pdf(str(tmp_path / "cu.pdf"))
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert "vừa được thay đổi sau khi mở bản xem trước" in shown[0][2]
    assert not (tmp_path / "cu.pdf").exists() and _recorded(db) == ([], [])
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled()
                    and dialog.content.latest.lot_number == "FK7777", timeout=15_000)
    with qtbot.waitSignal(dialog.saved, timeout=15_000):
        saved = dialog.save_pdf(str(tmp_path / "moi.pdf"))
    [text] = _codes(saved)
    assert verify_hc1(text, pki.trust_list(), utc_now()).verdict.name == "VALID"
    assert dialog.issued.content.latest.lot_number == "FK7777"
    assert len(_recorded(db)[0]) == 1
    ctx.runner.wait_idle()
