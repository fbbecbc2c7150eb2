"""Where each site is (province, commune; a district for older records): the one place that
reads and writes ``site_area``. Complaint routing and the dashboard ask here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central_server.db.models import Site, SiteArea


@dataclass(frozen=True)
class Area:
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None


def set_area(engine: Engine, site_code: str, area: Area) -> None:
    """Record where a site is; a part given as None keeps what was known."""
    with Session(engine) as s, s.begin():
        if s.get(Site, site_code) is None:
            raise LookupError(f"no site {site_code!r}; create it first")
        row = s.get(SiteArea, site_code) or SiteArea(site_code=site_code)
        row.province_code = area.province_code or row.province_code
        row.district_code = area.district_code or row.district_code
        row.commune_code = area.commune_code or row.commune_code
        s.add(row)


def fill_area(engine: Engine, site_code: str, area: Area) -> None:
    """What a site says of itself (its report): only the parts central has not set. Where a
    site is decides whose complaints it receives, so a site token cannot move its site into
    another commune (or out of its province officer's sight); central's word stands."""
    known = area_of(engine, site_code) or Area()
    set_area(engine, site_code, Area(
        None if known.province_code else area.province_code,
        None if known.district_code else area.district_code,
        None if known.commune_code else area.commune_code))


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
