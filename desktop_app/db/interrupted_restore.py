"""A restore a kill or a power cut stopped between its two renames: finished, or undone, when
the database is next opened, never taken for a first start.

A restore (services/backups.py) copies the backup beside the database as ``<name>.restoring``
and flushes it to disk, then renames the current file to ``<name>.before-restore-<time>`` and
the copy to ``<name>``. Stopped between the renames, there is no database file: a start that
made a new, empty one there (and asked to *choose* a passphrase) split the site's records
between files. So a missing database with either file beside it is an interrupted restore:
the copy, whole (it passes SQLite's check with the passphrase), takes its place; else the
file set aside goes back. Only one process holds a database (db/instance_lock.py), and a
restore holds it across its renames, so nothing is halfway through while this looks.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop_app.db import cipher
from desktop_app.db.backups import sync_folder
from desktop_app.db.engine import quick_check
from desktop_app.db.errors import WrongPassphrase

ASIDE = ".before-restore-"  # the file a restore replaced, kept beside it
RESTORING = ".restoring"  # a restore's copy, until it takes the database's place
SIDES = ("-wal", "-shm")  # a database's own files that move with it

_log = logging.getLogger(__name__)


def left_by_restore(path: Path) -> bool:
    """No database at ``path`` but what a restore leaves beside it: opening it finishes or
    undoes that restore (``finish_restore``), and creates nothing."""
    return not path.exists() and (_restoring(path).is_file() or bool(_asides(path)))


def finish_restore(path: Path, passphrase: str) -> dict[str, str] | None:
    """Put the interrupted restore's copy in place if it is whole, else the newest file a
    restore set aside; the folder synced after. Returns what was done, for the audit trail;
    None if there was nothing to do. Raises WrongPassphrase (nothing moved) if the
    passphrase does not open the copy: a typing slip never undoes a restore."""
    if not left_by_restore(path):
        return None
    part, asides = _restoring(path), _asides(path)
    if part.is_file() and _whole(part, passphrase, path):
        for side in SIDES:  # the replaced file's log, if the stop came before it moved too:
            if asides and Path(f"{path}{side}").exists():  # never read into the restored one
                os.replace(Path(f"{path}{side}"), Path(f"{asides[-1]}{side}"))
        os.replace(part, path)
        done = {"finished": part.name}
    elif asides:
        aside = asides[-1]
        os.replace(aside, path)
        for side in SIDES:
            if Path(f"{aside}{side}").exists():
                os.replace(Path(f"{aside}{side}"), Path(f"{path}{side}"))
        done = {"put_back": aside.name}
    else:  # a copy cut short on a laptop with no database before it: nothing to go back to
        return None
    sync_folder(path.parent)
    _log.warning("an interrupted restore of %s was %s", path,
                 f"finished from {part.name}" if "finished" in done else
                 f"undone: {done['put_back']} put back")
    return done


def _whole(part: Path, passphrase: str, path: Path) -> bool:
    """The restore's copy opens with the passphrase and passes its check: the restore had
    flushed it to disk before it moved anything (a copy cut short fails the check)."""
    key = cipher.key_for(part, passphrase)
    try:
        cipher.connect(part, key).close()
    except WrongPassphrase:
        raise WrongPassphrase(path) from None
    except cipher.DatabaseError:
        return False
    return quick_check(part, key) is None


def _restoring(path: Path) -> Path:
    return path.with_name(path.name + RESTORING)


def _asides(path: Path) -> list[Path]:
    """The files restores set aside, oldest first (their names carry when)."""
    return sorted(p for p in path.parent.glob(f"{path.name}{ASIDE}*")
                  if not p.name.endswith(cipher.JOURNALS))
