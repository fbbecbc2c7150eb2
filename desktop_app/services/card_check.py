"""What the desk does with a scanned chip card that opened an existing record.

``compare_card`` reads what differs (``rules/card_check.py``) and what the card may fill in.
Then, by who is at the desk:

- ``fill_from_card``: the address or old CMND the record lacks, from a card that agrees with
  it (a clerk or a supervisor; audited as any change of the person, and sent).
- ``correct_from_card``: a supervisor makes the record say what the card says, through the
  one correction (``records.correct_person_in``: the rules, the audit, certificates printed
  over the old identity revoked, the cleaning codes re-run).
- ``flag_card_differs``: a clerk, who may not correct, puts the person on the cleaning
  worklist: the code ``CARD_DIFFERS`` on the record (as a correction's codes are kept:
  audited, and sent) and the card's values in the case's note, for the supervisor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.rules.card_check import (
    CARD_DIFFERS,
    Difference,
    card_corrections,
    card_differences,
    card_fills,
    card_note,
)
from desktop_app.rules.cccd_qr import CccdQr
from desktop_app.rules.cleaning import (
    CLOSED,
    POSSIBLE_SAME_PERSON,
    Status,
    joined_codes,
    split_codes,
)
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, require
from desktop_app.services.doses import number_holder
from desktop_app.services.errors import ChangeRefused, RecordNotFound
from desktop_app.services.merged_records import kept_named
from desktop_app.services.records import CorrectionOutcome, correct_person_in

WHY = "card"  # what moved a case, in its audit entry


@dataclass(frozen=True)
class CardComparison:
    person_id: str
    full_name: str
    differences: tuple[Difference, ...]
    fills: dict[str, str] = field(default_factory=dict)  # what the card may fill in
    flagged: bool = False  # already on the worklist for a card that differs, case open

    @property
    def agrees(self) -> bool:
        return not self.differences


def compare_card(db: Database, person_id: str, card: CccdQr) -> CardComparison | None:
    """The record against the card; None when there is no such record, or a merge folded
    it (the desk opens the kept one)."""
    with db.reading() as s:
        person = s.get(Person, person_id)
        if person is None or person.merged_into is not None:
            return None
        return _compared(s, person, card)


def fill_from_card(db: Database, person_id: str, card: CccdQr, *, actor: Actor,
                   now: datetime | None = None) -> dict[str, list[object]]:
    """Fill in what the record lacks from a card that agrees with it; returns the fields
    changed (old, new). Nothing from a card that disagrees: it may be another's."""
    require(actor, *RECORDERS)
    moment = now or utc_now()
    with db.transaction() as s:
        person = _person(s, person_id)
        compared = _compared(s, person, card)
        if not compared.agrees or not compared.fills:
            return {}
        changed = store.update_person(s, person, compared.fills, now=moment,
                                      user_id=actor.user_id)
        # Its old CMND held by another record: one citizen registered twice. Filled in (the
        # card says so, and a merge of the two then takes it for one citizen's two numbers)
        # and flagged for a supervisor, never silently.
        old = changed.get("old_id_number", [None, None])[1]
        twin = number_holder(s, old, person.id) if old else None
        if twin is not None:
            cleaning_store.raise_flag(s, person, POSSIBLE_SAME_PERSON, {"same_as": twin.id},
                                      news=True, now=moment, user_id=actor.user_id, why=WHY)
        return changed


def correct_from_card(db: Database, person_id: str, card: CccdQr, *, actor: Actor,
                      confirm_warnings: bool = False, today: date | None = None,
                      now: datetime | None = None) -> CorrectionOutcome:
    """Correct the record to what the card says (and fill in what it lacks): the rules
    and the audit of any correction; certificates printed over the old identity revoked.
    A flag a clerk raised for this card is settled with it."""
    require(actor, *SUPERVISORS)
    today, moment = today or local_today(), now or utc_now()
    with db.transaction() as s:
        person = _person(s, person_id)
        compared = _compared(s, person, card)
        changes = {**compared.fills, **card_corrections(
            card, compared.differences, id_type=person.id_type, id_number=person.id_number)}
        if not changes:
            return CorrectionOutcome(True)
        outcome = correct_person_in(s, person_id, changes, actor=actor,
                                    confirm_warnings=confirm_warnings, today=today, now=moment)
        if outcome.saved:  # nothing else wrong: the case the flag opened closes as fixed
            cleaning_store.settle_flag(s, person, CARD_DIFFERS, today=today, now=moment,
                                       user_id=actor.user_id, why=WHY)
        return outcome


def flag_card_differs(db: Database, person_id: str, card: CccdQr, *, actor: Actor,
                      lang: str = "vi", now: datetime | None = None) -> bool:
    """Put the person on the cleaning worklist for a card that differs from the record,
    the card's values in the case's note (in ``lang``: the site's, as a note typed there).
    False when there was nothing to put (the card agrees, or this card is noted already).
    A case already open (sent to the police, say) stays where it is, the note added."""
    require(actor, *RECORDERS)
    moment = now or utc_now()
    with db.transaction() as s:
        person = _person(s, person_id)
        compared = _compared(s, person, card)
        if compared.agrees:
            return False
        note = card_note(compared.differences, lang)
        if compared.flagged and _latest_note(s, person.id) == note:
            return False
        had = person.cleaning_reason
        codes = split_codes(had)
        if CARD_DIFFERS not in codes:
            person.cleaning_reason = joined_codes([*codes, CARD_DIFFERS])
            s.add(store.audit_entry("update", "person", person.id,
                                    {"cleaning_reason": [had, person.cleaning_reason]},
                                    moment, actor.user_id))
            store.queue_again(s, "person", person.id, moment)  # the platform holds the flag
        case = s.get(CleaningCase, person.id)
        if case is None or case.status in CLOSED:
            cleaning_store.move(s, person.id, Status.TO_CHECK, now=moment,
                                user_id=actor.user_id, note=note, why=WHY)
        else:
            s.add(store.audit_entry("cleaning", "person", person.id,
                                    {"status": [case.status, case.status], "note": note,
                                     "why": WHY}, moment, actor.user_id))
        return True


def _person(s: Session, person_id: str) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise RecordNotFound(person_id)
    if person.merged_into is not None:
        raise ChangeRefused("PERSON_MERGED_UNCHANGEABLE", **kept_named(s, person.id))
    return person


def _compared(s: Session, person: Person, card: CccdQr) -> CardComparison:
    case = s.get(CleaningCase, person.id)
    flagged = CARD_DIFFERS in split_codes(person.cleaning_reason) and \
        (case is None or case.status not in CLOSED)
    return CardComparison(
        person.id, person.full_name, card_differences(card, person),
        card_fills(card, address=person.address, old_id_number=person.old_id_number,
                   id_number=person.id_number), flagged)


def _latest_note(s: Session, person_id: str) -> str | None:
    """The note of the latest card flag on the person's case, if any."""
    for details in s.scalars(select(AuditEntry.details).where(
            AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
            AuditEntry.action == "cleaning").order_by(AuditEntry.id.desc())):
        said = json.loads(details or "{}")
        if said.get("why") == WHY:
            return said.get("note")
    return None
