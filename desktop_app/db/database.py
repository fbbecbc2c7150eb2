"""Open a site database safely: encrypted, one instance, an intact file, the current schema,
the catalogue.

``open_database`` is the only way the app, the CLI, the tests and the benchmarks get at a
database file, so every one of them gets the same guarantees.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now
from desktop_app.db import clean_check, retired_keys, waiting_writers
from desktop_app.db.backups import backups_of, opening_first
from desktop_app.db.catalogue_sync import current_catalogue, load_catalogue
from desktop_app.db.cipher import (
    Connection,
    DatabaseError,
    FileKey,
    change_key,
    connect,
    encrypt_plain_file,
    is_plain,
    key_for,
)
from desktop_app.db.engine import WRITE_OPTION, make_engine, quick_check
from desktop_app.db.errors import (
    DatabaseDamaged,
    NotADatabasePath,
    PassphraseMissing,
    PassphraseReplaced,
    WrongPassphrase,
)
from desktop_app.db.faults import leaves_connection_unusable
from desktop_app.db.instance_lock import InstanceLock
from desktop_app.db.interrupted_imports import close_interrupted_imports
from desktop_app.db.interrupted_issues import (
    finish_interrupted_batches,
    finish_interrupted_namings,
    remove_quietly,
)
from desktop_app.db.interrupted_restore import finish_restore
from desktop_app.db.schema_snapshot import create_from_snapshot
from desktop_app.db.schema_version import HEAD_REVISION, stored_revision
from desktop_app.db.store import audit_entry
from desktop_app.paths import make_private_file, make_private_folder
from desktop_app.rules.catalogue import Catalogue, default_catalogue


@dataclass
class Database:
    path: Path
    engine: Engine
    catalogue: Catalogue = field(repr=False)
    key: FileKey = field(default=None, repr=False)  # type: ignore[assignment]
    backup_made: Path | None = None
    _lock: InstanceLock | None = field(default=None, repr=False)
    # Set once the file passed its integrity check; writes wait for it (see transaction()).
    _checked: threading.Event = field(default_factory=threading.Event, repr=False)
    _damage: DatabaseDamaged | None = field(default=None, repr=False)
    # When the file last passed a full check: in this session, or before it if it is exactly
    # as VaxDesk closed it since (db/clean_check.py). Recorded again at a clean close.
    _verified_at: datetime | None = field(default=None, repr=False)
    # Trusted from that record at opening: writes go at once, the full check is still due
    # (the app runs it in the background when idle).
    trusted_unchanged: bool = False
    # The hot reads' own connections (rows()), warmest last; as many as read at once.
    _readers: list[Connection] = field(default_factory=list, repr=False)
    _closing: bool = field(default=False, repr=False)
    # The engine's writes waiting for the lock, for a bulk writer process to let them go
    # first (db/waiting_writers.py).
    waiting_writers: Any = field(default=None, repr=False)
    # What opening it did to a restore a kill stopped (interrupted_restore.finish_restore),
    # for the shells to say: the restore's own message never was.
    restore_finished: dict[str, str] | None = None

    def check_integrity(self) -> None:
        """Run SQLite's quick_check; raise DatabaseDamaged if it fails. Safe to run on its own
        thread while other threads read (WAL); every write waits for its verdict, unless the
        file was trusted unchanged at opening: then the writes after a failed check fail."""
        started = utc_now()
        try:
            problem = quick_check(self.path, self.key)
            if problem is not None:
                self._damage = DatabaseDamaged(self.path, problem, opening_first(
                    backups_of(self.path), lambda _copy: self.key))
                clean_check.forget(self.path)
                raise self._damage
            self._verified_at = started
            self.trusted_unchanged = False
        finally:
            self._checked.set()

    @property
    def integrity_checked(self) -> bool:
        return self._checked.is_set() and self._damage is None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together at the end of the block, or not at all.

        Nothing is written to a file that has not passed its integrity check: a write that
        comes while the check still runs waits for it, and after a failed check raises."""
        self._checked.wait()
        if self._damage is not None:
            raise self._damage
        with self.engine.connect() as conn, Session(
                conn.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False,
                join_transaction_mode="create_savepoint") as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def rows(self) -> Iterator[Connection]:
        """A long-lived DB-API connection inside one read transaction, for the desk's hot
        reads (search, ID and phone lookup, the person card): plain SQL, rows as tuples.

        Through SQLAlchemy 95-98 % of such a read was overhead (statement building, result
        objects); here the driver keeps each SQL text prepared on its connection
        (``cached_statements``). The connections are the reads' own, kept aside from the
        engine's pool: its checkout, events and reset on return cost ~13 us, half of an ID
        lookup's whole overhead (bench/hot_reads.py). The one used last is handed out first
        (its page cache is warm); there are only as many as have read at the same time.
        One transaction: what it reads is one snapshot."""
        try:
            conn = self._readers.pop()  # atomic: no lock needed between threads
        except IndexError:
            pooled = self.engine.raw_connection()  # made and set up as every connection
            conn = pooled.driver_connection
            pooled.detach()  # ours from now on; closed by close()
        try:
            conn.execute("BEGIN")
            yield conn
        except BaseException as exc:
            if leaves_connection_unusable(exc):  # as the engine does (engine.py): dropped
                conn.close()
                raise
            self._end_read(conn)
            raise
        self._end_read(conn)

    def _end_read(self, conn: Connection) -> None:
        """The read's transaction ended and its connection kept for the next, unless it
        cannot be (closed under it, damaged: a bare MemoryError) or the database is closed
        (a read that was still running when close() came)."""
        try:
            conn.execute("ROLLBACK")
        except (DatabaseError, MemoryError):
            conn.close()
            return
        if self._closing:
            conn.close()
        else:
            self._readers.append(conn)

    def change_key(self, new: FileKey) -> None:
        """Re-encrypt the file under ``new`` and go on with it. Only while nothing else uses
        this database: the app calls it between two windows, with its work done and its
        timers stopped (ui/app.py), the CLI before anything else. Every other connection
        held the old key; they are closed first and made anew with the new one."""
        self._checked.wait()
        if self._damage is not None:
            raise self._damage
        self._drop_readers()
        self.engine.dispose()
        conn = connect(self.path, self.key, isolation_level=None)
        try:
            change_key(conn, new)
        finally:
            conn.close()  # folds the re-encrypted pages from the log into the file
        self.key = new
        self.engine = make_engine(self.path, new, self.waiting_writers)

    def _drop_readers(self) -> None:
        while True:
            try:
                self._readers.pop().close()
            except IndexError:  # empty, or another thread's read took the last one
                break

    def close(self) -> None:
        self._closing = True
        self._drop_readers()
        self.engine.dispose()
        if self._lock is not None and self._checked.is_set() and self._damage is None \
                and self._verified_at is not None:
            with contextlib.suppress(OSError):  # no record: the next start checks in full
                clean_check.remember(self.path, self._verified_at)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_database_path(path: Path) -> None:
    """NotADatabasePath when ``path`` is a folder, or lies under a file: said as such, where
    the OS's "permission denied" or "file exists" says something else."""
    if path.is_dir():
        raise NotADatabasePath(path)
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise NotADatabasePath(path, folder)
            return


def open_database(
    path: Path, passphrase: str | None, catalogue: Catalogue | None = None, *,
    defer_integrity_check: bool = False,
) -> Database:
    """Open (creating if needed) the encrypted database at ``path`` with the site passphrase.

    Raises PassphraseMissing without one, WrongPassphrase if it does not open the file,
    DatabaseLocked if another instance has it open (by any name: db/instance_lock.py),
    DatabaseDamaged if the file fails its integrity check (it is then left untouched),
    DatabaseTooNew for a newer schema; the OS's own errors (a read-only folder, a full disk)
    pass through for db/faults.py to name. A plain file from before encryption is encrypted
    in place first (``cipher.encrypt_plain_file``), its backups with it.

    The integrity check reads the whole file (seconds for a large site). With
    ``defer_integrity_check`` the caller runs ``db.check_integrity()`` itself, e.g. beside
    the window, so the search box is ready at once; writes wait for the check, except on a
    file exactly as VaxDesk closed it after a passed check (``db.trusted_unchanged``,
    db/clean_check.py): there the caller runs the check when idle, and writes after a failed
    one fail. A file that needs a migration is always checked first, before anything is
    written to it. A new file is made from the schema snapshot (db/schema_snapshot.py),
    except where a restore was stopped between its renames: that one is finished (or the
    file it set aside put back) first, audited (db/interrupted_restore.py) and kept as
    ``restore_finished`` for the app and the CLI to say.
    """
    path = Path(path)
    check_database_path(path)
    if not passphrase:
        raise PassphraseMissing(path)
    make_private_folder(path.parent)
    lock = lock_file(path)
    db: Database | None = None
    try:
        restored = finish_restore(path, passphrase)  # never a new, empty file in its place
        existing = path.exists() and path.stat().st_size > 0
        # Looked at before anything opens it: an unchanged file since a clean close.
        trusted_since = clean_check.trusted_since(path) if existing else None
        if path.exists() and not existing and (backups_of(path) or Path(f"{path}-wal").exists()):
            # An empty file where a database was: never made into a new, empty one.
            raise DatabaseDamaged(path, "the file is empty", backups_of(path))
        key = key_for(path, passphrase)
        if existing and is_plain(path):
            encrypt_plain_file(path, key)
            lock.hold_identity()  # the encrypted file's number at once, not the freed plain one's
        if existing:
            _try_key(path, passphrase, key)  # WrongPassphrase here, before anything else
            # Its backups at every opening, once the key is known to be the file's: a power
            # cut after the file and before its copies left them readable by anyone, and the
            # file, encrypted, was never converted again to bring them along.
            for copy in backups_of(path):
                if is_plain(copy):
                    encrypt_plain_file(copy, key)
            # Opens the file, so not replaced: a change killed before its rekey retired it.
            retired_keys.unretire(path, key)
        else:
            create_from_snapshot(path, key)  # the migrations' result in one step, no Alembic
        needs_migration = stored_revision(path, key) != HEAD_REVISION
        writers = waiting_writers.counter()
        db = Database(path, make_engine(path, key, writers), catalogue or default_catalogue(),
                      key, None, lock, waiting_writers=writers,
                      restore_finished=restored)
        if existing and (needs_migration or not defer_integrity_check):
            db.check_integrity()
        elif existing and trusted_since is not None:
            db._verified_at, db.trusted_unchanged = trusted_since, True
            db._checked.set()
        if needs_migration:
            from desktop_app.db.migrate import migrate_to_head  # Alembic only when needed

            db.backup_made = migrate_to_head(db.engine, path, key)
        if not existing:
            db._verified_at = utc_now()
            db._checked.set()  # a file we just created is intact by construction
        with Session(db.engine) as session, session.begin():
            restore_indexes(session)
            close_interrupted_imports(session, utc_now())  # no other process can run one
            finish_interrupted_namings(session)  # a PDF named, its recording cut off
            joined_parts = finish_interrupted_batches(session)  # a batch cut off: said
            _mark_restored_days(session)
            if restored:
                session.add(audit_entry("restore", "file", path.name, restored, utc_now(),
                                        None))
            if catalogue is None:
                db.catalogue = current_catalogue(session)
            load_catalogue(session, db.catalogue)
        for part in joined_parts:  # in the file asked for, as the committed note says
            remove_quietly(part)
        lock.hold_identity()  # the file created or swapped in above: its inode, locked
    except BaseException:
        if db is not None:
            db.engine.dispose()
        lock.release()
        raise
    for own in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), *lock.files):
        make_private_file(own)
    return db


def open_beside(path: Path, key: FileKey) -> Database:
    """The file at ``path`` as it is, for a few short reads and writes beside whatever else
    has it open (the app, WAL): no instance lock, no integrity check, no migration, nothing
    written at opening. Only for a file of this version's schema, and only where
    ``open_database`` cannot be used: a restore's login counted in the file it would replace
    (``services/restore_login.py``), which VaxDesk may have open or may be too damaged to
    open whole. The caller closes it (which releases nothing but its connections)."""
    db = Database(path, make_engine(path, key), default_catalogue(), key)
    db._checked.set()  # nothing to wait for: its few writes go at once
    return db


def lock_file(path: Path) -> InstanceLock:
    """Take the one-instance lock of the file at ``path``, by whatever name (OS locks: freed
    if the process dies; see db/instance_lock.py), or raise DatabaseLocked. The caller
    releases it."""
    return InstanceLock(path).acquire()


def _try_key(path: Path, passphrase: str, key: FileKey) -> None:
    """Raise WrongPassphrase if the key does not open the file. A file whose first page is
    damaged looks the same to SQLCipher; if the passphrase opens one of its backups, it is
    the file that is at fault, and DatabaseDamaged says how to restore."""
    try:
        connect(path, key).close()
    except WrongPassphrase:
        if retired_keys.is_retired(path, key):
            raise PassphraseReplaced(path) from None
        backups = backups_of(path)
        for copy in backups:
            try:
                connect(copy, key_for(copy, passphrase)).close()
            except (WrongPassphrase, DatabaseError):
                continue
            raise DatabaseDamaged(path, "page 1 cannot be decrypted", opening_first(
                backups, lambda c: key_for(c, passphrase))) from None
        raise


def _mark_restored_days(session: Session) -> None:
    """The days a restore of a copy from before migration 0020 noted for the next site
    report (settings.RESTORE_DAYS_NOTED), marked now that the migration made their table."""
    from desktop_app.db.report_queries import mark_noted_days

    mark_noted_days(session.connection().connection.driver_connection)


def restore_indexes(session: Session) -> None:
    """Recreate any index the schema declares but the file lacks: a big import drops some
    while it inserts (db/bulk_process.py) and rebuilds them at the end; if it was killed
    in between, this is where they come back, the name words it left for its end
    (bulk_sql.NAME_WORDS_PENDING) are added and the report tallies counted again
    (bulk_sql.TALLIES_PENDING). A cheap look at sqlite_master and two settings otherwise."""
    from sqlalchemy import text

    from desktop_app.db.bulk_sql import add_deferred_name_words, add_deferred_tallies
    from desktop_app.db.models import Base

    present = set(session.execute(text(
        "SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
    conn = session.connection()
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            if index.name not in present:
                index.create(conn)
    add_deferred_name_words(conn.connection.driver_connection)
    add_deferred_tallies(conn.connection.driver_connection)
