"""Where each site is (province, commune; a district for older records): the one place that
reads and writes ``site_area``. Complaint routing and the dashboard ask here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central_server.db.models import Site, SiteArea
from desktop_app.rules.complaints import names_site


@dataclass(frozen=True)
class Area:
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None


def set_area(engine: Engine, site_code: str, area: Area) -> None:
    """Record where a site is; a part given as None keeps what was known."""
    _write(engine, site_code, area, fill_only=False)


def fill_area(engine: Engine, site_code: str, area: Area) -> None:
    """What a site says of itself (its report): only the parts central has not set. Where a
    site is decides whose complaints it receives, so a site token cannot move its site into
    another commune (or out of its province officer's sight); central's word stands."""
    _write(engine, site_code, area, fill_only=True)


def _write(engine: Engine, site_code: str, area: Area, *, fill_only: bool) -> None:
    # What is known is read in the transaction that writes (locked on PostgreSQL, SQLite
    # holding one writer): read apart, central's word set in between was overwritten.
    with Session(engine) as s, s.begin():
        if s.get(Site, site_code) is None:
            raise LookupError(f"no site {site_code!r}; create it first")
        row = s.get(SiteArea, site_code, with_for_update=True) or SiteArea(site_code=site_code)
        for part in ("province_code", "district_code", "commune_code"):
            given = getattr(area, part)
            if given and not (fill_only and getattr(row, part)):
                setattr(row, part, given)
        s.add(row)


def area_of(engine: Engine, site_code: str) -> Area | None:
    with Session(engine) as s:
        row = s.get(SiteArea, site_code)
    return Area(row.province_code, row.district_code, row.commune_code) if row else None


def sites_in_commune(engine: Engine, commune_code: str) -> list[str]:
    """The sites serving a commune, oldest first (the first is where a complaint goes)."""
    with engine.connect() as conn:
        return list(conn.execute(
            select(SiteArea.site_code).join(Site, Site.code == SiteArea.site_code)
            .where(SiteArea.commune_code == commune_code).order_by(Site.created_at, Site.code)
        ).scalars())


def sites_named(engine: Engine, place: str, province_code: str | None = None) -> list[str]:
    """The sites a citizen's words name (``rules.complaints.names_site``: the code, or the
    name with or without diacritics), within the province when one is known."""
    if not place.strip():
        return []
    query = select(Site.code, Site.name).outerjoin(SiteArea, SiteArea.site_code == Site.code)
    if province_code:
        query = query.where(SiteArea.province_code == province_code)
    with engine.connect() as conn:
        return sorted(code for code, name in conn.execute(query)
                      if names_site(place, code, name))
