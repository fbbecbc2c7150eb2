"""A complaint the officer's level holds (``open_complaints.holds``: one no site of the area
holds, handed back or routed to nobody closer; or one raised overdue) moved to the site
that should answer it, within the officer's area: a province reads its own sites only, and
moving one elsewhere would hand another province's site work its officers never see.
Recorded by ``store.reroute``, as ``vaxdesk-central complaints route`` is, the trail naming
the officer (``dashboard:<username>``, as answers do)."""

from __future__ import annotations

from datetime import datetime

from central_server.complaints import store
from central_server.dashboard import figures, open_complaints
from central_server.dashboard.answers import LABEL, NotHeld
from central_server.dashboard.tables import View
from central_server.fhir.store import Principal
from desktop_app.rules.complaints import check_move
from desktop_app.rules.problems import error
from desktop_app.wire.complaints import OPEN, Complaint


class OutsideArea(PermissionError):
    """The site chosen is not one of the officer's area (a form crafted by hand)."""


def targets(view: View, complaint: Complaint) -> list[tuple[str, str]]:
    """The sites the officer may move ``complaint`` to, as (code, name) by name: those of
    the area, but the one holding it. None when the officer does not hold it."""
    if complaint.status != OPEN or not open_complaints.holds(view, complaint):
        return []
    names = figures.site_names(view.engine, view.scope)
    return sorted(((code, name) for code, name in names.items()
                   if code != complaint.site_code), key=lambda site: (site[1], site[0]))


def move(view: View, username: str, code: str, site_code: str, reason: str,
         now: datetime) -> Complaint:
    """Move the complaint; raises ``NotHeld``, ``OutsideArea``, ``store.Refused`` (no site
    chosen, no reason, the site holding it already) or ``store.ResolvedOtherwise``."""
    found = open_complaints.one(view, code)
    if found is None or not open_complaints.holds(view, found):
        raise NotHeld(code)
    if not site_code:  # said with the reason's own problem, if any: one trip for both
        raise store.Refused([error("DASH_MOVE_SITE_REQUIRED", "site"),
                             *check_move(reason)])
    if site_code not in view.site_codes():
        raise OutsideArea(site_code)
    return store.reroute(view.engine, found.code, site_code,
                         Principal(None, LABEL.format(username)), now, reason.strip())
