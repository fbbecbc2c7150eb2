"""Whose certificate a typed reference names: only a person named exactly.

A certificate signed for the wrong person is a signed statement about someone else's
body, so the desk's forgiving search (an ID's first digits, a phone's last, name words)
never picks the person here: a CCCD typed one digit short began another woman's CCCD and
`vaxdesk certificate` signed hers. What the search finds is only said, as candidates.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select

from desktop_app.certificates.errors import CertificateError
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.rules.cccd_qr import read_cccd_qr
from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import clean_id_number
from desktop_app.services.search import PersonSummary, search_people

CANDIDATES = 5  # close matches named in a refusal


def find_person(db: Database, ref: str) -> str:
    """The person id ``ref`` names exactly: a record id, or a full ID number that is the
    person's (their CCCD, CMND or passport, or the old CMND kept beside a CCCD; a scanned
    chip card's). A record folded into another by a merge is found as the one it was
    folded into, which holds its doses (and its ID number).

    Anything else is refused, naming the people the desk's search finds for it
    (CERT_PERSON_NOT_EXACT for one, CERT_PERSON_AMBIGUOUS for more), or none
    (CERT_PERSON_UNKNOWN)."""
    ref = ref.strip()
    card = read_cccd_qr(ref)
    numbers = {n for n in ((card.id_number, card.old_id_number) if card
                           else (clean_id_number(ref),)) if n}
    with db.reading() as s:
        if s.get(Person, ref) is not None:
            return store.kept_record(s, ref)
        holders = s.scalars(select(Person).where(
            or_(Person.id_number.in_(numbers), Person.old_id_number.in_(numbers)),
            Person.merged_into.is_(None)).limit(CANDIDATES + 1)).all() if numbers else []
        if len(holders) == 1:
            return holders[0].id
        found: Sequence[PersonSummary] = [
            PersonSummary(p.id, p.full_name, p.dob, p.sex, p.id_type, p.id_number, p.phone)
            for p in holders]
    found = found or search_people(db, ref, limit=CANDIDATES + 1)
    if not found:
        raise CertificateError("CERT_PERSON_UNKNOWN", person=ref)
    raise CertificateError("CERT_PERSON_AMBIGUOUS" if len(found) > 1 else
                           "CERT_PERSON_NOT_EXACT", person=ref,
                           candidates=candidates(found))


def candidates(people: Sequence[PersonSummary]) -> str:
    """People a refusal names, as a clerk tells them apart: name, date of birth, ID.

    >>> from datetime import date
    >>> candidates([PersonSummary("x", "Đỗ Thị Vân", date(1990, 7, 7), "F", "CCCD",
    ...                           "001190124567", None)])
    'Đỗ Thị Vân (07/07/1990, 001190124567)'
    """
    said = [f"{p.full_name} ({format_date(p.dob) if p.dob else '?'}, {p.id_number or '-'})"
            for p in people[:CANDIDATES]]
    return "; ".join(said) + ("; …" if len(people) > CANDIDATES else "")
