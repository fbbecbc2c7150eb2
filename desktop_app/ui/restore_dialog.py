"""When the database is damaged: say so, and offer to restore the newest backup there and
then. The restore is the service's (``backups.restore_backup``): only a whole copy that
opens with the passphrase and a supervisor of that copy logs in; the damaged file is moved
aside, never deleted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.messages import UserError, text
from desktop_app.services import backups
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.working_bar import WorkingBar


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, copy: Path, damage: str, passphrase: str, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.copy, self.passphrase, self.lang = db_path, copy, passphrase, lang
        self.setWindowTitle(self.tr("VaxDesk: the database is damaged"))
        self.setMinimumWidth(520)
        what = QLabel(damage)
        what.setWordWrap(True)
        offer = QLabel(self.tr("Restore the newest backup? A supervisor of that backup logs "
                               "in to do it; the damaged file is kept aside."))
        offer.setWordWrap(True)
        self.copy_label = QLabel(str(copy))
        self.copy_label.setStyleSheet("color: palette(mid);")
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.error = ErrorLine()
        self.done_label = QLabel()
        self.working = WorkingBar(self.tr("Checking and copying the backup…"))
        self.buttons = buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(self.tr("Restore this backup"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (what, offer, self.copy_label):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.working)
        layout.addWidget(buttons)
        self.username.setFocus()

    def submit(self) -> None:
        """The restore runs beside the window (checking and copying a big file takes a
        while): it shows it is working, and cannot be closed half-way."""
        username, password = self.username.text(), self.password.text()
        self.working.run(lambda: backups.restore_backup(
            self.db_path, self.copy, self.passphrase, username=username, password=password),
            self._restored, self._failed,
            hold=(self.username, self.password, *self.buttons.buttons()))

    @property
    def busy(self) -> bool:
        return self.working.busy

    def _restored(self, aside: Path) -> None:
        self.aside = aside
        self.restored = text("RESTORED", self.lang, copy=self.copy, aside=self.aside)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc  # a fault of ours: the crash hook shows it
        self.error.say(exc.message(self.lang))

    def reject(self) -> None:
        if not self.busy:  # Esc or Quit while it copies would leave it running unseen
            super().reject()
