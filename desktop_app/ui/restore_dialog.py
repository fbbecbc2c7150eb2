"""Restoring a backup copy, in two cases. The database is damaged: say so, list the copies
(this database's own first, newest first) and restore the chosen one there and then. Or a
supervisor chose a copy in the Backups dialog: the dialog only checks it (the app has the
file open), and the restore runs between two windows (``restore_between_windows``).

Either way the restore is the service's (``restore.restore_backup``): only a whole copy that
opens with the passphrase, and an active supervisor of the current file logs in (of the copy
only when the current file cannot be asked); the current file is moved aside, never deleted,
and its accounts stay as they are. Each copy says whose it is (this database's or another's: another
laptop's in a shared folder, another site's), which laptop made it, for which site, and
when; a copy of another database is restored only once that is explicitly confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time
from desktop_app.rules.messages import UserError, text
from desktop_app.services import backups, restore
from desktop_app.services.backup_copies import CopyInfo, describe_copy
from desktop_app.services.database import Database
from desktop_app.services.restore_unsent import Unsent, unsent_lacking
from desktop_app.ui.between_windows import run_between_windows
from desktop_app.ui.dialogs import confirm, describe_error, show_error
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.tones import WARNING_STYLE
from desktop_app.ui.widgets.working_bar import WorkingBar


@dataclass(frozen=True, repr=False)
class RestoreRequest:
    """A restore checked in the app, to be made once the database is closed."""

    copy: Path
    passphrase: str
    username: str
    password: str
    other_database: bool = False


class CopyList(QTreeWidget):
    """Backup copies, one a row: when, why, whose, which site and laptop, how big, where."""

    WHOSE, SITE = 2, 3  # columns a list of one database's own copies can do without

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.copies: list[CopyInfo] = []
        self.setHeaderLabels([self.tr("Made"), self.tr("Kind"), self.tr("Whose"),
                              self.tr("Site"), self.tr("Laptop"), self.tr("Size"),
                              self.tr("Folder")])
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def show_copies(self, copies: list[CopyInfo], chosen: Path | None = None) -> None:
        self.clear()
        self.copies = copies
        whose = {True: self.tr("This database"), False: self.tr("ANOTHER database"),
                 None: self.tr("Cannot tell")}
        for info in copies:
            item = QTreeWidgetItem([local_time(info.made), info.kind(self.lang),
                                    whose[info.own], info.site(self.lang),
                                    info.laptop_name(self.lang), info.size_shown(self.lang),
                                    str(info.path.parent)])
            item.setToolTip(6, str(info.path))
            self.addTopLevelItem(item)
        for column in range(self.columnCount()):
            self.resizeColumnToContents(column)
        rows = [c.path for c in copies]
        if copies:
            self.setCurrentItem(self.topLevelItem(rows.index(chosen) if chosen in rows else 0))

    def chosen(self) -> CopyInfo | None:
        row = self.indexOfTopLevelItem(self.currentItem()) if self.currentItem() else -1
        return self.copies[row] if 0 <= row < len(self.copies) else None


def about_copy(info: CopyInfo, lang: str) -> str:
    """One copy in a sentence: whose, when, which laptop and site, how big, where."""
    return text("BACKUP_ABOUT", lang, whose=info.whose(lang), made=local_time(info.made),
                laptop=info.laptop_name(lang), site=info.site(lang),
                size=info.size_shown(lang), folder=info.path.parent)


class RestoreDialog(QDialog):
    """``damage`` given: the database is damaged and the restore is made here. Else
    (``later``) a copy chosen in the app is checked and handed back as ``request``.
    ``passphrase`` None: the dialog asks for it."""

    def __init__(self, db_path: Path, copy: Path, damage: str | None, passphrase: str | None,
                 lang: str, parent: QWidget | None = None, *, later: bool = False,
                 app_db: Database | None = None, fresh: bool = False) -> None:
        super().__init__(parent)
        self.db_path, self.copy, self.passphrase, self.lang = db_path, copy, passphrase, lang
        self.later, self.request = later, None
        # ``fresh``: a laptop with no database yet (a replacement), the copy chosen on the
        # first start; restored here, its passphrase then opens it.
        self.fresh = fresh
        self.given_passphrase: str | None = None
        # The records the damaged file never sent, that the copy lacks: told, and agreed to
        # be set aside (``restore.RestoreUnsent``), for this copy only.
        self.unsent_agreed: Path | None = None
        self.app_db = app_db  # the file as the app has it open: where a refusal is audited
        self.setWindowTitle(self.tr("VaxDesk: the database is damaged") if damage
                            else self.tr("Restore a backup"))
        layout = QVBoxLayout(self)
        for words in ([damage] if damage else []) + [self._offer()]:
            label = plain_label(words)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.copies = CopyList(lang)
        self.copies.setMaximumHeight(170)
        # In the app, or on a new laptop, the copy was chosen already.
        self.copies.setVisible(not later and not fresh)
        layout.addWidget(self.copies)
        self.copy_label = plain_label()
        self.copy_label.setWordWrap(True)
        self.warning = plain_label()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE + " font-weight: bold;")
        self.confirm_other = QCheckBox(self.tr(
            "I understand: restore this copy of another database in place of this one"))
        for widget in (self.copy_label, self.warning, self.confirm_other):
            layout.addWidget(widget)
        layout.addLayout(self._login_form())
        self.error = ErrorLine()
        self.working = WorkingBar(self.tr("Checking and copying the backup…") if not later
                                  else self.tr("Checking the backup…"))
        self.reading = WorkingBar(self.tr("Reading the backups…"))
        for widget in (self.error, self.reading, self.working):
            layout.addWidget(widget)
        layout.addStretch(1)  # what the hidden warning leaves, below rather than between
        layout.addWidget(self._buttons())
        self.copies.currentItemChanged.connect(lambda *_: self._chose())
        self.confirm_other.toggled.connect(lambda *_: self._chose())
        self._list(backups.describe_backups(db_path) if not (later or fresh)
                   else [describe_copy(db_path, copy)])
        self._name_old_copies()
        # Wide enough for a copy's whole description, less what a small or scaled screen
        # lacks: a 760 px minimum ran off a netbook at 150 % (683 px) on the first start.
        resize_within_screen(self, 760, self.sizeHint().height())
        # The first field to type in: the passphrase when it is asked.
        (self.passphrase_field if self.passphrase is None else self.username).setFocus()

    def _offer(self) -> str:
        if self.fresh:
            return self.tr("Restore this backup onto this laptop: its records, accounts and "
                           "settings become this laptop's. Type the backup's data passphrase "
                           "and the login of one of its supervisors. Then sync: what the "
                           "lost laptop sent to the central platform after the backup was "
                           "made comes back.")
        if self.later:
            return self.tr("Restoring puts this copy in place of the database: what was "
                           "recorded since it was made is no longer shown (the current file "
                           "is kept aside; the next sync brings back what was sent to the "
                           "central platform). A supervisor of this database logs in; the "
                           "accounts stay as they are now. The window closes while it is "
                           "restored and opens again.")
        return self.tr("Restore a backup? This database's own copies come first, the newest "
                       "at the top. A supervisor of this database logs in to do it (of the "
                       "backup, if this database is too damaged to ask); the damaged file is "
                       "kept aside.")

    def _login_form(self) -> QFormLayout:
        self.passphrase_field = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        if self.passphrase is None:
            form.addRow(self.tr("Data passphrase"), self.passphrase_field)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        return form

    def _buttons(self) -> QDialogButtonBox:
        self.buttons = buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(self.tr("Restore this backup"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel") if self.later or self.fresh else self.tr("Quit"),
                          QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        return buttons

    def _list(self, copies: list[CopyInfo]) -> None:
        self.copies.show_copies(copies, self.copy)
        self._chose()

    def _name_old_copies(self) -> None:
        """A copy made before copies had a sidecar names its site only once opened: with
        the passphrase, beside the dialog (a key derivation each, ~0.1 s)."""
        if self.later or not self.passphrase or \
                all(c.site_code for c in self.copies.copies):
            return
        path, passphrase = self.db_path, self.passphrase
        self.reading.run(lambda: backups.describe_backups(path, passphrase), self._list,
                         lambda _exc: None, hold=())

    def _chose(self) -> None:
        info = self.copies.chosen()
        if info is None:
            return
        self.copy = info.path
        self.copy_label.setText(about_copy(info, self.lang))
        other = info.own is False
        self.warning.setText(text("RESTORE_OTHER_WARNING", self.lang, site=info.site(self.lang),
                                  laptop=info.laptop_name(self.lang)) if other else "")
        self.warning.setVisible(other)
        self.confirm_other.setVisible(other)
        if not other:
            self.confirm_other.setChecked(False)
        self.restore_button.setEnabled(not self.busy and
                                       (not other or self.confirm_other.isChecked()))

    def submit(self) -> None:
        """The check and the copy run beside the window (a big file takes a while): it
        shows it is working, and cannot be closed half-way."""
        if not self.restore_button.isEnabled():
            return
        copy, passphrase = self.copy, self.passphrase or self.passphrase_field.text()
        username, password = self.username.text(), self.password.text()
        other = self.confirm_other.isVisible() and self.confirm_other.isChecked()
        self.error.say(None)
        if self.later:
            self.request = RestoreRequest(copy, passphrase, username, password, other)
            opener = self.app_db.key if self.app_db is not None else passphrase

            def job() -> Unsent:  # checked; then what it would take out of use unsent
                restore.check_restore(self.db_path, copy, passphrase, username=username,
                                      password=password, other_database=other,
                                      app_db=self.app_db)
                return unsent_lacking(self.db_path, opener, copy, passphrase)
        else:
            job = lambda: restore.restore_backup(  # noqa: E731
                self.db_path, copy, passphrase, username=username, password=password,
                other_database=other, set_aside_unsent=self.unsent_agreed == copy)
        self.working.run(job, self._restored, self._failed,
                         hold=(self.copies, self.confirm_other, self.passphrase_field,
                               self.username, self.password, *self.buttons.buttons()))

    @property
    def busy(self) -> bool:
        return self.working.busy

    def _restored(self, restored: restore.Restored | Unsent) -> None:
        if isinstance(restored, restore.Restored):
            self.aside = restored.aside
            self.restored = restore.restored_text(self.copy, restored, self.lang)
            self.given_passphrase = self.passphrase or self.passphrase_field.text()
        elif restored and not confirm(  # records never sent, only in the file set aside
                self, self.tr("Restore a backup"),
                text("RESTORE_UNSENT_WARNING", self.lang, **restored.counts),
                self.tr("Restore anyway"), self.tr("Cancel")):
            self.request = None
            self._chose()
            return
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.request = None
        self._chose()
        if not isinstance(exc, UserError):
            raise exc  # a fault of ours: the crash hook shows it
        if isinstance(exc, restore.RestoreUnsent) and confirm(
                self, self.tr("Restore a backup"),
                text("RESTORE_UNSENT_WARNING", self.lang, **exc.unsent.counts),
                self.tr("Restore anyway"), self.tr("Cancel")):
            self.unsent_agreed = self.copy
            self.submit()  # again, the records set aside this time
            return
        self.error.say(exc.message(self.lang))

    def reject(self) -> None:
        if not self.busy:  # Esc or Quit while it copies would leave it running unseen
            super().reject()


def restore_between_windows(db_path: Path, request: RestoreRequest, lang: str) -> str | None:
    """The restore a supervisor asked for in the app, made once its window and database
    are closed (nothing else then has the file open), with a dialog saying so. Returns what
    to tell them in the next window; None if it failed (said here; nothing was changed)."""
    try:
        restored = run_between_windows(text("RESTORING", lang), lambda _report: (
            restore.restore_backup(db_path, request.copy, request.passphrase,
                                   username=request.username, password=request.password,
                                   other_database=request.other_database,
                                   set_aside_unsent=True)))  # asked in the dialog
    except Exception as exc:  # noqa: BLE001 - said in words; the database opens as it was
        show_error(None, "VaxDesk", describe_error(exc, lang))
        return None
    return restore.restored_text(request.copy, restored, lang)

