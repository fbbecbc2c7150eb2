"""Record a dose (and, for a new person, the person) at the desk; void a wrong dose.

Validation and the write happen in one transaction, so the history the rules were checked
against is the history the dose is written into.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Row, func, or_, select, union_all
from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, DoseReaction, ExternalDose, Observation, Person
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.rules.dates import format_date
from desktop_app.rules.doses import PriorDose, check_dose
from desktop_app.rules.identity import IdType, Sex, clean_id_number, clean_phone, decode_cccd
from desktop_app.rules.names import search_key
from desktop_app.rules.person import PersonFacts, check_person
from desktop_app.rules.problems import Problem, error, needs_confirmation, warning
from desktop_app.rules.screening import Outcome
from desktop_app.rules.text_fields import lines, one_line
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, require
from desktop_app.services.clock_check import desk_clock_problems
from desktop_app.services.day_setup import lot_problems, stored_lot
from desktop_app.services.errors import ChangeRefused, RecordNotFound
from desktop_app.services.merged_records import kept_named
from desktop_app.services.observation import began_here
from desktop_app.services.screening import (
    ScreeningAnswers,
    TakenOff,
    add_screening,
    screened_out_today,
    take_off_with_dose,
)
from desktop_app.services.site import SiteInfo, current_site

# A person's text fields: cleaned of control characters as they come in (``PersonInput``).
PERSON_TEXT = ("full_name", "id_number", "no_id_reason", "nationality", "phone", "address",
               "old_id_number")


@dataclass(frozen=True)
class PersonInput(PersonFacts):
    """A person as the desk form gives them: the facts the rules check, plus the address.
    Its text comes without control characters (``rules.text_fields.one_line``, as the
    importer reads a cell): a NUL pasted into the address is not stored, nor checked."""

    address: str | None = None
    # The CMND a chip card's QR names beside the CCCD (rules/cccd_qr.py): kept, not checked.
    old_id_number: str | None = None

    def __post_init__(self) -> None:
        for name in PERSON_TEXT:
            value = getattr(self, name)
            if isinstance(value, str) and not value.isprintable():
                object.__setattr__(self, name, one_line(value))

    def stored_values(self) -> dict[str, object]:
        number = clean_id_number(self.id_number) or None
        return {
            "full_name": self.full_name,
            "dob": self.dob,
            "sex": Sex(self.sex).value if self.sex else None,
            "id_type": IdType(self.id_type).value if self.id_type else None,
            "id_number": None if self.id_type == IdType.NONE else number,
            "no_id_reason": self.no_id_reason if self.id_type == IdType.NONE else None,
            "nationality": (self.nationality or "").strip().upper() or None,
            "phone": clean_phone(self.phone) or None,
            "address": (self.address or "").strip() or None,
            "old_id_number": clean_id_number(self.old_id_number) or None,
        }


@dataclass(frozen=True)
class DoseInput:
    product_code: str
    lot_number: str | None
    dose_number: int | None
    dose_date: date | None
    vaccinator: str | None
    source: str = "desk"

    def __post_init__(self) -> None:  # as a person's text (``PersonInput``)
        for name in ("lot_number", "vaccinator"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.isprintable():
                object.__setattr__(self, name, one_line(value))

    def stored_values(self) -> dict[str, object]:
        """The fields a correction form edits, as the dose row would store them
        (``stored_dose_value``): what a form compares to tell what was edited."""
        return {name: stored_dose_value(getattr(self, name)) for name in DOSE_EDITED}


# The dose fields a person edits (the source is where the dose came from, never typed).
DOSE_EDITED = ("product_code", "lot_number", "dose_number", "dose_date", "vaccinator")


def stored_dose_value(value: object) -> object:
    """A dose field as stored: text on one line, empty text as nothing."""
    return (one_line(value) or None) if isinstance(value, str) else value


@dataclass
class RecordOutcome:
    saved: bool
    problems: list[Problem] = field(default_factory=list)
    person_id: str | None = None
    dose_id: str | None = None

    @property
    def needs_confirmation(self) -> bool:
        return needs_confirmation(self.saved, self.problems)


def record_dose(
    db: Database,
    dose: DoseInput,
    *,
    person_id: str | None = None,
    person: PersonInput | None = None,
    confirm_warnings: bool = False,
    age_override_reason: str | None = None,
    screening: ScreeningAnswers | None = None,
    actor: Actor,
    today: date | None = None,
    now: datetime | None = None,
) -> RecordOutcome:
    """Validate and save one dose for an existing person (``person_id``) or a new one
    (``person``). Errors never save; warnings save only with ``confirm_warnings``. A product
    outside its eligible ages is an error that only a supervisor lifts, with
    ``age_override_reason`` (kept in the audit). A desk dose given today starts the
    person's 30 minutes of observation; it is refused for a person whose latest screening
    today postponed or referred them (``screened_out_today``). ``screening``: the new
    person's answers, kept with them (eligible only: the others are not injected, see
    ``register_screened``)."""
    require(actor, *RECORDERS)
    override = (age_override_reason or "").strip() or None
    if override is not None:
        require(actor, *SUPERVISORS)
    if (person_id is None) == (person is None):
        raise ValueError("give exactly one of person_id and person")
    timed_by_clock = now is None
    start = _desk_start(db, today, now)
    if isinstance(start, RecordOutcome):
        return start
    today, now, site, clock = start
    with db.transaction() as s:
        birth_year = None
        if person is not None:
            problems = check_person(person, today)
            problems += id_registered_to_another(s, person) or same_person_elsewhere(s, person)
            dob, history = person.dob, []
        else:
            existing = s.get(Person, person_id)
            if existing is None:
                raise RecordNotFound(person_id)
            if existing.merged_into is not None:
                # Refused, not moved to the kept record: the dose number, the interval and the
                # warnings the clerk saw (and confirmed) were checked against this folded
                # record's history, not the kept one's, which may already hold this very dose.
                # Saved here it would be hidden from the person's card and suggested again;
                # moved silently it could double a dose. The clerk opens the kept record
                # (the desk does it), sees its doses, and saves there.
                raise ChangeRefused("DOSE_PERSON_MERGED", **kept_named(s, existing.id))
            problems, dob, history = [], existing.dob, prior_doses(s, existing.id)
            if dose.source == "desk" and dose.dose_date == today and screening is None:
                # Nobody postponed or referred is injected: not by this path either, unless
                # screened again (and found eligible) since.
                problems += screened_out_today(s, existing.id, existing.full_name, today,
                                               now)
            if dob is None and existing.id_type == IdType.CCCD.value:  # a backfilled record
                info = decode_cccd(existing.id_number or "")
                birth_year = info.birth_year if info is not None else None
        if screening is not None:
            problems += screening.problems(dob, today)
            if screening.outcome != Outcome.ELIGIBLE:
                raise ValueError("only an eligible screening goes with a dose")
        problems += check_dose(
            product_code=dose.product_code, dose_number=dose.dose_number,
            dose_date=dose.dose_date, dob=dob, history=history, catalogue=db.catalogue,
            today=today, lot_number=dose.lot_number, vaccinator=dose.vaccinator,
            at_desk=dose.source == "desk", birth_year=birth_year,
        )
        if dose.source == "desk":
            names = {p.code: p.names for p in db.catalogue.products.values()}
            problems += lot_problems(s, dose.product_code, dose.lot_number,
                                     dose.dose_date or today, names)
        problems += clock
        if override is not None:
            outside = [p for p in problems if p.code == "DOSE_AGE_OUTSIDE"]
            problems = [p for p in problems if p not in outside]
            override = override if outside else None
        if any(p.is_error for p in problems) or (problems and not confirm_warnings):
            s.rollback()
            return RecordOutcome(False, problems, person_id)
        if person is not None:
            added = store.add_person(
                s, site.id, person.stored_values(), now=now, user_id=actor.user_id)
            person_id = added.id
            flag_twins(s, added, problems, now, actor.user_id)
        assert person_id is not None
        if screening is not None:
            add_screening(s, person_id, screening, now=now, user_id=actor.user_id)
        values = {
            "product_code": dose.product_code,
            "lot_number": stored_lot(s, dose.product_code, dose.lot_number),
            "dose_number": dose.dose_number,
            "dose_date": dose.dose_date,
            "vaccinator": one_line(dose.vaccinator or "") or None,
            "source": dose.source,
        }
        saved = store.add_dose(
            s, person_id, site.id, values, now=now, user_id=actor.user_id,
            confirmed_warnings=[p.code for p in problems] or None, age_override=override,
        )
        # The 30 minutes follow an injection given now: a dose of another day typed in from
        # a paper card is history, and nobody sits waiting for it.
        if dose.source == "desk" and dose.dose_date == today:
            s.add(Observation(dose_id=saved.id, started_at=now))
            if timed_by_clock:  # counted down by the time really gone (``left_now``)
                began_here(saved.id)
        return RecordOutcome(True, problems, person_id, saved.id)


def register_screened(
    db: Database, person: PersonInput, screening: ScreeningAnswers, *, actor: Actor,
    confirm_warnings: bool = False, today: date | None = None, now: datetime | None = None,
) -> RecordOutcome:
    """A new person screened out (postponed or referred): kept with their screening and
    its reason, so the tally counts them and the desk finds them again; no dose. Asked as a
    dose's save asks (``record_dose``): errors never save; warnings on the person (a record
    of their name, birth date and sex under another number, a name without diacritics) save
    only with ``confirm_warnings``."""
    require(actor, *RECORDERS)
    start = _desk_start(db, today, now)
    if isinstance(start, RecordOutcome):
        return start
    today, now, site, clock = start
    with db.transaction() as s:
        problems = check_person(person, today)
        problems += id_registered_to_another(s, person) or same_person_elsewhere(s, person)
        problems += screening.problems(person.dob, today) + clock
        if any(p.is_error for p in problems) or (problems and not confirm_warnings):
            s.rollback()
            return RecordOutcome(False, problems)
        added = store.add_person(
            s, site.id, person.stored_values(), now=now, user_id=actor.user_id)
        flag_twins(s, added, problems, now, actor.user_id)
        add_screening(s, added.id, screening, now=now, user_id=actor.user_id)
        return RecordOutcome(True, problems, added.id)


def flag_twins(s: Session, added: Person, problems: list[Problem], now: datetime,
                user_id: str | None) -> None:
    """A new person saved beside a record of their name, birth date and sex
    (``same_person_elsewhere``): on the cleaning list, naming it, for a supervisor."""
    for twin in (p for p in problems if p.code == MAYBE_REGISTERED):
        cleaning_store.raise_flag(s, added, POSSIBLE_SAME_PERSON,
                                  {"same_as": twin.params["person_id"]}, news=True, now=now,
                                  user_id=user_id, why="desk")


def _desk_start(db: Database, today: date | None, now: datetime | None
                ) -> tuple[date, datetime, SiteInfo, list[Problem]] | RecordOutcome:
    """The clock a desk save runs on (the caller's, for tests and back-dated entry, else
    now) and the site it is saved at; or the refusal to save anything before the site is
    set up, since every person and dose is written under a site, or while the laptop's
    clock is under the platform's time it has seen: what it saved would take a day that
    never was, and go up and be held so (certificates, call-backs and reports follow). With
    them, the clock's warning every save asks (``desk_clock_problems``)."""
    clock = desk_clock_problems(db, now)
    if any(p.is_error for p in clock):
        return RecordOutcome(False, clock)
    today = today or local_today()
    now = now or utc_now()
    site = current_site(db)
    if site is None:
        return RecordOutcome(False, [error("SITE_NOT_SET_UP", "site")])
    return today, now, site, clock


@dataclass(frozen=True)
class Voided:
    revoked: tuple[str, ...]  # the certificates the void revoked (UVCIs)
    screening: TakenOff | None = None  # its visit's screening, taken off with it
    # The reactions recorded on it, to move to the dose recorded again (the right
    # person's, or this person's: ``services/reactions.move_reactions``).
    reactions: int = 0


def void_dose(
    db: Database, dose_id: str, reason: str, *, actor: Actor, given_to_another: bool = False
) -> Voided:
    """Void a dose with a reason (required). ``given_to_another``: the clerk had picked the
    wrong citizen, so the screening of that visit goes with the dose (``take_off_with_dose``);
    the right person is screened at the desk when their dose is recorded. Raises
    RecordNotFound or ChangeRefused: also for a dose voided already (from another window,
    by a sync), whose reason stands."""
    require(actor, *SUPERVISORS)
    reason = lines(reason)
    if not reason:
        raise ChangeRefused("VOID_REASON_REQUIRED")
    now = utc_now()
    with db.transaction() as s:
        dose = s.get(Dose, dose_id)
        if dose is None:
            raise RecordNotFound(dose_id)
        if dose.status == "voided":
            raise ChangeRefused("DOSE_ALREADY_VOIDED", reason=dose.void_reason or "")
        store.void_dose(s, dose, reason, now=now, user_id=actor.user_id,
                        given_to_another=given_to_another)
        taken = take_off_with_dose(s, dose, reason, now=now, user_id=actor.user_id) \
            if given_to_another else None
        reactions = s.scalar(select(func.count()).where(DoseReaction.dose_id == dose.id))
        return Voided(store.revoked_in(s), taken, reactions or 0)


def prior_doses(session: Session, person_id: str, *, excluding: str | None = None
                ) -> list[PriorDose]:
    """A person's active doses by date, the history the dose rules check against;
    ``excluding`` leaves out the dose being corrected. Doses given at other sites (brought
    from the central platform) count: a person's dose 3 is their third dose anywhere."""
    ours = (select(Dose.dose_number, Dose.dose_date, Dose.product_code)
            .where(Dose.person_id == person_id, Dose.status == "active"))
    if excluding is not None:
        ours = ours.where(Dose.id != excluding)
    elsewhere = (select(ExternalDose.dose_number, ExternalDose.dose_date,
                        ExternalDose.product_code)
                 .where(ExternalDose.person_id == person_id))
    both = union_all(ours, elsewhere).subquery()
    query = select(both).order_by(both.c.dose_date, both.c.dose_number)
    return [PriorDose(*r) for r in session.execute(query).all()]


def id_registered_to_another(session: Session, person: PersonInput,
                             person_id: str | None = None, *,
                             changed: Collection[str] | None = None) -> list[Problem]:
    """ID_ALREADY_REGISTERED if someone other than ``person_id`` holds this ID number, as
    their ID or as the old CMND beside their CCCD; or holds the old CMND a chip card names
    beside this one's CCCD: one citizen's two numbers, who is that person. A record folded
    into another by a merge holds nobody's: the kept record took its number. ``changed``:
    a correction's fields; the old CMNDs count only when it changes a number, so the two
    records of one citizen flagged for a merge still take a corrected phone."""
    number = clean_id_number(person.id_number)
    typed = [number] if person.id_type not in (None, IdType.NONE) and number else []
    old = clean_id_number(getattr(person, "old_id_number", None) or "")
    by_old = changed is None or bool(NUMBERS & set(changed))
    checks = [(v, True, by_old) for v in typed]
    if by_old and old and old != number:
        # A correction may name as a record's old CMND another record's ID: that links the
        # two as one citizen's numbers, for a supervisor's merge. Never two old CMNDs.
        checks.append((old, changed is None, True))
    for value, as_id, as_old in checks:
        other = number_holder(session, value, person_id, as_id=as_id, as_old=as_old)
        if other is not None:
            return [error("ID_ALREADY_REGISTERED", "id_number", id_number=value,
                          full_name=other.full_name,
                          dob=format_date(other.dob) if other.dob else "?")]
    return []


def number_holder(session: Session, number: str, person_id: str | None = None, *,
                  as_id: bool = True, as_old: bool = True) -> Row | None:
    """The standing record other than ``person_id`` that holds ``number`` as its ID
    (``as_id``) or as the old CMND beside its CCCD (``as_old``): its id, name and birth
    date; None if none does. A record folded by a merge holds nobody's."""
    held = [c for c, wanted in ((Person.id_number == number, as_id),
                                (Person.old_id_number == number, as_old)) if wanted]
    query = select(Person.id, Person.full_name, Person.dob).where(
        or_(*held), Person.merged_into.is_(None))
    if person_id is not None:
        query = query.where(Person.id != person_id)
    return session.execute(query.limit(1)).first()


MAYBE_REGISTERED = "PERSON_MAYBE_REGISTERED"
NUMBERS = frozenset({"id_type", "id_number", "old_id_number"})


def same_person_elsewhere(session: Session, person: PersonInput) -> list[Problem]:
    """PERSON_MAYBE_REGISTERED (a warning to confirm) when a standing record has the new
    person's folded name, date of birth and sex under another ID number or none: a citizen
    registered under the old CMND and back with the CCCD typed, or a child without a number
    registered again. The paper form and a file's rows ask the same (``backfill_twins``);
    confirmed, the new record is flagged POSSIBLE_SAME_PERSON for a supervisor to merge or
    to tell apart."""
    if not person.full_name or person.dob is None or person.sex is None:
        return []
    number = clean_id_number(person.id_number) or None
    other = session.execute(
        select(Person.id, Person.full_name, Person.id_number)
        .where(Person.name_key == search_key(person.full_name), Person.dob == person.dob,
               Person.sex == Sex(person.sex).value, Person.merged_into.is_(None))
        .order_by(Person.created_at).limit(1)).first()
    if other is None or (number is not None and other.id_number == number):
        return []
    return [warning(MAYBE_REGISTERED, "full_name", name=other.full_name,
                    id_number=other.id_number or "—", person_id=other.id)]
