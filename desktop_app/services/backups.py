"""Backups a site can count on: made on a schedule while the desk works, at exit and before
migrations; kept in a second place the site chooses (a USB drive, a second disk); rotated;
and restored only from a copy that opens with the passphrase and passes its check.

A restore never replaces the current file with a zero-byte, damaged, foreign or newer copy,
and never deletes the current file: it is moved aside as ``<name>.before-restore-<time>``.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text as sql

from desktop_app import settings
from desktop_app.db import cipher, retired_keys, store
from desktop_app.db.backups import backup_copy, backups_of, places, rotate, unfinished
from desktop_app.db.bulk_sql import AUDIT_INSERT
from desktop_app.db.database import Database, lock_file
from desktop_app.db.engine import quick_check
from desktop_app.db.errors import DatabaseDamaged, WrongPassphrase
from desktop_app.db.schema_version import HEAD_REVISION, stored_revision
from desktop_app.paths import make_private_file
from desktop_app.rules.messages import UserError

SCHEDULED = "auto"  # the label of scheduled and at-exit copies (rotated)
ON_REQUEST = "manual"  # a copy someone asked for (``vaxdesk backup``): never rotated out
ASIDE = ".before-restore-"  # the file a restore replaced, kept beside it
RESTORING = ".restoring"  # a restore's copy, until it takes the database's place


@dataclass(frozen=True)
class BackupMade:
    path: Path
    removed: int  # older copies rotated out


def backup_folder(db_path: Path) -> Path:
    """Where copies go: the site's chosen second place, else beside the database."""
    chosen = settings.read_preference(settings.BACKUP_FOLDER)
    return Path(chosen) if chosen else db_path.parent


def changed_since_backup(db: Database) -> bool:
    """Has data changed since the newest copy? (Logins and backups do not count.)"""
    with db.reading() as s:
        return _mark(s) != settings.read(s, settings.LAST_BACKUP_MARK)


def make_backup(db: Database, label: str = SCHEDULED, *, user_id: str | None = None
                ) -> BackupMade:
    """An online, encrypted copy into the backup folder; older scheduled copies beyond the
    number to keep are removed. Saves go on meanwhile. ``user_id``: who asked for it (None
    for the schedule's and the exit's copies)."""
    with db.reading() as s:
        mark = _mark(s)  # before the copy: what the copy surely holds
    folder = backup_folder(db.path)
    copy = backup_copy(db.path, label, db.key, folder)
    keep = int(settings.read_preference(settings.BACKUPS_KEPT))
    removed = rotate(db.path, folder, keep, label) if label == SCHEDULED else []
    with db.transaction() as s:
        s.add(store.audit_entry("backup", "file", copy.name,
                                {"folder": str(folder), "removed": len(removed)},
                                datetime.now(UTC).replace(tzinfo=None), user_id))
        settings.write(s, settings.LAST_BACKUP_MARK, mark)
    return BackupMade(copy, len(removed))


def _mark(session: Any) -> int:
    return session.execute(sql(
        "SELECT coalesce(max(id), 0) FROM audit_entry "
        "WHERE action NOT IN ('login', 'login_failed', 'backup')")).scalar_one()


def available_backups(db_path: Path) -> list[Path]:
    return backups_of(db_path, backup_folder(db_path))


def every_copy(db_path: Path) -> list[Path]:
    """Every copy of the database VaxDesk made that is here: the backups (in both places)
    and the files a restore moved aside."""
    aside = [p for p in db_path.parent.glob(f"{db_path.name}{ASIDE}*")
             if not p.name.endswith(cipher.JOURNALS)]
    return available_backups(db_path) + sorted(aside)


def unfinished_copies(db_path: Path) -> list[Path]:
    """What an interrupted backup, restore or encryption left: copies never put in place
    (with their journals), each holding the data under the key it was made with."""
    found = [p for place in places(db_path, backup_folder(db_path))
             for p in unfinished(db_path, place)]
    found += [p for suffix in (RESTORING, cipher.ENCRYPTING)
              for p in db_path.parent.glob(f"{db_path.name}{suffix}*")]
    return sorted(found)


def check_backup(copy: Path, passphrase: str) -> str:
    """Raise a UserError unless ``copy`` is a whole copy this passphrase opens, that passes
    SQLite's check and has a schema this version knows; return its revision."""
    if not copy.is_file() or copy.stat().st_size == 0:
        raise UserError("BACKUP_EMPTY", path=copy)
    if cipher.is_plain(copy):
        raise UserError("BACKUP_NOT_OURS", path=copy)
    key = cipher.key_for(copy, passphrase)
    try:
        cipher.connect(copy, key).close()
    except WrongPassphrase:
        raise UserError("BACKUP_WRONG_PASSPHRASE", path=copy) from None
    problem = quick_check(copy, key)
    if problem is not None:
        raise DatabaseDamaged(copy, problem, [])
    revision = stored_revision(copy, key)
    if revision is None or revision > HEAD_REVISION:
        raise UserError("BACKUP_NOT_OURS", path=copy)
    return revision


def check_supervisor(copy: Path, passphrase: str, username: str | None,
                     password: str | None, current: Path | None = None) -> str | None:
    """A restore replaces every record: it needs a supervisor of the copy being restored
    (the current file may be too damaged to ask). A copy with no account (from before
    accounts, or emptied of them by someone who knew the passphrase) has none to ask: a
    supervisor of the ``current`` file must log in instead, if it opens and has any. Only
    when neither has an account is the passphrase the proof. Returns the supervisor's user
    id (None then)."""
    supervisor = _supervisor_of(copy, passphrase, username, password)
    if supervisor is None and current is not None and current.is_file():
        try:
            supervisor = _supervisor_of(current, passphrase, username, password,
                                        "RESTORE_NEEDS_CURRENT_SUPERVISOR")
        except WrongPassphrase:  # another passphrase's copy: nobody here has agreed to it
            raise UserError("RESTORE_NEEDS_CURRENT_SUPERVISOR") from None
        except cipher.DatabaseError:  # too damaged to ask
            return None
    return supervisor or None


def _supervisor_of(path: Path, passphrase: str, username: str | None, password: str | None,
                   refusal: str = "RESTORE_NEEDS_SUPERVISOR") -> str | None:
    """The id of ``username`` if a supervisor of the file at ``path`` with this password;
    None if the file has no account; else the ``refusal``."""
    conn = cipher.connect(path, cipher.key_for(path, passphrase))
    try:
        row = conn.execute("SELECT password_hash, role, active, id FROM app_user"
                           " WHERE username = ?", ((username or "").strip().lower(),)).fetchone()
        anyone = conn.execute("SELECT count(*) FROM app_user").fetchone()[0]
    except cipher.OperationalError:  # a file from before accounts
        return None
    finally:
        conn.close()
    if not anyone:
        return None
    from desktop_app.services.accounts import _verify

    if row is None or not row[2] or row[1] != "supervisor" or not _verify(row[0], password or ""):
        raise UserError(refusal)
    return row[3]


def restore_backup(db_path: Path, copy: Path, passphrase: str, *, username: str | None,
                   password: str | None) -> Path:
    """Put ``copy`` in place of the database at ``db_path`` after ``check_backup`` and a
    supervisor's login; the current file (if any) is moved aside, never deleted. Refused
    while VaxDesk has the database open. Returns where the current file went."""
    check_backup(copy, passphrase)
    if retired_keys.is_retired(db_path, cipher.key_for(copy, passphrase)):
        raise UserError("BACKUP_PASSPHRASE_REPLACED", path=copy)  # the change undone
    user_id = check_supervisor(copy, passphrase, username, password, db_path)
    lock = lock_file(db_path)
    part = db_path.with_name(db_path.name + RESTORING)
    try:
        # The long part (a copy of up to gigabytes) first, beside the current file: a power
        # cut or a kill meanwhile leaves that file where it was. Then two renames.
        try:
            shutil.copyfile(copy, part)
            _audit_restore(part, passphrase, copy, user_id)
            with open(part, "rb+") as f:
                os.fsync(f.fileno())
            make_private_file(part)
        except (OSError, cipher.OperationalError) as exc:  # a full disk, a USB drive pulled
            part.unlink(missing_ok=True)
            raise UserError("RESTORE_FAILED", copy=copy,
                            detail=getattr(exc, "strerror", None) or str(exc)) from exc
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = db_path.with_name(f"{db_path.name}{ASIDE}{stamp}")
        if db_path.exists():
            os.replace(db_path, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{db_path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(part, db_path)
    finally:
        lock.release()
    return aside if aside.exists() else db_path


def _audit_restore(part: Path, passphrase: str, copy: Path, user_id: str | None) -> None:
    """The restore's own entry, written into the restored file before it takes the
    database's place: the trail it brings back then says who brought it back, and when.
    Closing the only connection folds its log into the file (what is fsynced next)."""
    conn = cipher.connect(part, cipher.key_for(part, passphrase), isolation_level=None)
    try:
        conn.execute(AUDIT_INSERT, (datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
                                    user_id, "restore", "file", copy.name, json.dumps(
                                        {"copy": copy.name}, ensure_ascii=False)))
    finally:
        conn.close()
