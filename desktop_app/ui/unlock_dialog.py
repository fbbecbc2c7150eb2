"""The database passphrase, asked before anything else opens: chosen (twice) on a laptop's
first start, typed at every start after unless the site keeps it in the OS keyring. The
first thing a person sees: its language can be chosen here (``language_choice``).

A wrong passphrase says so and lets the person try again after a pause that doubles with
each failure (1, 2, 4… up to 30 seconds), so guessing at the keyboard is slow.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.paths import default_db_path
from desktop_app.rules.messages import UserError
from desktop_app.services import passphrase
from desktop_app.ui.dialogs import confirm
from desktop_app.ui.file_dialogs import ask_open_path
from desktop_app.ui.language_choice import LanguageRow
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine

MAX_PAUSE_S = 30


class UnlockDialog(QDialog):
    def __init__(self, path: Path, lang: str, *, new: bool, failures: int = 0,
                 problem: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.new = new
        self.setWindowTitle(self.tr("VaxDesk: database passphrase"))
        intro = QLabel(self.tr(
            "This laptop's records are encrypted. Choose a passphrase for them: every start "
            "asks for it, and without it nobody (you included) can read the records. Keep it "
            "where the site manager can find it.") if new else self.tr(
            "Enter the passphrase of this site's database."))
        intro.setWordWrap(True)
        self.where = plain_label(str(path))
        self.where.setStyleSheet("color: palette(mid);")
        # A path named on the command line (``--db``) and found empty: a typo there offered
        # to make a new database as if this were the laptop's first start, and the site's
        # data seemed gone. The default folder's first start is a first start.
        self.not_found = ErrorLine(self.tr(
            "There is no database at this path. If the site's records should be here, check "
            "the path and choose Quit; Create makes a new, empty database here.")
            if new and path != default_db_path() else None)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember on this computer (the system's keyring)"))
        self._keyring = passphrase.keyring_usable()
        self.remember.setVisible(self._keyring)
        self.error = ErrorLine(problem)
        form = QFormLayout()
        form.addRow(self.tr("Database passphrase"), self.passphrase)
        if new:
            form.addRow(self.tr("Again"), self.again)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("Create") if new else self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.started_over = False
        self.demo_chosen = False
        self.restore_from: Path | None = None  # a backup chosen to restore onto this laptop
        self.language_chosen: str | None = None  # the other language: built again in it
        self.language = LanguageRow(lang, self._choose_language)
        if new:
            # Before anything is chosen: someone looking at VaxDesk need not make up a
            # passphrase and a supervisor for a database they will not use.
            self.demo_button = buttons.addButton(self.tr("Try with demo data"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
            self.demo_button.setAutoDefault(False)
            self.demo_button.clicked.connect(self.try_demo)
            # A replacement laptop: the lost one's backup (a USB stick, a shared folder)
            # rather than an empty database (docs/lost-laptop.md, step 2).
            self.restore_button = buttons.addButton(self.tr("Restore a backup…"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
            self.restore_button.setAutoDefault(False)
            self.restore_button.clicked.connect(self.choose_backup)
        if not new and passphrase.is_unfinished(path):
            # The first run stopped before the site was set up: nothing is in the file yet,
            # and a forgotten passphrase would leave it locked for ever.
            self.path = path
            self.unfinished = QLabel(self.tr(
                "The first start stopped before the site was set up, so nothing is recorded "
                "in this database yet. If the passphrase chosen then is forgotten, start "
                "again and choose a new one."))
            self.unfinished.setWordWrap(True)
            self.start_again_button = buttons.addButton(
                self.tr("Start again"), QDialogButtonBox.ButtonRole.ResetRole)
            self.start_again_button.clicked.connect(self.start_again)
        layout = QVBoxLayout(self)
        for widget in (self.language, intro, self.where, self.not_found):
            layout.addWidget(widget)
        if hasattr(self, "unfinished"):
            layout.addWidget(self.unfinished)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # The explanation reads as sentences, not a column; the first start's four buttons
        # (about 530 px) whole: at 480 px their words were cut ("Dùng thử với dữ li…").
        margins = layout.contentsMargins()
        self.setMinimumWidth(max(480, buttons.sizeHint().width() + margins.left()
                                 + margins.right()))
        self.passphrase.setFocus()
        if failures:
            self._pause(min(2 ** (failures - 1), MAX_PAUSE_S))

    def submit(self) -> None:
        if self.new:
            problems = passphrase.check_new_passphrase(self.passphrase.text(), self.again.text())
            if problems:
                self.error.say(problems[0].message(self.lang))
                return
        elif not self.passphrase.text():
            return
        self.accept()

    def start_again(self) -> None:
        if not confirm(self, self.tr("Start again"), self.tr(
                "Delete this empty database and choose a new passphrase?"),
                self.tr("Delete and start again"), self.tr("Cancel")):
            return
        try:
            passphrase.start_over(self.path)
        except UserError as exc:  # written to since this dialog opened, or open elsewhere
            self.error.say(exc.message(self.lang))
            self.start_again_button.setEnabled(False)
            return
        self.started_over = True
        self.reject()

    def _choose_language(self, lang: str) -> None:
        self.language_chosen = lang  # unlock() asks again, in that language
        self.reject()

    def choose_backup(self) -> None:
        chosen = ask_open_path(self, self.tr("Choose the backup to restore"),
                               self.tr("VaxDesk backups (*.bak-* *.before-restore-*);;"
                                       "All files (*)"))
        if chosen is not None:
            self.restore_from = chosen  # unlock() restores it, then opens it
            self.reject()

    def try_demo(self) -> None:
        self.demo_chosen = True  # unlock() opens the demo's own file instead
        self.reject()

    def value(self) -> tuple[str, bool]:
        return self.passphrase.text(), self._keyring and self.remember.isChecked()

    def _pause(self, seconds: int) -> None:
        self.ok_button.setEnabled(False)
        QTimer.singleShot(seconds * 1000, lambda: self.ok_button.setEnabled(True))
