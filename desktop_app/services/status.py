"""Counts a site needs to see at a glance: people, doses, and what the sync still owes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from desktop_app import settings
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person, SyncCounter
from desktop_app.services.demo_guard import is_demo_database


@dataclass(frozen=True)
class SiteStatus:
    pending: int  # waiting to be uploaded (pending or sending)
    rejected: int
    conflicts: int
    last_sync_at: datetime | None = None  # UTC
    server_configured: bool = False
    demo: bool = False  # the sample data: its "synced" records were never sent anywhere


def site_status(db: Database) -> SiteStatus:
    """Cheap at any size: the outbox counts come from trigger-kept counters."""
    with db.engine.connect() as conn:
        by_state = dict(conn.execute(select(SyncCounter.state, SyncCounter.n)).all())
    with db.reading() as s:
        last = settings.read(s, settings.LAST_SYNC)
        server = settings.read(s, settings.SERVER_URL)
    return SiteStatus(
        pending=by_state.get("pending", 0) + by_state.get("sending", 0),
        rejected=by_state.get("rejected", 0),
        conflicts=by_state.get("conflict", 0),
        last_sync_at=datetime.fromisoformat(last) if last else None,
        server_configured=bool(server),
        demo=is_demo_database(db),
    )


def record_counts(db: Database) -> tuple[int, int]:
    """(people, active doses). Counts whole tables: run it off the GUI thread. A record a
    merge folded into another is not a person of its own."""
    with db.engine.connect() as conn:
        # Read from ix_person_name_key alone: it holds exactly the records not folded.
        people = conn.execute(select(func.count()).select_from(Person)
                              .where(Person.merged_into.is_(None))).scalar_one()
        doses = conn.execute(
            select(func.count()).select_from(Dose).where(Dose.status == "active")
        ).scalar_one()
    return people, doses
