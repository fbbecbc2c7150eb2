"""A certificate printed to a file is as private as one saved.

What a clerk saw: at a site without a printer, "In…" then "Print to file (PDF)" in Qt's
print dialog wrote the certificate (name, CCCD, birth date, doses) 0644, readable by every
account of the laptop, while "Lưu PDF…" wrote the same paper 0600.

Real parts: a real SQLite (SQLCipher) file, the real dialog (offscreen), Qt's own PDF printer.
"""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtPrintSupport import QPrinter

from tests.certificates.dialog_helpers import open_certificate_dialog
from tests.sync.helpers import make_people

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


@pytest.fixture
def desktop_umask():
    """A desktop session's usual umask (files 0644 unless the app says otherwise)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_certificate_printed_to_a_pdf_file_is_readable_by_its_user_only(
        qtbot, db, site, tmp_path, desktop_umask):  # noqa: ARG001
    [person] = make_people(db, 1, doses_each=2)
    _ctx, dialog = open_certificate_dialog(qtbot, db, person, "vi")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)

    out = tmp_path / "out"
    out.mkdir()
    saved = dialog.save_pdf(str(out / "saved.pdf"))
    qtbot.waitUntil(lambda: saved.exists(), timeout=10_000)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600  # Save PDF: private

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # "Print to file (PDF)"
    printed = out / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        assert dialog.print_certificate(printer)
    assert printed.read_bytes().startswith(b"%PDF")
    mode = stat.S_IMODE(printed.stat().st_mode)
    assert mode & 0o077 == 0, f"the certificate printed to a file is {oct(mode)}"
    # Under the name chosen, no part left beside it, and printing again goes there too.
    assert sorted(p.name for p in out.iterdir()) == ["printed.pdf", "saved.pdf"]
    assert printer.outputFileName() == str(printed)
