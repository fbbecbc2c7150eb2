"""Record a reaction after a dose: mild or serious, when it began, what it was, what was
done. Audited on the dose; the dose is sent again, carrying it as ``Immunization.reaction``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Observation
from desktop_app.rules.problems import Problem, error
from desktop_app.rules.text_fields import lines
from desktop_app.services.actor import RECORDERS, Actor, require
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

