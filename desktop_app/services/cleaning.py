"""The identity-cleaning worklist: who needs work, grouped, counted, and moved along.

A person is on the worklist while the rules or the population register find a problem with
their identity, or while they belong to one of the lists verified through other channels
(foreigners, unknown identity, homeless people, children without a number), or once someone
has opened a case on them. Closed cases (fixed, cannot verify) stay countable but are not
shown unless asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.database import Database
from desktop_app.db.models import CleaningCase, Person
from desktop_app.db.report_queries import NOT_FOLDED
from desktop_app.rules import admin_units
from desktop_app.rules.cleaning import (
    CLOSED,
    Place,
    SameRecords,
    Status,
    WorkList,
    backlog_problems,
    case_problem,
    is_late,
    left_unfixed,
    list_of,
    may_move,
    place_of,
    problems_of,
)
from desktop_app.rules.cleaning import list_label as list_label
from desktop_app.rules.cleaning import problem_label as problem_label
from desktop_app.rules.cleaning import problems_in_brief as problems_in_brief
from desktop_app.rules.cleaning import status_label as status_label
from desktop_app.rules.field_values import field_label
from desktop_app.rules.messages import Part, text
from desktop_app.rules.names import fold
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.errors import ChangeRefused, RecordNotFound
from desktop_app.services.site import current_site
from desktop_app.wire.register import PROBLEM_CODE


@dataclass(frozen=True)
class Case:
    person_id: str
    full_name: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    no_id_reason: str | None
    phone: str | None
    address: str | None
    problems: tuple[str, ...]
    status: Status
    work_list: WorkList
    commune: str | None  # the commune or ward the address names, if any
    sent_at: datetime | None
    late: bool
    register_fields: tuple[str, ...] = ()
    nationality: str | None = None  # ISO 3166 alpha-3, as the desk keeps it (a passport's)

    def brief(self, code: str, lang: str, *, number: str | None = None,
              identity: Mapping[str, str] | None = None,
              same_as: SameRecords | None = None) -> str:
        """One of its problems in a few words, as the list, ``vaxdesk cleaning list`` and
        the police's file say it: a register mismatch with the fields it is on ("differs"
        alone says nothing of what to look up); another site's number or values, and the
        records it may be, when given (``case_problem``)."""
        if code == "REGISTER_MISMATCH" and self.register_fields:
            return text("REGISTER_MISMATCH_FIELDS", lang, fields=", ".join(
                field_label(f, lang) for f in self.register_fields))
        return case_problem(code, lang, number, identity, same_as, self.full_name)

    def late_said(self, lang: str, now: datetime | None = None) -> str:
        """"Late: sent n days ago, no answer yet", for a late case (empty otherwise): the
        list's and ``vaxdesk cleaning list``'s one way of saying it."""
        if not self.late or self.sent_at is None:
            return ""
        return text("CLEANING_LATE", lang, days=((now or utc_now()) - self.sent_at).days)

    def as_json(self) -> dict[str, object]:
        return {"person_id": self.person_id, "full_name": self.full_name,
                "dob": self.dob.isoformat() if self.dob else None, "sex": self.sex,
                "id_type": self.id_type, "id_number": self.id_number,
                "problems": list(self.problems), "status": self.status.value,
                "list": self.work_list.value, "commune": self.commune,
                "sent_at": self.sent_at.isoformat() + "Z" if self.sent_at else None,
                "late": self.late, "register_fields": list(self.register_fields)}


@dataclass(frozen=True)
class Worklist:
    cases: list[Case]  # those the filter asked for
    by_status: Counter[str] = field(default_factory=Counter)  # over the whole worklist
    by_problem: Counter[str] = field(default_factory=Counter)  # open cases only
    by_list: Counter[str] = field(default_factory=Counter)  # open cases only
    late: int = 0
    not_clean: int = 0  # records with a problem in the backlog (report_queries.CleaningCounts)


def worklist(db: Database, *, status: Iterable[str] | str | None = None,
             problem: str | None = None, work_list: str | None = None,
             commune: str | None = None, late_only: bool = False,
             now: datetime | None = None) -> Worklist:
    """The worklist, filtered; without a status, the open cases. Counts are of everything,
    so the screen's figures do not change with the filter. ``commune`` and ``late_only``
    narrow the cases as ``narrowed`` does (the screen's table, the police export)."""
    now = now or utc_now()
    wanted = ({status} if isinstance(status, str) else set(status)) if status else None
    places = _places(db)
    with db.reading() as s:
        rows = s.execute(_columns()).all()  # tuples: ORM objects cost 3x for 10,000 cases
    cases, by_status, by_problem, by_list, late, not_clean = [], Counter(), Counter(), \
        Counter(), 0, 0
    for person in rows:
        problems = problems_of(person.cleaning_reason,
                               PROBLEM_CODE.get(person.register_verdict or ""))
        kind = list_of(person.id_type, person.no_id_reason)
        opened = person.status is not None
        current = Status(person.status) if opened else Status.TO_CHECK
        if not opened and not problems and kind is WorkList.MAIN:
            continue
        by_status[current.value] += 1
        overdue = opened and is_late(current, person.sent_at, now)
        place = _place(person.address, places)
        backlog = backlog_problems(current, problems)
        by_problem.update(backlog)
        not_clean += bool(backlog)
        if current not in CLOSED:
            by_list[kind.value] += 1
            late += overdue
        if (current.value not in wanted if wanted else current in CLOSED) or \
                (problem and problem not in problems) or \
                (work_list and kind.value != work_list):
            continue
        cases.append(Case(
            person.id, person.full_name, person.dob, person.sex, person.id_type,
            person.id_number, person.no_id_reason, person.phone, person.address, problems,
            current, kind, place.name if place else None, person.sent_at, overdue,
            tuple(person.register_fields.split(",")) if person.register_fields else (),
            person.nationality))
    # Folded, so "Đống Đa" sorts among the D's as a Vietnamese reader looks for it.
    cases.sort(key=lambda c: (fold(c.commune) if c.commune else "\uffff", fold(c.full_name)))
    return Worklist(narrowed(cases, commune=commune, late_only=late_only), by_status,
                    by_problem, by_list, late, not_clean)


def narrowed(cases: Iterable[Case], *, commune: str | None = None,
             late_only: bool = False) -> list[Case]:
    """The cases of one commune (its name as ``Case.commune`` holds it; "" for an address
    that names none) and, if asked, only the late ones. The one narrowing of the screen's
    table and of the police export: the export writes exactly the rows the table shows."""
    return [c for c in cases if (commune is None or (c.commune or "") == commune)
            and (c.late or not late_only)]


def _listed():  # type: ignore[no-untyped-def]
    # Three small indexed sets, unioned: the flagged (partial index), the special lists
    # (partial index) and the opened cases; never a scan of a million people.
    return union(
        select(Person.id).where(Person.cleaning_reason.is_not(None)),
        select(Person.id).where(Person.id_type.in_(("PASSPORT", "NONE"))),
        select(CleaningCase.person_id),
    ).subquery()


def _columns():  # type: ignore[no-untyped-def]
    listed = _listed()
    return (select(Person.id, Person.full_name, Person.dob, Person.sex, Person.id_type,
                   Person.id_number, Person.no_id_reason, Person.phone, Person.address,
                   Person.cleaning_reason, CleaningCase.status, CleaningCase.sent_at,
                   CleaningCase.register_verdict, CleaningCase.register_fields,
                   Person.nationality)
            .join(listed, listed.c.id == Person.id)
            .outerjoin(CleaningCase, CleaningCase.person_id == Person.id)
            .where(NOT_FOLDED))


def _place(address: str | None, places: tuple[Place, ...]) -> Place | None:
    # Many people of a commune share a street address: each is matched once.
    key = (places[0].code if places else "", address)  # the province's communes, then
    if key not in _PLACE_CACHE:
        if len(_PLACE_CACHE) > 50_000:
            _PLACE_CACHE.clear()
        _PLACE_CACHE[key] = place_of(address, places)
    return _PLACE_CACHE[key]


_PLACE_CACHE: dict[tuple[str, str | None], Place | None] = {}


def _places(db: Database) -> tuple[Place, ...]:
    site = current_site(db)
    return _places_of(site.province_code if site else None)


@lru_cache(maxsize=4)
def _places_of(province_code: str | None) -> tuple[Place, ...]:
    if not province_code:
        return ()
    units = admin_units.communes(province_code)
    return tuple(Place(u.code, u.name, _core(u.key)) for u in units)


def _core(key: str) -> str:
    for prefix in ("phuong ", "xa ", "dac khu ", "thi tran "):
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def move(db: Database, person_ids: Iterable[str], status: Status | str, *, actor: Actor,
         note: str | None = None, now: datetime | None = None) -> int:
    """Move cases to ``status`` (audited, one transaction: all or none). Raises
    ChangeRefused naming the first person who cannot move so, or when *cannot verify* is
    given no ``note`` (its reason); returns how many moved."""
    require(actor, *SUPERVISORS)
    target = Status(status)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise ChangeRefused("CLEANING_NOTHING_CHOSEN")
    if target is Status.CANNOT_VERIFY and not (note or "").strip():
        # Closed without its identity put right: the list's figures count it as settled,
        # so whoever reads it later must learn why (moved away, never reached).
        raise ChangeRefused("CLEANING_REASON_REQUIRED", status=_status_part(target))
    now = now or utc_now()
    moved = 0
    with db.transaction() as s:
        for person_id in ids:
            person, case = _person_and_case(s, person_id)
            old = Status(case.status) if case is not None else Status.TO_CHECK
            if not may_move(old, target):
                raise ChangeRefused("CLEANING_MOVE_REFUSED", name=person.full_name,
                                    old=_status_part(old), new=_status_part(target))
            if target is Status.FIXED and old is not Status.FIXED:
                left = left_unfixed(cleaning_store.problems(person, case))
                if left:
                    raise NotFixed(person.full_name, left)
            moved += cleaning_store.move(s, person_id, target, now=now, user_id=actor.user_id,
                                         note=note)
    return moved


class NotFixed(ChangeRefused):
    """A case moved to *fixed* while the record still has a problem: "Đã sửa" counts people
    whose data was put right, so the problem is named (in the reader's language) and the way
    to close a case that cannot be put right (*cannot verify*, with a note) is said."""

    def __init__(self, name: str, problems: tuple[str, ...]) -> None:
        self.name, self.problems = name, problems
        super().__init__("CLEANING_FIX_REFUSED", name=name, problems=self._listed("en"),
                         fixed=_status_part(Status.FIXED),
                         unverifiable=_status_part(Status.CANNOT_VERIFY))

    def _listed(self, lang: str) -> str:
        return "; ".join(problem_label(c, lang) for c in self.problems)

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **{**self.params, "problems": self._listed(lang)})


def _status_part(status: Status) -> Part:
    return Part(f"CLEANING_STATUS_{status.value.upper()}")


def _person_and_case(s: Session, person_id: str) -> tuple[Person, CleaningCase | None]:
    person = s.get(Person, person_id)
    if person is None:
        raise RecordNotFound(person_id)
    return person, s.get(CleaningCase, person_id)


def recheck_all(db: Database, *, actor: Actor, today: date | None = None) -> int:
    """Run today's rules over everyone on the worklist (rules change; old imports were
    judged by older ones); returns how many people's problems or status changed (a case
    marked fixed with its problem still there goes back to be checked)."""
    require(actor, *SUPERVISORS)
    today, now = today or local_today(), utc_now()
    changed = 0
    with db.transaction() as s:
        listed = _listed()
        for person in s.scalars(select(Person).join(listed, listed.c.id == Person.id)
                                .where(NOT_FOLDED)):
            before = person.cleaning_reason, _status_of(s, person.id)
            cleaning_store.after_correction(s, person, {}, today=today, now=now,
                                            user_id=actor.user_id, why="recheck",
                                            catalogue=db.catalogue)
            changed += (person.cleaning_reason, _status_of(s, person.id)) != before
    return changed


def _status_of(s: Session, person_id: str) -> str | None:
    case = s.get(CleaningCase, person_id)
    return case.status if case is not None else None
