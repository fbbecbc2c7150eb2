"""Who is at the laptop: the login before the window opens and when the idle lock closes it,
and, on a laptop with no account yet, the first supervisor's account. A temporary password
(a supervisor reset it) opens two more fields: the login then sets the person's own.

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
from desktop_app.rules.passphrase import same_secret
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.database import Database
from desktop_app.ui.language_choice import LanguageRow
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.working_bar import WorkingBar

# Refusals about the user name put the cursor there; any other (a wrong password, the pause
# after failures, two passwords that differ) is answered by typing the password again.
ABOUT_USERNAME = frozenset({"USERNAME_REQUIRED", "USERNAME_INVALID", "USER_EXISTS"})
ABOUT_NEW_PASSWORD = frozenset({"PASSWORD_MUST_CHANGE", "PASSWORD_SHORT", "PASSWORD_SAME",
                                "PASSWORD_DIFFERS"})


class LoginDialog(QDialog):
    """Logs in (``first=False``) or makes the first supervisor and logs them in."""

    def __init__(self, db: Database, lang: str, *, first: bool = False, locked: str = "",
                 parent: QWidget | None = None) -> None:
        """``locked``: why the window is locked, "idle" (the idle lock), "asked" (the
        menu's Lock screen) or "signed_out" (the menu's Sign out: the next person logs
        in); empty for the login before the window opens."""
        super().__init__(parent)
        self.db, self.lang, self.first = db, lang, first
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("VaxDesk: log in") if not first
                            else self.tr("VaxDesk: the first supervisor"))
        intro = QLabel(self.tr(
            "No one has an account on this laptop yet. Create the site supervisor's account: "
            "the supervisor then adds the clerks and volunteers.") if first else self.tr(
            "Locked after a while without use. Log in to go on.") if locked == "idle" else
            self.tr("The screen is locked. Log in to go on.") if locked == "asked" else
            self.tr("Signed out. The next person logs in with their own account.")
            if locked == "signed_out" else
            self.tr("Log in with your VaxDesk account."))
        intro.setWordWrap(True)
        # Before the window (and its Language menu) opens: the language is chosen here too.
        # Locked, the window's language is the window's to change.
        self.language_chosen: str | None = None
        self.language = None if locked else LanguageRow(lang, self._choose_language)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.new_password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.new_again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.changing = False  # the password was temporary: a new one is asked too
        self.changing_for = ""  # whose: another name typed, the login is an ordinary one
        self.form = form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        if first:
            form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Password"), self.password)
        if first:
            form.addRow(self.tr("Again"), self.again)
        form.addRow(self.tr("New password"), self.new_password)
        form.addRow(self.tr("Again"), self.new_again)
        for field in (self.new_password, self.new_again):
            form.setRowVisible(field, False)
        self.error = ErrorLine()
        self.working = WorkingBar(self.tr("Logging in…"))
        self.buttons = buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("Create and log in") if first else self.tr("Log in"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.log_in_text = self.ok_button.text()
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.username.textChanged.connect(self._name_changed)
        layout = QVBoxLayout(self)
        if self.language is not None:
            layout.addWidget(self.language)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.working)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)  # the explanation reads as sentences, not a column
        self.username.setFocus()

    def submit(self) -> None:
        """The login runs beside the window: its audit entry is a write, and after a crash
        or a restore a write waits for the start's integrity check (seconds on a big file),
        so the dialog says what it waits for instead of freezing."""
        username, password = self.username.text(), self.password.text()
        full_name = self.full_name.text()
        if self.first and not same_secret(password, self.again.text()):
            self._refused(UserError("PASSWORD_DIFFERS"))
            return
        new = self.new_password.text() if self.changing else None
        if self.changing and not same_secret(new or "", self.new_again.text()):
            self._refused(UserError("PASSWORD_DIFFERS"))
            return

        def log_in() -> Actor:
            if self.first:
                accounts.add_user(self.db, username, full_name, Role.SUPERVISOR, password,
                                  actor=AT_THIS_LAPTOP)
            return accounts.login(self.db, username, password, new_password=new)

        self.working.run(log_in, self._logged_in, self._refused, hold=(
            self.username, self.full_name, self.password, self.again, self.new_password,
            self.new_again, *self.buttons.buttons(),
            *([self.language] if self.language is not None else [])))

    def _logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc  # a fault of ours: the crash hook shows it
        self.error.say(exc.message(self.lang))
        if isinstance(exc, accounts.PasswordChangeNeeded):
            self._ask_new_password()
        field = self.username if exc.code in ABOUT_USERNAME else \
            self.new_password if self.changing and exc.code in ABOUT_NEW_PASSWORD else \
            self.password
        field.selectAll()
        field.setFocus()

    def _ask_new_password(self) -> None:
        """The right password, but a temporary one: the same login sets a new one."""
        self.changing, self.changing_for = True, self.username.text()
        for field in (self.new_password, self.new_again):
            self.form.setRowVisible(field, True)
        self.ok_button.setText(self.tr("Change the password and log in"))

    def _name_changed(self, name: str) -> None:
        """Another name typed after a temporary password (someone else at the lock): the
        new password was that person's to choose, not this one's. An ordinary login again,
        the fields asking for it cleared and hidden."""
        if not self.changing or name == self.changing_for:
            return
        self.changing = False
        for field in (self.new_password, self.new_again):
            field.clear()
            self.form.setRowVisible(field, False)
        self.ok_button.setText(self.log_in_text)
        self.error.say(None)

    def _choose_language(self, lang: str) -> None:
        self.language_chosen = lang  # the caller asks again, in that language
        self.reject()

    def reject(self) -> None:
        if not self.working.busy:  # Quit while a login is being written: wait for it
            super().reject()
