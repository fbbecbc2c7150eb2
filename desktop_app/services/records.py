"""The records list: every dose of the site, filtered and sorted, a page at a time.

A site holds millions of doses, so the list never counts or loads them all to show a screen:
each page is a KEYSET query (``WHERE (dose_date, id) < (:last_date, :last_id) ORDER BY
dose_date DESC, id DESC LIMIT 200``) that walks an index from where the previous page ended,
in a few milliseconds whether it is the first page or the ten-thousandth. The total is a
separate, slower query the screen runs in the background.

SQLite's planner has no statistics on a site laptop, so two filters are steered by hand: a
rare outbox state or a short cleaning list drives the query from its own small index, a
common one (every dose "pending" before the first sync) is checked row by row along the date
index instead of sorting millions of rows (see ``_selective``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import (
    AuditEntry,
    CleaningCase,
    Dose,
    DoseReaction,
    ImportBatch,
    Person,
    SyncCounter,
    SyncRecord,
    User,
)
from desktop_app.rules.card_check import cmnd_kept
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.cleaning import NAME_NO_DIACRITICS, identity_codes
from desktop_app.rules.dates import check_dose_date
from desktop_app.rules.doses import check_dose
from desktop_app.rules.field_values import account_words
from desktop_app.rules.person import check_person
from desktop_app.rules.problems import Problem, error, needs_confirmation
from desktop_app.services import cleaning_elsewhere
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.day_setup import stored_lot
from desktop_app.services.doses import (
    PersonInput,
    id_registered_to_another,
    prior_doses,
    stored_dose_value,
)
from desktop_app.services.errors import ChangeRefused, RecordNotFound
from desktop_app.services.merged_records import FoldedRecord, folded_into, kept_named
from desktop_app.services.search import PersonSummary

SYNC_STATES = ("pending", "sending", "synced", "rejected", "conflict")
PAGE_SIZE = 200
# Below this many matching rows a filter drives the query from its own index and sorts the
# matches; above it, walking the date index and testing each row is cheaper.
SELECTIVE_LIMIT = 20_000


class SortKey(StrEnum):
    DATE = "date"
    NAME = "name"
    VACCINE = "vaccine"


@dataclass(frozen=True)
class DoseFilter:
    """Which doses to list; every field None/False means all of them (voided ones too)."""

    date_from: date | None = None
    date_to: date | None = None
    product_code: str | None = None
    sync_state: str | None = None
    needs_cleaning: bool = False
    # The doses of these people only (a search of the desk's: name, ID or phone); None:
    # everyone's, (): nobody's (the search found no one).
    person_ids: tuple[str, ...] | None = None

    @classmethod
    def today(cls, today: date | None = None, **others: Any) -> DoseFilter:
        day = today or local_today()
        return cls(date_from=day, date_to=day, **others)


@dataclass(frozen=True)
class DoseSort:
    key: SortKey = SortKey.DATE
    descending: bool = True


@dataclass(frozen=True)
class DoseRow:
    dose_id: str
    person_id: str
    dose_date: date
    full_name: str
    dob: date | None
    id_number: str | None
    product_code: str
    dose_number: int
    lot_number: str | None
    source: str
    status: str
    sync_state: str | None
    needs_cleaning: bool


Cursor = tuple[Any, ...]


@dataclass(frozen=True)
class Page:
    rows: tuple[DoseRow, ...]
    # Where the next page starts (opaque to callers); None when this was the last page.
    after: Cursor | None


def list_doses(
    db: Database, filter: DoseFilter = DoseFilter(), sort: DoseSort = DoseSort(),
    after: Cursor | None = None, limit: int = PAGE_SIZE,
) -> Page:
    """One page of doses. Pass the previous page's ``after`` to continue where it ended.

    >>> page = list_doses(db, DoseFilter.today())                     # doctest: +SKIP
    >>> more = list_doses(db, DoseFilter.today(), after=page.after)   # doctest: +SKIP
    """
    keys = _sort_columns(sort.key, filter)
    with db.reading() as s:
        stmt = select(
            Dose.id, Dose.person_id, Dose.dose_date, Person.full_name, Person.dob,
            Person.id_number, Dose.product_code, Dose.dose_number, Dose.lot_number,
            Dose.source, Dose.status, SyncRecord.state, Person.cleaning_reason.is_not(None),
            *keys,
        )
        stmt = _from_where(s, stmt, filter)
        if after is not None:
            position = tuple_(*keys)
            stmt = stmt.where(position < tuple_(*after) if sort.descending
                              else position > tuple_(*after))
        order = [k.desc() if sort.descending else k.asc() for k in keys]
        found = s.execute(stmt.order_by(*order).limit(limit + 1)).all()
    more = len(found) > limit
    found = found[:limit]
    rows = tuple(DoseRow(*r[:13]) for r in found)
    cursor = tuple(found[-1][13:]) if more and found else None
    return Page(rows, cursor)


def count_doses(db: Database, filter: DoseFilter = DoseFilter()) -> int:
    """How many doses match: an index scan over all of them, so run it in the background."""
    with db.reading() as s:
        stmt = _from_where(s, select(func.count()), filter, joined=False)
        return int(s.execute(stmt).scalar_one())


def _sort_columns(key: SortKey, f: DoseFilter) -> Sequence[ColumnElement[Any]]:
    """The keyset of each sort: unique and in the order of an index, so a page reads about
    200 index entries and sorts nothing. By date, the tie-break is the rowid that
    ``ix_dose_date`` stores after each date (ordering by id would sort a whole day's doses,
    thousands of rows, per page); within a vaccine ``ix_dose_product_date`` holds the id."""
    if key is SortKey.NAME:
        return (Person.name_key, Person.id, Dose.dose_date, Dose.id)
    if key is SortKey.VACCINE or f.product_code:
        return (Dose.product_code, Dose.dose_date, Dose.id)
    return (Dose.dose_date, literal_column("dose.rowid"))


def _from_where(s: Session, stmt: Any, f: DoseFilter, joined: bool = True) -> Any:
    """``joined=False`` (a count) joins only the tables a filter needs."""
    stmt = stmt.select_from(Dose)
    if joined or f.needs_cleaning:
        stmt = stmt.join(Person, Person.id == Dose.person_id)
    if joined or f.sync_state:
        stmt = stmt.outerjoin(
            SyncRecord, and_(SyncRecord.entity == "dose", SyncRecord.record_id == Dose.id))
    if f.date_from is not None:
        stmt = stmt.where(Dose.dose_date >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(Dose.dose_date <= f.date_to)
    if f.product_code:
        stmt = stmt.where(Dose.product_code == f.product_code)
    if f.sync_state:
        stmt = stmt.where(_sync_state_is(s, f.sync_state))
    if f.needs_cleaning:
        stmt = stmt.where(_needs_cleaning(s))
    if f.person_ids is not None:  # a few people: their doses by ix_dose_person_date
        stmt = stmt.where(_selective(Dose.person_id.in_(f.person_ids)))
    return stmt


def _sync_state_is(s: Session, state: str) -> ColumnElement[bool]:
    rows = s.get(SyncCounter, state)
    if rows is None or rows.n <= SELECTIVE_LIMIT:
        # Few: tell the planner so, and it starts from ix_sync_record_state.
        return _selective(SyncRecord.state == state)
    # Many: coalesce() keeps the outer join (and the date index) in charge.
    return func.coalesce(SyncRecord.state, "") == state


def _needs_cleaning(s: Session) -> ColumnElement[bool]:
    flagged = select(Person.id).where(Person.cleaning_reason.is_not(None)).limit(
        SELECTIVE_LIMIT + 1).subquery()
    if s.execute(select(func.count()).select_from(flagged)).scalar_one() <= SELECTIVE_LIMIT:
        return _selective(Person.cleaning_reason.is_not(None))  # ix_person_needs_cleaning
    return func.coalesce(Person.cleaning_reason, "") != ""


def _selective(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """SQLite's likelihood(): the planner takes this term as rare and drives from its index."""
    return func.likelihood(condition, literal_column("0.0001"))



# -- one record: its person, history and audit trail; corrections -------------------------
@dataclass(frozen=True)
class PersonView(PersonSummary):
    no_id_reason: str | None
    nationality: str | None
    address: str | None
    cleaning_reason: str | None
    # Shown only when the card carried one, but always carried: a correction form that
    # left it out sent it back empty and deleted it (the desk's match to earlier doses).
    old_id_number: str | None = None


@dataclass(frozen=True)
class DoseView:
    id: str
    dose_number: int
    dose_date: date
    product_code: str
    lot_number: str | None
    vaccinator: str | None
    source: str
    status: str
    void_reason: str | None
    sync_state: str | None
    reactions: int = 0  # recorded after it (a voided dose's may move: services/reactions)


@dataclass(frozen=True)
class AuditView:
    at: datetime
    action: str
    entity: str
    entity_id: str
    user: str | None  # who, by login and name (field_values.account_words)
    details: dict[str, Any]


@dataclass(frozen=True)
class RecordDetail:
    dose_id: str
    person: PersonView
    doses: tuple[DoseView, ...]  # all of the person's doses, voided ones included, by date
    audit: tuple[AuditView, ...]  # the dose's and the person's entries, oldest first
    # The records merged into this one (a complaint's merge, the worklist's): each may be
    # split off again (``merges.unmerge_people``), whenever the merge was made.
    folded_in: tuple[FoldedRecord, ...] = ()

    @property
    def dose(self) -> DoseView:
        return next(d for d in self.doses if d.id == self.dose_id)


@dataclass(frozen=True)
class CorrectionOutcome:
    saved: bool
    problems: tuple[Problem, ...] = ()
    changed: dict[str, Any] = field(default_factory=dict)  # field -> [old, new]
    left: tuple[str, ...] = ()  # saved: the person's cleaning problems still there (codes)
    revoked: tuple[str, ...] = ()  # saved: the certificates it revoked (UVCIs)

    @property
    def needs_confirmation(self) -> bool:
        return needs_confirmation(self.saved, self.problems)


def record_detail(db: Database, dose_id: str, person_id: str | None = None) -> RecordDetail:
    """Everything the record window shows about a dose. Raises RecordNotFound. With
    ``person_id``, a dose moved to another record since (a merge split off again) gives way
    to that person's latest dose: the window stays on the person it was opened for."""
    with db.reading() as s:
        dose = s.get(Dose, dose_id)
        if dose is None:
            raise RecordNotFound(dose_id)
        if person_id is not None and dose.person_id != person_id:
            dose = s.scalars(select(Dose).where(Dose.person_id == person_id).order_by(
                Dose.status != "active", Dose.dose_date.desc())).first() or dose
            dose_id = dose.id
        p = s.get(Person, dose.person_id)
        assert p is not None
        person = _person_view(p)
        doses = _doses_of(s, p.id)
        dose_ids = [d.id for d in doses]
        audit = s.execute(
            select(AuditEntry.at, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
                   User.username, User.full_name, AuditEntry.details)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .where(or_(and_(AuditEntry.entity == "person", AuditEntry.entity_id == p.id),
                       and_(AuditEntry.entity == "dose", AuditEntry.entity_id.in_(dose_ids))))
            .order_by(AuditEntry.id)
        ).all()
        folded = folded_into(s, p.id)
        imported = _imports_of(s, p)
    entries = [AuditView(*a[:4], account_words(a.username, a.full_name) or None,
                         json.loads(a.details) if a.details else {}) for a in audit]
    return RecordDetail(dose_id, person, doses,
                        tuple(sorted(entries + imported, key=lambda e: e.at)), folded)


def _imports_of(s: Session, person: Person) -> list[AuditView]:
    """The imports that made the person or their doses, as the history's entries: a file
    writes no entry a record (a million rows), so the history of a backfilled person was
    empty, and nobody could see who typed them in, from which file."""
    batches = set(s.scalars(select(Dose.import_batch_id).where(
        Dose.person_id == person.id, Dose.import_batch_id.is_not(None)).distinct()))
    if person.import_batch_id is not None:
        batches.add(person.import_batch_id)
    if not batches:
        return []
    rows = s.execute(select(ImportBatch.id, ImportBatch.started_at, User.username,
                            User.full_name, ImportBatch.file_name, ImportBatch.counts)
                     .outerjoin(User, User.id == ImportBatch.user_id)
                     .where(ImportBatch.id.in_(batches)))
    return [AuditView(at, "import", "import", str(batch), account_words(login, who) or None,
                      {"file": name, "counts": json.loads(counts) if counts else {}})
            for batch, at, login, who, name, counts in rows]


def _doses_of(s: Session, person_id: str) -> tuple[DoseView, ...]:
    """A person's doses, voided ones too, by date."""
    return tuple(DoseView(*d) for d in s.execute(
        select(Dose.id, Dose.dose_number, Dose.dose_date, Dose.product_code,
               Dose.lot_number, Dose.vaccinator, Dose.source, Dose.status,
               Dose.void_reason, SyncRecord.state,
               select(func.count()).where(DoseReaction.dose_id == Dose.id)
               .scalar_subquery())
        .outerjoin(SyncRecord, and_(SyncRecord.entity == "dose",
                                    SyncRecord.record_id == Dose.id))
        .where(Dose.person_id == person_id).order_by(Dose.dose_date, Dose.dose_number)))


def person_with_doses(db: Database, person_id: str) -> tuple[PersonView, tuple[DoseView, ...]]:
    """One person and their doses, as a complaint's correction shows them (a complaint of
    wrong details may be of a dose's). Raises RecordNotFound."""
    with db.reading() as s:
        return _person_view(_person(s, person_id)), _doses_of(s, person_id)


def person_view(db: Database, person_id: str) -> PersonView:
    """One person as the correction form shows them, for screens that list people rather
    than doses (the cleaning worklist). Raises RecordNotFound."""
    with db.reading() as s:
        return _person_view(_person(s, person_id))


def _person(s: Session, person_id: str) -> Person:
    p = s.get(Person, person_id)
    if p is None:
        raise RecordNotFound(person_id)
    return p


def _person_view(p: Person) -> PersonView:
    return PersonView(
        id=p.id, full_name=p.full_name, dob=p.dob, sex=p.sex, id_type=p.id_type,
        id_number=p.id_number, phone=p.phone, no_id_reason=p.no_id_reason,
        nationality=p.nationality, address=p.address, cleaning_reason=p.cleaning_reason,
        old_id_number=p.old_id_number)


def correct_person(
    db: Database, person_id: str, changes: Mapping[str, Any], *,
    actor: Actor, confirm_warnings: bool = False, today: date | None = None,
    now: datetime | None = None,
) -> CorrectionOutcome:
    """Correct a person's identity data: the same rules as the desk, then one audited write.
    Errors never save; warnings save only with ``confirm_warnings``. A record a merge folded
    into another is not corrected (ChangeRefused): the kept one is the person's.

    ``changes`` is a diff: only the fields named change, each to the value given (None
    empties it); a field left out keeps what is stored. A form sends what the user edited,
    never its whole self: a field it does not show would be sent empty and wiped."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        return correct_person_in(s, person_id, changes, actor=actor,
                                 confirm_warnings=confirm_warnings, today=today, now=now)


def correct_person_in(
    s: Session, person_id: str, changes: Mapping[str, Any], *,
    actor: Actor, confirm_warnings: bool = False, today: date | None = None,
    now: datetime | None = None, put_back: Mapping[str, Any] | None = None,
) -> CorrectionOutcome:
    """``correct_person`` in the caller's transaction: for a service whose checks of the
    record must hold until the correction is written (the police's results). ``put_back``:
    the values are the record's own from before, put back by what it names (an import's
    undo, written into the audit entry): checked as ``correction_checked`` says."""
    require(actor, *SUPERVISORS)
    today = today or local_today()
    person = s.get(Person, person_id)
    if person is None:
        raise RecordNotFound(person_id)
    if person.merged_into is not None:
        raise ChangeRefused("PERSON_MERGED_UNCHANGEABLE", **kept_named(s, person.id))
    facts, problems, refused = correction_checked(s, person, changes, today,
                                                  confirm_warnings, put_back is not None)
    if refused:
        return CorrectionOutcome(False, tuple(problems))
    values = facts.stored_values()
    moment = now or utc_now()
    before = len(store.revoked_in(s))  # the caller's transaction may have revoked others
    changed = store.update_person(s, person, values, now=moment, user_id=actor.user_id,
                                  note=put_back)
    if changed:
        cleaning_store.after_correction(s, person, changed, today=today, now=moment,
                                        user_id=actor.user_id)
        if changed.keys() & {"id_number", "old_id_number"}:  # the number the flag named?
            cleaning_elsewhere.settle_number_taken(s, person, today=today, now=moment,
                                                   user_id=actor.user_id)
    if put_back is None and any(p.code == NAME_NO_DIACRITICS for p in problems):
        # Confirmed, as the desk asks and keeps no code: the name is written so (a file's
        # flag said it might not be). Saved with nothing else edited, this is all it does.
        cleaning_store.settle_flag(s, person, NAME_NO_DIACRITICS, today=today, now=moment,
                                   user_id=actor.user_id, why="confirmed")
    left = cleaning_store.problems(person, s.get(CleaningCase, person.id))
    return CorrectionOutcome(True, tuple(problems), changed, left,
                             store.revoked_in(s)[before:])


def correction_checked(s: Session, person: Person, changes: Mapping[str, Any], today: date,
                       confirm_warnings: bool = False, put_back: bool = False
                       ) -> tuple[PersonInput, list[Problem], bool]:
    """The person as the correction would leave them, its problems, and whether they
    refuse it: an error the person did not have (a correction may leave one they had: the
    name fixed, the date of birth still unknown; it may never bring a new one), or a
    warning not confirmed. ``put_back``: the values are the record's own from before (an
    import's undo): their warnings and identity errors were the record's then (the errors
    flag it again), neither asked nor taken as confirmed; an error of another kind (its
    old ID given to someone else since) still refuses it. Writes nothing."""
    current = {k: getattr(person, k) for k in store.PERSON_FIELDS}
    changes = cmnd_kept(changes, id_type=person.id_type, id_number=person.id_number)
    facts = PersonInput(**{**current, **changes})
    problems = check_person(facts, today) + id_registered_to_another(s, facts, person.id,
                                                                     changed=changes)
    if "dob" in changes and facts.dob is not None:  # against the doses already recorded
        problems += _doses_before_birth(s, person.id, facts.dob, today)
        # Said before it is saved (and flagged after): an adult's vaccine on a child.
        problems += cleaning_store.doses_outside_ages_of(s, person.id, facts.dob)
    had = set(identity_codes(PersonInput(**current), today))
    if put_back:
        had |= set(identity_codes(facts, today))
    refused = any(p.is_error and p.code not in had for p in problems) or (
        any(not p.is_error for p in problems) and not (confirm_warnings or put_back))
    return facts, problems, refused


def _doses_before_birth(s: Session, person_id: str, dob: date, today: date
                        ) -> list[Problem]:
    """A corrected date of birth after a dose the person was given, here or at another site
    (the year typed wrong again): the dose date rule (``check_dose_date``) the other way
    round."""
    given = prior_doses(s, person_id)  # other sites' too
    first = given[0].dose_date if given else None
    found = check_dose_date(first, dob, today) if first is not None else []
    return [error(p.code, "dob", **p.params) for p in found if p.code == "DOSE_BEFORE_BIRTH"]


def correct_dose(
    db: Database, dose_id: str, changes: Mapping[str, Any], *,
    actor: Actor, confirm_warnings: bool = False, today: date | None = None,
    now: datetime | None = None,
) -> CorrectionOutcome:
    """Correct an active dose against the person's *other* doses. A voided dose is not
    corrected (record the right dose instead). Raises RecordNotFound, ChangeRefused.

    ``changes`` is a diff, as for ``correct_person``: a form sends only the fields edited, so
    a correction saved since it opened (another window's, the platform's copy taken by a
    sync) is not written back to what the form loaded."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        return correct_dose_in(s, db.catalogue, dose_id, changes, actor=actor,
                               confirm_warnings=confirm_warnings, today=today, now=now)


def correct_dose_in(
    s: Session, catalogue: Catalogue, dose_id: str, changes: Mapping[str, Any], *,
    actor: Actor, confirm_warnings: bool = False, today: date | None = None,
    now: datetime | None = None,
) -> CorrectionOutcome:
    """``correct_dose`` in the caller's transaction: for a service that corrects the
    person and a dose together, or neither (a complaint's correction)."""
    require(actor, *SUPERVISORS)
    today = today or local_today()
    dose = s.get(Dose, dose_id)
    if dose is None:
        raise RecordNotFound(dose_id)
    if dose.status != "active":
        raise ChangeRefused("DOSE_VOIDED_UNCHANGEABLE")
    person = s.get(Person, dose.person_id)
    assert person is not None
    values = {k: getattr(dose, k) for k in store.DOSE_FIELDS}
    for key, value in changes.items():
        if key not in store.DOSE_FIELDS:
            raise KeyError(f"not a dose field: {key}")
        values[key] = stored_dose_value(value)
    if "lot_number" in changes:  # stored as a dose saved at the desk stores it
        values["lot_number"] = stored_lot(s, values["product_code"], values["lot_number"])
    problems = check_dose(
        product_code=values["product_code"], dose_number=values["dose_number"],
        dose_date=values["dose_date"], dob=person.dob,
        history=prior_doses(s, person.id, excluding=dose_id),
        catalogue=catalogue, today=today, lot_number=values["lot_number"],
        vaccinator=values["vaccinator"], at_desk=values["source"] == "desk",
        injecting=False,  # the dose was given: its age is confirmed, not refused
    )
    if any(p.is_error for p in problems) or (problems and not confirm_warnings):
        return CorrectionOutcome(False, tuple(problems))
    before = len(store.revoked_in(s))
    changed = store.update_dose(s, dose, values, now=now or utc_now(), user_id=actor.user_id)
    return CorrectionOutcome(True, tuple(problems), changed,
                             revoked=store.revoked_in(s)[before:])
