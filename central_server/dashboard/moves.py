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
from central_server.dashboard.tables import View, area_name
from central_server.fhir.store import Principal
from desktop_app.rules.complaints import check_move
from desktop_app.rules.problems import error
from desktop_app.wire.complaints import OPEN, Complaint


class OutsideArea(PermissionError):
    """The site chosen is not one of the officer's area (a form crafted by hand)."""


def targets(view: View, complaint: Complaint) -> list[tuple[str, str]]:
    """The sites the officer may move ``complaint`` to, as (code, label) by name: those of
    the area, but the one holding it. None when the officer does not hold it.

    Two stations of a province often share a name ("Trạm Y tế Phường 1" in two wards of a
    city), so each is labelled with its code and commune, as ``label`` shows."""
    if complaint.status != OPEN or not open_complaints.holds(view, complaint):
        return []
    places = figures.site_places(view.engine, view.scope)
    return [(code, label(name, code, area_name("commune", commune)))
            for code, (name, commune) in sorted(places.items(),
                                                key=lambda site: (site[1][0], site[0]))
            if code != complaint.site_code]


def label(name: str, code: str, commune: str) -> str:
    """A site as the move list shows it.

    >>> label("Trạm Y tế Phường 1", "HN-0101", "Phường Hoàn Kiếm")
    'Trạm Y tế Phường 1 — HN-0101, Phường Hoàn Kiếm'
    >>> label("Trạm Y tế Phường 1", "HN-0102", "")  # placed in no commune yet
    'Trạm Y tế Phường 1 — HN-0102'
    """
    return f"{name} — {', '.join(part for part in (code, commune) if part)}"


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
