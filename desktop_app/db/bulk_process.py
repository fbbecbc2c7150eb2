"""The bulk writer's other half for big imports: a separate process that owns the inserts.

On two cores a million-row import is two jobs of about the same size: reading and
cleaning rows (Python) and inserting them (SQLite). A thread cannot run them side by side
(the GIL), a process can. This module imports nothing but the standard library, so the
process starts in a fraction of a second; chunks arrive as plain tuples through a queue,
serialised with ``marshal``, not the queue's pickle: the chunk is only str, int, None,
tuples, lists and dicts, which marshal writes five times as fast (0.3 s against 1.5 s for
a million rows, on the importer's side, which sets the pace) and reads a quarter faster.
Both ends are the same interpreter, the one format marshal guarantees.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.db import cipher
from desktop_app.db.bulk_sql import add_deferred_name_words, add_deferred_tallies, write_chunk
from desktop_app.db.waiting_writers import let_go_first

if TYPE_CHECKING:
    from desktop_app.db.faults import Fault

_STOP = "stop"
# Secondary indexes a big import drops while it inserts and rebuilds at the end: these are
# the ones whose keys arrive in random order (names, ID numbers, phones, dates), so keeping
# them up to date row by row costs a B-tree walk and a page write per row. Indexes whose keys
# arrive in order (time-ordered ids, the outbox's state and time) are kept: appending to them
# is cheaper than rebuilding. Unique indexes always stay (they are constraints). A crash in
# between leaves them missing; open_database recreates them.
DEFERRED_INDEXES = ("ix_person_name_key", "ix_person_id_number", "ix_person_phone",
                    "ix_person_phone_tail", "ix_dose_date", "ix_dose_product_date")


POLL_SECONDS = 0.5  # how often each side looks whether the other is still there


class WriterFailed(RuntimeError):
    """The writer could not go on: ``code`` keys the reason in the message catalogue
    (IMPORT_WRITER_DIED, IMPORT_DISK_FULL, IMPORT_WRITER_FAILED…), ``params`` fill it. A
    fault of the machine behind it (a full disk) is its cause, as ``faults.classify`` finds
    it: the CLI's exit code says which."""

    def __init__(self, code: str, /, fault: Fault | None = None, **params: Any) -> None:
        super().__init__(f"{code} {params}")
        self.code, self.params, self.fault = code, params, fault
        if fault is not None:
            from desktop_app.db.faults import FaultError

            self.__cause__ = FaultError(fault)

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent from the writer's process: an exception pickles its message only.
        return _writer_failed, (self.code, self.fault, self.params)


def _writer_failed(code: str, fault: Fault | None, params: dict[str, Any]) -> WriterFailed:
    return WriterFailed(code, fault, **params)


# The reasons a fault of the machine is said by, in the import's own message
_FAULT_REASONS = {"FAULT_DISK_FULL": "IMPORT_DISK_FULL",
                  "FAULT_FILE_TOO_LARGE": "IMPORT_DB_AT_SIZE_LIMIT",
                  "FAULT_DISK_ERROR": "IMPORT_DISK_ERROR",
                  "FAULT_READ_ONLY": "IMPORT_READ_ONLY",
                  "FAULT_NO_PERMISSION": "IMPORT_NO_PERMISSION",
                  "FAULT_DB_BUSY": "IMPORT_DB_BUSY"}


def failure(exc: BaseException, db_path: Path) -> WriterFailed:
    """An error writing the database at ``db_path``, as a reason: a fault of the machine
    (db/faults.py) in words, anything else as it was raised."""
    from desktop_app.db.faults import classify

    fault = classify(exc, db_path)
    if fault is not None and fault.code in _FAULT_REASONS:
        return WriterFailed(_FAULT_REASONS[fault.code], fault)
    return WriterFailed("IMPORT_WRITER_FAILED", fault, detail=f"{type(exc).__name__}: {exc}")


class ProcessBulkWriter:
    """Same contract as ``bulk.BulkWriter``: ``put`` chunks, ``close`` waits and raises
    (a WriterFailed); ``committed_doses`` counts the doses of the chunks committed.

    Each side watches the other: a ``put`` or ``close`` waiting on a writer that died
    (killed, out of memory) raises within POLL_SECONDS instead of waiting for ever, and
    the writer stops when the importer's process is gone (it would otherwise live on with
    the database open). The writer's dropped indexes then come back at the next
    ``open_database``, or at once through ``restore_indexes``."""

    def __init__(self, db_path: str, key: cipher.FileKey, now: str, *, depth: int = 3,
                 defer_indexes: bool = True, waiting_writers: Any = None,
                 batch: int | None = None) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a Qt process
        self.now = now
        self._chunks: Any = context.Queue(maxsize=depth)
        self._errors: Any = context.Queue()
        self._committed: Any = context.Value("q", 0, lock=False)
        self._process = context.Process(target=_write_chunks, name="vaxdesk-bulk-writer",
                                        args=(db_path, key, now, self._chunks,
                                              self._errors, defer_indexes, self._committed,
                                              waiting_writers, batch),
                                        daemon=True)
        with _sigint_ignored():  # the writer starts deaf to Ctrl+C (see _write_chunks)
            self._process.start()
        self.error: WriterFailed | None = None

    @property
    def committed_doses(self) -> int:
        return int(self._committed.value)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def put(self, people: list[tuple], doses: list[tuple],
            audit: dict[str, Any] | None = None, corrections: list[tuple] = ()) -> None:
        self._check()
        self._hand_over(marshal.dumps((people, doses, audit, corrections)))

    def close(self) -> None:
        with contextlib.suppress(WriterFailed):  # a dead writer needs no stop
            self._hand_over(_STOP)
        while self._process.is_alive():
            self._process.join(POLL_SECONDS)
        self._check()
        if self._process.exitcode not in (0, None) and self.error is None:
            self.error = WriterFailed("IMPORT_WRITER_DIED", code=self._process.exitcode)
        if self.error is not None:
            raise self.error

    def _hand_over(self, item: Any) -> None:
        while True:
            try:
                self._chunks.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._check()

    def _check(self) -> None:
        with contextlib.suppress(queue.Empty):
            if self.error is None:
                self.error = self._errors.get_nowait()
        if self.error is None and not self._process.is_alive() \
                and self._process.exitcode not in (0, None):
            with contextlib.suppress(queue.Empty):  # its last words, if it had time
                self.error = self._errors.get(timeout=POLL_SECONDS)
            self.error = self.error or WriterFailed("IMPORT_WRITER_DIED",
                                                    code=self._process.exitcode)
        if self.error is not None:
            raise self.error


def _write_chunks(db_path: str, key: cipher.FileKey, now: str, chunks: Any, errors: Any,
                  defer_indexes: bool, committed: Any, waiting: Any = None,
                  batch: int | None = None) -> None:
    gc.disable()  # this process only unpickles and inserts tuples: no cycles to collect
    _die_with_parent()
    # A terminal's Ctrl+C reaches the whole process group: the importer decides (it stops
    # reading and hands this process what it read, then its stop); killed by it here, the
    # writer left a command hung in its clean-up and the import "failed part-way".
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        return  # the importer died while this process was starting
    conn = cipher.connect(db_path, key, isolation_level=None, timeout=60)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "cache_size=-65536", "temp_store=MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    failed = False
    deferred = _drop_indexes(conn) if defer_indexes else []
    while True:
        try:
            item = chunks.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                conn.close()  # the importer is gone: nothing more will come
                return  # the indexes come back at the next open_database
            continue
        if item == _STOP:
            break
        if failed:
            continue  # drain; the parent learns of the error at its next put
        try:
            people, doses, audit, corrections = marshal.loads(item)
            _begin(conn, waiting)
            write_chunk(conn, now, people, doses, audit, corrections, deferred=defer_indexes,
                        batch=batch)
            conn.execute("COMMIT")
            committed.value += len(doses)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, in words
            failed = True
            with contextlib.suppress(Exception):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            errors.put(failure(exc, Path(db_path)))
    # The end's work, a step a transaction: one held the write lock for all of it (~10 s
    # on the README's machine, twice that on a slower laptop), longer than a desk save
    # waits (busy_timeout), so the clerk's saves failed as the import finished. Each step
    # stands alone: an index missing or a note left behind is finished by open_database
    # (database.restore_indexes), and a desk save between two steps is counted by the
    # triggers as any other (the words are added with INSERT OR IGNORE and counted whole,
    # the tallies are sums).
    steps = [lambda sql=sql: conn.execute(sql) for sql in deferred]
    steps += [lambda: add_deferred_name_words(conn, counts=False),  # NAME_WORDS_PENDING
              lambda: add_deferred_name_words(conn),  # their counts, the note taken
              lambda: add_deferred_tallies(conn)]  # bulk_sql.TALLIES_PENDING
    try:
        for step in [] if failed else steps:  # failed: the importer restores (_failed)
            _begin(conn, waiting)
            step()
            conn.execute("COMMIT")
    except Exception as exc:  # noqa: BLE001 - open_database rebuilds them on next start
        errors.put(failure(exc, Path(db_path)))
    conn.close()


def _begin(conn: cipher.Connection, waiting: Any) -> None:
    """The write lock, once the app's waiting writes (a desk save) have had it: SQLite's
    lock is not fair to them (db/waiting_writers.py)."""
    if waiting is not None:
        let_go_first(waiting)
    conn.execute("BEGIN IMMEDIATE")


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while the writer process starts, which it keeps from its first
    instruction: a Ctrl+C during the second its interpreter takes to start (re-importing
    the command's modules) killed it before ``_write_chunks`` could ignore it. Only the
    main thread sets handlers (the app starts writers on its own threads: no Ctrl+C)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _die_with_parent() -> None:
    """On Linux, the kernel kills this process the moment the importer's thread that
    started it is gone (a chunk being written rolls back: it is one transaction). It is
    the thread that runs the whole import, so it outlives the writer in every normal run.
    Elsewhere, and as a second guard, the loop polls the parent between chunks."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _drop_indexes(conn: cipher.Connection) -> list[str]:
    names = ", ".join(f"'{n}'" for n in DEFERRED_INDEXES)
    found = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                         f" AND name IN ({names})").fetchall()
    conn.execute("BEGIN IMMEDIATE")
    for name, _sql in found:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("COMMIT")
    return [sql for _name, sql in found]
