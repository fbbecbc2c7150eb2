"""Settings → Change the data passphrase: the supervisor types the current passphrase and a
new one twice. The dialog only checks them (services/passphrase_change.check_change); the
shell does the change between two windows, when nothing else uses the database."""

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

from desktop_app.progress import drain
from desktop_app.rules.messages import text
from desktop_app.services.actor import Actor
from desktop_app.services.database import Database
from desktop_app.services.passphrase_change import change_passphrase, check_change
from desktop_app.ui.between_windows import run_between_windows
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import describe_error, show_error
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.problem_label import ErrorLine


class PassphraseChangeDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Change the data passphrase"))
        intro = QLabel(self.tr(
            "After the change, VaxDesk on this laptop opens only with the new passphrase, and "
            "so do the backups it finds. Do it when someone who knew the passphrase leaves "
            "the site. The window closes while the data is re-encrypted (seconds, or minutes "
            "for a very large database) and opens again."))
        intro.setWordWrap(True)
        self.current = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Current data passphrase"), self.current)
        form.addRow(self.tr("New data passphrase"), self.new)
        form.addRow(self.tr("New passphrase again"), self.again)
        self.error = ErrorLine()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Change the passphrase"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.current.setFocus()

    def value(self) -> tuple[str, str, str]:
        return self.current.text(), self.new.text(), self.again.text()

    def submit(self) -> None:
        """Checked first (the current passphrase takes a key derivation, ~0.1 s: off the
        screen's thread); accepted only if the change would be made."""
        current, new, again = self.value()
        self.ok_button.setEnabled(False)
        Op.read(self.ctx, self, lambda db: check_change(db, current, new, again,
                                                        actor=self.ctx.actor)) \
            .done(lambda _: self.accept()).failed(self._refused).run()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.say(describe_error(exc, self.ctx.lang))


def change_between_windows(db: Database, change: tuple[str, str, str], actor: Actor,
                           lang: str) -> str | None:
    """Make the change while no window is open: nothing else can use the database under its
    old key meanwhile (the shell stopped its timers and waited for its work first).
    Returns what to tell the supervisor in the next window, or None if it failed (said
    here; the database then opens as before: under the old key if the file itself was not
    changed)."""
    current, new, again = change
    try:
        done = run_between_windows(text("PASSPHRASE_CHANGING", lang), lambda report: drain(
            change_passphrase(db, current, new, again, actor=actor), lambda p: report(*p)))
    except Exception as exc:  # noqa: BLE001 - said in words; the app goes on
        show_error(None, "VaxDesk", describe_error(exc, lang))
        return None
    return "\n\n".join(done.messages(lang))
