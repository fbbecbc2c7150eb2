"""What a staff member may see: the one place that turns a login into the sites it covers.

Every dashboard query and every export filters by ``sites_in(scope)``; nothing else decides
who sees what, so a commune officer never sees another commune's figures, whatever the URL
says. A scope may be narrowed to one site of its area (``narrowed``); a site outside the area
is refused, not silently shown empty.

Since 1 July 2025 Vietnam has provinces and communes only; a district scope matches the
``district_code`` older records carry, and simply finds nothing where none is set. The
national scope (area ``NATION``) covers every site, those whose area is not known too: what
no province or commune can see is still someone's to chase.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Engine, Select, select

from central_server.db.models import Site, SiteArea

LEVELS = ("national", "province", "district", "commune")
NATION = "VN"


class OutOfScope(LookupError):
    """A site asked for that is not in the reader's area."""


@dataclass(frozen=True)
class Scope:
    level: str  # one of LEVELS
    area_code: str
    site_code: str | None = None  # narrowed to one site of the area


def sites_in(scope: Scope) -> Select:
    """The codes of the sites ``scope`` covers, for ``column.in_(sites_in(scope))``."""
    if scope.level == "national":
        query = select(Site.code)
        return query if scope.site_code is None else query.where(Site.code == scope.site_code)
    column = {"province": SiteArea.province_code, "district": SiteArea.district_code,
              "commune": SiteArea.commune_code}[scope.level]
    query = select(SiteArea.site_code).where(column == scope.area_code)
    if scope.site_code is not None:
        query = query.where(SiteArea.site_code == scope.site_code)
    return query


def narrowed(engine: Engine, scope: Scope, site_code: str | None) -> Scope:
    """``scope`` limited to one of its sites; OutOfScope if the site is not in it."""
    if not site_code:
        return scope
    inner = replace(scope, site_code=site_code)
    with engine.connect() as conn:
        if conn.execute(sites_in(inner)).first() is None:
            raise OutOfScope(site_code)
    return inner
