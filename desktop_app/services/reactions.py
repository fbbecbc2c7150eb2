"""Record a reaction after a dose: mild or serious, when it began, what it was, what was
done. Audited on the dose; the dose is sent again, carrying it as ``Immunization.reaction``.

A reaction follows the injection, not the record: when the clerk had picked the wrong
citizen, the dose is voided as given to another person (``services/doses.void_dose``) and
recorded on the right one, and a supervisor moves its reactions there (``move_reactions``).
Left on the voided dose they are nobody's (the desk and the screening read the reactions of
active doses), so the right person's next screening would not see an anaphylaxis; and they
cannot be recorded again on the right dose, whose observation began after them. A dose
voided for another reason (recorded twice, its lot wrong) was this person's injection: its
reactions move to their own dose recorded again, never to another person's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, Dose, DoseReaction, Observation, Person
from desktop_app.rules.problems import Problem, error
from desktop_app.rules.text_fields import lines
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, require
from desktop_app.services.errors import ChangeRefused, RecordNotFound

SEVERITIES = ("mild", "serious")
SAVED_AFTER_INJECTION = timedelta(minutes=10)  # at most, between the needle and the save


@dataclass(frozen=True)
class ReactionInput:
    severity: str
    onset_at: datetime  # UTC
    description: str
    action_taken: str


def record_reaction(db: Database, dose_id: str, reaction: ReactionInput, *, actor: Actor,
                    now: datetime | None = None) -> tuple[str | None, list[Problem]]:
    """(the reaction's id, []) or (None, the problems; nothing saved)."""
    require(actor, *RECORDERS)
    now = now or utc_now()
    if reaction.severity not in SEVERITIES:
        raise ValueError(f"not a severity: {reaction.severity}")
    problems = []
    description, action_taken = lines(reaction.description), lines(reaction.action_taken)
    if not description:
        problems.append(error("REACTION_DESCRIPTION_REQUIRED", "description"))
    if not action_taken:
        problems.append(error("REACTION_ACTION_REQUIRED", "action_taken"))
    with db.transaction() as s:
        dose = s.get(Dose, dose_id)
        if dose is None:
            raise RecordNotFound(dose_id)
        if dose.status != "active":  # the record was wrong: record the right dose first
            raise ChangeRefused("DOSE_VOIDED_UNCHANGEABLE")
        # The dose's date is the site's local day; the onset is stored in UTC (06:50 in
        # Vietnam is the day before in UTC). A desk dose's observation began when it was
        # saved, moments after the injection: no reaction long before it (08:00 for a dose
        # given at 14:00 the same day), though one may begin before the clerk saved.
        watched = s.get(Observation, dose_id)
        given = watched.started_at - SAVED_AFTER_INJECTION if watched else None
        if reaction.onset_at > now or utc_to_local(reaction.onset_at).date() < dose.dose_date \
                or (given is not None and reaction.onset_at < given):
            problems.append(error("REACTION_ONSET_INVALID", "onset_at"))
        if problems:
            s.rollback()
            return None, problems
        values = {"severity": reaction.severity, "onset_at": reaction.onset_at,
                  "description": description, "action_taken": action_taken}
        return store.add_reaction(s, dose, values, now=now, user_id=actor.user_id), []



@dataclass(frozen=True)
class MoveTarget:
    """A dose the reactions of a voided one may belong on, as the supervisor picks it."""

    dose_id: str
    full_name: str
    dob: date | None
    id_number: str | None
    dose_number: int
    lot_number: str | None
    entered_at: datetime  # UTC


@dataclass(frozen=True)
class MoveTargets:
    to_another: bool  # the dose was voided as given to another person: theirs, not this one's
    doses: list[MoveTarget]


MOVE_TARGETS = 20  # the right dose was recorded moments from the wrong one


def move_targets(db: Database, dose_id: str, *, actor: Actor) -> MoveTargets:
    """The active doses the voided dose's reactions may move to, of its vaccine and day,
    the closest in time to it first (the dose recorded again just after the void): another
    person's when it was voided as given to them, else this person's own (a dose recorded
    twice, or again with its lot corrected: the reactions stay theirs)."""
    require(actor, *SUPERVISORS)
    with db.reading() as s:
        source, to_another = _voided_with_reactions(s, dose_id)
        whose = Dose.person_id != source.person_id if to_another \
            else Dose.person_id == source.person_id
        rows = s.execute(
            select(Dose.id, Person.full_name, Person.dob, Person.id_number, Dose.dose_number,
                   Dose.lot_number, Dose.entered_at)
            .join(Person, Person.id == Dose.person_id)
            .where(Dose.status == "active", Dose.product_code == source.product_code,
                   Dose.dose_date == source.dose_date, whose)
            .order_by(func.abs(func.julianday(Dose.entered_at)
                               - func.julianday(source.entered_at)))
            .limit(MOVE_TARGETS))
        return MoveTargets(to_another, [MoveTarget(*row) for row in rows])


def move_reactions(db: Database, dose_id: str, to_dose_id: str, *, actor: Actor,
                   now: datetime | None = None) -> int:
    """The reactions of voided ``dose_id`` put on ``to_dose_id``: an active dose of the
    same vaccine and day, another person's only when ``dose_id`` was voided as given to
    them (``move_targets``). How many moved; raises RecordNotFound or ChangeRefused,
    nothing changed."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        source, to_another = _voided_with_reactions(s, dose_id)
        target = s.get(Dose, to_dose_id)
        if target is None:
            raise RecordNotFound(to_dose_id)
        if target.status != "active":
            raise ChangeRefused("DOSE_VOIDED_UNCHANGEABLE")
        if (target.person_id != source.person_id) != to_another or \
                (target.product_code, target.dose_date) != (source.product_code,
                                                            source.dose_date):
            raise ChangeRefused("REACTION_MOVE_NOT_THAT_DOSE")
        return store.move_reactions(s, source, target, now=now or utc_now(),
                                    user_id=actor.user_id)


def _voided_with_reactions(s: Session, dose_id: str) -> tuple[Dose, bool]:
    """The voided dose whose reactions are to move, and whether it was voided as given to
    another person (its void's audit entry says so: ``store.void_dose``); ChangeRefused
    when it has none to move."""
    dose = s.get(Dose, dose_id)
    if dose is None:
        raise RecordNotFound(dose_id)
    if dose.status != "voided":
        raise ChangeRefused("REACTION_MOVE_NOT_VOIDED")
    if s.scalar(select(func.count()).where(DoseReaction.dose_id == dose_id)) == 0:
        raise ChangeRefused("REACTION_MOVE_NONE")
    said = s.scalar(select(AuditEntry.details).where(
        AuditEntry.entity == "dose", AuditEntry.entity_id == dose_id,
        AuditEntry.action == "void").order_by(AuditEntry.id.desc()).limit(1))
    return dose, bool(said and json.loads(said).get("given_to_another"))
