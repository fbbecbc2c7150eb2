"""The sites whose province is not known, for the national scope: every province and commune
scope finds its sites by their area (``scope.sites_in``), so such a site is in no officer's
figures, list or complaints until someone sets its area (``vaxdesk-central set-area``).
Listed here, the oldest first, so they are chased rather than forgotten."""

from __future__ import annotations

from sqlalchemy import select

from central_server.dashboard.tables import Column, Table, View
from central_server.db.models import Site, SiteArea, SiteReportMark
from central_server.vietnam_time import shown


def section(view: View) -> list[Table]:
    """Nothing for an area's officers (none of these is theirs), nor while there is none."""
    if view.scope.level != "national" or view.scope.site_code is not None:
        return []
    query = (select(Site.code, Site.name, Site.created_at, SiteReportMark.made_at)
             .outerjoin(SiteArea, SiteArea.site_code == Site.code)
             .outerjoin(SiteReportMark, SiteReportMark.site_code == Site.code)
             .where(SiteArea.province_code.is_(None))
             .order_by(Site.created_at, Site.code))
    with view.engine.connect() as conn:
        found = conn.execute(query).all()
    if not found:
        return []
    return [Table("unplaced", view.t("DASH_TABLE_UNPLACED_SITES"), [
        Column(view.t("DASH_COL_CODE"), "code"), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_CREATED"), "time"),
        Column(view.t("DASH_COL_LAST_REPORT"), "time")],
        [[code, name, shown(created), shown(reported) if reported else None]
         for code, name, created, reported in found],
        note=view.t("DASH_UNPLACED_NOTE"))]
