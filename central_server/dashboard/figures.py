"""The dashboard's figures for a scope, read from the aggregates kept on ingest
(``received_day``, ``site_day``, ``backlog_point``, ``site_problem``), never from the raw
resources: a page costs the same with 20 million doses as with 20.

Completeness of a site over a date range is what the platform received over what the site
recorded, each day of injection on its own: a day's denominator is the larger of the two,
so a day the site has not reported yet (or reported before its last upload) reads 100 %,
never more, and one day's extra doses received never make up for another day's missing
ones. A site's and an area's completeness add up their days' numerators and denominators.
A dose voided on the laptop before it was sent arrives entered in error and counts on
neither side; how many did so is each site's ``voided_on_arrival``, shown beside its share.

So a site that stops reporting keeps the share it had (the doses it recorded since are
known only to its laptop): its last report older than ``Settings.stale_report_hours``, it is
``stale``, and the tables give it no share and no rank, as a site that never reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, case, func, literal, select, union_all

from central_server.dashboard.scope import Scope, sites_in
from central_server.db.models import (
    BacklogPoint,
    ReceivedDay,
    Site,
    SiteArea,
    SiteDay,
    SiteProblem,
    SiteReportMark,
    VoidedOnArrivalDay,
)
from desktop_app.rules.numbers import percent


@dataclass(frozen=True)
class SiteFigure:
    site_code: str
    name: str
    province_code: str | None
    district_code: str | None
    commune_code: str | None
    recorded: int
    received: int
    expected: int  # the larger of recorded and received, day by day, added up
    # Doses that reached the platform already voided (entered in error on the laptop before
    # they were sent): on neither side of completeness, so shown beside it.
    voided_on_arrival: int = 0


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

    @property
    def shown(self) -> float | None:
        """The share as the page shows it, in percent rounded down (``numbers.percent``):
        what the ranking compares, so two sites shown alike rank alike."""
        return percent(self.received, self.expected) if self.expected else None


@dataclass(frozen=True)
class BacklogDay:
    day: date
    pending: int
    not_clean: int


def site_figures(engine: Engine, scope: Scope, start: date, end: date) -> list[SiteFigure]:
    """Every site in scope with its doses recorded, received and expected from ``start`` to
    ``end``."""
    in_scope = sites_in(scope)
    both = union_all(
        select(SiteDay.site_code.label("site_code"), SiteDay.day.label("day"),
               SiteDay.recorded.label("recorded"), literal(0).label("received"),
               literal(0).label("voided"))
        .where(SiteDay.site_code.in_(in_scope), SiteDay.day.between(start, end)),
        select(ReceivedDay.site_code, ReceivedDay.day, literal(0), ReceivedDay.count,
               literal(0))
        .where(ReceivedDay.site_code.in_(in_scope), ReceivedDay.day.between(start, end)),
        select(VoidedOnArrivalDay.site_code, VoidedOnArrivalDay.day, literal(0), literal(0),
               VoidedOnArrivalDay.count)
        .where(VoidedOnArrivalDay.site_code.in_(in_scope),
               VoidedOnArrivalDay.day.between(start, end)),
    ).subquery()
    per_day = (select(both.c.site_code, func.sum(both.c.recorded).label("recorded"),
                      func.sum(both.c.received).label("received"),
                      func.sum(both.c.voided).label("voided"))
               .group_by(both.c.site_code, both.c.day).subquery())
    larger = case((per_day.c.recorded > per_day.c.received, per_day.c.recorded),
                  else_=per_day.c.received)
    sums = (select(per_day.c.site_code, func.sum(per_day.c.recorded).label("recorded"),
                   func.sum(per_day.c.received).label("received"),
                   func.sum(larger).label("expected"), func.sum(per_day.c.voided).label("voided"))
            .group_by(per_day.c.site_code).subquery())
    # From the sites, their area where known: the national scope counts a site whose area
    # nobody set (an area scope finds only sites with one).
    query = (
        select(Site.code, Site.name, SiteArea.province_code, SiteArea.district_code,
               SiteArea.commune_code, func.coalesce(sums.c.recorded, 0),
               func.coalesce(sums.c.received, 0), func.coalesce(sums.c.expected, 0),
               func.coalesce(sums.c.voided, 0))
        .outerjoin(SiteArea, SiteArea.site_code == Site.code)
        .outerjoin(sums, sums.c.site_code == Site.code)
        .where(Site.code.in_(in_scope)))
    with engine.connect() as conn:
        return [SiteFigure(code, name, p, d, c, int(rec), int(rcv), int(exp), int(void))
                for code, name, p, d, c, rec, rcv, exp, void in conn.execute(query)]


def ranked(sites: list[SiteFigure], area: str | None) -> list[AreaFigure]:
    """Sites added up by ``area`` ("province_code", "district_code", "commune_code"; None:
    each site on its own), the lowest completeness first (those needing a call come first,
    not at the foot of a long list), areas without figures last. Sites without that level
    (no district since 2025) are left out.

    >>> s = [SiteFigure("A", "", "01", None, "1", 10, 9, 10),
    ...      SiteFigure("B", "", "01", None, "2", 4, 4, 4), SiteFigure("C", "", "01", None,
    ...      "2", 0, 0, 0)]
    >>> [(a.code, a.completeness) for a in ranked(s, None)]
    [('A', 0.9), ('B', 1.0), ('C', None)]
    >>> [(a.code, a.received, a.expected) for a in ranked(s, "commune_code")]
    [('1', 9, 10), ('2', 4, 4)]
    >>> ranked(s, "district_code")
    []

    Two sites shown alike (99,9 %) in the order of their codes, not of the unshown digits:

    >>> [a.code for a in ranked([SiteFigure("HN-A", "", "01", None, "1", 2000, 1999, 2000),
    ...                          SiteFigure("HN-B", "", "01", None, "1", 1000, 999, 1000)],
    ...                         None)]
    ['HN-A', 'HN-B']
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
    return sorted(figures, key=lambda a: (a.shown is None, a.shown or 0, a.code))


def ranks(areas: list[AreaFigure]) -> dict[str, int]:
    """Each area with a figure by its rank, 1 the highest completeness; equal figures share
    a rank ("1, 1, 3"). An area without a figure has none. Equal as shown: 1,999 of 2,000
    and 999 of 1,000 both read 99,9 %, and a reader given ranks 1 and 2 looks for a
    difference the page does not show.

    >>> ranks([AreaFigure("A", 4, 2, 4), AreaFigure("B", 2, 2, 2), AreaFigure("C", 1, 1, 1),
    ...        AreaFigure("D", 0, 0, 0)])
    {'B': 1, 'C': 1, 'A': 3}
    >>> ranks([AreaFigure("HN-A", 2000, 1999, 2000), AreaFigure("HN-B", 1000, 999, 1000),
    ...        AreaFigure("HN-C", 1001, 1000, 1001)])
    {'HN-A': 1, 'HN-B': 1, 'HN-C': 1}
    """
    shares = sorted(((a.shown, a.code) for a in areas if a.shown is not None),
                    key=lambda x: -x[0])
    found: dict[str, int] = {}
    for i, (value, code) in enumerate(shares, 1):
        found[code] = found[shares[i - 2][1]] if i > 1 and shares[i - 2][0] == value else i
    return found


def last_reports(engine: Engine, scope: Scope) -> dict[str, datetime]:
    """When each site in scope made the report now standing (UTC, the platform's clock); a
    site that never sent one is not there."""
    with engine.connect() as conn:
        return dict(conn.execute(select(SiteReportMark.site_code, SiteReportMark.made_at)
                                 .where(SiteReportMark.site_code.in_(sites_in(scope)))).all())


def stale(reported: dict[str, datetime], now: datetime, hours: int) -> dict[str, timedelta]:
    """The sites whose last report is older than ``hours`` at ``now`` (both the platform's
    clock, UTC), each with its age: what they recorded since is not known here.

    >>> now = datetime(2026, 12, 5, 2, 0)
    >>> stale({"A": now - timedelta(hours=24), "B": now - timedelta(hours=24, seconds=1),
    ...        "C": now - timedelta(days=3)}, now, 24)
    {'B': datetime.timedelta(days=1, seconds=1), 'C': datetime.timedelta(days=3)}
    """
    limit = timedelta(hours=hours)
    return {code: now - at for code, at in reported.items() if now - at > limit}


def total(sites: list[SiteFigure]) -> AreaFigure:
    return AreaFigure("", sum(s.recorded for s in sites), sum(s.received for s in sites),
                      sum(s.expected for s in sites))


def backlog(engine: Engine, scope: Scope, start: date, end: date) -> list[BacklogDay]:
    """The backlog of the sites in scope on each day from ``start`` to ``end`` that one of
    them reported, and on ``start`` if one had before it, oldest first. Each site counts
    with its latest point at or before the day: a site that did not report that day
    (offline, the very sites that hold the backlog) still holds what it last said."""
    # Each point as the change from its site's point before, added up over the days in
    # order: the sum of every site's latest point, in SQL, one row a day (not a row per
    # site and day of a province's year).
    def change(column: Any) -> Any:
        before = func.lag(column).over(partition_by=BacklogPoint.site_code,
                                       order_by=BacklogPoint.day)
        return column - func.coalesce(before, 0)

    changes = (select(BacklogPoint.day.label("day"),
                      change(BacklogPoint.pending).label("pending"),
                      change(BacklogPoint.not_clean).label("not_clean"))
               .where(BacklogPoint.site_code.in_(sites_in(scope)), BacklogPoint.day <= end)
               .subquery())
    per_day = (select(changes.c.day, func.sum(changes.c.pending).label("pending"),
                      func.sum(changes.c.not_clean).label("not_clean"))
               .group_by(changes.c.day).subquery())
    query = select(per_day.c.day,
                   func.sum(per_day.c.pending).over(order_by=per_day.c.day),
                   func.sum(per_day.c.not_clean).over(order_by=per_day.c.day)
                   ).order_by(per_day.c.day)
    with engine.connect() as conn:
        every = [BacklogDay(day, int(p), int(n)) for day, p, n in conn.execute(query)]
    days = [d for d in every if d.day >= start]
    before = [d for d in every if d.day < start]
    if before and (not days or days[0].day > start):
        days.insert(0, replace(before[-1], day=start))
    return days


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
             .outerjoin(SiteArea, SiteArea.site_code == SiteProblem.site_code)
             .where(SiteProblem.site_code.in_(sites_in(scope)), SiteProblem.count > 0)
             .order_by(SiteArea.commune_code, SiteProblem.site_code,
                       SiteProblem.count.desc(), SiteProblem.problem_code))
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def site_places(engine: Engine, scope: Scope) -> dict[str, tuple[str, str | None]]:
    """Each site in scope by its code: its name and commune code (None where unknown)."""
    query = (select(Site.code, Site.name, SiteArea.commune_code)
             .outerjoin(SiteArea, SiteArea.site_code == Site.code)
             .where(Site.code.in_(sites_in(scope))))
    with engine.connect() as conn:
        return {code: (name, commune) for code, name, commune in conn.execute(query)}


def site_names(engine: Engine, scope: Scope) -> dict[str, str]:
    """Each site in scope by its code."""
    with engine.connect() as conn:
        return dict(conn.execute(select(Site.code, Site.name)
                                 .where(Site.code.in_(sites_in(scope)))).all())
