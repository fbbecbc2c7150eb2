"""The copy made when VaxDesk closes, shown: the window is gone by then, and a copy of a
large database takes seconds (about 20 s at 2 GB), during which a new start would be told
"already open". A progress dialog says what goes on and how far it is; it has no cancel
button and Escape or its X do not hide it (``run_between_windows``), so it cannot be lost
behind nothing, and it closes itself when the copy is on disk."""

from __future__ import annotations

from pathlib import Path

from desktop_app.rules.messages import text
from desktop_app.services import backups
from desktop_app.services.database import Database
from desktop_app.ui.between_windows import run_between_windows


def back_up_before_closing(db: Database, lang: str,
                           sparing: Path | None = None) -> backups.BackupMade | None:
    """Copy the day's work if anything changed since the newest copy (else nothing is
    shown; nor in the demo, ``backups.copy_due``); returns the copy made. Its rotation
    never removes ``sparing``: the copy a restore asked for will put in place once the
    window is closed. A failure is raised for the caller to report."""
    if not backups.copy_due(db):
        return None
    # One more step than the pages: the bar full would close the dialog (a progress
    # dialog's auto-close) while the copy is still being put in place and rotated.
    return run_between_windows(text("BACKUP_AT_EXIT", lang), lambda report: backups.make_backup(
        db, report=lambda done, total: report(done, total + 1), sparing=sparing))
