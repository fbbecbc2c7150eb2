"""The people sitting out their 30 minutes after a dose, and letting them go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from desktop_app.clock import local_today, utc_bounds, utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Observation, Person
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.errors import RecordNotFound

OBSERVATION = timedelta(minutes=30)  # the Ministry of Health's minimum after a dose


@dataclass(frozen=True)
class Watched:
    dose_id: str
    person_id: str
    full_name: str
    product_code: str
    dose_number: int
    started_at: datetime  # UTC

    def left(self, now: datetime) -> timedelta:
        """Time still to wait (zero or less: the 30 minutes are done)."""
        return self.started_at + OBSERVATION - now


def under_observation(db: Database, today: date | None = None) -> list[Watched]:
    """Today's observations not yet ended, oldest first, and those begun in the 30 minutes
    before today began (a dose given at 23:50 is watched until 00:20: at 00:05 the person
    is still in the waiting area). Not a dose since marked entered in error (the wrong
    person was recorded: the list would send the clerk to them), nor one of an earlier day
    that nobody ended (days later it stood at the top of the list and pushed today's people
    below the fold of a small screen)."""
    day_began, _ = utc_bounds(today or local_today(), today or local_today())
    since = day_began - OBSERVATION
    with db.reading() as s:
        rows = s.execute(
            select(Observation.dose_id, Dose.person_id, Person.full_name, Dose.product_code,
                   Dose.dose_number, Observation.started_at)
            .join(Dose, Dose.id == Observation.dose_id)
            .join(Person, Person.id == Dose.person_id)
            .where(Observation.ended_at.is_(None), Observation.started_at >= since,
                   Dose.status == "active")
            .order_by(Observation.started_at)
        ).all()
    return [Watched(*r) for r in rows]


def end_observation(db: Database, dose_id: str, *, actor: Actor,
                    now: datetime | None = None) -> None:
    """The person leaves (their time done, or sent on early by the clerk: audited as such)."""
    require(actor, *RECORDERS)
    now = now or utc_now()
    with db.transaction() as s:
        row = s.get(Observation, dose_id)
        if row is None:
            raise RecordNotFound(dose_id)
        if row.ended_at is not None:
            return
        row.ended_at = now
        minutes = int((now - row.started_at).total_seconds() // 60)
        s.add(store.audit_entry("observation", "dose", dose_id, {"minutes": minutes}, now,
                                actor.user_id))
