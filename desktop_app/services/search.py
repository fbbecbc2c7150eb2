"""Find a person at the desk: by ID number or phone (exact), or by name prefix without accents.

Each hit carries date of birth, ID and last dose, which is what a clerk needs to tell two
"Nguyễn Thị Nhung" apart. Name search is a range scan on the folded-name index
(``name_key >= 'nguyen thi nh' AND name_key < 'nguyen thi ni'``): O(log n) whatever the size,
and the index carries everything a hit shows, its last dose included (migration 0014), so a
search reads a few index pages. A person folded into another by a merge is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.rules.identity import clean_id_number, clean_phone
from desktop_app.rules.names import search_key


@dataclass(frozen=True)
class PersonSummary:
    """Who a person is, as a clerk tells people apart: the fields every person list shows."""

    id: str
    full_name: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    phone: str | None


@dataclass(frozen=True)
class PersonHit(PersonSummary):
    last_dose_number: int | None = None
    last_dose_date: date | None = None
    last_product_code: str | None = None


def search_people(db: Database, query: str, limit: int = 20) -> list[PersonHit]:
    """People matching ``query``, best first; empty for an empty query.

    Digits (with or without spaces/dots) look up ID numbers and phones exactly; letters
    and digits mixed (a passport) look up ID numbers; anything else is a name prefix.
    """
    condition = _condition(query)
    if condition is None:
        return []
    stmt = (
        select(
            Person.id, Person.full_name, Person.dob, Person.sex, Person.id_type,
            Person.id_number, Person.phone,
            Person.last_dose_number, Person.last_dose_date, Person.last_product_code,
        )
        # Spelled as the name index's own condition, so SQLite can use that partial index.
        .where(condition, Person.merged_into.is_(None))
        .order_by(Person.name_key, Person.dob)
        .limit(limit)
    )
    with db.engine.connect() as conn:
        return [PersonHit(*row) for row in conn.execute(stmt)]


def _condition(query: str):  # type: ignore[no-untyped-def]
    text = (query or "").strip()
    if not text:
        return None
    compact = clean_id_number(text)
    if compact.lstrip("+").isdigit():
        return or_(Person.id_number == compact, Person.phone == clean_phone(text))
    if any(c.isdigit() for c in compact) and compact.isalnum():
        return Person.id_number == compact
    key = search_key(text)
    if not key:
        return None
    return and_(Person.name_key >= key, Person.name_key < _successor(key))


def _successor(key: str) -> str:
    """The smallest string greater than every string starting with ``key``."""
    return key[:-1] + chr(ord(key[-1]) + 1)

