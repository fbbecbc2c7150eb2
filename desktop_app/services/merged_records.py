"""The records merged into a person, for the record window to name and offer to split.

A folded record has no index to be found by (``merged_into`` is not indexed: almost every
record has none); the kept record's own "merge" audit entries name each record this laptop
folded into it, when, and the doses that moved. A record merged into one that was merged
here in its turn (A into B, then B into C) is named too, through B: its doses are here,
and B must be split off first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db import store
from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.rules.dates import format_date
from desktop_app.services.search import PersonSummary

_DEPTH = 4  # merges of merges followed this deep: further is said no more


@dataclass(frozen=True)
class FoldedRecord:
    record: PersonSummary
    merged_at: datetime
    moved: tuple[tuple[int, date], ...]  # the doses the merge moved: number and date
    via: str | None = None  # folded into this record (its name), itself merged here


def kept_named(s: Session, person_id: str) -> dict[str, str]:
    """The record a merge folded ``person_id`` into, as a refusal names it: ``name``,
    ``dob`` and ``id_number`` ("—" when unknown), what a supervisor can search for and
    recognise (its internal id is neither)."""
    kept = s.get(Person, store.kept_record(s, person_id))
    assert kept is not None
    return {"name": kept.full_name, "dob": format_date(kept.dob) if kept.dob else "—",
            "id_number": kept.id_number or "—"}


def folded_into(s: Session, person_id: str, depth: int = _DEPTH) -> tuple[FoldedRecord, ...]:
    """The records still folded into ``person_id`` by a merge made here, oldest merge
    first; then, each followed by the records folded into it, named through it."""
    latest: dict[str, tuple[datetime, list[str]]] = {}
    for at, details in s.execute(
            select(AuditEntry.at, AuditEntry.details).where(
                AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
                AuditEntry.action == "merge").order_by(AuditEntry.id)):
        done = json.loads(details or "{}")
        if done.get("kept") == person_id and isinstance(done.get("folded"), str):
            latest[done["folded"]] = (at, list(done.get("doses") or ()))  # merged again: last
    found: list[FoldedRecord] = []
    for folded_id, (at, dose_ids) in latest.items():
        person = s.get(Person, folded_id)
        if person is None or person.merged_into != person_id:
            continue  # split since, or merged elsewhere
        moved = s.execute(select(Dose.dose_number, Dose.dose_date)
                          .where(Dose.id.in_(dose_ids))
                          .order_by(Dose.dose_date, Dose.dose_number)).all()
        summary = PersonSummary(person.id, person.full_name, person.dob, person.sex,
                                person.id_type, person.id_number, person.phone)
        found.append(FoldedRecord(summary, at, tuple((n, d) for n, d in moved)))
        if depth > 1:
            found.extend(replace(deeper, via=deeper.via or person.full_name)
                         for deeper in folded_into(s, folded_id, depth - 1))
    return tuple(found)
