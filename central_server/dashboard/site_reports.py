"""A site's report (``desktop_app/wire/site_report.py``) stored for the dashboard.

A report speaks for the whole site at one moment: it replaces the site's figures for the
days it names, within its window or older (a day named with nothing in it lost its doses,
and goes), and, from its ``days_from`` on, drops the days it does not name (they lost
their doses), its open cleaning cases per problem, and its backlog point for the day it was
made in Vietnam (the day's last report wins). All or nothing: a report made before the one
standing changes none of them, as reports can cross on a slow link.

When a report was made is read on the platform's clock, never the laptop's: with a laptop's
clock set back (a flat CMOS battery, a reset) every report looked older than the last and
the site's figures froze; with one set ahead, one report outranked every true one until
that future came. A report carries the platform's time from its round's latest answer
(``server_time``); one from a laptop of the previous version has none and is taken as made
when it arrives (a crossing of two of those then lasts until the next round, a frozen site
lasted until its clock caught up). Where the site is comes from central; a report only fills
in what central left unset (``areas.fill_area``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, delete, or_, select

from central_server import areas, vietnam_time
from central_server.db.models import BacklogPoint, Site, SiteDay, SiteProblem, SiteReportMark
from desktop_app.rules.cleaning import OPEN
from desktop_app.wire.site_report import SiteReport


def store_report(engine: Engine, site_code: str, report: SiteReport, now: datetime) -> None:
    """``now``: the platform's clock. A ``server_time`` past it is not the platform's own
    (a proxy's, or made up): the report counts as made now, never from the future."""
    made = min(report.server_time or now, now)
    with engine.begin() as conn:
        if conn.execute(select(Site.code).where(Site.code == site_code)).first() is None:
            raise LookupError(f"no site {site_code!r}")
        standing = conn.execute(select(SiteReportMark.made_at)
                                .where(SiteReportMark.site_code == site_code)).scalar()
        if standing is None or made >= standing:
            _stand(conn, site_code, report, made)
    if report.province_code or report.commune_code:
        areas.fill_area(engine, site_code, areas.Area(report.province_code, None,
                                                      report.commune_code))


def _stand(conn: Connection, site_code: str, report: SiteReport, made: datetime) -> None:
    """The report's figures in place of the site's, made at ``made``."""
    conn.execute(delete(SiteReportMark).where(SiteReportMark.site_code == site_code))
    conn.execute(SiteReportMark.__table__.insert(), [{"site_code": site_code,
                                                      "made_at": made}])
    days = {d.day: d for d in report.days}
    gone = SiteDay.day.in_(days)
    if report.days_from is not None:
        gone = or_(gone, SiteDay.day >= report.days_from)
    conn.execute(delete(SiteDay).where(SiteDay.site_code == site_code, gone))
    # A day named with nothing in it lost its doses (an old day, before ``days_from``): it
    # goes, as one the report covers without naming it.
    kept = [d for d in days.values() if d.recorded or d.synced or d.rejected or d.pending]
    if kept:
        conn.execute(SiteDay.__table__.insert(), [
            {"site_code": site_code, "day": d.day, "recorded": d.recorded, "synced": d.synced,
             "rejected": d.rejected, "pending": d.pending, "reported_at": made}
            for d in kept])
    conn.execute(delete(SiteProblem).where(SiteProblem.site_code == site_code))
    problems = [{"site_code": site_code, "problem_code": code, "count": n}
                for code, n in report.not_clean.items() if n]
    if problems:
        conn.execute(SiteProblem.__table__.insert(), problems)
    if report.pending_total is not None and report.rejected_total is not None:
        waiting = report.pending_total + report.rejected_total
    else:  # the previous version's report: what its window of days holds
        waiting = sum(d.pending + d.rejected for d in report.days)
    day = vietnam_time.today(made)  # the dashboard's days are Vietnam's
    conn.execute(delete(BacklogPoint).where(BacklogPoint.site_code == site_code,
                                            BacklogPoint.day == day))
    # Records not clean, one a record, as the site counts them (``not_clean`` counts a case
    # once per problem, a row missing both its birth date and its sex twice: the by-problem
    # page's); the previous version's laptop sends no such count: its open cases.
    not_clean = report.not_clean_records if report.not_clean_records is not None else \
        sum(n for status, n in report.cleaning.items() if status in OPEN)
    conn.execute(BacklogPoint.__table__.insert(), [{
        "site_code": site_code, "day": day, "pending": waiting, "not_clean": not_clean}])
