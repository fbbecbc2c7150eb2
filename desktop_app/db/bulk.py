"""Bulk writes for imports: people, doses and their sync-outbox rows, on a writer thread.

The desk saves one record at a time through ``store``; an import of a million rows cannot
(the ORM would take many minutes). ``BulkWriter`` takes ready rows in chunks and writes each
chunk in one transaction with plain ``executemany``, on its own thread: SQLite releases the
GIL while it works, so the next chunk is read and cleaned while this one is written.
Each chunk is committed whole or not at all; a chunk handed over is written even if the
import is stopped, so "what was committed" is exactly what was handed over.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Any

from desktop_app.db.database import Database

if TYPE_CHECKING:
    from desktop_app.db.bulk_process import ProcessBulkWriter

from desktop_app.db.bulk_sql import write_chunk

_STOP = object()


class BulkWriter:
    """``put(people, doses, audit, corrections)`` hands over a chunk; ``close()`` waits for
    every chunk to be committed and raises the first error the writer met (later chunks are
    then dropped)."""

    def __init__(self, db: Database, now: str, *, depth: int = 2,
                 batch: int | None = None) -> None:
        self.db = db
        self.now = now
        self.batch = batch  # the import's batch id its rows carry (None: a paper form)
        self.committed_doses = 0
        self.error: BaseException | None = None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def put(self, people: list[tuple], doses: list[tuple],
            audit: dict[str, Any] | list[dict[str, Any]] | None = None,
            corrections: list[tuple] = ()) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put((people, doses, audit, corrections))

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if self.error is not None:
                continue  # drain: the producer learns of the error at its next put
            try:
                self._write(*item)
            except BaseException as exc:  # noqa: BLE001 - handed to the producer
                self.error = exc

    def _write(self, people: list[tuple], doses: list[tuple],
               audit: dict[str, Any] | list[dict[str, Any]] | None,
               corrections: list[tuple]) -> None:
        with self.db.transaction() as s:
            # The raw sqlite3 connection, inside the session's transaction.
            write_chunk(s.connection().connection.driver_connection, self.now, people, doses,
                        audit, corrections, batch=self.batch)
        self.committed_doses += len(doses)


def bulk_writer(db: Database, now: str, *, large: bool, defer_indexes: bool = False,
                batch: int | None = None) -> BulkWriter | ProcessBulkWriter:
    """A process for a big import (true parallel inserts), a thread for a small one (a
    process costs ~0.5 s to start). ``defer_indexes``: rebuild the random-order indexes at
    the end instead of row by row, worth it when the import outweighs what is there.
    ``batch``: the import's id (``import_batch``), written into its people and doses."""
    if large:
        from desktop_app.db.bulk_process import ProcessBulkWriter

        with db.transaction():
            pass  # waits for the integrity check, as every write must
        return ProcessBulkWriter(str(db.path), db.key, now, defer_indexes=defer_indexes,
                                 waiting_writers=db.waiting_writers, batch=batch)
    return BulkWriter(db, now, batch=batch)
