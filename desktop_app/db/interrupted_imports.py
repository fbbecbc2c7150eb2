"""Imports a killed process left ``running``: closed when the database is next opened.

An import begins its batch before its first chunk and finishes it after its last; killed
in between (the laptop's power, the task manager), the batch stays ``running`` with no
counts, and the list said "running, or never finished" with 0 doses for good, even when
every chunk had been stored. Only one process holds a database (db/instance_lock.py), so
at open nothing can still be running it, and what it stored is read where it is:

- Its last chunk committed: that chunk's transaction also wrote the import's "import"
  audit entry with the report's counts (``backfill._audit``), so the file went in whole and
  only the closing steps (the indexes set aside, ``import_batches.finish``) were lost. The
  batch is closed as the import ended (done, or stopped by its Stop) with those counts.
- Otherwise: failed part-way, with what its doses and people say was stored, and an audit
  entry saying so (unless the failure already wrote one: a full disk refuses ``finish``).

``stored_by`` is the one way a failed import's stored doses and people are counted, here
and when an import fails in front of the volunteer (``import_batches.finish``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEntry, Dose, ImportBatch, Person
from desktop_app.db.store import audit_entry

# The audit's code for why it failed: the process was gone (a catalogue message; entries
# written before it was a code say "interrupted").
INTERRUPTED = "IMPORT_INTERRUPTED"


def stored_by(session: Session, batch_id: int) -> tuple[int, int]:
    """The doses and the people the batch's committed chunks wrote, as they are now."""
    doses = session.scalar(select(func.count()).select_from(Dose).where(
        Dose.import_batch_id == batch_id)) or 0
    people = session.scalar(select(func.count()).select_from(Person).where(
        Person.import_batch_id == batch_id)) or 0
    return doses, people


def import_entries(session: Session, batch_id: int) -> list[dict[str, Any]]:
    """The details of the batch's "import" audit entries, oldest first: the one its last
    chunk committed (no "failed"), and any its failure wrote (with "failed")."""
    rows = session.scalars(select(AuditEntry.details).where(
        AuditEntry.entity == "file", AuditEntry.action == "import",
        func.json_extract(AuditEntry.details, "$.batch") == batch_id)
        .order_by(AuditEntry.id))
    return [json.loads(details) for details in rows if details]


def close_interrupted_imports(session: Session, now: datetime) -> list[int]:
    """Close every batch still ``running`` (see the module); returns their ids."""
    closed = []
    for batch in session.scalars(select(ImportBatch).where(ImportBatch.outcome == "running")):
        stored, batch.people = stored_by(session, batch.id)
        batch.finished_at = now
        entries = import_entries(session, batch.id)
        whole = next((e for e in entries if not e.get("failed")), None)
        if whole is not None:  # the last chunk and its entry committed: nothing was lost
            batch.outcome = "stopped" if whole.get("cancelled") else "done"
            batch.counts = json.dumps(whole.get("counts") or {"imported": stored})
        else:
            batch.outcome = "failed"
            batch.counts = json.dumps({"imported": stored})  # flagged among them: not known
            if not entries:  # a failure that wrote its own entry is not said twice
                session.add(audit_entry("import", "file", str(batch.id), {
                    "file": batch.file_name, "sheet": batch.sheet, "batch": batch.id,
                    "failed": INTERRUPTED, "committed": stored}, now, batch.user_id))
        closed.append(batch.id)
    return closed
