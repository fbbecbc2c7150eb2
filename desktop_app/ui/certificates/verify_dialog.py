"""Check a certificate in the app: paste the HC1: text (a scanner types it) or open an image
or a PDF; the verdict comes first, in words, then what the certificate says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import certificates
from desktop_app.services.certificates import TrustList, Verification, payload_rows
from desktop_app.services.database import Database
from desktop_app.ui import file_dialogs
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.text_box import text_box
from desktop_app.ui.widgets.tones import DONE, ERROR, MUTED_STYLE, WARNING_STYLE

COLOURS = {True: DONE, False: ERROR}


class VerifyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Check a certificate"))
        self.text = text_box()
        self.text.setPlaceholderText(self.tr("Scan the QR code or paste the text starting "
                                             "with HC1:"))
        self.text.setMaximumHeight(90)
        self.check_button = QPushButton(self.tr("Check"), self)  # default: careful_buttons
        self.check_button.setDefault(True)
        self.open_button = QPushButton(self.tr("Open image or PDF…"))
        self.verdict = plain_label()
        self.verdict.setWordWrap(True)
        self.trust_note = plain_label()  # how old the list the verdict used is
        self.trust_note.setWordWrap(True)
        self.trust_note.hide()
        self.details = QLabel()  # a table: rich on purpose, every value escaped (_describe)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        # The details right under the verdict; the room left stays below them.
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.check_button.clicked.connect(self.check_text)
        self.open_button.clicked.connect(lambda: self.check_file())
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.verdict)
        layout.addWidget(self.trust_note)
        layout.addWidget(self.details, 1)
        resize_within_screen(self, 640, 440)

    def check_text(self) -> None:
        text = self.text.toPlainText().strip()
        Op.bulk(self.ctx, self, lambda db: self._judged(
            db, lambda trust: [certificates.verify_text(db, text, trust=trust)])) \
            .done(self._show).run()

    def check_file(self, path: str | None = None) -> None:
        chosen = path or file_dialogs.ask_open_path(
            self, self.tr("Open a certificate"),
            self.tr("Certificates (*.pdf *.png *.jpg *.jpeg)"), kind=file_dialogs.CERTIFICATES)
        if not chosen:
            return
        file = Path(chosen)
        self.trust_note.hide()  # said again with the verdict it goes with
        self.verdict.setText(self.ctx.text("READING_FILE", file=file.name))
        Op.bulk(self.ctx, self, lambda db: self._judged(
            db, lambda trust: certificates.verify_file(db, file, trust=trust))) \
            .done(self._show).failed(self._unreadable).run()

    def _judged(self, db: Database, judge: Callable[[TrustList | None], list[Verification]]
                ) -> tuple[list[Verification], tuple[str, bool] | None]:
        """The verdicts ``judge`` gives against the cached trust list, and how old that
        list is: one list read for both (beside the window)."""
        trust = certificates.cached_trust_list(db)
        return judge(trust), certificates.trust_list_note(trust, self.ctx.lang)

    def _unreadable(self, exc: BaseException) -> None:
        """A file with nothing to check says why where the verdict goes."""
        if not isinstance(exc, certificates.UnreadableInput):
            self.ctx.report_error(exc, self)
            return
        self.verdict.setStyleSheet(f"color: {COLOURS[False]}; font-weight: bold;")
        self.verdict.setText(exc.message(self.ctx.lang))
        self.trust_note.hide()  # nothing was judged against the list
        self.details.clear()

    def _show(self, judged: tuple[list[Verification], tuple[str, bool] | None]
              ) -> None:
        """The verdict a file is judged by (its first certificate that is not valid, as
        ``vaxdesk verify`` judges it); a file holding several says so, and each one's
        verdict and details follow in the file's order. Under the verdict, how old the
        trust list is: in the warning's colour once stale."""
        results, note = judged
        self.trust_note.setVisible(note is not None)
        if note is not None:
            self.trust_note.setText(note[0])
            self.trust_note.setStyleSheet(WARNING_STYLE + " font-weight: bold;" if note[1]
                                          else MUTED_STYLE)
        result = results[certificates.judged_by(results)]
        self.verdict.setStyleSheet(
            f"color: {COLOURS[result.ok]}; font-weight: bold; font-size: 15px;")
        said = result.message(self.ctx.lang)
        if len(results) > 1:
            said += "\n" + self.tr("This file holds %n certificate(s), each checked below.",
                                   "", len(results))
            self.details.setText("".join(
                f"<p><b>{_escape(self._numbered(i, len(results)))}</b> "
                f"{_escape(r.message(self.ctx.lang))}</p>"
                + (self._describe(r.payload) if r.payload else "")
                for i, r in enumerate(results, 1)))
        else:
            self.details.setText(self._describe(result.payload) if result.payload else "")
        self.verdict.setText(said)

    def _numbered(self, number: int, total: int) -> str:
        return self.tr("Certificate %1 of %2:").replace("%1", str(number)) \
            .replace("%2", str(total))

    def _describe(self, payload: dict) -> str:
        """What the certificate says, as a clerk compares it with the paper and the person
        (``certificates.described``: the CLI's wording too); a foreign country by Qt's name."""
        rows = payload_rows(payload, self.ctx.lang, self.ctx.db.catalogue, _country)
        return "<table>" + "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{_escape(str(val))}</td></tr>"
            for k, val in rows) + "</table>"


def _country(code: str, _lang: str) -> str:
    """A country of vaccination the catalogue does not name, by Qt's (English) name with
    its code; an unknown code as printed."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return code
    return f"{QLocale.territoryToString(territory)} ({code})"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
