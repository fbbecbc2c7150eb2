"""What a province officer reads of a site after its sync: the dashboard's share of the
site's doses the platform holds, and each person's record in the laptop's outbox."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from central_server.dashboard import figures
from central_server.dashboard.scope import Scope
from central_server.db.engine import make_engine
from desktop_app.db.database import Database
from desktop_app.db.models import Person, SyncRecord
from tests.live_server import LiveServer

AUG_2021 = (date(2021, 8, 1), date(2021, 8, 31))


def site_share(server: LiveServer, site_code: str, start: date, end: date
               ) -> tuple[int, int, float | None]:
    """The site's (doses recorded, received, share shown) as the dashboard's sites table
    reads them, from the central store's figures."""
    engine = make_engine(server.database_url)
    try:
        sites = {s.site_code: s for s in figures.site_figures(engine, Scope("national", "VN"),
                                                               start, end)}
    finally:
        engine.dispose()
    [area] = figures.ranked([sites[site_code]], None)
    return area.recorded, area.received, area.shown


def person_states(db: Database) -> dict[str, tuple[str, str | None]]:
    """Each person's name with their record's outbox state and the platform's refusal."""
    with db.reading() as s:
        rows = s.execute(select(Person.full_name, SyncRecord.state, SyncRecord.last_error)
                         .join(SyncRecord, (SyncRecord.record_id == Person.id)
                               & (SyncRecord.entity == "person"))).all()
    return {name: (state, error) for name, state, error in rows}
