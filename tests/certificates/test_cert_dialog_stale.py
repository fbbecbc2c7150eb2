"""Review 32e: the certificate dialog left open while the record changes."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from desktop_app.db.models import CertificateIssue, Dose
from desktop_app.services.doses import void_dose
from tests.certificates.dialog_helpers import open_certificate_dialog
from tests.sync.helpers import make_people


def test_print_again_after_the_dose_was_voided_does_not_print_a_revoked_certificate(
        qtbot, db, site, boss, tmp_path, monkeypatch):
    """The clerk prints (recorded), the printer jams; meanwhile the supervisor voids the
    latest dose (the certificate is revoked: ĐÃ THU HỒI). 'Print…' again in the same
    dialog must not hand the citizen the revoked paper listing the voided dose: it must
    refuse and say so, as the first print would (CERT_CHANGED_WHILE_PRINTING)."""
    [person] = make_people(db, 1, doses_each=2)
    ctx, dialog = open_certificate_dialog(qtbot, db, person, "vi")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "first.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        assert dialog.print_certificate(printer)
    uvci = dialog.issued.content.uvci

    with db.reading() as s:
        latest = s.scalars(select(Dose.id).where(Dose.person_id == person)
                           .order_by(Dose.dose_number.desc())).first()
    void_dose(db, latest, "nhập nhầm người", actor=boss)
    with db.reading() as s:
        assert s.get(CertificateIssue, uvci).revoked_at is not None  # revoked by the void

    import desktop_app.ui.certificates.certificate_dialog as module
    shown = []
    monkeypatch.setattr(module, "show_error", lambda *args: shown.append(args))  # modal
    printed = []
    dialog.printed.connect(lambda: printed.append(True))
    printer.setOutputFileName(str(tmp_path / "again.pdf"))
    dialog.print_certificate(printer)
    qtbot.wait(3000)
    ctx.runner.wait_idle()
    qtbot.wait(200)
    assert not printed, ("the revoked certificate went to the printer again; status: "
                         + dialog.status.text())
