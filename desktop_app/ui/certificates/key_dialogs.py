"""Asking for the signing passphrase: to unlock the key for this session, or to make a key."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import signing
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.screen_fit import fit_height, resize_within_screen
from desktop_app.ui.widgets.tones import ERROR_STYLE


class PassphraseDialog(QDialog):
    """Unlock (one field) or create (two fields that must match). The work runs on the
    database worker; a refusal is shown in the dialog, which stays open to try again."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 create: bool = False, replace: bool = False) -> None:
        super().__init__(parent)
        self.ctx, self.create, self.replace = ctx, create, replace
        self.setWindowTitle(self.tr("Create the signing key") if create
                            else self.tr("Unlock the signing key"))
        self.intro = QLabel(self.tr(
            "The site's certificate-signing key is stored encrypted. Choose a passphrase of at "
            "least 8 characters and keep it safe: without it, no certificate can be signed."
        ) if create else self.tr("Enter the signing key passphrase to sign certificates "
                                 "during this session."))
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = plain_label()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Signing key passphrase"), self.passphrase)
        if create:
            form.addRow(self.tr("Repeat it"), self.again)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            self.tr("Create key") if create else self.tr("Unlock"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.intro,):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        resize_within_screen(self, 460, 0)
        fit_height(self)

    def _say(self, problem: str) -> None:
        self.error.setText(problem)
        fit_height(self)  # a refusal may wrap onto lines the dialog had no room for

    def _submit(self) -> None:
        secret = self.passphrase.text()
        if self.create and secret != self.again.text():
            self._say(self.tr("The two passphrases differ."))
            return
        self.ok_button.setEnabled(False)
        replace = self.replace
        if self.create:
            op = Op.write(self.ctx, self, lambda db: signing.create_signing_key(
                db, secret, replace=replace, actor=self.ctx.actor))
        else:
            op = Op.read(self.ctx, self, lambda db: signing.unlock_signer(db, secret))
        op.done(self._done).failed(self._failed).run()

    def _done(self, signer: object) -> None:
        if not self.create:
            self.ctx.signer = signer
        self.ctx.data_changed.emit("signing")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self._say(describe_error(exc, self.ctx.lang))
        self.passphrase.selectAll()
        self.passphrase.setFocus()
