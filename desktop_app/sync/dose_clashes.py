"""Pulling the platform's word that a dose number of one of this site's people is held at
another site too (``wire/dose_clashes.py``).

Two sites that were offline can each give the same citizen a "dose 2". The platform takes
both (each is a fact its site recorded) and tells both sites; here the person goes on the
cleaning worklist (``DOSE_NUMBER_CLASH``, the flag a look-up raises when it brings such a
dose), the other site's dose named in the flag's audit entry, and the person is sent again
(the platform holds the flag too). A supervisor finds out which dose is wrong; a look-up
of the person brings the other site's dose onto the card, and clears the flag once the
platform no longer holds the two (one voided or renumbered there or here).

A clash on a dose this laptop now holds otherwise (voided, renumbered, moved to another
person, or never had) is passed over: the platform judges again when that change reaches
it. One already told (the other dose named before on the person, or brought here by a
look-up, which flags the clash itself, unless our dose came after it) is not told twice.
Paged like the register's verdicts (``pages.pull_pages``): a server without the list
answers 404 and the round goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, Dose, ExternalDose, Person
from desktop_app.rules.cleaning import DOSE_NUMBER_CLASH, split_codes
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pages import NoSuchList, pull_pages, read_pages
from desktop_app.wire import dose_clashes
from desktop_app.wire.dose_clashes import Clash

PAGE = 500
# What raised the flag, in the cleaning case's move: the platform, no person here.
CLASH_TOLD = "clash"
# The flag's audit entry: the other site's dose in words for the trail
# (``FIELD_DOSE_NUMBER_ELSEWHERE``), and whole.
NUMBER_ELSEWHERE = "dose_number_elsewhere"
CLASH = "dose_clash"


def pull_clashes(db: Database, client: SyncClient) -> Iterator[int]:
    """Keep the clashes page by page; yields how many flagged a person so far."""
    flagged = 0

    def keep(s: Session, clashes: list[Clash]) -> datetime | None:
        nonlocal flagged
        now = utc_now()
        flagged += sum(flag(s, c, now) for c in clashes)
        return max((c.found_at for c in clashes), default=None)

    for _page in pull_pages(db, client, dose_clashes.PATH, cursor=settings.DOSE_CLASH_CURSOR,
                            size=PAGE, what="a page of dose clashes", key="clashes",
                            read=dose_clashes.clash_from_json, keep=keep):
        yield flagged


def flag(s: Session, clash: Clash, now: datetime) -> bool:
    """Put the person of the clash on the worklist, in the caller's transaction; False
    when the dose is no longer so here, or the other site's dose was told before."""
    dose = s.get(Dose, clash.immunization_id)
    person = s.get(Person, clash.patient_id)
    if dose is None or person is None or person.merged_into is not None or \
            dose.person_id != person.id or dose.status != "active" or \
            dose.dose_number != clash.dose_number:
        return False
    if s.get(ExternalDose, clash.other_immunization_id) is not None and \
            DOSE_NUMBER_CLASH in split_codes(person.cleaning_reason):
        return False  # brought by a look-up, which flagged the clash itself (a dose of
        # ours given that number after the look-up, on the desk or from a sheet, was not)
    told = s.scalar(select(AuditEntry.id).where(
        AuditEntry.entity == "person", AuditEntry.entity_id == person.id,
        AuditEntry.action == "update",
        AuditEntry.details.contains(f'"{clash.other_immunization_id}"', autoescape=True))
        .limit(1))
    if told is not None:
        return False
    said = f"{clash.other_site} #{clash.dose_number} {clash.other_dose_date:%d/%m/%Y}"
    cleaning_store.raise_flag(s, person, DOSE_NUMBER_CLASH, {
        NUMBER_ELSEWHERE: [None, said],
        CLASH: {"dose": dose.id, "dose_number": clash.dose_number,
                "site": clash.other_site, "id": clash.other_immunization_id,
                "dose_date": clash.other_dose_date.isoformat()},
    }, news=True, now=now, user_id=None, why=CLASH_TOLD)
    return True


# Every clash the platform holds now: the list from its beginning (``since`` is inclusive).
FROM_THE_START = "1970-01-01T00:00:00Z"


def held_pairs(client: SyncClient) -> set[tuple[str, str]] | None:
    """Each clash the platform holds for this site now, as (our dose, the other site's):
    one it dropped (the other site voided or renumbered its dose, staff unlinked the
    records) is not among them, and the flag it raised here can go (a look-up never
    comes for a person with no other site's dose brought). None: the server keeps no
    list. A site's clashes are few: the whole list, a page at a time."""
    try:
        return {(c.immunization_id, c.other_immunization_id)
                for page in read_pages(client, dose_clashes.PATH, FROM_THE_START, size=PAGE,
                                       what="a page of dose clashes", key="clashes",
                                       read=dose_clashes.clash_from_json, missing_ok=False)
                for c in page}
    except NoSuchList:
        return None
