"""Which record a person flagged POSSIBLE_SAME_PERSON may be, for the worklist to name.

The flag says "perhaps the same person as another record"; the supervisor deciding whether
to merge them or tell them apart must know which. Where the flag was raised with the other
record named (the desk's "Save anyway" after PERSON_MAYBE_REGISTERED, a card check finding
the old CMND held by another record), its audit entry keeps ``{"same_as": id}``: that
record, or the one it has since been merged into. Otherwise (an import's rows, a person
the sync brought back) the records are found as the flag found them: the same folded
name, birth date and sex, or the same ID number.

An import may flag thousands, and the worklist asks again at every refresh: the people are
read 900 at a time, their namesakes by one join on the name index and one on the ID
number index a chunk, never a query a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON, SameRecord, SameRecords
from desktop_app.services.cleaning_elsewhere import latest_detail

SAME_AS = "same_as"  # the flag's audit details' key: the record it was raised beside
NAMED_AT_MOST = 3  # records named beside one case; more are counted (a common name)
_CHUNK = 900  # ids per IN (...): under SQLite's variable limit

_flagged, _other = aliased(Person), aliased(Person)
_SHOWN = (_other.id, _other.full_name, _other.id_number, _other.last_dose_number,
          _other.last_dose_date, _other.created_at)
# The flagged person's namesakes, by the (partial: standing records only) name index.
_SAME_NAME = (
    select(_flagged.id, *_SHOWN)
    .join(_other, (_other.name_key == _flagged.name_key) & (_other.dob == _flagged.dob)
          & _other.merged_into.is_(None))
    .where(_other.sex == _flagged.sex, _other.id != _flagged.id)
    .with_hint(_other, "INDEXED BY ix_person_name_key", "sqlite"))
_SAME_NUMBER = (
    select(_flagged.id, *_SHOWN)
    .join(_other, _other.id_number == _flagged.id_number)
    .where(_other.merged_into.is_(None), _other.id != _flagged.id))


def same_person_records(db: Database, person_ids: Iterable[str]) -> dict[str, SameRecords]:
    """For each of these people still flagged POSSIBLE_SAME_PERSON, the standing records
    they may be (none found: left out)."""
    with db.reading() as s:
        return twins_of(s, list(person_ids))


def twins_of(s: Session, person_ids: list[str]) -> dict[str, SameRecords]:
    """``same_person_records`` in the caller's session."""
    found: dict[str, SameRecords] = {}
    for start in range(0, len(person_ids), _CHUNK):
        chunk = s.scalars(select(Person.id).where(
            Person.id.in_(person_ids[start:start + _CHUNK]), Person.merged_into.is_(None),
            Person.cleaning_reason.contains(POSSIBLE_SAME_PERSON, autoescape=True))).all()
        named = latest_detail(s, list(chunk), SAME_AS, POSSIBLE_SAME_PERSON,
                              lambda v: isinstance(v, str) and bool(v))
        alike: dict[str, dict[str, tuple]] = {}
        for query in (_SAME_NAME, _SAME_NUMBER):
            for pid, *shown in s.execute(query.where(_flagged.id.in_(chunk))):
                alike.setdefault(pid, {})[shown[0]] = tuple(shown)
        for pid in chunk:
            other = _standing(s, named[pid]) if pid in named else None
            rows = [_shown(other)] if other is not None and other.id != pid \
                else sorted(alike.get(pid, {}).values(), key=_oldest_first)
            if rows:
                found[pid] = SameRecords(
                    tuple(SameRecord(*row[1:5]) for row in rows[:NAMED_AT_MOST]), len(rows))
    return found


def _oldest_first(row: tuple) -> tuple[datetime, str]:
    return row[5], row[0]


def _shown(person: Person) -> tuple:
    return (person.id, person.full_name, person.id_number, person.last_dose_number,
            person.last_dose_date, person.created_at)


def _standing(s: Session, record_id: str) -> Person | None:
    """The record, or the one it was merged into (a merge may fold it since)."""
    seen: set[str] = set()
    record = s.get(Person, record_id)
    while record is not None and record.merged_into is not None and record.id not in seen:
        seen.add(record.id)
        record = s.get(Person, record.merged_into)
    return record
