"""The bulk writer's other half for big imports: a separate process that owns the inserts.

On two cores a million-row import is two jobs of about the same size: reading and
cleaning rows (Python) and inserting them (SQLite). A thread cannot run them side by side
(the GIL), a process can. This module imports nothing but the standard library, so the
process starts in a fraction of a second; chunks arrive as plain tuples through a queue.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
from typing import Any

from desktop_app.db import cipher
from desktop_app.db.bulk_sql import write_chunk

_STOP = "stop"
# Secondary indexes a big import drops while it inserts and rebuilds at the end: these are
# the ones whose keys arrive in random order (names, ID numbers, phones, dates), so keeping
# them up to date row by row costs a B-tree walk and a page write per row. Indexes whose keys
# arrive in order (time-ordered ids, the outbox's state and time) are kept: appending to them
# is cheaper than rebuilding. Unique indexes always stay (they are constraints). A crash in
# between leaves them missing; open_database recreates them.
DEFERRED_INDEXES = ("ix_person_name_key", "ix_person_id_number", "ix_person_phone",
                    "ix_dose_date", "ix_dose_product_date")


class ProcessBulkWriter:
    """Same contract as ``bulk.BulkWriter``: ``put`` chunks, ``close`` waits and raises."""

    def __init__(self, db_path: str, key: cipher.FileKey, now: str, *, depth: int = 3,
                 defer_indexes: bool = True) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a Qt process
        self.now = now
        self._chunks: Any = context.Queue(maxsize=depth)
        self._errors: Any = context.Queue()
        self._process = context.Process(target=_write_chunks, name="vaxdesk-bulk-writer",
                                        args=(db_path, key, now, self._chunks,
                                              self._errors, defer_indexes),
                                        daemon=True)
        self._process.start()
        self.error: str | None = None

    def put(self, people: list[tuple], doses: list[tuple],
            audit: dict[str, Any] | None = None, corrections: list[tuple] = ()) -> None:
        self._check()
        self._chunks.put((people, doses, audit, corrections))

    def close(self) -> None:
        self._chunks.put(_STOP)
        self._process.join()
        self._check()
        if self._process.exitcode not in (0, None) and self.error is None:
            self.error = f"the writer process stopped with code {self._process.exitcode}"
        if self.error is not None:
            raise RuntimeError(self.error)

    def _check(self) -> None:
        with contextlib.suppress(queue.Empty):
            self.error = self.error or self._errors.get_nowait()
        if self.error is not None:
            raise RuntimeError(self.error)


def _write_chunks(db_path: str, key: cipher.FileKey, now: str, chunks: Any, errors: Any,
                  defer_indexes: bool) -> None:
    gc.disable()  # this process only unpickles and inserts tuples: no cycles to collect
    conn = cipher.connect(db_path, key, isolation_level=None, timeout=60)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "cache_size=-65536", "temp_store=MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    failed = False
    deferred = _drop_indexes(conn) if defer_indexes else []
    while True:
        item = chunks.get()
        if item == _STOP:
            break
        if failed:
            continue  # drain; the parent learns of the error at its next put
        people, doses, audit, corrections = item
        try:
            conn.execute("BEGIN IMMEDIATE")
            write_chunk(conn, now, people, doses, audit, corrections)
            conn.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - reported to the parent, in words
            failed = True
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            errors.put(f"{type(exc).__name__}: {exc}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        for sql in deferred:
            conn.execute(sql)
        conn.execute("COMMIT")
    except Exception as exc:  # noqa: BLE001 - open_database rebuilds them on next start
        errors.put(f"{type(exc).__name__}: {exc}")
    conn.close()


def _drop_indexes(conn: cipher.Connection) -> list[str]:
    names = ", ".join(f"'{n}'" for n in DEFERRED_INDEXES)
    found = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                         f" AND name IN ({names})").fetchall()
    conn.execute("BEGIN IMMEDIATE")
    for name, _sql in found:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("COMMIT")
    return [sql for _name, sql in found]
