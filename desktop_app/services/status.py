"""Counts a site needs to see at a glance: people, doses, and what the sync still owes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person, SyncRecord


@dataclass(frozen=True)
class SiteStatus:
    people: int
    doses: int
    pending: int  # waiting to be uploaded (pending or sending)
    rejected: int
    conflicts: int


def site_status(db: Database) -> SiteStatus:
    with db.engine.connect() as conn:
        people = conn.execute(select(func.count()).select_from(Person)).scalar_one()
        doses = conn.execute(
            select(func.count()).select_from(Dose).where(Dose.status == "active")
        ).scalar_one()
        by_state = dict(
            conn.execute(
                select(SyncRecord.state, func.count())
                .where(SyncRecord.state != "synced")
                .group_by(SyncRecord.state)
            ).all()
        )
    return SiteStatus(
        people=people,
        doses=doses,
        pending=by_state.get("pending", 0) + by_state.get("sending", 0),
        rejected=by_state.get("rejected", 0),
        conflicts=by_state.get("conflict", 0),
    )
