"""Imports a killed process left ``running``: closed when the database is next opened.

An import begins its batch before its first chunk and finishes it after its last; killed
in between (the laptop's power, the task manager), the batch stays ``running`` with no
counts, and the list said "running, or never finished" with 0 doses for good, even when
every chunk had been stored. Only one process holds a database (db/instance_lock.py), so
at open nothing can still be running it: the batch is closed as failed part-way, with what
its doses and people say was stored, and an audit entry saying so.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import Dose, ImportBatch, Person
from desktop_app.db.store import audit_entry

INTERRUPTED = "interrupted"  # the audit's word for why it failed: the process was gone


def close_interrupted_imports(session: Session, now: datetime) -> list[int]:
    """Close every batch still ``running`` (see the module); returns their ids."""
    closed = []
    for batch in session.scalars(select(ImportBatch).where(ImportBatch.outcome == "running")):
        stored = session.scalar(select(func.count()).select_from(Dose).where(
            Dose.import_batch_id == batch.id)) or 0
        batch.people = session.scalar(select(func.count()).select_from(Person).where(
            Person.import_batch_id == batch.id)) or 0
        batch.outcome = "failed"
        batch.counts = json.dumps({"imported": stored})  # flagged among them: not known
        session.add(audit_entry("import", "file", str(batch.id), {
            "file": batch.file_name, "sheet": batch.sheet, "batch": batch.id,
            "failed": INTERRUPTED, "committed": stored}, now, batch.user_id))
        closed.append(batch.id)
    return closed
