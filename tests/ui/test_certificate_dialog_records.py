"""The certificate dialog previews when it opens and signs and records the certificate as
issued only when it is saved or printed: a preview closed unprinted leaves nothing in
force that nobody holds (tests/ui/test_certificate_preview_unsigned.py: and no code).
Real database, real PDF read back, Qt's PDF printer."""

from __future__ import annotations

from datetime import timedelta

import pypdfium2
import zxingcpp
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import func, select

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue
from desktop_app.services.signing import Signer
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from tests.certificates.factory import Pki
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area


def _issued(db) -> tuple[int, int]:
    with db.reading() as s:
        return (s.scalar(select(func.count()).select_from(CertificateIssue)),
                s.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.action == "certificate")))


def _opened(qtbot, ctx, person, parent) -> CertificateDialog:
    dialog = CertificateDialog(ctx, person, parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)  # previewed
    return dialog


def test_a_certificate_is_recorded_when_saved_or_printed_not_when_previewed(
        qtbot, db, site, tmp_path):
    [person] = make_people(db, 1, doses_each=2)
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
    ctx.signer = Signer(key, cert)

    looked = _opened(qtbot, ctx, person, screen)
    assert looked.status.text().startswith("Mã chứng nhận: URN:UVCI:01:VN:HN0001/")
    looked.reject()  # seen, never printed
    ctx.runner.wait_idle()
    assert _issued(db) == (0, 0)

    dialog = _opened(qtbot, ctx, person, screen)
    uvci = dialog.content.uvci
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        saved = dialog.save_pdf(str(tmp_path / "mot.pdf"))
    assert _issued(db) == (1, 1)
    with db.reading() as s:
        assert s.get(CertificateIssue, uvci).revoked_at is None
    [code] = zxingcpp.read_barcodes(pypdfium2.PdfDocument(str(saved))[0]
                                    .render(scale=2).to_pil())
    assert code.text == dialog.issued.qr_text  # the paper recorded is the paper saved

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        assert dialog.print_certificate(printer)
    assert _issued(db) == (1, 1)  # the same certificate, saved and printed: recorded once

    reprint = _opened(qtbot, ctx, person, screen)  # another day: printed straight away
    assert reprint.content.uvci == uvci  # a reprint of one in force keeps its ID
    printer.setOutputFileName(str(tmp_path / "in-lai.pdf"))
    with qtbot.waitSignal(reprint.printed, timeout=20_000):
        assert reprint.print_certificate(printer)
    assert _issued(db) == (1, 2)  # one certificate, handed out twice, each audited
    ctx.runner.wait_idle()
