"""What another site holds for a person flagged by a look-up (``services/lookup.py``).

``ID_DIFFERS_ELSEWHERE``: the platform holds a current number other than theirs here; the
supervisor who opens the case checks that number against the card. It is kept where the
flag's audit entry already says what changed (``{"id_number_elsewhere": [before, now]}``),
as the police's answer is kept on a case's move: no column of its own, and the trail says
when each number came.

``IDENTITY_DIFFERS_ELSEWHERE``: a record of another site the platform links to the person
gives another name, date of birth or sex (a correction made there). The site and its values
are kept the same way: ``{"identity_elsewhere": {"site": …, "full_name": …}}`` with each
value also as ``"full_name_elsewhere": [before, now]`` for the trail to say in words.

``DOSE_NUMBER_CLASH``: a dose brought from another site under a dose number the person
already holds; the look-up's ``bring`` entry names the doses. The platform raises it too,
having found the citizen's number at two sites (``sync/dose_clashes.py``), the other site's
dose named in the flag's audit entry (``{"dose_clash": {…}}``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db import cleaning_store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, Person
from desktop_app.rules.cleaning import split_codes

# On the cleaning worklist: the platform holds this person under another current number
# (the CCCD that replaced the old CMND they are recorded under here).
ID_DIFFERS_ELSEWHERE = "ID_DIFFERS_ELSEWHERE"
# The audit details' key; the catalogue's FIELD_ID_NUMBER_ELSEWHERE names it in the trail.
NUMBER_ELSEWHERE = "id_number_elsewhere"
# On the worklist: a linked record of another site gives another name, birth date or sex.
IDENTITY_DIFFERS_ELSEWHERE = "IDENTITY_DIFFERS_ELSEWHERE"
IDENTITY_ELSEWHERE = "identity_elsewhere"  # the audit details' key of the site's values
_CHUNK = 900  # ids per IN (...): under SQLite's variable limit


def numbers_elsewhere(db: Database, person_ids: Iterable[str]) -> dict[str, str]:
    """The latest number the platform held for each of these people still flagged, for the
    worklist to show beside the number held here (whoever sees one sees the other)."""
    with db.reading() as s:
        return latest_numbers(s, list(person_ids))


def latest_numbers(s: Session, person_ids: list[str]) -> dict[str, str]:
    """``numbers_elsewhere`` in the caller's session, by the audit index."""
    return {pid: before_now[-1] for pid, before_now in latest_detail(
        s, person_ids, NUMBER_ELSEWHERE, ID_DIFFERS_ELSEWHERE,
        lambda v: isinstance(v, list) and bool(v[-1])).items()}


def latest_detail(s: Session, person_ids: list[str], key: str, code: str,
                  usable: Callable[[Any], bool]) -> dict[str, Any]:
    """For each of these people still flagged ``code``, what the latest "update" audit
    entry recording a ``usable`` ``key`` gave it (the flags keep the other site's values
    there)."""
    found: dict[str, Any] = {}
    for start in range(0, len(person_ids), _CHUNK):
        rows = s.execute(
            select(AuditEntry.entity_id, AuditEntry.details)
            .join(Person, Person.id == AuditEntry.entity_id)
            .where(AuditEntry.entity == "person", AuditEntry.action == "update",
                   AuditEntry.entity_id.in_(person_ids[start:start + _CHUNK]),
                   AuditEntry.details.contains(f'"{key}"', autoescape=True),
                   Person.cleaning_reason.contains(code, autoescape=True))
            .order_by(AuditEntry.id))
        for person_id, details in rows:
            value = json.loads(details).get(key)
            if usable(value):
                found[person_id] = value
    return found


def number_change(s: Session, person_id: str, number: str) -> list[str | None] | None:
    """What the flag's audit entry records of ``number``: ``[before, number]``; None when
    it is the number already kept."""
    before = latest_numbers(s, [person_id]).get(person_id)
    return None if before == number else [before, number]


def identities_elsewhere(db: Database, person_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """The site and the values (``full_name``, ``dob`` as ISO text, ``sex``) another site
    last gave for each of these people still flagged ``IDENTITY_DIFFERS_ELSEWHERE``, for
    the worklist to show beside the record's own."""
    with db.reading() as s:
        return latest_identities(s, list(person_ids))


def latest_identities(s: Session, person_ids: list[str]) -> dict[str, dict[str, str]]:
    """``identities_elsewhere`` in the caller's session, by the audit index."""
    return latest_detail(s, person_ids, IDENTITY_ELSEWHERE, IDENTITY_DIFFERS_ELSEWHERE,
                   lambda v: isinstance(v, dict))


def identity_change(s: Session, person_id: str, site: str, values: dict[str, str]
                    ) -> dict[str, object] | None:
    """What the flag's audit entry records of another site's ``values``: the values kept
    whole, and each one (and the site, when another) as ``[before, now]``; None when they
    are the ones already kept."""
    kept = {"site": site, **values}
    before = latest_identities(s, [person_id]).get(person_id) or {}
    if before == kept:
        return None
    pairs: dict[str, object] = {f"{k}_elsewhere": [before.get(k), v] for k, v in kept.items()
                                if k != "site" or before.get("site") != site}
    return {IDENTITY_ELSEWHERE: kept, **pairs}


def settle_number_taken(s: Session, person: Person, *, today: date, now: datetime,
                        user_id: str | None) -> bool:
    """A correction that makes the number the platform holds the person's own here (the
    CCCD put as the ID and the CMND as the old number, as the flag asks) settles the flag:
    it stayed, the case read "Another ID number at another site: <their own ID>", and the
    province counted it not clean. Returns whether it was settled."""
    if ID_DIFFERS_ELSEWHERE not in split_codes(person.cleaning_reason):
        return False
    number = latest_numbers(s, [person.id]).get(person.id)
    if not number or number not in (person.id_number, person.old_id_number):
        return False
    return cleaning_store.settle_flag(s, person, ID_DIFFERS_ELSEWHERE, today=today,
                                      now=now, user_id=user_id, why="correction")
