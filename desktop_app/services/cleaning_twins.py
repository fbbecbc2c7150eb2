"""Which record a person flagged POSSIBLE_SAME_PERSON may be, for the worklist to name.

The flag says "perhaps the same person as another record"; the supervisor deciding whether
to merge them or tell them apart must know which. Where the flag was raised with the other
record named (the desk's "Save anyway" after PERSON_MAYBE_REGISTERED, a card check finding
the old CMND held by another record), its audit entry keeps ``{"same_as": id}``: that
record, or the one it has since been merged into. Otherwise (an import's rows, a person
the sync brought back) the records are found as the flag found them: the same folded
name, birth date and sex, or the same ID number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.services.cleaning_elsewhere import latest_detail

SAME_AS = "same_as"  # the flag's audit details' key: the record it was raised beside
NAMED_AT_MOST = 3  # records named beside one case: more is a common name, said by count


class Twin(NamedTuple):
    full_name: str
    id_number: str | None


def same_person_records(db: Database, person_ids: Iterable[str]) -> dict[str, list[Twin]]:
    """For each of these people still flagged POSSIBLE_SAME_PERSON, the standing records
    they may be (none found: left out)."""
    with db.reading() as s:
        return twins_of(s, list(person_ids))


def twins_of(s: Session, person_ids: list[str]) -> dict[str, list[Twin]]:
    """``same_person_records`` in the caller's session."""
    named = latest_detail(s, person_ids, SAME_AS, POSSIBLE_SAME_PERSON,
                          lambda v: isinstance(v, str) and bool(v))
    found: dict[str, list[Twin]] = {}
    for pid in person_ids:
        person = s.get(Person, pid)
        if person is None or person.merged_into is not None \
                or POSSIBLE_SAME_PERSON not in (person.cleaning_reason or ""):
            continue
        other = _standing(s, named[pid]) if pid in named else None
        twins = [other] if other is not None and other.id != pid else _alike(s, person)
        if twins:
            found[pid] = [Twin(t.full_name, t.id_number) for t in twins]
    return found


def _standing(s: Session, record_id: str) -> Person | None:
    """The record, or the one it was merged into (a merge may fold it since)."""
    seen: set[str] = set()
    record = s.get(Person, record_id)
    while record is not None and record.merged_into is not None and record.id not in seen:
        seen.add(record.id)
        record = s.get(Person, record.merged_into)
    return record


def _alike(s: Session, person: Person) -> list[Person]:
    """Standing records with the person's folded name, birth date and sex, or their ID
    number: what an import and the sync flag them for (``ix_person_name_key``,
    ``ix_person_id_number``)."""
    same_name = (Person.name_key == person.name_key) & (Person.dob == person.dob) \
        & (Person.sex == person.sex) if person.dob is not None and person.sex else None
    same_number = Person.id_number == person.id_number if person.id_number else None
    alike = [c for c in (same_name, same_number) if c is not None]
    if not alike:
        return []
    return list(s.scalars(
        select(Person).where(or_(*alike), Person.id != person.id, Person.merged_into.is_(None))
        .order_by(Person.created_at, Person.id).limit(NAMED_AT_MOST)))
