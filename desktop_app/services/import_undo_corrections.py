"""An import's corrections of people already recorded, taken back by its undo: the wrong
file, or a column mapped wrong (phones read as addresses), corrected people as wrongly as
it stored doses. Each correction's audit entry names the import (``bulk_sql.IMPORT_KEY``);
the undo puts back each field's value from before, as a supervisor's correction at the desk
(``records.correct_person_in``: checked, audited as theirs, sent again, the certificates
printing the import's values revoked, the cleaning case following).

Left as they are: a person corrected since in a field the import changed (the value now is
not the import's), folded into another by a merge, or whose value from before would now be
an error (their old number has been given to someone else since). The flags an import put
on people (``cleaning_reason``) are not taken back: each names a problem someone looks at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.bulk_sql import IMPORT_KEY
from desktop_app.db.models import AuditEntry, Person
from desktop_app.importers.rows import CORRECTABLE
from desktop_app.services.actor import Actor
from desktop_app.services.records import correct_person_in


@dataclass(frozen=True)
class Correction:
    """What one import changed on one person: {field: [before, after]} as stored."""

    person_id: str
    changes: dict[str, list[Any]]


def corrections_of(s: Session, batch_id: int) -> list[Correction]:
    """The import's corrections of identity fields, one a person (a field changed twice
    by it keeps its first value before and its last after), in the order they were made."""
    entries = s.execute(
        select(AuditEntry.entity_id, AuditEntry.details)
        .where(AuditEntry.entity == "person", AuditEntry.action == "update",
               func.json_extract(AuditEntry.details, f"$.{IMPORT_KEY}") == batch_id)
        .order_by(AuditEntry.id)).all()
    merged: dict[str, dict[str, list[Any]]] = {}
    for pid, details in entries:
        changes = merged.setdefault(pid, {})
        for name, values in json.loads(details).items():
            if name in CORRECTABLE:
                changes[name] = [changes[name][0] if name in changes else values[0], values[1]]
    return [Correction(pid, changes) for pid, changes in merged.items() if changes]


TAKE, BACK, LEFT = "take", "back", "left"


def state(s: Session, correction: Correction) -> str:
    """TAKE: the person holds every value the import wrote (and is not folded into
    another); BACK: every value from before (an undo stopped part-way took it back);
    LEFT: anything else (corrected again since)."""
    person = s.get(Person, correction.person_id)
    if person is None or person.merged_into is not None:
        return LEFT
    now = {name: _stored(getattr(person, name)) for name in correction.changes}
    for which, at in ((TAKE, 1), (BACK, 0)):
        if all(now[name] == values[at] for name, values in correction.changes.items()):
            return which
    return LEFT


def take_back(s: Session, correction: Correction, *, actor: Actor, now: datetime) -> bool:
    """Each field put back as it was before the import, if still as the import left it
    (``state`` TAKE) and the values from before pass the desk's checks (``put_back``);
    whether it was. In the caller's transaction."""
    if state(s, correction) != TAKE:
        return False
    before = {name: _typed(name, values[0]) for name, values in correction.changes.items()}
    return correct_person_in(s, correction.person_id, before, actor=actor, now=now,
                             put_back=True).saved


def _stored(value: Any) -> Any:
    """A person's value as an audit entry keeps it (a date as ISO)."""
    return value.isoformat() if isinstance(value, date) else value


def _typed(name: str, value: Any) -> Any:
    """An audit entry's value as the person's field takes it."""
    return date.fromisoformat(value) if name == "dob" and value else value
