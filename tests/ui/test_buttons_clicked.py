"""Buttons pressed with the mouse, not only their shortcuts: Qt hands a clicked button's
slot a ``checked`` flag, which a slot with a defaulted parameter would take for that
parameter (the Screening button once broke its save, the Print button never printed)."""

from __future__ import annotations

from datetime import date, timedelta

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from desktop_app.ui.desk.screening_dialog import ScreeningDialog
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import make_screen, open_area, press, rows, type_into

NUMBER = "001188000778"


def test_the_screening_button_records_the_checklist(qtbot, db, site):
    record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1, date.today() - timedelta(days=60), "Lan",
                              source="backfill"),
                person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                   IdType.CCCD, NUMBER),
                confirm_warnings=True, actor=AT_THIS_LAPTOP)
    screen = make_screen(qtbot, db)
    type_into(qtbot, screen.search.box, NUMBER)
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    qtbot.mouseClick(screen.screening_button, Qt.MouseButton.LeftButton)
    dialog = screen.screening
    assert isinstance(dialog, ScreeningDialog)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("eligible"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: rows(db, "SELECT outcome FROM screening") == [("eligible",)])
    qtbot.waitUntil(lambda: screen.screened is not None)
    assert rows(db, "SELECT count(*) FROM dose") == [(1,)]  # screened, not saved on its own


def test_the_print_button_prints_every_page(qtbot, signed, tmp_path, monkeypatch):
    [person_id] = make_people(signed.db, 1, doses_each=2)
    ctx, _window, screen = open_area(qtbot, signed.db, "certificates", "vi")
    ctx.signer = signing.unlock_signer(signed.db, PASSPHRASE)
    dialog = CertificateDialog(ctx, person_id, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10_000)
    # The system's print dialog is the boundary: it would wait for a person here. What it
    # hands back is a printer writing a PDF file, which is read back below.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(dialog, "_ask_printer", lambda: printer)
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Đã gửi tới máy in."
    printed = pypdfium2.PdfDocument(str(tmp_path / "printed.pdf"))
    assert len(printed) == len(pypdfium2.PdfDocument(dialog.pdf))
    assert dialog.print_button.isEnabled()
