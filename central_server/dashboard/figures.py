"""The dashboard's figures for a scope, read from the aggregates kept on ingest
(``received_day``, ``site_day``, ``backlog_point``, ``site_problem``), never from the raw
resources: a page costs the same with 20 million doses as with 20.

Completeness of a site over a date range is what the platform received over what the site
recorded; the denominator is the larger of the two, so a site that has not reported yet (or
reported before its last upload) reads 100 %, never more. An area's completeness adds up its
sites' numerators and denominators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select

from central_server.dashboard.scope import Scope, sites_in
from central_server.db.models import (
    BacklogPoint,
    ReceivedDay,
    Site,
    SiteArea,
    SiteDay,
    SiteProblem,
)


@dataclass(frozen=True)
class SiteFigure:
    site_code: str
    name: str
    province_code: str | None
    district_code: str | None
    commune_code: str | None
    recorded: int
    received: int

    @property
    def expected(self) -> int:
        return max(self.recorded, self.received)


@dataclass(frozen=True)
class AreaFigure:
    """An area (or a site) with its figures; ``completeness`` None when nothing is
    expected."""

    code: str
    recorded: int
    received: int
    expected: int

    @property
    def completeness(self) -> float | None:
        return self.received / self.expected if self.expected else None


@dataclass(frozen=True)
class BacklogDay:
    day: date
    pending: int
    not_clean: int


def site_figures(engine: Engine, scope: Scope, start: date, end: date) -> list[SiteFigure]:
    """Every site in scope with its doses recorded and received from ``start`` to ``end``."""
    in_scope = sites_in(scope)
    recorded = (select(SiteDay.site_code, func.sum(SiteDay.recorded).label("n"))
                .where(SiteDay.site_code.in_(in_scope), SiteDay.day.between(start, end))
                .group_by(SiteDay.site_code).subquery())
    received = (select(ReceivedDay.site_code, func.sum(ReceivedDay.count).label("n"))
                .where(ReceivedDay.site_code.in_(in_scope), ReceivedDay.day.between(start, end))
                .group_by(ReceivedDay.site_code).subquery())
    query = (
        select(SiteArea.site_code, Site.name, SiteArea.province_code, SiteArea.district_code,
               SiteArea.commune_code, func.coalesce(recorded.c.n, 0),
               func.coalesce(received.c.n, 0))
        .join(Site, Site.code == SiteArea.site_code)
        .outerjoin(recorded, recorded.c.site_code == SiteArea.site_code)
        .outerjoin(received, received.c.site_code == SiteArea.site_code)
        .where(SiteArea.site_code.in_(in_scope)))
    with engine.connect() as conn:
        return [SiteFigure(code, name, p, d, c, int(rec), int(rcv))
                for code, name, p, d, c, rec, rcv in conn.execute(query)]


def ranked(sites: list[SiteFigure], area: str | None) -> list[AreaFigure]:
    """Sites added up by ``area`` ("province_code", "district_code", "commune_code"; None:
    each site on its own), best completeness first, areas without figures last. Sites
    without that level (no district since 2025) are left out.

    >>> s = [SiteFigure("A", "", "01", None, "1", 10, 9), SiteFigure("B", "", "01", None, "2",
    ...      4, 4), SiteFigure("C", "", "01", None, "2", 0, 0)]
    >>> [(a.code, a.completeness) for a in ranked(s, None)]
    [('B', 1.0), ('A', 0.9), ('C', None)]
    >>> [(a.code, a.received, a.expected) for a in ranked(s, "commune_code")]
    [('2', 4, 4), ('1', 9, 10)]
    >>> ranked(s, "district_code")
    []
    """
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for site in sites:
        code = site.site_code if area is None else getattr(site, area)
        if code is None:
            continue
        total = sums[code]
        total[0] += site.recorded
        total[1] += site.received
        total[2] += site.expected
    figures = [AreaFigure(code, *t) for code, t in sums.items()]
    return sorted(figures, key=lambda a: (a.completeness is None, -(a.completeness or 0),
                                          a.code))


def total(sites: list[SiteFigure]) -> AreaFigure:
    return AreaFigure("", sum(s.recorded for s in sites), sum(s.received for s in sites),
                      sum(s.expected for s in sites))


def backlog(engine: Engine, scope: Scope, start: date, end: date) -> list[BacklogDay]:
    """The backlog points of the sites in scope added up per day, oldest first."""
    query = (select(BacklogPoint.day, func.sum(BacklogPoint.pending),
                    func.sum(BacklogPoint.not_clean))
             .where(BacklogPoint.site_code.in_(sites_in(scope)),
                    BacklogPoint.day.between(start, end))
             .group_by(BacklogPoint.day).order_by(BacklogPoint.day))
    with engine.connect() as conn:
        return [BacklogDay(day, int(p), int(n)) for day, p, n in conn.execute(query)]


def problems(engine: Engine, scope: Scope) -> list[tuple[str, int]]:
    """Open cleaning cases per problem code in scope, the most frequent first."""
    n = func.sum(SiteProblem.count)
    query = (select(SiteProblem.problem_code, n)
             .where(SiteProblem.site_code.in_(sites_in(scope)))
             .group_by(SiteProblem.problem_code).order_by(n.desc(), SiteProblem.problem_code))
    with engine.connect() as conn:
        return [(code, int(count)) for code, count in conn.execute(query)]


def problems_by_site(engine: Engine, scope: Scope
                     ) -> list[tuple[str, str, str | None, str, int]]:
    """(site code, site name, commune code, problem code, count) in scope, by commune and
    site."""
    query = (select(SiteProblem.site_code, Site.name, SiteArea.commune_code,
                    SiteProblem.problem_code, SiteProblem.count)
             .join(Site, Site.code == SiteProblem.site_code)
             .join(SiteArea, SiteArea.site_code == SiteProblem.site_code)
             .where(SiteProblem.site_code.in_(sites_in(scope)), SiteProblem.count > 0)
             .order_by(SiteArea.commune_code, SiteProblem.site_code,
                       SiteProblem.count.desc(), SiteProblem.problem_code))
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def site_names(engine: Engine, scope: Scope) -> dict[str, str]:
    """Each site in scope by its code."""
    with engine.connect() as conn:
        return dict(conn.execute(select(Site.code, Site.name)
                                 .where(Site.code.in_(sites_in(scope)))).all())
