"""Restoring a backup copy in place of the database: only a whole copy that opens with the
passphrase and passes its check, a supervisor's login (``restore_login``, with the login's
waits), and a copy of another database only once that is confirmed (``check_restore``);
then the copy put in place (``restore_backup``).

A restore never replaces the current file with a zero-byte, damaged, foreign or newer copy,
and never deletes the current file: it is moved aside as ``<name>.before-restore-<time>``.
A restore refused leaves its trace in the current file, the one kept (``restore_refused``).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.clock import file_stamp, read_file_stamp
from desktop_app.db import cipher, retired_keys
from desktop_app.db.backups import sync_folder
from desktop_app.db.bulk_sql import AUDIT_INSERT, stored_time
from desktop_app.db.database import Database, lock_file
from desktop_app.db.engine import quick_check
from desktop_app.db.errors import DatabaseLocked, WrongPassphrase
from desktop_app.db.interrupted_restore import ASIDE, READY, RESTORING
from desktop_app.db.report_queries import (
    MARK_DAY,
    MARK_EVERY_DAY,
    TALLY_TABLES,
    note_days,
    noted_days,
)
from desktop_app.db.schema_version import HEAD_REVISION, stored_revision
from desktop_app.paths import make_private_file
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.rules.numbers import Count
from desktop_app.services.backup_copies import describe_copy
from desktop_app.services.restore_accounts import (
    Carried,
    accounts_of,
    carried_text,
    carry,
    id_in_copy,
)
from desktop_app.services.restore_accounts import audit as audit_carried
from desktop_app.services.restore_certificates import KeptIssues, issues_of, keep
from desktop_app.services.restore_login import LoginRefused, check_supervisor
from desktop_app.services.restore_refused import audit_refused
from desktop_app.services.restore_unsent import Unsent, unsent_in, unsent_lacking
from desktop_app.sync.own_records import mark_after_restore


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
        # A file that cannot be a database at all (a document picked by mistake) is not
        # "the passphrase does not open it": a manager would doubt one that is right. A
        # copy cut short the key still opens, and is said damaged below.
        code = "BACKUP_WRONG_PASSPHRASE" if cipher.may_be_encrypted(copy) \
            else "BACKUP_NOT_OURS"
        raise UserError(code, path=copy) from None
    except cipher.DatabaseError as exc:  # cut short at a page's end: read past its end
        raise UserError("BACKUP_DAMAGED", path=copy, detail=str(exc)) from None
    problem = quick_check(copy, key)
    if problem is not None:  # the copy's damage, not the database's: it goes on as it is
        raise UserError("BACKUP_DAMAGED", path=copy, detail=problem)
    try:
        revision = stored_revision(copy, key)
    except cipher.DatabaseError as exc:  # cut short at a page's end: read past its end
        raise UserError("BACKUP_DAMAGED", path=copy, detail=str(exc)) from None
    if revision is None or revision > HEAD_REVISION:
        raise UserError("BACKUP_NOT_OURS", path=copy)
    return revision


def check_restore(db_path: Path, copy: Path, passphrase: str, *, username: str | None,
                  password: str | None, other_database: bool = False,
                  app_db: Database | None = None) -> str | None:
    """Everything a restore checks before it changes anything: a whole copy this
    passphrase opens, not under a replaced one, a supervisor's login (with the login's
    waits after failed ones: ``restore_login``), and, for a copy of another database than
    the one here (another laptop's, another site's), that this was confirmed
    (``other_database``). Returns the supervisor's user id (None: see
    ``check_supervisor``). A refusal is audited in the file at ``db_path`` before it is
    raised (``restore_refused``), opened with its key when the app has it open
    (``app_db``: a passphrase typed wrong there still leaves a trace), else with the
    passphrase."""
    user_id = None
    try:
        check_backup(copy, passphrase)
        if retired_keys.is_retired(db_path, cipher.key_for(copy, passphrase)):
            raise UserError("BACKUP_PASSPHRASE_REPLACED", path=copy)  # the change undone
        user_id = check_supervisor(copy, passphrase, username, password, db_path,
                                   app_db=app_db)
        about = describe_copy(db_path, copy, passphrase)
        if about.own is False and not other_database:
            unknown = Part("BACKUP_NOT_RECORDED")
            raise UserError("RESTORE_OTHER_DATABASE", path=copy, db=db_path,
                            site=about.site_label or unknown, laptop=about.laptop or unknown)
    except UserError as refused:
        audit_refused(db_path, copy, app_db.key if app_db else passphrase, refused,
                      username=username,
                      user_id=user_id,
                      why=refused.why if isinstance(refused, LoginRefused) else None)
        raise
    return user_id


class RestoreUnsent(UserError):
    """The current file holds records it never sent that the copy lacks: nothing was
    changed (``restore_backup``'s ``set_aside_unsent``)."""

    def __init__(self, unsent: Unsent) -> None:
        super().__init__("RESTORE_UNSENT_REFUSED", **unsent.counts)
        self.unsent = unsent


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the replaced file went (None: there was none, a new
    laptop), the accounts kept as that file had them, whether the next sync brings
    back this site's records the platform holds and the copy lacks, and the records that
    file had never sent and the copy lacks (``restore_unsent``): only in the file aside;
    the certificates it recorded that the copy lacked, kept (``restore_certificates``)."""

    aside: Path | None
    accounts: tuple[Carried, ...] = ()
    own_records: bool = False
    unsent: Unsent = Unsent()
    certificates: KeptIssues = KeptIssues()


def restore_backup(db_path: Path, copy: Path, passphrase: str, *, username: str | None,
                   password: str | None, other_database: bool = False,
                   set_aside_unsent: bool = False) -> Restored:
    """Put ``copy`` in place of the database at ``db_path`` after ``check_restore``; the
    current file (if any) is moved aside, never deleted; its accounts are carried into the
    copy (``restore_accounts``). Refused (and audited) while VaxDesk has the database open,
    and when the current file holds records it never sent that the copy lacks
    (``restore_unsent``: ``RestoreUnsent``, saying how many) unless the person was told
    and agreed (``set_aside_unsent``): once restored they are only in the file set aside,
    and no sync brings them back. Returns what it did (``restored_text`` says it)."""
    user_id = check_restore(db_path, copy, passphrase, username=username, password=password,
                            other_database=other_database)
    try:
        lock = lock_file(db_path)
    except DatabaseLocked as refused:
        audit_refused(db_path, copy, passphrase, refused, username=username, user_id=user_id)
        raise
    part = db_path.with_name(db_path.name + RESTORING)
    ready = db_path.with_name(db_path.name + READY)
    aside = None
    # Named now, so that the restore's entry in the copy says where the replaced file goes.
    aside_name = f"{db_path.name}{ASIDE}{file_stamp()}"
    try:
        # The file locked: no save can come between this count and the copy.
        lacking = Unsent() if set_aside_unsent else \
            unsent_lacking(db_path, passphrase, copy, passphrase)
        if lacking:
            refused = RestoreUnsent(lacking)
            audit_refused(db_path, copy, passphrase, refused, username=username,
                          user_id=user_id)
            raise refused
        # The long part (a copy of up to gigabytes) first, beside the current file: a power
        # cut or a kill meanwhile leaves that file where it was. Only once the copy is on
        # the disk is it marked whole (renamed ready, the rename flushed too): a copy cut
        # short is never taken for the restored data. Then two renames.
        try:
            shutil.copyfile(copy, part)
            restored = _audit_restore(part, passphrase, copy, user_id, db_path,
                                      username=username, aside_name=aside_name)
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
            aside = db_path.with_name(aside_name)
            os.replace(db_path, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{db_path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(ready, db_path)
        sync_folder(db_path.parent)  # the renames durable: a power cut cannot undo them
    finally:
        lock.release()
    return Restored(aside, restored.accounts, restored.own_records, restored.unsent,
                    restored.certificates)


def set_aside_files(db_path: Path) -> list[Path]:
    """The files earlier restores set aside beside the database, oldest first: where the
    records only they hold are, for the file dialog to open at (they sit in the app's data
    folder, which nobody browses to)."""
    found = [p for p in db_path.parent.glob(f"{db_path.name}{ASIDE}*")
             if not p.name.endswith(cipher.JOURNALS)]
    return sorted(found, key=lambda p: (read_file_stamp(p.name.partition(ASIDE)[2])
                                        or datetime.min, p.name))


def restored_text(copy: Path, restored: Restored, lang: str) -> str:
    """What a restore says: the file it replaced (named only if there was one), the
    records that file never sent and the copy lacks (only in it now), the accounts kept as
    that file had them, and that the next sync brings back this site's records sent since
    the copy."""
    said = [text("RESTORED_NEW", lang, copy=copy) if restored.aside is None
            else text("RESTORED", lang, copy=copy, aside=restored.aside)]
    if restored.unsent and restored.aside is not None:
        said.append(text("RESTORED_UNSENT", lang, aside=restored.aside,
                         **restored.unsent.counts))
    if restored.accounts:
        said.append(carried_text(restored.accounts, lang))
    kept = restored.certificates
    if kept.issued or kept.revoked:
        said.append(text("RESTORED_CERTIFICATES", lang, count=Count(len(kept.issued)),
                         revoked=Count(len(kept.revoked))))
    if kept.awaiting:
        said.append(text("RESTORED_CERTIFICATES_AWAITING", lang,
                         count=Count(len(kept.awaiting))))
    if restored.own_records:
        said.append(text("RESTORED_OWN_RECORDS", lang))
    return " ".join(said)


def finished_at_opening(db: Database, lang: str) -> str | None:
    """What opening ``db`` did to a restore a kill or a power cut stopped between its
    renames (finished, or undone), in words; None if it did nothing. Said to whoever
    starts VaxDesk next, who would otherwise find the figures changed, or the restore
    asked for not done, unexplained."""
    done = db.restore_finished
    if not done:
        return None
    if "finished" not in done:
        return text("RESTORE_UNDONE_AT_OPENING", lang)
    said = [text("RESTORE_FINISHED_AT_OPENING", lang)]
    if "aside" in done:
        said.append(text("RESTORE_FINISHED_ASIDE", lang,
                         aside=db.path.with_name(done["aside"])))
    return " ".join(said)


def _audit_restore(part: Path, passphrase: str, copy: Path, user_id: str | None,
                   replaced: Path, *, username: str | None = None,
                   aside_name: str | None = None) -> Restored:
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
    this site's records the platform holds and it lacks (``sync/own_records.py``). So are
    its certificates and revocations the copy lacks (``restore_certificates``): a void
    after the restore revokes the paper handed out before it."""
    days = _days_of(replaced, passphrase)
    accounts = accounts_of(replaced, passphrase) or []
    issues = issues_of(replaced, passphrase) or []
    at = stored_time(datetime.now(UTC))
    conn = cipher.connect(part, cipher.key_for(part, passphrase), isolation_level=None)
    try:
        conn.execute("BEGIN")
        carried, entries = carry(conn, accounts)
        who = id_in_copy(conn, username) or user_id  # the restorer's id in the copy
        kept = keep(conn, issues, {a.id: id_in_copy(conn, a.username) for a in accounts})
        details: dict[str, Any] = {"copy": copy.name}
        if carried:
            details["accounts_kept"] = ", ".join(sorted({c.username for c in carried}))
        details |= kept.details()
        # The replaced file's trail since the copy is not in the copy's: where it is kept,
        # and what of its records never reached the platform (only there now), for the
        # supervisor who reads the trail later.
        unsent = unsent_in(replaced, passphrase, conn)
        if replaced.exists() and aside_name:
            details["replaced_file"] = aside_name
        if unsent:
            details["unsent_doses_set_aside"] = unsent.doses
            details["unsent_people_set_aside"] = unsent.people
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
    return Restored(None, tuple(carried), own_records, unsent, kept)


def _days_of(path: Path, passphrase: str) -> list[str]:
    """The days the database at ``path`` counted doses of, or had marked for a report
    (a day that lost its doses, not yet reported), or had noted to mark (an old copy
    restored, never opened since). No day when there is no file, it does not open with this
    passphrase, is too damaged to read (what a restore often mends) or is from before the
    tallies."""
    return cipher.read_other(path, passphrase, _days_in) or []


def _days_in(conn: Any) -> list[str]:
    tables = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    selects = [f"SELECT dose_date FROM {t}" for t in TALLY_TABLES if t in tables]
    days = [day for (day,) in conn.execute(" UNION ".join(selects))] if selects else []
    noted = noted_days(conn) if "setting" in tables else []
    return sorted(set(days) | set(noted))
