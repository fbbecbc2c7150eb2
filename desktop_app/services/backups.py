"""Backups a site can count on: made on a schedule while the desk works, at exit and before
migrations; kept in a second place the site chooses (a USB drive, a second disk); rotated;
and restored only from a copy that opens with the passphrase and passes its check.

A restore never replaces the current file with a zero-byte, damaged, foreign or newer copy,
and never deletes the current file: it is moved aside as ``<name>.before-restore-<time>``.

Two laptops may share one backup folder: each counts, rotates and re-encrypts only its own
database's copies (``db/backups.py`` says how a copy is known as whose), offers its own
first, and a copy of another database is restored only when that is confirmed.
"""

from __future__ import annotations

import json
import os
import platform
import queue
import shutil
import threading
from collections.abc import Generator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text as sql

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import cipher, retired_keys, store
from desktop_app.db.backups import (
    Report,
    backup_copy,
    backups_of,
    copy_number,
    own_backups,
    places,
    rotate,
    sync_folder,
    unfinished,
)
from desktop_app.db.bulk_sql import AUDIT_INSERT
from desktop_app.db.database import Database, lock_file
from desktop_app.db.engine import quick_check
from desktop_app.db.errors import DatabaseDamaged, WrongPassphrase
from desktop_app.db.interrupted_restore import ASIDE, INCOMPLETE, READY, RESTORING
from desktop_app.db.report_queries import (
    MARK_DAY,
    MARK_EVERY_DAY,
    TALLY_TABLES,
    note_days,
    noted_days,
)
from desktop_app.db.schema_version import HEAD_REVISION, stored_revision
from desktop_app.paths import make_private_file
from desktop_app.progress import Cancelled
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.backup_copies import CopyInfo, describe_copy
from desktop_app.services.restore_accounts import (
    Carried,
    accounts_of,
    carried_text,
    carry,
    id_in_copy,
)
from desktop_app.services.restore_accounts import audit as audit_carried
from desktop_app.services.site import current_site
from desktop_app.sync.own_records import mark_after_restore

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


def make_backup(db: Database, label: str = SCHEDULED, *, user_id: str | None = None,
                report: Report | None = None) -> BackupMade:
    """An online, encrypted copy into the backup folder; older scheduled copies beyond the
    number to keep are removed. Saves go on meanwhile. ``user_id``: who asked for it (None
    for the schedule's and the exit's copies); ``report``: hears (pages done, in all).

    A chosen folder that is not there (its drive not plugged in) is never made on this
    laptop's disk: the drive, plugged in later, would be mounted beside it and every copy
    stay here. The copy goes beside the database, and the result says so (``missing``)."""
    with db.reading() as s:
        mark = _mark(s)  # before the copy: what the copy surely holds
        after = settings.read(s, settings.LAST_BACKUP_NUMBER)
    chosen = backup_folder(db.path)
    folder = chosen if chosen.is_dir() else db.path.parent
    site = current_site(db)
    about = {"laptop": this_laptop(), "site_code": site.code if site else None,
             "site_name": site.name if site else None}
    copy = backup_copy(db.path, label, db.key, folder, about=about, report=report,
                       after=after)
    keep = int(settings.read_preference(settings.BACKUPS_KEPT))
    removed = rotate(db.path, folder, keep, label, copy) if label == SCHEDULED else []
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
    if not changed_since_backup(db):
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
        " ('login', 'login_failed', 'login_wait', 'backup', 'refused')")).scalar_one()


def available_backups(db_path: Path) -> list[Path]:
    """Every copy here: this database's own first, each group newest first."""
    return backups_of(db_path, backup_folder(db_path))


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
    """A restore replaces every record: it needs an active supervisor of the ``current``
    file, whenever that file opens with the passphrase and has accounts. A supervisor
    disabled there, or made a clerk, is refused, whatever the copy says of them (the copy
    would bring their account back as it was). The copy's accounts are asked only when the
    current file is not there, is too damaged to read them, does not open with this
    passphrase (a damaged first page reads as such) or has none. A copy with no account
    either (from before accounts, or emptied of them by someone who knew the passphrase)
    needs a supervisor of a current file that opens; only when neither file has an account
    is the passphrase the proof. Returns the supervisor's user id (None then)."""
    here = None  # whether the current file opened with this passphrase
    if current is not None and current.is_file():
        try:
            supervisor = _supervisor_of(current, passphrase, username, password,
                                        "RESTORE_NEEDS_CURRENT_SUPERVISOR")
        except WrongPassphrase:  # another passphrase's file, or a damaged first page
            here = False
        except cipher.DatabaseError:  # too damaged to ask
            here = None
        else:
            if supervisor is not None:
                return supervisor
            here = True  # it has no account: the copy's are asked
    supervisor = _supervisor_of(copy, passphrase, username, password)
    if supervisor is None and here is False:  # nobody here has agreed to it
        raise UserError("RESTORE_NEEDS_CURRENT_SUPERVISOR")
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


def check_restore(db_path: Path, copy: Path, passphrase: str, *, username: str | None,
                  password: str | None, other_database: bool = False) -> str | None:
    """Everything a restore checks before it changes anything: a whole copy this
    passphrase opens, not under a replaced one, a supervisor's login, and, for a copy of
    another database than the one here (another laptop's, another site's), that this was
    confirmed (``other_database``). Returns the supervisor's user id (None: see
    ``check_supervisor``)."""
    check_backup(copy, passphrase)
    if retired_keys.is_retired(db_path, cipher.key_for(copy, passphrase)):
        raise UserError("BACKUP_PASSPHRASE_REPLACED", path=copy)  # the change undone
    user_id = check_supervisor(copy, passphrase, username, password, db_path)
    about = describe_copy(db_path, copy, passphrase)
    if about.own is False and not other_database:
        unknown = Part("BACKUP_NOT_RECORDED")
        raise UserError("RESTORE_OTHER_DATABASE", path=copy, db=db_path,
                        site=about.site_label or unknown, laptop=about.laptop or unknown)
    return user_id


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the replaced file went (None: there was none, a new
    laptop), the accounts kept as that file had them, and whether the next sync brings
    back this site's records the platform holds and the copy lacks."""

    aside: Path | None
    accounts: tuple[Carried, ...] = ()
    own_records: bool = False


def restore_backup(db_path: Path, copy: Path, passphrase: str, *, username: str | None,
                   password: str | None, other_database: bool = False) -> Restored:
    """Put ``copy`` in place of the database at ``db_path`` after ``check_restore``; the
    current file (if any) is moved aside, never deleted; its accounts are carried into the
    copy (``restore_accounts``). Refused while VaxDesk has the database open. Returns what
    it did (``restored_text`` says it)."""
    user_id = check_restore(db_path, copy, passphrase, username=username, password=password,
                            other_database=other_database)
    lock = lock_file(db_path)
    part = db_path.with_name(db_path.name + RESTORING)
    ready = db_path.with_name(db_path.name + READY)
    aside = None
    try:
        # The long part (a copy of up to gigabytes) first, beside the current file: a power
        # cut or a kill meanwhile leaves that file where it was. Only once the copy is on
        # the disk is it marked whole (renamed ready, the rename flushed too): a copy cut
        # short is never taken for the restored data. Then two renames.
        try:
            shutil.copyfile(copy, part)
            restored = _audit_restore(part, passphrase, copy, user_id, db_path,
                                      username=username)
            with open(part, "rb+") as f:
                os.fsync(f.fileno())
            make_private_file(part)
            os.replace(part, ready)
            sync_folder(db_path.parent)  # the mark durable before the database moves
        except (OSError, cipher.OperationalError) as exc:  # a full disk, a USB drive pulled
            part.unlink(missing_ok=True)
            raise UserError("RESTORE_FAILED", copy=copy,
                            detail=getattr(exc, "strerror", None) or str(exc)) from exc
        # Stopped between the two, the next opening finishes this restore (or puts the
        # file aside back): db/interrupted_restore.py.
        if db_path.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            aside = db_path.with_name(f"{db_path.name}{ASIDE}{stamp}")
            os.replace(db_path, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{db_path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(ready, db_path)
        sync_folder(db_path.parent)  # the renames durable: a power cut cannot undo them
    finally:
        lock.release()
    return Restored(aside, restored.accounts, restored.own_records)


def restored_text(copy: Path, restored: Restored, lang: str) -> str:
    """What a restore says: the file it replaced (named only if there was one), the
    accounts kept as that file had them, and that the next sync brings back this site's
    records sent since the copy."""
    said = [text("RESTORED_NEW", lang, copy=copy) if restored.aside is None
            else text("RESTORED", lang, copy=copy, aside=restored.aside)]
    if restored.accounts:
        said.append(carried_text(restored.accounts, lang))
    if restored.own_records:
        said.append(text("RESTORED_OWN_RECORDS", lang))
    return " ".join(said)


def _audit_restore(part: Path, passphrase: str, copy: Path, user_id: str | None,
                   replaced: Path, *, username: str | None = None) -> Restored:
    """The restore's own entry, written into the restored file before it takes the
    database's place: the trail it brings back then says who brought it back, and when.
    Every day of its figures is marked for the next site report: the platform holds them
    as the file replaced last said them (a copy older than the migration that made the
    marks is marked whole by that migration). So is every day the ``replaced`` file had
    figures of or had marked (a sheet backfilled after the copy was made): the copy may
    have none of it, and only a report naming the day, with nothing in it, takes it off
    the platform. A copy from before that migration has no table to mark them in yet: they
    are noted in it, and marked at its first opening, after the migration. Closing the
    only connection folds its log into the file (what is fsynced next).

    The ``replaced`` file's accounts are carried into the copy (``restore_accounts``), the
    restore's entry naming them, and the copy is marked for its next sync to bring back
    this site's records the platform holds and it lacks (``sync/own_records.py``)."""
    days = _days_of(replaced, passphrase)
    accounts = accounts_of(replaced, passphrase) or []
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn = cipher.connect(part, cipher.key_for(part, passphrase), isolation_level=None)
    try:
        conn.execute("BEGIN")
        carried, entries = carry(conn, accounts)
        who = id_in_copy(conn, username) or user_id  # the restorer's id in the copy
        details: dict[str, Any] = {"copy": copy.name}
        if carried:
            details["accounts_kept"] = ", ".join(sorted({c.username for c in carried}))
        conn.execute(AUDIT_INSERT, (at, who, "restore", "file", copy.name,
                                    json.dumps(details, ensure_ascii=False)))
        audit_carried(conn, entries, who, at)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                        " AND name = 'report_changed_day'").fetchone():
            conn.execute(MARK_EVERY_DAY)
            conn.executemany(MARK_DAY, ((day,) for day in days))
        else:  # marked at the copy's first opening, once migrated (RESTORE_DAYS_NOTED)
            note_days(conn, days)
        own_records = mark_after_restore(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return Restored(None, tuple(carried), own_records)


def _days_of(path: Path, passphrase: str) -> list[str]:
    """The days the database at ``path`` counted doses of, or had marked for a report
    (a day that lost its doses, not yet reported), or had noted to mark (an old copy
    restored, never opened since). No day when there is no file, it does not open with this
    passphrase, is too damaged to read (what a restore often mends) or is from before the
    tallies."""
    if not path.is_file():
        return []
    try:
        conn = cipher.connect(path, cipher.key_for(path, passphrase))
    except (WrongPassphrase, cipher.DatabaseError):
        return []
    try:
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        selects = [f"SELECT dose_date FROM {t}" for t in TALLY_TABLES if t in tables]
        days = [day for (day,) in conn.execute(" UNION ".join(selects))] if selects else []
        noted = noted_days(conn) if "setting" in tables else []
        return sorted(set(days) | set(noted))
    except cipher.DatabaseError:
        return []
    finally:
        conn.close()
