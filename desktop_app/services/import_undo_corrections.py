"""An import's corrections of people already recorded, taken back by its undo: the wrong
file, or a column mapped wrong (phones read as addresses), corrected people as wrongly as
it stored doses. Each correction's audit entry names the import (``bulk_sql.IMPORT_KEY``);
the undo puts back each field's value from before, as a supervisor's correction at the desk
(``records.correct_person_in``: checked, audited as theirs and naming the undo, sent again,
the cleaning case following). A value from before that an import undone since had written
is followed back to the one before it: two wrong files undone oldest first end where they
began.

Left as they are, each counted by why (``LEFT``), as the doses an undo leaves:
- *changed*: corrected since in a field the import changed (the value now is not its);
- *merged*: folded into another record since (the kept one may carry the import's values:
  the undo names it, a person checks it);
- *certified*: a certificate in force printed since carries what the import wrote (a
  person holds it: putting back would revoke it, as the doses it prints are left);
- *refused*: the value from before would now be an error (an old ID since recorded for
  someone else).
People the import created are not "already recorded": a later row of the same file
filling in their phone is theirs, and stays. The flags an import raised stay too: each
names something to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.clock import local_today
from desktop_app.db.bulk_sql import IMPORT_KEY
from desktop_app.db.models import AuditEntry, CertificateIssue, ImportBatch, Person
from desktop_app.importers.rows import CORRECTABLE, holds
from desktop_app.rules.certificates import changes_printed_person
from desktop_app.services.actor import Actor
from desktop_app.services.backfill_people import plain
from desktop_app.services.records import correct_person_in, correction_checked

TAKE, BACK = "take", "back"  # to put back; put back already (an undo stopped part-way)
LEFT = ("changed", "merged", "certified", "refused")  # why one stays, in the order said
CHANGED, MERGED, CERTIFIED, REFUSED = LEFT


@dataclass(frozen=True)
class Correction:
    """What one import changed on one person: {field: [before, after]} as stored, each
    ``before`` followed back past the imports undone since; ``at``: when it was written."""

    person_id: str
    changes: dict[str, list[Any]]
    at: datetime


def corrections_of(s: Session, batch_id: int, since: datetime) -> list[Correction]:
    """The import's corrections of identity fields of people it did not create, one a
    person (a field it changed twice keeps its first value before and its last after), in
    the order they were made. One pass over the people's audit entries: the import's key
    is in the JSON, which no index reaches; it is read only of those written ``since`` the
    import began (all its corrections are: the writer's moment is the import's, a held
    one's later), not the years before."""
    entries = s.execute(
        select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.details, AuditEntry.at)
        .join(Person, Person.id == AuditEntry.entity_id)
        .where(AuditEntry.entity == "person", AuditEntry.action == "update",
               AuditEntry.at >= since,
               func.json_extract(AuditEntry.details, f"$.{IMPORT_KEY}") == batch_id,
               or_(Person.import_batch_id.is_(None), Person.import_batch_id != batch_id))
        .order_by(AuditEntry.id)).all()
    merged: dict[str, tuple[int, dict[str, list[Any]], datetime]] = {}
    for entry_id, pid, details, at in entries:
        first, changes, when = merged.setdefault(pid, (entry_id, {}, at))
        for name, values in json.loads(details).items():
            if name in CORRECTABLE:
                changes[name] = [changes[name][0] if name in changes else values[0], values[1]]
    undone = set(s.scalars(select(ImportBatch.id).where(ImportBatch.undone_at.is_not(None))))
    return [Correction(pid, _before_undone(s, pid, first, changes, undone), when)
            for pid, (first, changes, when) in merged.items() if changes]


def state(s: Session, correction: Correction, today: date | None = None) -> str:
    """TAKE, BACK, or why it is left (one of LEFT): see the module."""
    person = s.get(Person, correction.person_id)
    if person is None or person.merged_into is not None:
        return MERGED
    now = {name: plain(getattr(person, name)) for name in correction.changes}
    if holds(now, correction.changes, 0) and not holds(now, correction.changes, 1):
        return BACK
    if not holds(now, correction.changes, 1):
        return CHANGED
    if changes_printed_person(correction.changes) and _certified_since(s, correction):
        return CERTIFIED
    if correction_checked(s, person, _before(correction), today or local_today(),
                          put_back=True)[2]:
        return REFUSED
    return TAKE


def take_back(s: Session, correction: Correction, *, actor: Actor, now: datetime,
              why: Mapping[str, Any]) -> str:
    """Each field put back as it was before the import if ``state`` says TAKE, the audit
    entry keeping ``why`` (the undo); the state it was found in. In the caller's
    transaction."""
    found = state(s, correction)
    if found == TAKE:
        saved = correct_person_in(s, correction.person_id, _before(correction), actor=actor,
                                  now=now, put_back=why).saved
        return TAKE if saved else REFUSED
    return found


def _before(correction: Correction) -> dict[str, Any]:
    """The values from before, as the person's fields take them."""
    return {name: date.fromisoformat(values[0]) if name == "dob" and values[0] else values[0]
            for name, values in correction.changes.items()}


def _certified_since(s: Session, correction: Correction) -> bool:
    """A certificate of the person's in force, printed (or issued) since the correction:
    to the second, as ``import_undo._certified`` compares."""
    issue = CertificateIssue
    since = correction.at.strftime("%Y-%m-%d %H:%M:%S")
    return bool(s.scalar(select(exists().where(
        issue.person_id == correction.person_id, issue.revoked_at.is_(None),
        func.substr(func.coalesce(issue.printed_at, issue.issued_at), 1, 19) >= since))))


def _before_undone(s: Session, pid: str, first: int, changes: dict[str, list[Any]],
                   undone: set[int]) -> dict[str, list[Any]]:
    """``changes`` with each value before followed back while it was written by an import
    undone since: the value before that one's correction (the person's own entries, by
    the entity index)."""
    if not undone:
        return changes
    earlier = [json.loads(d) for d in s.scalars(
        select(AuditEntry.details).where(
            AuditEntry.entity == "person", AuditEntry.entity_id == pid,
            AuditEntry.action == "update", AuditEntry.id < first)
        .order_by(AuditEntry.id.desc()))]
    return {name: [_followed(earlier, name, values[0], undone), values[1]]
            for name, values in changes.items()}


def _followed(earlier: list[dict[str, Any]], name: str, value: Any, undone: set[int]) -> Any:
    for details in _setting(earlier, name):  # newest first
        if details[name][1] != value or details.get(IMPORT_KEY) not in undone:
            return value
        value = details[name][0]
    return value


def _setting(earlier: list[dict[str, Any]], name: str) -> Iterator[dict[str, Any]]:
    return (d for d in earlier if isinstance(d.get(name), list) and len(d[name]) == 2)
