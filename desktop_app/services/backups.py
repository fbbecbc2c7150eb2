"""Backups a site can count on: made on a schedule while the desk works, at exit and before
migrations; kept in a second place the site chooses (a USB drive, a second disk); rotated;
listed for a restore (``restore.py`` restores one).

Two laptops may share one backup folder: each counts, rotates and re-encrypts only its own
database's copies (``db/backups.py`` says how a copy is known as whose), offers its own
first, and a copy of another database is restored only when that is confirmed.
"""

from __future__ import annotations

import platform
import queue
import threading
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text as sql

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import cipher, store
from desktop_app.db.backups import (
    Report,
    backup_copy,
    backups_of,
    copy_number,
    opening_first,
    own_backups,
    places,
    rotate,
    unfinished,
)
from desktop_app.db.database import Database
from desktop_app.db.interrupted_restore import ASIDE, INCOMPLETE, READY, RESTORING
from desktop_app.progress import Cancelled
from desktop_app.rules.messages import UserError, text
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.backup_copies import CopyInfo, describe_copy
from desktop_app.services.demo_guard import is_demo_database
from desktop_app.services.site import current_site

SCHEDULED = "auto"  # the label of scheduled and at-exit copies (rotated)
ON_REQUEST = "manual"  # a copy someone asked for (``vaxdesk backup``): never rotated out


@dataclass(frozen=True)
class BackupMade:
    path: Path
    removed: int  # older copies rotated out
    missing: Path | None = None  # the chosen folder, not there: the copy went beside instead


def backup_folder(db_path: Path) -> Path:
    """Where copies go: the site's chosen second place, else beside the database."""
    chosen = settings.read_preference(settings.BACKUP_FOLDER)
    return Path(chosen) if chosen else db_path.parent


def set_backup_folder(db: Database, folder: str, *, actor: Actor) -> Path:
    """Choose where this laptop's copies go (empty: beside the database); a folder must be
    there and take a file now (a USB drive plugged in). Audited; returns the folder."""
    require(actor, *SUPERVISORS)
    chosen = Path(folder.strip()).expanduser() if folder.strip() else None
    if chosen is not None:
        _check_writable(chosen)
    before = settings.read_preference(settings.BACKUP_FOLDER) or None
    after = str(chosen) if chosen is not None else None
    if before != after:
        with db.transaction() as s:  # the preference first: if it fails, no entry says it
            settings.write_preference(settings.BACKUP_FOLDER, after or "")
            s.add(store.audit_entry("update", "setting", settings.BACKUP_FOLDER.key,
                                    {settings.BACKUP_FOLDER.key: [before, after]},
                                    utc_now(), actor.user_id))
    return backup_folder(db.path)


def _check_writable(folder: Path) -> None:
    probe = folder / ".vaxdesk-write-test"
    try:
        if not folder.is_dir():
            raise FileNotFoundError(2, "not a folder")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UserError("BACKUP_FOLDER_UNUSABLE", folder=folder,
                        detail=exc.strerror or str(exc)) from None


def changed_since_backup(db: Database) -> bool:
    """Has data changed since the newest copy? (Logins and backups do not count.)"""
    with db.reading() as s:
        return _mark(s) != settings.read(s, settings.LAST_BACKUP_MARK)


def copy_due(db: Database) -> bool:
    """Whether an automatic copy (the schedule's, the exit's) is to be made: data changed
    since the newest copy, and not in the demo, which writes only its own file (its copies
    went to the site's chosen backup drive, copies of made-up people beside the site's)."""
    return not is_demo_database(db) and changed_since_backup(db)


def make_backup(db: Database, label: str = SCHEDULED, *, user_id: str | None = None,
                report: Report | None = None, sparing: Path | None = None) -> BackupMade:
    """An online, encrypted copy into the backup folder; older scheduled copies beyond the
    number to keep are removed, never ``sparing`` (the copy a pending restore will use).
    Saves go on meanwhile. ``user_id``: who asked for it (None for the schedule's and the
    exit's copies); ``report``: hears (pages done, in all).

    A chosen folder that is not there (its drive not plugged in) is never made on this
    laptop's disk: the drive, plugged in later, would be mounted beside it and every copy
    stay here. The copy goes beside the database, and the result says so (``missing``)."""
    with db.reading() as s:
        mark = _mark(s)  # before the copy: what the copy surely holds
        after = settings.read(s, settings.LAST_BACKUP_NUMBER)
    # The site's chosen folder is the real data's: the demo's own copy stays beside it.
    chosen = db.path.parent if is_demo_database(db) else backup_folder(db.path)
    folder = chosen if chosen.is_dir() else db.path.parent
    site = current_site(db)
    about = {"laptop": this_laptop(), "site_code": site.code if site else None,
             "site_name": site.name if site else None}
    copy = backup_copy(db.path, label, db.key, folder, about=about, report=report,
                       after=after)
    keep = int(settings.read_preference(settings.BACKUPS_KEPT))
    removed = rotate(db.path, folder, keep, label, copy, sparing) if label == SCHEDULED else []
    missing = None if folder == chosen else chosen
    with db.transaction() as s:
        s.add(store.audit_entry("backup", "file", copy.name,
                                {"folder": str(folder), "removed": len(removed),
                                 **({"folder_missing": str(missing)} if missing else {})},
                                utc_now(), user_id))
        settings.write(s, settings.LAST_BACKUP_MARK, mark)
        settings.write(s, settings.LAST_BACKUP_NUMBER, copy_number(copy) or after)
    return BackupMade(copy, len(removed), missing)


def scheduled_backup(db: Database) -> BackupMade | None:
    """The copy the app makes every few hours while it runs: only when data changed since
    the newest copy, as the exit's copy. A desk left open over a weekend or Tết would
    otherwise fill the rotation with copies of one state, and remove every earlier restore
    point (the copy before a bad import, a damaged day) within a day. None: not needed."""
    if not copy_due(db):
        return None
    return make_backup(db, SCHEDULED)


def made_text(made: BackupMade, lang: str) -> str:
    """What a copy made says: where it went, and if the chosen folder was not there, that
    it stayed on this laptop."""
    if made.missing is None:
        return text("BACKUP_MADE", lang, path=made.path)
    return text("BACKUP_MADE_BESIDE", lang, folder=made.missing, path=made.path)


def back_up_now(db: Database, *, actor: Actor) -> Generator[tuple[int, int], None, BackupMade]:
    """A copy a supervisor asked for (kept, never rotated out), as a job yielding (pages
    done, pages in all). SQLite's copy reports through a callback: it runs on a thread of
    its own and its steps are yielded here; closing the job stops the copy at its next
    step, leaving no part of it."""
    require(actor, *SUPERVISORS)
    steps: queue.SimpleQueue = queue.SimpleQueue()
    stop, outcome = threading.Event(), {}

    def step(done: int, total: int) -> None:
        if stop.is_set():
            raise Cancelled()
        steps.put((done, total))

    def copy() -> None:
        try:
            outcome["made"] = make_backup(db, ON_REQUEST, user_id=actor.user_id, report=step)
        except BaseException as exc:  # noqa: BLE001 - raised again on the job's thread
            outcome["error"] = exc
        steps.put(None)

    worker = threading.Thread(target=copy, name="backup-now", daemon=True)
    worker.start()
    try:
        while (done := steps.get()) is not None:
            yield done
    finally:
        stop.set()
        worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["made"]


def this_laptop() -> str:
    """The name a person knows this computer by (its network name)."""
    return platform.node() or "?"


def _mark(session: Any) -> int:
    return session.execute(sql(
        "SELECT coalesce(max(id), 0) FROM audit_entry WHERE action NOT IN"
        " ('login', 'login_failed', 'login_wait', 'backup', 'refused', 'restore_refused')")
    ).scalar_one()


def available_backups(db_path: Path) -> list[Path]:
    """Every copy here: this database's own first, each group newest first."""
    return backups_of(db_path, backup_folder(db_path))


def restorable_first(db_path: Path, passphrase: str) -> list[Path]:
    """``available_backups``, those ``passphrase`` opens first: the one a damaged file's
    restore offers is one it can restore (``db.backups.opening_first``)."""
    return opening_first(available_backups(db_path),
                         lambda copy: cipher.key_for(copy, passphrase))


def every_copy(db_path: Path) -> list[Path]:
    """Every copy of the database VaxDesk made that is here and is this laptop's to
    re-encrypt: this database's backups (in both places), any backup beside it (this
    laptop's own disk), and the files a restore moved aside. Another laptop's copies in a
    shared folder are not: they are under that laptop's passphrase, not ours to change."""
    aside = [p for p in db_path.parent.glob(f"{db_path.name}{ASIDE}*")
             if not p.name.endswith(cipher.JOURNALS)]
    ours = own_backups(db_path, backup_folder(db_path))
    beside = [c for c in backups_of(db_path) if c not in ours]
    return ours + beside + sorted(aside)


def describe_backups(db_path: Path, passphrase: str | None = None) -> list[CopyInfo]:
    """``available_backups``, each described."""
    return [describe_copy(db_path, c, passphrase) for c in available_backups(db_path)]


def own_copies(db: Database) -> list[CopyInfo]:
    """This database's copies here, newest first (what the Backups dialog lists)."""
    return [describe_copy(db.path, c) for c in own_backups(db.path, backup_folder(db.path))]


def unfinished_copies(db_path: Path) -> list[Path]:
    """What an interrupted backup, restore or encryption left: copies never put in place
    (with their journals), each holding the data under the key it was made with."""
    found = [p for place in places(db_path, backup_folder(db_path))
             for p in unfinished(db_path, place)]
    # A restore's copy with no database beside it is the restored data itself, until the
    # next opening puts it in place or sets it aside (db/interrupted_restore.py): never one
    # to delete. With the database there, its copies and those set aside as cut short are.
    suffixes = (RESTORING, READY, INCOMPLETE, cipher.ENCRYPTING) if db_path.exists() \
        else (cipher.ENCRYPTING,)
    found += [p for suffix in suffixes
              for p in db_path.parent.glob(f"{db_path.name}{suffix}*")]
    return sorted(found)
