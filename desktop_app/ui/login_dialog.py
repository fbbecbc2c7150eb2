"""Who is at the laptop: the login before the window opens and when the idle lock closes it,
and, on a laptop with no account yet, the first supervisor's account.

The checks (password, role, the pause after failures) are the services' (``accounts``);
the dialog only asks and shows what they say.
"""

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

from desktop_app.rules.messages import UserError
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.database import Database
from desktop_app.ui.widgets.problem_label import ErrorLine


class LoginDialog(QDialog):
    """Logs in (``first=False``) or makes the first supervisor and logs them in."""

    def __init__(self, db: Database, lang: str, *, first: bool = False, locked: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.lang, self.first = db, lang, first
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("VaxDesk: log in") if not first
                            else self.tr("VaxDesk: the first supervisor"))
        intro = QLabel(self.tr(
            "No one has an account on this laptop yet. Create the site supervisor's account: "
            "the supervisor then adds the clerks and volunteers.") if first else self.tr(
            "Locked after a while without use. Log in to go on.") if locked else self.tr(
            "Log in with your VaxDesk account."))
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        if first:
            form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Password"), self.password)
        if first:
            form.addRow(self.tr("Again"), self.again)
        self.error = ErrorLine()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("Create and log in") if first else self.tr("Log in"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)  # the explanation reads as sentences, not a column
        self.username.setFocus()

    def submit(self) -> None:
        """Runs the service at once: a login is a fraction of a second and nothing else can
        happen on this laptop until it is done."""
        username, password = self.username.text(), self.password.text()
        try:
            if self.first:
                if password != self.again.text():
                    raise UserError("DB_PASSPHRASE_DIFFERS")
                accounts.add_user(self.db, username, self.full_name.text(), Role.SUPERVISOR,
                                  password, actor=AT_THIS_LAPTOP)
            self.actor = accounts.login(self.db, username, password)
        except UserError as exc:
            self.error.say(exc.message(self.lang))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()
