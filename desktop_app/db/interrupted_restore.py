"""A restore a kill or a power cut stopped part-way: finished, or undone, when the database
is next opened, never taken for a first start; and a copy it never finished never taken
for the restored data.

A restore (services/restore.py) copies the backup beside the database as ``<name>.restoring``,
flushes it to disk and only then marks it whole by renaming it ``<name>.restore-ready``
(the rename itself flushed); then it renames the current file to
``<name>.before-restore-<time>`` and the ready copy to ``<name>``. So:

- a ``.restoring`` is a copy that may be cut short (0 bytes, half a file, a first page of
  zeros after a power cut): never put in place. With no database beside it (a restore onto
  a new laptop, stopped during its copy) it is set aside as ``<name>.restore-incomplete-
  <time>`` (moved, never deleted; logged), and the laptop starts as on its first day;
- a missing database with a ready copy or a file a restore set aside beside it is an
  interrupted restore: the ready copy, whole (it passes SQLite's check with the
  passphrase), takes its place; else the file set aside goes back. A ready copy that fails
  its check with no file to go back to is a damaged database (restore it again), never
  replaced by a new, empty one.

Only one process holds a database (db/instance_lock.py), and a restore holds it across its
renames, so nothing is halfway through while this looks.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop_app.clock import file_stamp
from desktop_app.db import cipher
from desktop_app.db.backups import backups_of, sync_folder
from desktop_app.db.engine import quick_check
from desktop_app.db.errors import DatabaseDamaged, WrongPassphrase
from desktop_app.db.schema_version import stored_revision

ASIDE = ".before-restore-"  # the file a restore replaced, kept beside it
RESTORING = ".restoring"  # a restore's copy while it is written: may be cut short
READY = ".restore-ready"  # the copy whole and on the disk, until it takes the database's place
INCOMPLETE = ".restore-incomplete-"  # a copy cut short, set aside (with when) at an opening
SIDES = ("-wal", "-shm")  # a database's own files that move with it

_log = logging.getLogger(__name__)


def left_by_restore(path: Path) -> bool:
    """No database at ``path`` but what a restore leaves beside it once its copy is whole:
    opening it finishes or undoes that restore (``finish_restore``), and creates nothing.
    A copy still being written (``.restoring``) is not: it may be cut short."""
    return not path.exists() and (_ready(path).is_file() or bool(_asides(path)))


def finish_restore(path: Path, passphrase: str) -> dict[str, str] | None:
    """Put the interrupted restore's ready copy in place if it is whole, else the newest
    file a restore set aside; the folder synced after. A copy never marked whole, with no
    database beside it, is set aside first (``set_aside_incomplete``). Returns what was
    done, for the audit trail; None if there was nothing to do. Raises WrongPassphrase
    (nothing moved) if the passphrase does not open the ready copy: a typing slip never
    undoes a restore; DatabaseDamaged if that copy fails its check and there is no file to
    go back to."""
    if path.exists():
        return None
    set_aside_incomplete(path)
    if not left_by_restore(path):
        return None
    ready, asides = _ready(path), _asides(path)
    problem = _problem(ready, passphrase, path) if ready.is_file() else "no copy"
    if problem is None:
        for side in SIDES:  # the replaced file's log, if the stop came before it moved too:
            if asides and Path(f"{path}{side}").exists():  # never read into the restored one
                os.replace(Path(f"{path}{side}"), Path(f"{asides[-1]}{side}"))
        os.replace(ready, path)
        done = {"finished": ready.name}
        if asides:  # what was recorded after the copy was made is only there now
            done["aside"] = asides[-1].name
    elif asides:
        aside = asides[-1]
        os.replace(aside, path)
        for side in SIDES:
            if Path(f"{aside}{side}").exists():
                os.replace(Path(f"{aside}{side}"), Path(f"{path}{side}"))
        done = {"put_back": aside.name}
    else:  # flushed, yet damaged since (the disk): restore it again, never a new file here
        raise DatabaseDamaged(ready, problem, backups_of(path))
    sync_folder(path.parent)
    _log.warning("an interrupted restore of %s was %s", path,
                 f"finished from {ready.name}" if "finished" in done else
                 f"undone: {done['put_back']} put back")
    return done


def set_aside_incomplete(path: Path) -> Path | None:
    """With no database at ``path``, a restore's copy never marked whole (stopped during its
    copy: 0 bytes, part of a file, a page of zeros) is no database: moved aside, with its
    journals, as ``<name>.restore-incomplete-<time>`` and logged; never deleted (a
    passphrase change removes it with the other unfinished copies). Returns where it went."""
    part = path.with_name(path.name + RESTORING)
    if path.exists() or not part.is_file():
        return None
    aside = path.with_name(f"{path.name}{INCOMPLETE}{file_stamp()}")
    os.replace(part, aside)
    for journal in cipher.JOURNALS:
        if Path(f"{part}{journal}").exists():
            os.replace(Path(f"{part}{journal}"), Path(f"{aside}{journal}"))
    sync_folder(path.parent)
    _log.warning("a restore onto %s was stopped before its copy was whole (%d bytes): the "
                 "copy was set aside as %s; nothing was restored", path, aside.stat().st_size,
                 aside.name)
    return aside


def _problem(ready: Path, passphrase: str, path: Path) -> str | None:
    """None if the ready copy opens with the passphrase, passes its check and holds a
    schema (an empty file opens and passes, yet holds nothing); else what is wrong. Raises
    WrongPassphrase for ``path`` if the passphrase does not open it: it was whole when it
    was marked."""
    key = cipher.key_for(ready, passphrase)
    try:
        cipher.connect(ready, key).close()
    except WrongPassphrase:
        raise WrongPassphrase(path) from None
    except cipher.DatabaseError as exc:
        return str(exc)
    problem = quick_check(ready, key)
    if problem is None and stored_revision(ready, key) is None:
        return "no schema in the restored copy"
    return problem


def _ready(path: Path) -> Path:
    return path.with_name(path.name + READY)


def _asides(path: Path) -> list[Path]:
    """The files restores set aside, oldest first (their names carry when)."""
    return sorted(p for p in path.parent.glob(f"{path.name}{ASIDE}*")
                  if not p.name.endswith(cipher.JOURNALS))
