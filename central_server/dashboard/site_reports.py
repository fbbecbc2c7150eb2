"""A site's report (``desktop_app/wire/site_report.py``) stored for the dashboard.

Each report replaces the site's figures for the days it names and its open cleaning cases per
problem, and sets the site's backlog point for the day of ``as_of`` in Vietnam (the day's
last report wins). A report older than what is stored for a day changes nothing there:
reports can cross on a slow link. Where the site is comes from central; a report only fills
in what central left unset (``areas.fill_area``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Engine, delete, select

from central_server import areas, vietnam_time
from central_server.db.models import BacklogPoint, Site, SiteDay, SiteProblem
from desktop_app.wire.site_report import SiteReport


def store_report(engine: Engine, site_code: str, report: SiteReport, now: datetime) -> None:
    """``now``: the platform's clock. A report stamped later (a laptop's clock set ahead,
    once) counts as made now: stored as from the future, it outranked every true report
    of its days until that future came, and the site's figures stood still."""
    report = replace(report, as_of=min(report.as_of, now))
    with engine.begin() as conn:
        if conn.execute(select(Site.code).where(Site.code == site_code)).first() is None:
            raise LookupError(f"no site {site_code!r}")
        days = {d.day: d for d in report.days}
        newer = set(conn.execute(
            select(SiteDay.day).where(SiteDay.site_code == site_code,
                                      SiteDay.day.in_(days), SiteDay.reported_at > report.as_of)
        ).scalars()) if days else set()
        replaced = [day for day in days if day not in newer]
        if replaced:
            conn.execute(delete(SiteDay).where(SiteDay.site_code == site_code,
                                               SiteDay.day.in_(replaced)))
            conn.execute(SiteDay.__table__.insert(), [
                {"site_code": site_code, "day": day, "recorded": days[day].recorded,
                 "synced": days[day].synced, "rejected": days[day].rejected,
                 "pending": days[day].pending, "reported_at": report.as_of}
                for day in replaced])
        conn.execute(delete(SiteProblem).where(SiteProblem.site_code == site_code))
        problems = [{"site_code": site_code, "problem_code": code, "count": n}
                    for code, n in report.not_clean.items() if n]
        if problems:
            conn.execute(SiteProblem.__table__.insert(), problems)
        day = vietnam_time.today(report.as_of)  # the dashboard's days are Vietnam's
        conn.execute(delete(BacklogPoint).where(BacklogPoint.site_code == site_code,
                                                BacklogPoint.day == day))
        conn.execute(BacklogPoint.__table__.insert(), [{
            "site_code": site_code, "day": day,
            "pending": sum(d.pending for d in report.days),
            "not_clean": sum(report.not_clean.values())}])
    if report.province_code or report.commune_code:
        areas.fill_area(engine, site_code, areas.Area(report.province_code, None,
                                                      report.commune_code))
