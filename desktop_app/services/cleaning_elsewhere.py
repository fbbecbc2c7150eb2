"""The ID number another site holds for a person flagged ``ID_DIFFERS_ELSEWHERE``.

Bringing a person from the platform (``services/lookup.py``) flags them when the platform
holds a current number other than theirs here; the supervisor who opens the case checks
that number against the card. It is kept where the flag's audit entry already says what
changed (``{"id_number_elsewhere": [before, now]}``), as the police's answer is kept on a
case's move: no column of its own, and the trail says when each number came.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, Person

# On the cleaning worklist: the platform holds this person under another current number
# (the CCCD that replaced the old CMND they are recorded under here).
ID_DIFFERS_ELSEWHERE = "ID_DIFFERS_ELSEWHERE"
# The audit details' key; the catalogue's FIELD_ID_NUMBER_ELSEWHERE names it in the trail.
NUMBER_ELSEWHERE = "id_number_elsewhere"
_CHUNK = 900  # ids per IN (...): under SQLite's variable limit


def numbers_elsewhere(db: Database, person_ids: Iterable[str]) -> dict[str, str]:
    """The latest number the platform held for each of these people still flagged, for the
    worklist to show beside the number held here (whoever sees one sees the other)."""
    with db.reading() as s:
        return latest_numbers(s, list(person_ids))


def latest_numbers(s: Session, person_ids: list[str]) -> dict[str, str]:
    """``numbers_elsewhere`` in the caller's session, by the audit index."""
    found: dict[str, str] = {}
    for start in range(0, len(person_ids), _CHUNK):
        rows = s.execute(
            select(AuditEntry.entity_id, AuditEntry.details)
            .join(Person, Person.id == AuditEntry.entity_id)
            .where(AuditEntry.entity == "person", AuditEntry.action == "update",
                   AuditEntry.entity_id.in_(person_ids[start:start + _CHUNK]),
                   AuditEntry.details.contains(f'"{NUMBER_ELSEWHERE}"', autoescape=True),
                   Person.cleaning_reason.contains(ID_DIFFERS_ELSEWHERE, autoescape=True))
            .order_by(AuditEntry.id))
        for person_id, details in rows:
            before_now = json.loads(details).get(NUMBER_ELSEWHERE)
            if isinstance(before_now, list) and before_now[-1]:
                found[person_id] = before_now[-1]
    return found


def number_change(s: Session, person_id: str, number: str) -> list[str | None] | None:
    """What the flag's audit entry records of ``number``: ``[before, number]``; None when
    it is the number already kept."""
    before = latest_numbers(s, [person_id]).get(person_id)
    return None if before == number else [before, number]
