"""Encryption at rest: every connection to a site database goes through ``connect`` here.

The file is a SQLCipher database (AES-256, an HMAC per page). Its key is derived from the
site passphrase with Argon2id, salted with the 16 random bytes SQLCipher keeps at the head
of the file, so nothing but the passphrase is needed to open it, the salt travels with the
file (and its backups), and each connection is keyed with the raw key at no KDF cost.

    key = key_for(path, "mật khẩu của điểm tiêm")
    conn = connect(path, key)

A plain SQLite file (made before encryption, or by an old version) is converted in place by
``encrypt_plain_file``: copied into a new encrypted file, checked table by table, then
swapped in; the plain file is never left behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3
from argon2.low_level import Type, hash_secret_raw

from desktop_app.db import audit_chain
from desktop_app.db.errors import WrongPassphrase
from desktop_app.paths import make_private_file
from desktop_app.rules.passphrase import composed, typed_forms

SQLITE_HEADER = b"SQLite format 3\x00"
SMALLEST_PAGE = 512  # bytes: SQLite's smallest page size
PAGE_BYTES = 4096  # SQLCipher's page, the one every site database is made with
SALT_BYTES = 16
KEY_BYTES = 32
# Argon2id at 64 MiB and two passes: ~130 ms on one core of a 2021 laptop, so a stolen
# file costs a guesser that much memory and time per try (RFC 9106's second choice).
KDF_TIME_COST = 2
KDF_MEMORY_KIB = 64 * 1024
KDF_LANES = 1
ENCRYPTING = ".encrypting"  # a plain file's encrypted copy until it takes its place
JOURNALS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database or a copy

Error = sqlcipher3.Error  # what every connection here raises (a DB-API module of its own)
DatabaseError = sqlcipher3.DatabaseError
R = TypeVar("R")
OperationalError = sqlcipher3.OperationalError
Connection = sqlcipher3.Connection


@dataclass(frozen=True, repr=False)
class FileKey:
    """The raw key of one file and the salt it was derived with (never printed)."""

    key: bytes
    salt: bytes

    def pragma(self, name: str = "key") -> str:
        # The salt is given with the key: a new file takes it, an existing one has it already.
        return f"PRAGMA {name} = \"x'{(self.key + self.salt).hex()}'\""

    def __repr__(self) -> str:
        return "FileKey(…)"


def key_for(path: Path, passphrase: str) -> FileKey:
    """The key of the file at ``path`` (its salt read from its head), or of a new file.
    The passphrase is taken composed (``rules.passphrase``); for a file made before under
    a decomposed one, typed so, the key as typed when only that one opens it."""
    salt = file_salt(path)
    if salt is None:
        return derive_key(passphrase, new_salt())
    key = derive_key(passphrase, salt)
    if len(typed_forms(passphrase)) > 1 and not opens(path, key):
        as_typed = _derive(passphrase, salt)
        if opens(path, as_typed):
            return as_typed
    return key


def opens(path: Path, key: FileKey) -> bool:
    """Whether ``key`` reads the file (any other failure is not the key's: said later). A
    file not there reads nothing (connecting would make an empty one in its place)."""
    if not Path(path).is_file():
        return False
    try:
        connect(path, key).close()
    except WrongPassphrase:
        return False
    except Error:
        return True
    return True


def new_salt() -> bytes:
    """A new file's salt: random, so each database (and its copies, which share it: their
    identity, db/backups.py) has a key of its own for the same passphrase."""
    return secrets.token_bytes(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> FileKey:
    """The key of ``passphrase`` (composed: ``rules.passphrase``) for ``salt``."""
    return _derive(composed(passphrase), salt)


@lru_cache(maxsize=16)  # reopening the same file in one process costs the KDF once
def _derive(passphrase: str, salt: bytes) -> FileKey:
    raw = hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=KDF_TIME_COST,
                          memory_cost=KDF_MEMORY_KIB, parallelism=KDF_LANES,
                          hash_len=KEY_BYTES, type=Type.ID)
    return FileKey(raw, salt)


def file_salt(path: Path) -> bytes | None:
    """The salt at the head of an encrypted file; None for a missing, empty or plain file."""
    head = _head(path)
    if len(head) < SALT_BYTES or head == SQLITE_HEADER:
        return None
    return head[:SALT_BYTES]


def is_plain(path: Path) -> bool:
    """A readable-by-anyone SQLite file (the header SQLite writes in clear)."""
    return _head(path) == SQLITE_HEADER


def may_be_encrypted(path: Path) -> bool:
    """Whether ``path`` could be an encrypted database at all: its size is a whole number
    of pages (a power of two, 512 bytes at least). A text file or a document is not, and is
    no backup whatever the passphrase; a file that is could still be anything, which only
    the key tells."""
    size = path.stat().st_size
    return size >= SMALLEST_PAGE and size % SMALLEST_PAGE == 0


def connect(path: Path | str, key: FileKey, *, check: bool = True, **kwargs: Any) -> Connection:
    """A DB-API connection to the encrypted file at ``path``. With ``check`` (the default)
    the key is tried at once, so a wrong passphrase raises ``WrongPassphrase`` here and not
    at the first query."""
    conn = sqlcipher3.connect(str(path), **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
        conn.execute(key.pragma())
        audit_chain.register(conn)  # the audit trigger chains entries with it
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongPassphrase(Path(path)) from None
        raise
    return conn


def read_other(path: Path, passphrase: str, read: Callable[[Connection], R]) -> R | None:
    """``read(conn)`` on the database file at ``path`` (not the one open: a copy, or the
    file a restore replaces), closed after; None when there is no file, it does not open
    with ``passphrase``, or is too damaged (or too old) for ``read``, which raises
    ``DatabaseError`` then. A restore reads what the copy lacks this way."""
    if not path.is_file():  # connect() would make a new file
        return None
    try:
        conn = connect(path, key_for(path, passphrase))
    except (WrongPassphrase, DatabaseError):
        return None
    try:
        return read(conn)
    except DatabaseError:
        return None
    finally:
        conn.close()


def pages_verify(path: Path, key: FileKey, pages: int = 64) -> bool:
    """Whether a page of the file at ``path`` other than its first verifies under ``key``
    (its HMAC, SQLCipher's own check): a file that does not open but is still this key's,
    its head damaged, rather than another key's whole file. Only the first ``pages`` are
    looked at, copied aside (a page's HMAC covers its number, so they verify there too):
    the check of a whole 1 GB file took seconds."""
    with open(path, "rb") as f:
        head = f.read(pages * PAGE_BYTES)
    probe = path.with_name(f"{path.name}.probe")
    try:
        probe.write_bytes(head)
        conn = connect(probe, key, check=False)
        try:
            failed = {r[0] for r in conn.execute("PRAGMA cipher_integrity_check")}
        except DatabaseError:
            return False
        finally:
            conn.close()
    finally:
        for leftover in (probe, *(probe.with_name(probe.name + j) for j in JOURNALS)):
            leftover.unlink(missing_ok=True)
    checked = len(head) // PAGE_BYTES
    return any(f"HMAC verification failed for page {n}" not in failed
               for n in range(2, checked + 1))


def change_key(conn: Connection, new: FileKey) -> None:
    """Re-encrypt every page of the file open on ``conn`` under ``new`` (SQLCipher's rekey).
    It is one write transaction: a crash leaves the file whole under the old key or the new.
    Any other connection to the file still holds the old key, and can no longer read it."""
    conn.execute(new.pragma("rekey"))


def encrypt_plain_file(path: Path, key: FileKey) -> None:
    """Convert the plain SQLite file at ``path`` into an encrypted one under ``key``: copy,
    verify (integrity and every table's row count), swap. Raises before the swap if the copy
    differs; the plain file is then untouched and the partial copy removed."""
    tmp = path.with_name(path.name + ENCRYPTING)
    tmp.unlink(missing_ok=True)
    try:  # whatever stops it (a full drive mid-export, a differing copy), no part is left
        plain = sqlcipher3.connect(str(path), isolation_level=None)
        try:
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            counts = _row_counts(plain)
            plain.execute(f"ATTACH DATABASE ? AS encrypted KEY "
                          f"\"x'{(key.key + key.salt).hex()}'\"", (str(tmp),))
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute("DETACH DATABASE encrypted")
        finally:
            plain.close()
        copy = connect(tmp, key)
        try:
            problem = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if problem != "ok" or _row_counts(copy) != counts:
                raise DatabaseError(f"the encrypted copy differs from the original: {problem}")
        finally:
            copy.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        make_private_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        for part in (tmp, *(Path(f"{tmp}{s}") for s in JOURNALS)):
            part.unlink(missing_ok=True)
        raise
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)  # the plain file's, now empty after the checkpoint


def _row_counts(conn: Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER))
    except OSError:
        return b""
