"""Record the pre-vaccination screening of a person: the items answered yes, the outcome
(eligible / postpone / refer) and the reason, audited on the person.

A returning person is screened on their own (``record_screening``); a new person has no row
to screen until the desk saves them, so their answers ride with the dose or the registration
(services/doses.py) and are written by ``add_screening`` in that same transaction. A dose
voided as given to another person takes its visit's screening off the record with it
(``take_off_with_dose``): the answers were that other person's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_bounds, utc_now, utc_to_local
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Dose, Person, Screening
from desktop_app.rules.desk_day import VISIT_HOURS
from desktop_app.rules.problems import Problem
from desktop_app.rules.screening import (
    Outcome,
    age_on_day,
    check_screened_today,
    check_screening,
)
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.clock_check import desk_clock_problems
from desktop_app.services.errors import RecordNotFound


@dataclass(frozen=True)
class TakenOff:
    """A screening taken off a record with its dose (``take_off_with_dose``): whose, when
    (UTC) and its outcome, for whoever voided the dose to be told."""

    full_name: str
    screened_at: datetime
    outcome: Outcome


@dataclass(frozen=True)
class ScreeningAnswers:
    yes: tuple[str, ...]
    outcome: Outcome
    reason: str | None = None

    @classmethod
    def of(cls, yes: Iterable[str], outcome: Outcome, reason: str | None
           ) -> ScreeningAnswers:
        return cls(tuple(sorted(set(yes))), Outcome(outcome), (reason or "").strip() or None)

    def problems(self, dob: date | None, day: date) -> list[Problem]:
        """Checked against the checklist the person's age on ``day`` gets."""
        return check_screening(self.yes, self.outcome, self.reason, age_on_day(dob, day))


def record_screening(
    db: Database, person_id: str, yes: Iterable[str], outcome: Outcome, reason: str | None,
    *, actor: Actor, now: datetime | None = None,
) -> tuple[str | None, list[Problem]]:
    """(the screening's id, []) or (None, the problems; nothing saved). The answers are
    those of the checklist the person's age on the day gets (``rules.screening.checklist``):
    a child's screening with an adult item, or the reverse, is refused."""
    require(actor, *RECORDERS)
    answers = ScreeningAnswers.of(yes, outcome, reason)
    clock = desk_clock_problems(db, now)
    now = now or utc_now()
    with db.transaction() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise RecordNotFound(person_id)
        problems = answers.problems(person.dob, utc_to_local(now).date()) or clock
        if problems:
            s.rollback()
            return None, problems
        row = add_screening(s, person_id, answers, now=now, user_id=actor.user_id)
    return row.id, []


def add_screening(s: Session, person_id: str, answers: ScreeningAnswers, *, now: datetime,
                  user_id: str | None) -> Screening:
    """The screening row and its audit entry, in the caller's transaction (checked already)."""
    row = Screening(id=new_id(), person_id=person_id, screened_at=now,
                    answers=json.dumps(list(answers.yes)), outcome=answers.outcome.value,
                    reason=answers.reason, screened_by=user_id)
    s.add(row)
    s.add(store.audit_entry("screening", "person", person_id, {
        "outcome": row.outcome, "answers": list(answers.yes), "reason": row.reason,
    }, now, user_id))
    return row


def take_off_with_dose(s: Session, dose: Dose, reason: str, *, now: datetime,
                       user_id: str | None) -> TakenOff | None:
    """The screening of the visit ``dose`` was saved in, taken off its person: the clerk
    had picked the wrong citizen, so the answers were whoever stood at the desk. It is the
    latest standing one saved up to the dose, within the visit (``VISIT_HOURS``): the desk
    screens each visit before its first save. Kept, marked with ``reason`` and audited on
    the person, in the caller's transaction. None when there is none (a dose typed in from
    another source, or its screening taken off already)."""
    if dose.source != "desk":
        return None
    row = s.scalars(
        select(Screening)
        .where(Screening.person_id == dose.person_id, Screening.void_reason.is_(None),
               Screening.screened_at <= dose.entered_at,
               Screening.screened_at >= dose.entered_at - timedelta(hours=VISIT_HOURS))
        .order_by(Screening.screened_at.desc()).limit(1)).first()
    if row is None:
        return None
    row.void_reason = reason
    s.add(store.audit_entry("screening_withdrawn", "person", dose.person_id, {
        "outcome": row.outcome, "screened_at": row.screened_at, "reason": reason,
        "dose_id": dose.id,
    }, now, user_id))
    person = s.get(Person, dose.person_id)
    assert person is not None
    return TakenOff(person.full_name, row.screened_at, Outcome(row.outcome))


def screened_out_today(s: Session, person_id: str, name: str, today: date,
                       now: datetime | None = None) -> list[Problem]:
    """DOSE_POSTPONED_TODAY / DOSE_REFERRED_TODAY when the person's latest screening of
    this visit postponed or referred them: of ``today`` (a local day), or of the last
    ``VISIT_HOURS`` (a night session: postponed at 23:59, no dose at 00:01). No dose for
    them at the desk until they are screened again and found eligible
    (``check_screened_today``)."""
    low, _high = utc_bounds(today, today)
    low = min(low, (now or utc_now()) - timedelta(hours=VISIT_HOURS))
    latest = s.execute(
        select(Screening.outcome, Screening.reason, Screening.screened_at)
        .where(Screening.person_id == person_id, Screening.screened_at >= low,
               Screening.void_reason.is_(None))
        .order_by(Screening.screened_at.desc()).limit(1)).first()
    if latest is None:
        return []
    return check_screened_today(name, Outcome(latest.outcome), latest.reason,
                                utc_to_local(latest.screened_at), today)
