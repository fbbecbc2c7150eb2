"""The people sitting out their 30 minutes after a dose, and letting them go."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from desktop_app.clock import local_today, utc_bounds, utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Observation, Person
from desktop_app.rules.desk_day import OBSERVATION
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.errors import RecordNotFound

# When each observation begun in this run of the app began, by the monotonic clock, by
# dose id. The Ministry's 30 minutes are of real time, and the wall clock can jump under a
# person waiting (the OS sets a slow clock right when the link comes up): the monotonic
# clock cannot (a laptop asleep meanwhile may not count its sleep: the wait is then longer,
# never shorter). One begun before a restart has only its wall-clock start to go by.
_began_here: dict[str, float] = {}


def began_here(dose_id: str) -> None:
    """The observation of ``dose_id`` begins now, in this run (``record_dose``)."""
    _began_here[dose_id] = time.monotonic()


@dataclass(frozen=True)
class Watched:
    dose_id: str
    person_id: str
    full_name: str
    product_code: str
    dose_number: int
    started_at: datetime  # UTC

    def left(self, now: datetime) -> timedelta:
        """Time still to wait at ``now`` by the wall clock (zero or less: the 30 minutes
        are done)."""
        return self.started_at + OBSERVATION - now

    def left_now(self) -> timedelta:
        """Time still to wait now: by the time really gone since it began in this run,
        whatever the wall clock did meanwhile; else (begun before a restart) by the wall
        clock."""
        began = _began_here.get(self.dose_id)
        if began is None:
            return self.left(utc_now())
        return OBSERVATION - timedelta(seconds=time.monotonic() - began)


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
    """The person leaves (their time done, or sent on early by the clerk: audited as such,
    with the minutes watched: really gone, for one begun in this run and ended now)."""
    require(actor, *RECORDERS)
    began = _began_here.get(dose_id) if now is None else None
    now = now or utc_now()
    with db.transaction() as s:
        row = s.get(Observation, dose_id)
        if row is None:
            raise RecordNotFound(dose_id)
        if row.ended_at is not None:
            return
        row.ended_at = now
        watched = time.monotonic() - began if began is not None \
            else (now - row.started_at).total_seconds()
        minutes = int(watched // 60)
        s.add(store.audit_entry("observation", "dose", dose_id, {"minutes": minutes}, now,
                                actor.user_id))
