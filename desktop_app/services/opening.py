"""What opening the database finished that its user must hear of before anything else, the
one notice the app shows once its window is up and the CLI prints first: a restore a kill
stopped between its renames (finished, or undone: ``restore.finished_at_opening``), and a
passphrase change stopped while it re-encrypted the backups (finished now:
``passphrase_change.finish_stopped``)."""

from __future__ import annotations

from desktop_app.db.database import Database
from desktop_app.services import passphrase_change, restore


def work_left(db: Database) -> bool:
    """Whether ``said_at_opening`` has long work to do first: a stopped passphrase change's
    copies (a big USB drive takes minutes), which the app runs with a bar showing, not with
    no window at all (someone would think it hung and kill it again)."""
    return passphrase_change.stopped_with_copies_left(db)


def said_at_opening(db: Database, lang: str) -> str | None:
    said = [s for s in (restore.finished_at_opening(db, lang),
                        passphrase_change.finish_stopped(db, lang)) if s]
    return "\n\n".join(said) or None
