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
from datetime import datetime
from typing import Any

from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person, SyncRecord

PERSON_COLUMNS = ("id", "site_id", "full_name", "name_key", "dob", "sex", "id_type",
                  "id_number", "nationality", "phone", "address", "created_at", "updated_at",
                  "cleaning_reason")
DOSE_COLUMNS = ("id", "person_id", "site_id", "product_code", "lot_number", "dose_number",
                "dose_date", "source", "status", "facility_name", "entered_at", "updated_at")
_PERSON_INSERT = (f"INSERT INTO {Person.__tablename__} ({', '.join(PERSON_COLUMNS)}, "
                  f"identity_verified) VALUES ({', '.join('?' * len(PERSON_COLUMNS))}, 0)")
_DOSE_INSERT = (f"INSERT INTO {Dose.__tablename__} ({', '.join(DOSE_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(DOSE_COLUMNS))})")
_OUTBOX_INSERT = (
    f"INSERT INTO {SyncRecord.__tablename__} (entity, record_id, state, local_version,"
    " synced_version, attempts, changed_at) VALUES (?, ?, 'pending', 1, 0, 0, ?)"
)
_STOP = object()


class BulkWriter:
    """``put(people, doses)`` hands over a chunk; ``close()`` waits for every chunk to be
    committed and raises the first error the writer met (later chunks are then dropped)."""

    def __init__(self, db: Database, now: datetime, *, depth: int = 2) -> None:
        self.db = db
        self.now = now
        self.committed_doses = 0
        self.error: BaseException | None = None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def put(self, people: list[tuple], doses: list[tuple], extra: Any = None) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put((people, doses, extra))

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

    def _write(self, people: list[tuple], doses: list[tuple], extra: Any) -> None:
        with self.db.transaction() as s:
            conn = s.connection()
            if people:
                conn.exec_driver_sql(_PERSON_INSERT, people)
            if doses:
                conn.exec_driver_sql(_DOSE_INSERT, doses)
            outbox = [("person", p[0], self.now) for p in people]
            outbox += [("dose", d[0], self.now) for d in doses]
            if outbox:
                conn.exec_driver_sql(_OUTBOX_INSERT, outbox)
            if extra is not None:
                s.add(extra)
        self.committed_doses += len(doses)
