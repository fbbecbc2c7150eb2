"""One citizen's dose number at two sites, as the platform holds it (``register/clashes.py``),
for the cleaning page: each site sees its own side only (pulled onto its worklist), so the
province is who calls both and settles which dose is wrong.

A pair is shown to an area's staff when either of its sites is in their scope, the area's
own side first (both in it: the lower site code first), once; the other site is shown
whatever its area, since that is whom to call. Per site in scope, how many pairs it is in
and since when. Read from ``dose_clash`` alone, by its site index: a page costs the
clashes in scope, whatever the number of doses. A clash settled (a dose voided or
renumbered, the records unlinked) is gone from ``dose_clash``, so from here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import aliased

from central_server.dashboard.scope import sites_in
from central_server.dashboard.tables import Column, Table, View, area_name
from central_server.db.models import DoseClash, Site, SiteArea
from central_server.vietnam_time import shown
from desktop_app.rules.numbers import Count

LIMIT = 1000  # pairs listed, the oldest first; the note says how many there are


def section(view: View) -> list[Table]:
    """The pairs, the oldest found first (the longest unsettled), then the count per site,
    the most first; a count alone while there is none."""
    pairs, total = _pairs(view)
    listed = Table("dose_clashes", view.t("DASH_TABLE_DOSE_CLASHES"), [
        Column(view.t("DASH_COL_CLASH_FOUND"), "time"),
        Column(view.t("DASH_COL_DOSE_NUMBER"), "int"),
        Column(view.t("DASH_COL_CODE"), "code"), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_DOSE_DATE"), "date"),
        Column(view.t("DASH_COL_OTHER_CODE"), "code"), Column(view.t("DASH_COL_OTHER_SITE")),
        Column(view.t("DASH_COL_OTHER_DOSE_DATE"), "date")],
        pairs, view.t("DASH_EMPTY_DOSE_CLASHES"),
        note=_note(view, total) if pairs else "")
    if not pairs:
        return [listed]
    return [listed, Table("dose_clash_sites", view.t("DASH_TABLE_DOSE_CLASH_SITES"), [
        Column(view.t("DASH_COL_COMMUNE")), Column(view.t("DASH_COL_CODE"), "code"),
        Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_CLASHES"), "int"),
        Column(view.t("DASH_COL_OLDEST_CLASH"), "time")],
        [[area_name("commune", commune), code, name, n, shown(oldest)]
         for code, name, commune, n, oldest in _per_site(view)])]


def count(view: View) -> int:
    """How many pairs the area's staff have to settle (the nav's badge on every page)."""
    with view.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(DoseClash)
                            .where(_once(view))).scalar_one()


def _note(view: View, total: int) -> str:
    said = view.t("DASH_DOSE_CLASHES_NOTE")
    if total > LIMIT:
        said += " " + view.t("DASH_DOSE_CLASHES_MORE", shown=Count(LIMIT), n=Count(total))
    return said


def _once(view: View) -> ColumnElement[bool]:
    """Each pair's one row to show (a pair is kept once from each side): the side in
    scope; both in scope, the lower site code's (a pair's two sites always differ)."""
    ours = sites_in(view.scope)
    return and_(DoseClash.site_code.in_(ours),
                or_(DoseClash.site_code < DoseClash.other_site_code,
                    DoseClash.other_site_code.not_in(ours)))


def _pairs(view: View) -> tuple[list[list[Any]], int]:
    """Up to ``LIMIT`` pairs as the table's rows, and how many there are."""
    mine, theirs = aliased(Site), aliased(Site)
    query = (select(DoseClash.found_at, DoseClash.dose_number, DoseClash.site_code,
                    mine.name, DoseClash.dose_date, DoseClash.other_site_code, theirs.name,
                    DoseClash.other_dose_date)
             .outerjoin(mine, mine.code == DoseClash.site_code)
             .outerjoin(theirs, theirs.code == DoseClash.other_site_code)
             .where(_once(view))
             .order_by(DoseClash.found_at, DoseClash.immunization_id).limit(LIMIT))
    with view.engine.connect() as conn:
        rows = conn.execute(query).all()
    total = len(rows) if len(rows) < LIMIT else count(view)
    return [[shown(found), number, code, name or "", day, other, other_name or "", other_day]
            for found, number, code, name, day, other, other_name, other_day in rows], total


def _per_site(view: View) -> list[tuple[str, str, str | None, int, Any]]:
    """(site code, name, commune code, pairs, the oldest found) of each site in scope with
    a clash, the most first. A site's pairs are its own rows: one per pair, whichever side
    is shown above."""
    n = func.count()
    query = (select(DoseClash.site_code, Site.name, SiteArea.commune_code, n,
                    func.min(DoseClash.found_at))
             .join(Site, Site.code == DoseClash.site_code)
             .outerjoin(SiteArea, SiteArea.site_code == DoseClash.site_code)
             .where(DoseClash.site_code.in_(sites_in(view.scope)))
             .group_by(DoseClash.site_code, Site.name, SiteArea.commune_code)
             .order_by(n.desc(), DoseClash.site_code))
    with view.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]
