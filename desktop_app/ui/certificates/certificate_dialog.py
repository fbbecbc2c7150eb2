"""One person's certificate: a preview of the page, then print it or save it.

The preview shows the page as it will print, but no QR code: its place says that the code
is signed when the certificate is printed or saved (``services/certificate_preview.py``).
A signed code on screen could be photographed and used valid with nothing recorded, and a
later void of the dose revoked nothing. Print or save signs it and records it as issued,
with a "certificate" audit entry under the clerk's name, before the printer or the file
gets it (``services/certificates.py``): a preview closed unprinted leaves nothing signed,
and a laptop that dies before the printer leaves no certificate in force that nobody holds.
What must hold the clerk back (open identity errors, a dose history no certificate can be
made of) is said as the dialog opens, as signing would refuse it. The record changed
between the preview and the print: nothing is signed, the clerk is told and the preview
made again.

Below the preview, the person's earlier certificates: one revoked by a correction is shown
in red with why, and the one previewed (a new ID) is the one to hand out.

A person with doses of other sites (or brought from the central platform) is asked about
again first (``services/lookup_refresh.py``, on the network worker): the certificate lists
the other sites' doses as the platform holds them now. The platform unreachable, refusing
or over its hourly limit: the certificate is issued all the same from what this laptop
holds (a site works offline, and a citizen is not sent away for a link), and the dialog says
when those doses were last confirmed; a dose another site has voided or corrected since is
dropped or updated at the next answer, which revokes this certificate (as any refresh
revokes the papers listing such a dose), and the desk and this dialog say to print again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import utc_to_local
from desktop_app.services import certificates
from desktop_app.services.actor import Role
from desktop_app.services.certificate_preview import (
    certificate_pdf,
    preview_certificate,
    render_preview,
    sign_previewed,
)
from desktop_app.services.certificates import PageImage, render_pages
from desktop_app.services.database import Database
from desktop_app.services.lookup import lookup_refusal
from desktop_app.services.lookup_refresh import Elsewhere, Refresh, elsewhere, refresh_person
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.elsewhere_note import last_confirmed, updated_text
from desktop_app.ui.dialogs import ask_override_reason, ask_save_path, describe_error, show_error
from desktop_app.ui.file_dialogs import CERTIFICATES
from desktop_app.ui.operations import Op
from desktop_app.ui.private_printing import print_privately
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.page_picture import PageStack
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.tones import DONE, ERROR, WARNING_STYLE

REVOKED_COLOUR, IN_FORCE_COLOUR = ERROR, DONE
PREVIEW_DPI = 110
PRINT_DPI = 300
# The record no longer what was previewed or signed: previewed again, nothing recorded.
PREVIEW_AGAIN = ("CERT_CHANGED_SINCE_PREVIEW", "CERT_CHANGED_WHILE_PRINTING",
                 "CERT_REVOKED_SINCE_PRINTED")


def to_qimage(page: PageImage) -> QImage:
    return QImage(page.rgb, page.width, page.height, page.width * 3,
                  QImage.Format.Format_RGB888).copy()


class CertificateDialog(QDialog):
    """Previews when opened (the signer must be unlocked); signs once, at the first print
    or save, which records it; the format can be switched without signing again."""

    printed = Signal()  # the pages went to the printer
    saved = Signal(str)  # the PDF was saved (and the certificate recorded), where

    def __init__(self, ctx: AppContext, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.content: certificates.CertificateContent | None = None  # what the preview says
        self.override_reason: str | None = None  # a supervisor's, for the signing too
        # Signed and recorded at the first print or save; printed again as it is.
        self.issued: certificates.IssuedCertificate | None = None
        self.signer = ctx.signer  # the key it is signed with, and its issue recorded under
        self.pdf: bytes | None = None  # the preview's: no QR code
        self.setWindowTitle(self.tr("Vaccination certificate"))
        self.format = QComboBox()
        self.format.addItem(self.tr("A5 landscape"), "a5")
        self.format.addItem(self.tr("A4 portrait"), "a4")
        self.format.currentIndexChanged.connect(self._render)
        self.status = plain_label(self.tr("Preparing the certificate…"), wordWrap=True)
        # The family and given names the QR carries, apart: the paper prints one line, so a
        # passport's surname taken for a given name is caught here, before printing.
        self.name_parts = plain_label(wordWrap=True)
        self.name_parts.hide()
        # The QR says less than the paper (a name over the EU DCC's limit shortened, a dose
        # that is not the person's latest: one given after it elsewhere): said, in amber.
        self.notice = plain_label(wordWrap=True)
        self.notice.setStyleSheet(WARNING_STYLE)
        self.notice.hide()
        # The other sites' doses: updated from the platform, or as last confirmed.
        self.elsewhere = plain_label(wordWrap=True)
        self.elsewhere.setStyleSheet(WARNING_STYLE)
        self.elsewhere.hide()
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.pages = PageStack()
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        for b in (self.print_button, self.save_button):
            b.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_certificate())
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.close_button.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Paper")))
        top.addWidget(self.format)
        top.addWidget(self.status, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for b in (self.print_button, self.save_button, self.close_button):
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.name_parts)
        layout.addWidget(self.notice)
        layout.addWidget(self.history)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        resize_within_screen(self, 1000, 760)
        Op.read(ctx, self, lambda db: elsewhere(db, person_id)) \
            .done(self._ask_again).failed(self._failed).run()

    @property
    def recorded(self) -> bool:
        """Printed or saved once: signed and recorded as issued."""
        return self.issued is not None

    def _ask_again(self, held: Elsewhere) -> None:
        """Other sites' doses on the paper: the platform asked about them first."""
        if not held.to_refresh or lookup_refusal(self.ctx.actor) is not None:
            self._preview()
            return
        self.status.setText(self.tr(
            "Asking the central platform again about the doses of other sites…"))
        person_id, actor = held.person_id, self.ctx.actor
        Op.ask(self.ctx, self, lambda db, token: refresh_person(
            db, person_id, actor=actor, cancel=token)) \
            .done(lambda refresh: self._asked(refresh, held)) \
            .failed(lambda _exc: self._unconfirmed(held.confirmed_at)).run()

    def _asked(self, refresh: Refresh, held: Elsewhere) -> None:
        if refresh.nobody:
            self._unconfirmed(held.confirmed_at)
            return
        if refresh.changed:
            self.elsewhere.setText(updated_text(self.ctx, refresh))
            self.elsewhere.show()
            self.ctx.data_changed.emit("people")  # the desk's card follows too
        self._preview()

    def _unconfirmed(self, confirmed_at: datetime | None) -> None:
        """Issued from what this laptop holds, and said so (see the module)."""
        self.elsewhere.setText(last_confirmed(self.ctx, confirmed_at, codes=(
            "CERT_ELSEWHERE_UNCONFIRMED", "CERT_ELSEWHERE_NEVER_CONFIRMED")))
        self.elsewhere.show()
        self._preview()

    def _preview(self, override_reason: str | None = None) -> None:
        """The certificate as it would be signed now, refused as signing refuses it."""
        self.status.setText(self.tr("Preparing the certificate…"))
        self.issued, self.pdf, self.override_reason = None, None, override_reason
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.signer = self.ctx.signer
        signer, person_id, actor = self.signer, self.person_id, self.ctx.actor
        Op.read(self.ctx, self, lambda db: preview_certificate(
            db, signer, person_id, actor=actor, override_reason=override_reason)) \
            .done(self._previewed).failed(self._refused).run()

    def _refused(self, exc: BaseException) -> None:
        """Held back by identity errors: a supervisor may issue it anyway, giving the reason
        (the service checks the role and audits it with the errors); anyone else is told."""
        if getattr(exc, "code", None) == "CERT_IDENTITY_OPEN":
            ask_when_present(self.ctx, self, lambda: self._override(exc))
            return
        self._failed(exc)

    def _override(self, exc: BaseException) -> None:
        if self.ctx.actor.role == Role.SUPERVISOR:
            reason = ask_override_reason(
                self, self.tr("No certificate"), describe_error(exc, self.ctx.lang),
                self.tr("As supervisor, give the reason to issue it anyway:"))
            if reason:
                self._preview(override_reason=reason)
                return
        self._failed(exc)

    def _previewed(self, content: certificates.CertificateContent) -> None:
        self.content = content
        self.status.setText(self.ctx.text("CERT_ID", uvci=content.uvci))
        self.name_parts.setText(certificates.name_parts_text(content, self.ctx.lang))
        self.name_parts.show()
        notices = certificates.qr_notices(content, self.ctx.lang)
        self.notice.setText("\n".join(notices))
        self.notice.setVisible(bool(notices))
        self._render()
        self._read_history()

    def _read_history(self) -> None:
        Op.read(self.ctx, self, lambda db: certificates.certificate_history(db, self.person_id)) \
            .done(self._show_history).run()

    def _show_history(self, issues: list[certificates.IssueView]) -> None:
        """Earlier certificates, revoked ones in red, below the one previewed (a reprint
        of one in force: as printed then; a new one: to print); nothing when it is the
        first."""
        uvci = self.content.uvci if self.content else ""
        earlier = [i for i in issues if i.uvci != uvci]
        if not earlier:
            self.history.clear()
            return
        lines = []
        if any(i.revoked_at is not None for i in earlier):
            lines.append(f"<b>{_escape(self.ctx.text('CERT_REVOKED_PRINT_NEW'))}</b>")
        this = [i for i in issues if i.uvci == uvci]
        lines.append(f"<span style='color:{IN_FORCE_COLOUR}'>" + _escape(
            this[0].describe(self.ctx.lang) if this else
            self.ctx.text("CERT_ISSUE_TO_PRINT", uvci=uvci)) + "</span>")
        for issue in earlier:
            colour = REVOKED_COLOUR if issue.revoked_at else IN_FORCE_COLOUR
            lines.append(f"<span style='color:{colour}'>"
                         f"{_escape(issue.describe(self.ctx.lang))}</span>")
        self.history.setText("<br>".join(lines))

    def _render(self) -> None:
        if self.content is None:
            return
        content, paper = self.content, self.format.currentData()
        Op.bulk(self.ctx, self, lambda _db: render_preview(content, paper, PREVIEW_DPI)) \
            .done(self._rendered).failed(self._failed).run()

    def _rendered(self, result: tuple[bytes, list[PageImage]]) -> None:
        self.pdf, pages = result
        self.pages.set_pages([QPixmap.fromImage(to_qimage(page)) for page in pages],
                             lambda n, total: self.ctx.text("REPORT_PDF_PAGE", n=n, total=total))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.save_button.setDefault(True)

    def _failed(self, exc: BaseException) -> None:
        text = describe_error(exc, self.ctx.lang)
        self.status.setText(text)
        show_error(self, self.tr("No certificate"), text)

    def save_pdf(self, path: str | None = None) -> Path | None:
        """The PDF saved where the clerk chooses, on the database worker: signed (the
        first time) and recorded as issued as it takes its name. Returns where (said in
        the status once saved)."""
        if self.pdf is None:
            return None
        content = self.content
        name = self.ctx.text("FILE_CERTIFICATE",
                             day=utc_to_local(content.issued_at).date().isoformat(),
                             code=certificates.file_code(content.uvci))
        chosen = path or ask_save_path(self, self.tr("Save certificate"), name, "PDF (*.pdf)",
                                       ".pdf", kind=CERTIFICATES)
        if not chosen:
            return None
        sign, signer, actor = self._signing(), self.signer, self.ctx.actor
        paper = self.format.currentData()

        def signed_and_saved(db: Database) -> tuple[certificates.IssuedCertificate, Path]:
            issued = sign(db)
            return issued, certificates.save_certificate(
                db, signer, issued, certificate_pdf(issued, paper), Path(chosen), actor=actor)

        Op.write(self.ctx, self, signed_and_saved) \
            .done(lambda done: self._saved(*done)).failed(self._save_failed).run()
        return Path(chosen)

    def _signing(self) -> Callable[[Database], certificates.IssuedCertificate]:
        """For the worker: the certificate signed now from what was previewed, or the one
        signed at an earlier print or save (printed again as it is)."""
        issued, content, signer, actor = self.issued, self.content, self.signer, self.ctx.actor
        reason = self.override_reason
        if issued is not None:
            return lambda _db: issued
        return lambda db: sign_previewed(db, signer, content, actor=actor,
                                         override_reason=reason)

    def _save_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        self._preview_again(exc)

    def _preview_again(self, exc: BaseException | None) -> bool:
        """The record changed since it was previewed, signed or printed: what it is now
        previewed (nothing was recorded); the clerk checks it before printing."""
        if not isinstance(exc, certificates.CertificateError) or exc.code not in PREVIEW_AGAIN:
            return False
        self._preview(self.override_reason)
        return True

    def _saved(self, issued: certificates.IssuedCertificate, target: Path) -> None:
        self.issued = issued
        self._read_history()  # now printed on today's date
        self.status.setText(self.ctx.text("SAVED_TO", path=target))
        self.saved.emit(str(target))

    def print_certificate(self, printer: QPrinter | None = None) -> bool:
        """Qt's print dialog (unless given a printer), then each page rendered at the
        printer's resolution off this thread and painted: True once printing has begun."""
        if self.pdf is None:
            return False
        printer = printer or self._ask_printer()
        if printer is None:
            return False
        sign, signer, actor = self._signing(), self.signer, self.ctx.actor
        record, paper = self.issued is None, self.format.currentData()

        def recorded_then_rendered(db: Database
                                   ) -> tuple[certificates.IssuedCertificate, list[PageImage]]:
            # Signed and recorded before the printer gets it: a printer that then fails is
            # said, and printing again prints the same certificate (its UVCI kept).
            issued = sign(db)
            if record:
                certificates.record_issues(db, signer, [issued], actor=actor)
            else:  # printed before: still the record's, and not revoked since?
                certificates.check_reprint(db, signer, issued)
            return issued, render_pages(certificate_pdf(issued, paper), PRINT_DPI)

        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Preparing the pages for the printer…"))
        Op.bulk(self.ctx, self, recorded_then_rendered) \
            .done(lambda done: self._paint(printer, *done)) \
            .failed(self._print_failed).run()
        return True

    def _ask_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def _paint(self, printer: QPrinter, issued: certificates.IssuedCertificate,
               pages: list[PageImage]) -> None:
        if self.issued is None:
            self.issued = issued
            self._read_history()
        self.print_button.setEnabled(True)
        try:
            started = print_privately(printer, lambda device: _paint_pages(device, pages))
        except OSError as exc:  # the chosen folder refuses the file
            self._print_failed(exc)
            return
        if not started:
            self._print_failed(None)
            return
        self.status.setText(self.tr("Sent to the printer."))
        self.printed.emit()

    def _print_failed(self, exc: BaseException | None) -> None:
        self.print_button.setEnabled(True)
        text = describe_error(exc, self.ctx.lang) if exc else self.tr(
            "The printer could not start.")
        show_error(self, self.tr("Printing failed"), text)
        if not self._preview_again(exc):  # else the record as it is now: Print signs that
            self.status.setText(text)


def _paint_pages(printer: QPrinter, pages: list[PageImage]) -> bool:
    """Each page scaled into the printer's page: False when the printer could not start."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            target = QRectF(painter.viewport())
            image = to_qimage(page)
            scaled = image.size().scaled(target.size().toSize(),
                                         Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), scaled.toSizeF()), image)
    finally:
        painter.end()
    return True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
