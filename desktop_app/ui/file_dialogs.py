"""The one way the app asks for a file or a folder: Qt's file dialog, in the app's language,
opened where the clerk last worked.

Five screens called QFileDialog's static functions, each its own way, and two of Qt's dialogs
spoke English in the Vietnamese app. Qt's own texts are now in our translation
(``qt_texts.py``); these functions build every file dialog the same way, so each one gets
them, and a native dialog where the system has one (Windows: in the system's language).

A dialog opens in the folder last used for its kind of file (certificates, or any other:
``CERTIFICATES``, ``OTHER_FILES``), remembered with the language in the preferences
(``settings.FILE_FOLDERS``), else in Documents, else the home folder: never in the folder the
program was started from. A certificate suggested as a bare name was saved there: the
program's own folder when started by a double-click, which the upgrade steps move aside,
with the certificates' names and ID numbers in it.

    path = ask_open_path(self, self.tr("Open a certificate"), kinds, kind=CERTIFICATES)
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import platformdirs
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop_app import settings

CERTIFICATES = "certificates"
OTHER_FILES = "files"


def start_folder(kind: str) -> Path:
    """Where a dialog for ``kind`` opens: the folder last used for it if it is still there
    (a USB drive may be out), else Documents, else home."""
    remembered = settings.read_preference(settings.FILE_FOLDERS).get(kind)
    for folder in (remembered, platformdirs.user_documents_dir()):
        if isinstance(folder, str) and folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def remember_folder(kind: str, folder: Path) -> None:
    """The next dialog for ``kind`` opens in ``folder``."""
    folders = dict(settings.read_preference(settings.FILE_FOLDERS))
    if folders.get(kind) == str(folder):
        return
    folders[kind] = str(folder)
    # A folder not remembered (the user data folder full or read-only) only means the next
    # dialog opens in Documents; the file the clerk chose must still be saved or read.
    with contextlib.suppress(OSError):
        settings.write_preference(settings.FILE_FOLDERS, folders)


def ask_open_path(parent: QWidget | None, title: str, kinds: str, *,
                  kind: str = OTHER_FILES, folder: Path | None = None) -> Path | None:
    """An existing file to read, the dialog opened in ``folder`` when given (else the
    kind's: ``start_folder``); None if the person cancelled."""
    opened = folder if folder is not None and folder.is_dir() else start_folder(kind)
    dialog = QFileDialog(parent, title, str(opened), kinds)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog, kind)


def ask_save_file(parent: QWidget | None, title: str, name: str, kinds: str, *,
                  kind: str = OTHER_FILES) -> Path | None:
    """Where to write a file, ``name`` suggested in the kind's folder (a ``name`` with a folder
    of its own is suggested there). Qt asks before replacing a file; None if cancelled."""
    suggested = Path(name) if Path(name).parent != Path() else start_folder(kind) / name
    dialog = QFileDialog(parent, title, str(suggested), kinds)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _chosen(dialog, kind)


def ask_folder(parent: QWidget | None, title: str, folder: str) -> Path | None:
    """A folder, the dialog opened in ``folder``; None if the person cancelled."""
    dialog = QFileDialog(parent, title, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return _chosen(dialog, None)


def _chosen(dialog: QFileDialog, kind: str | None) -> Path | None:
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
    finally:
        dialog.deleteLater()  # one per question, not one more child of the window each time
    if not accepted or not files:
        return None
    chosen = Path(files[0])
    if kind is not None:
        remember_folder(kind, chosen.parent)
    return chosen
