"""What went wrong with the machine, named for people: the one place an OS or database error
becomes a fault the app shows as a dialog and the CLI as a message and an exit code.

    fault = classify(exc, db.path)
    if fault is not None:
        print(fault.message(lang), file=sys.stderr)

The same failure reaches us in many wrappings (``OSError`` from a lock or a backup copy,
SQLCipher's ``OperationalError``, SQLAlchemy's around it), so ``classify`` walks the whole
chain. Anything it does not recognise is a bug, not a fault: it returns None.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop_app.db.errors import DatabaseDamaged, DatabaseLocked
from desktop_app.rules.messages import UserError, text


class Kind(StrEnum):
    LOCKED = "locked"
    READ_ONLY = "read_only"
    NO_PERMISSION = "no_permission"
    DISK_FULL = "disk_full"
    DAMAGED = "damaged"
    DISK_ERROR = "disk_error"


@dataclass(frozen=True)
class Fault:
    kind: Kind
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **self.params)

    def title(self, lang: str = "vi") -> str:
        return text(f"FAULT_TITLE_{self.kind.name}", lang)


class FaultError(UserError):
    """A fault carried as the UserError every dialog and CLI path already shows."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.code, **fault.params)
        self.fault = fault


def explained(exc: BaseException, db_path: Path | None) -> BaseException:
    """``exc`` as a FaultError if it is a fault (the original as its cause), else itself."""
    if isinstance(exc, FaultError):
        return exc
    fault = classify(exc, db_path)
    if fault is None:
        return exc
    named = FaultError(fault)
    named.__cause__ = exc
    return named


def copy_fault(exc: BaseException, db_path: Path, copy: Path) -> BaseException:
    """``exc`` from making the backup ``copy`` of the database at ``db_path``, named as the
    fault it is. A backup only reads the database, so what the machine refuses (a full
    drive, a read-only one, a drive pulled out) is the backup folder's: a full USB drive
    told as the laptop's disk sent people to free space where there was room, and said
    that work was lost. Damage read in the database stays the database's."""
    fault = classify(exc, copy)
    if (fault is None or fault.kind is Kind.DISK_ERROR) and _folder_gone(exc, copy.parent):
        # The folder went from under the copy (a file it was writing "not found"): the
        # drive pulled out or unmounted, not a fault of the program's.
        fault = Fault(Kind.DISK_ERROR, "FAULT_BACKUP_DRIVE_GONE", {"folder": copy.parent})
    if fault is None or fault.kind in (Kind.DAMAGED, Kind.LOCKED):
        return exc
    if fault.kind is Kind.DISK_FULL:
        fault = Fault(Kind.DISK_FULL, "FAULT_BACKUP_FULL", {"folder": copy.parent})
    named = FaultError(fault)
    named.__cause__ = exc
    return named


_GONE = (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ESTALE, errno.EIO)


def _folder_gone(exc: BaseException, folder: Path) -> bool:
    """Whether ``exc`` came of ``folder`` vanishing: it is gone now, and the error is one a
    vanished drive gives (or SQLite's I/O error over it)."""
    try:
        if folder.is_dir():
            return False
    except OSError:
        pass  # a drive pulled out may not even answer whether it is there
    return any(isinstance(c, OSError) and c.errno in _GONE or _sqlite_code(c) is not None
               for c in _chain(exc))


# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB, _SQLITE_PERM = 11, 13, 14, 26, 3
_NEARLY_FULL = 1024 * 1024  # bytes free below which an I/O error is a full disk
_FAT32_LARGEST = 4 * 1024**3 - 1  # the largest file a FAT32 drive (many USB drives) holds
# Older drivers give no code, only SQLite's sentence
_BY_SENTENCE = {
    "database or disk is full": _SQLITE_FULL,
    "disk i/o error": _SQLITE_IOERR,
    "attempt to write a readonly database": _SQLITE_READONLY,
    "database is locked": _SQLITE_BUSY,
    "file is not a database": _SQLITE_NOTADB,
    "database disk image is malformed": _SQLITE_CORRUPT,
    "unable to open database file": _SQLITE_CANTOPEN,
}


def classify(exc: BaseException, db_path: Path | None = None) -> Fault | None:
    """The fault behind ``exc`` (a database error is about ``db_path``), or None. An error
    that already speaks to people (a UserError: "the server did not answer") keeps its own
    words, whatever OS error lies beneath it."""
    if isinstance(exc, UserError) and not isinstance(
            exc, FaultError | DatabaseLocked | DatabaseDamaged):
        return None
    for cause in _chain(exc):
        if isinstance(cause, FaultError):
            return cause.fault
        if isinstance(cause, DatabaseLocked):
            return Fault(Kind.LOCKED, cause.code, cause.params)
        if isinstance(cause, DatabaseDamaged):
            return Fault(Kind.DAMAGED, cause.code, cause.params)
        if isinstance(cause, OSError) and cause.errno is not None:
            fault = _os_fault(cause, db_path)
            if fault is not None:
                return fault
        code = _sqlite_code(cause)
        if code is not None and db_path is not None:
            fault = _sqlite_fault(code, Path(db_path), str(cause))
            if fault is not None:
                return fault
    return None


def leaves_connection_unusable(exc: BaseException) -> bool:
    """Whether the connection that raised ``exc`` must be discarded, not pooled again: once
    SQLCipher met a page that fails its check, that connection answers every later page read,
    of any table, with SQLITE_NOMEM, a MemoryError with no words, instead of naming the
    damage (seen on SQLCipher 4.12: tests/db/test_damaged_reads.py). A fresh connection
    names it again where it is, and reads the rest."""
    return isinstance(exc, MemoryError) or _sqlite_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return seen


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    if type(exc).__module__.startswith(("sqlite3", "sqlcipher3")):
        return _BY_SENTENCE.get(str(exc).strip().lower())
    return None


def _os_fault(exc: OSError, db_path: Path | None) -> Fault | None:
    where = Path(exc.filename) if exc.filename else db_path
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return Fault(Kind.DISK_FULL, "FAULT_DISK_FULL", {"path": where or ""})
    if exc.errno == errno.EROFS:
        return _read_only(where)
    if exc.errno == errno.EFBIG:
        return _too_large(where)
    if exc.filename is None:
        return None  # refused or failed, but not a file: a socket, a process, …
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _no_access(where)
    if exc.errno == errno.EIO and where is not None:
        return _io_error(where)
    return None


def _sqlite_fault(code: int, db_path: Path, detail: str) -> Fault | None:
    if code == _SQLITE_FULL:
        return Fault(Kind.DISK_FULL, "FAULT_DISK_FULL", {"path": db_path})
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return _no_access(db_path)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return Fault(Kind.LOCKED, "FAULT_DB_BUSY", {"path": db_path})
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        # The key was right (a wrong one is WrongPassphrase, raised at opening): the file is
        # damaged, and the damage message names the backup to restore.
        from desktop_app.db.backups import backups_of

        damage = DatabaseDamaged(db_path, detail, backups_of(db_path))
        return Fault(Kind.DAMAGED, damage.code, damage.params)
    if code == _SQLITE_IOERR:
        return _io_error(db_path)
    return None


def _io_error(where: Path) -> Fault:
    """SQLite says "disk I/O error", not "full", when the disk fills while it grows the WAL
    or its shared-memory file (its extended code is not passed up by the driver); on a disk
    with (almost) no space left that is what happened, and freeing space is what to do. It
    says the same when the file may grow no more (EFBIG: a FAT32 drive's 4 GB, a size
    limit set for the process): the database or its WAL is then at that size."""
    if _at_size_limit(where):
        return _too_large(where)
    try:
        free = shutil.disk_usage(where.parent).free
    except OSError:
        free = None
    if free is not None and free < _NEARLY_FULL:
        return Fault(Kind.DISK_FULL, "FAULT_DISK_FULL", {"path": where})
    return Fault(Kind.DISK_ERROR, "FAULT_DISK_ERROR", {"path": where})


def _too_large(where: Path | None) -> Fault:
    """The file may grow no more on this drive: no space to free will help, only moving
    the data to a drive that takes larger files. A disk-full fault, as a script sees it."""
    return Fault(Kind.DISK_FULL, "FAULT_FILE_TOO_LARGE", {"path": where or ""})


def _at_size_limit(db_path: Path) -> bool:
    """Whether the database at ``db_path`` or its WAL is within a megabyte of the largest
    file this process may write there (its RLIMIT_FSIZE, or FAT32's 4 GB)."""
    largest = _FAT32_LARGEST
    with contextlib.suppress(ImportError, OSError, ValueError):  # no resource on Windows
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY:
            largest = min(largest, soft)
    for file in (db_path, Path(f"{db_path}-wal")):
        with contextlib.suppress(OSError):
            if file.stat().st_size > largest - _NEARLY_FULL:
                return True
    return False


def _no_access(where: Path | None) -> Fault:
    """Refused by the OS: a read-only folder or file (its owner may not write it either: the
    person, a sync tool or a write-protected drive made it so) or, when the owner may
    write, an account without the rights."""
    if where is None:
        return Fault(Kind.NO_PERMISSION, "FAULT_NO_PERMISSION", {"path": ""})
    for candidate in (where, where.parent):
        if _read_only_place(candidate):
            return _read_only(candidate)
    return Fault(Kind.NO_PERMISSION, "FAULT_NO_PERMISSION", {"path": where})


def _read_only(where: Path | None) -> Fault:
    return Fault(Kind.READ_ONLY, "FAULT_READ_ONLY", {"path": where or ""})


def _read_only_place(path: Path) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    if getattr(st, "st_file_attributes", 0) & getattr(stat, "FILE_ATTRIBUTE_READONLY", 0):
        return True  # Windows' read-only attribute
    return os.name == "posix" and st.st_uid == os.geteuid() and not st.st_mode & stat.S_IWUSR
