"""Settings → Backups, the supervisor's: where this laptop's copies go (a USB drive, a second
disk; changed through the service, which checks the folder takes a file and audits it), a
copy now with its progress, and this database's copies here (when, how big, where), any of
which can be restored. The restore is checked here and made between two windows, when the
app no longer has the file open (``restore_dialog.restore_between_windows``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import backups, restore
from desktop_app.ui import file_dialogs
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import describe_error
from desktop_app.ui.file_dialogs import ask_open_path
from desktop_app.ui.operations import Op
from desktop_app.ui.restore_dialog import CopyList, RestoreDialog, RestoreRequest
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class BackupsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request: RestoreRequest | None = None
        self.setWindowTitle(self.tr("Backups"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._folder_box())
        layout.addWidget(self._copies_box(), 1)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wide enough for the copies' paths, less what a small or scaled screen lacks: a
        # 720 px minimum ran off a netbook at 150 % (683 px).
        resize_within_screen(self, 720, self.sizeHint().height())
        self._show_folder()
        self.refresh()

    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Where copies go"))
        intro = QLabel(self.tr(
            "Choose a second place for the copies (a USB drive, another disk): if this laptop "
            "is lost or its disk fails, they are what is left. Copies are made every few hours "
            "while VaxDesk runs and when it closes; the newest ones are kept."))
        intro.setWordWrap(True)
        self.folder = QLineEdit(readOnly=True)
        self.folder_state = plain_label()
        self.folder_state.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose a folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.beside_button = QPushButton(self.tr("Beside the database"))
        self.beside_button.clicked.connect(lambda: self.set_folder(""))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.beside_button)
        column = QVBoxLayout(box)
        column.addWidget(intro)
        column.addLayout(row)
        column.addWidget(self.folder_state)
        return box

    def _copies_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This database's copies"))
        self.copies = CopyList(self.ctx.lang)
        for column in (CopyList.WHOSE, CopyList.SITE):  # the same in every row here
            self.copies.hideColumn(column)
        self.copies.currentItemChanged.connect(lambda *_: self._enable())
        self.back_up_button = QPushButton(self.tr("Back up now"))
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore this copy…"))
        self.restore_button.clicked.connect(self.restore_chosen)
        # Another database's copy (the lost laptop's, on a replacement started once) is in
        # no list here: it is chosen as a file, and restored only once confirmed.
        self.restore_file_button = QPushButton(self.tr("Restore from a file…"))
        self.restore_file_button.clicked.connect(self.restore_file)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.done_label = plain_label()
        self.done_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.back_up_button)
        row.addWidget(self.progress, 1)
        row.addStretch()
        row.addWidget(self.restore_file_button)
        row.addWidget(self.restore_button)
        column = QVBoxLayout(box)
        column.addWidget(self.copies, 1)
        column.addLayout(row)
        column.addWidget(self.done_label)
        return box

    # -- the folder ------------------------------------------------------------------------
    def _show_folder(self) -> None:
        path = self.ctx.db.path
        folder = backups.backup_folder(path)
        beside = folder.resolve() == path.parent.resolve()
        self.folder.setText(str(folder))
        self.beside_button.setEnabled(not beside)
        self.folder_state.setText(
            self.tr("Beside the database: a lost laptop or a failed disk takes the copies too.")
            if beside else "" if folder.is_dir() else
            self.tr("This folder is not there now (a drive not plugged in?): copies are "
                    "made beside the database until it is."))
        self.folder_state.setVisible(bool(self.folder_state.text()))

    def choose_folder(self) -> None:
        chosen = file_dialogs.ask_folder(self, self.tr("Where copies go"), self.folder.text())
        if chosen:
            self.set_folder(str(chosen))

    def set_folder(self, folder: str) -> None:
        self.error.say(None)
        Op.write(self.ctx, self, lambda db: backups.set_backup_folder(
            db, folder, actor=self.ctx.actor)).done(lambda _: self._folder_set()) \
            .failed(self._failed).run()

    def _folder_set(self) -> None:
        self._show_folder()
        self.refresh()

    # -- the copies ------------------------------------------------------------------------
    def refresh(self) -> None:
        Op.read(self.ctx, self, backups.own_copies).done(self._listed).run()

    def _listed(self, copies: list) -> None:
        self.copies.show_copies(copies)
        self._enable()

    def _enable(self, busy: bool = False) -> None:
        self.back_up_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.copies.chosen() is not None)

    def back_up_now(self) -> None:
        self.error.say(None)
        self.done_label.clear()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._enable(busy=True)
        Op.bulk(self.ctx, self, lambda db: backups.back_up_now(db, actor=self.ctx.actor)) \
            .on_progress(self._step).done(self._backed_up).failed(self._failed).run()

    def _step(self, step: tuple[int, int]) -> None:
        done, total = step
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _backed_up(self, made: backups.BackupMade) -> None:
        self.progress.setVisible(False)
        self.done_label.setText(backups.made_text(made, self.ctx.lang))
        self._show_folder()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self._enable()
        self.error.say(describe_error(exc, self.ctx.lang))

    def restore_chosen(self) -> None:
        info = self.copies.chosen()
        if info is not None:
            self._restore(info.path)

    def restore_file(self) -> None:
        # Opened where a restore set a file aside, if one did: the records only it holds
        # are got back by restoring it, and it sits in the data folder nobody browses to.
        aside = restore.set_aside_files(self.ctx.db.path)
        chosen = ask_open_path(self, self.tr("Choose the backup to restore"),
                               self.tr("VaxDesk backups (*.bak-* *.before-restore-*);;"
                                       "All files (*)"),
                               folder=aside[-1].parent if aside else None)
        if chosen is not None:
            self._restore(chosen)

    def _restore(self, copy: Path) -> None:
        dialog = RestoreDialog(self.ctx.db.path, copy, None, None, self.ctx.lang, self,
                               later=True, app_db=self.ctx.db)
        self.restore_dialog = dialog  # reachable for the tests
        if dialog.exec() == RestoreDialog.DialogCode.Accepted and dialog.request:
            self.request = dialog.request
            self.accept()


def open_backups(ctx: AppContext, parent: QWidget | None = None) -> RestoreRequest | None:
    """Show the Backups dialog; a restore checked there comes back, to be made by the
    shell once the window and the database are closed (``restore_between_windows``)."""
    dialog = BackupsDialog(ctx, parent)
    dialog.exec()
    return dialog.request

