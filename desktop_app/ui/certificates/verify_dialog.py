"""Check a certificate in the app: paste the HC1: text (a scanner types it) or open an image
or a PDF; the verdict comes first, in words, then what the certificate says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import certificates
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.screen_fit import resize_within_screen

COLOURS = {True: "#1b5e20", False: "#b00020"}


class VerifyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Check a certificate"))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Scan the QR code or paste the text starting "
                                             "with HC1:"))
        self.text.setMaximumHeight(90)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setDefault(True)
        self.open_button = QPushButton(self.tr("Open image or PDF…"))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
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
        layout.addWidget(self.details, 1)
        resize_within_screen(self, 640, 440)

    def check_text(self) -> None:
        text = self.text.toPlainText().strip()
        Op.bulk(self.ctx, self, lambda db: [certificates.verify_text(db, text)]) \
            .done(self._show).run()

    def check_file(self, path: str | None = None) -> None:
        chosen = path or QFileDialog.getOpenFileName(
            self, self.tr("Open a certificate"), "",
            self.tr("Certificates (*.pdf *.png *.jpg *.jpeg)"))[0]
        if not chosen:
            return
        file = Path(chosen)
        self.verdict.setText(self.ctx.text("READING_FILE", file=file.name))
        Op.bulk(self.ctx, self, lambda db: certificates.verify_file(db, file)) \
            .done(self._show).failed(self._unreadable).run()

    def _unreadable(self, exc: BaseException) -> None:
        """A file with nothing to check says why where the verdict goes."""
        if not isinstance(exc, certificates.UnreadableInput):
            self.ctx.report_error(exc, self)
            return
        self.verdict.setStyleSheet(f"color: {COLOURS[False]}; font-weight: bold;")
        self.verdict.setText(exc.message(self.ctx.lang))
        self.details.clear()

    def _show(self, results: list[certificates.Verification]) -> None:
        result = results[0]
        self.verdict.setStyleSheet(
            f"color: {COLOURS[result.ok]}; font-weight: bold; font-size: 15px;")
        self.verdict.setText(result.message(self.ctx.lang))
        self.details.setText(self._describe(result.payload) if result.payload else "")

    def _describe(self, payload: dict) -> str:
        name = payload.get("nam", {})
        [v] = payload.get("v", [{}])[:1] or [{}]
        rows = [
            (self.tr("Name"), f"{name.get('fn', '')} {name.get('gn', '')}".strip()),
            (self.tr("Standardised name"), f"{name.get('fnt', '')}<<{name.get('gnt', '')}"),
            (self.tr("Date of birth"), _day(payload.get("dob") or "") or "—"),
            (self.tr("Dose"), f"{v.get('dn')}/{v.get('sd')}"),
            (self.tr("Date of vaccination"), _day(v.get("dt", ""))),
            (self.tr("Vaccine"), self._product(v.get("mp", ""))),
            (self.tr("Country"), v.get("co", "")),
            (self.tr("Issuer"), v.get("is", "")),
            (self.tr("Certificate ID"), v.get("ci", "")),
        ]
        return "<table>" + "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{_escape(str(val))}</td></tr>"
            for k, val in rows) + "</table>"

    def _product(self, mp: str) -> str:
        names: dict[str, str] = {}
        for product in self.ctx.db.catalogue.products.values():  # the adult product first
            names.setdefault(product.eu_dcc.mp, product.name_in(self.ctx.lang))
        return f"{names[mp]} ({mp})" if mp in names else mp


def _day(iso: str) -> str:
    """2021-11-06 -> 06/11/2021, as clerks read dates; a partial date (1985, 1985-01) as is."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
