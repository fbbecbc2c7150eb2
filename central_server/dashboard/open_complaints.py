"""The complaints an officer's area holds: every open one with its deadline (the soonest
due first, the overdue marked with how late), the open and overdue counts per site the nav
and the overview repeat, and one complaint to read, within the area.

A complaint is the officer's when a site of the area holds it, or, held by nobody closer
than the province, when its area is the officer's; the national scope's are all of them, so
one whose area nobody knows is still someone's. One past its deadline is raised to the
province (``wire.complaints.is_raised``): its officers then hold it beside the late site,
and either may answer. Read here only: ``complaints/store.py`` is the one module that
reads and writes the ``complaint`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from central_server.complaints import store, tallies
from central_server.dashboard import figures
from central_server.dashboard.tables import Column, Flag, Table, View, area_name
from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown
from desktop_app.rules import countdown
from desktop_app.rules.dates import format_date
from desktop_app.wire.complaints import OPEN, Complaint, is_raised

SOON = timedelta(hours=12)  # due within this: said in the deadline's warning tone
URGENT = timedelta(hours=2)  # ... and within this, in bold: "Còn 59 phút" read as "11 giờ"


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int


def section(view: View) -> list[Table]:
    """Every open complaint in scope, then (when there is one) the counts per site: the
    province acts on what rose to it, a commune on what is about to."""
    now = utc_now()
    sites = view.site_codes()
    names = figures.site_names(view.engine, view.scope)
    ours = sorted((c for c in store.listing(view.engine, now, open_only=True)
                   if in_scope(view, sites, c)),
                  key=lambda c: (c.due_at, c.code))
    listed = Table("open", view.t("DASH_TABLE_OPEN_COMPLAINTS"), [
        # What is late first: a phone shows the left columns, the rest scroll.
        Column(view.t("DASH_COL_COMPLAINT"), "code", link="/dashboard/complaints/{}"),
        Column(view.t("DASH_COL_DEADLINE"), "flag"), Column(view.t("DASH_COL_DUE"), "time"),
        Column(view.t("DASH_COL_KIND")), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_FILED"), "time")],
        [[c.code, deadline(view, c.due_at, now), shown(c.due_at),
          view.t(f"COMPLAINT_KIND_{c.submission.kind.upper()}"), handler(view, names, c),
          shown(c.received_at)] for c in ours], view.t("DASH_EMPTY_COMPLAINTS"), current=True)
    if not ours:
        return [listed]
    counts = [c for c in tallies.open_counts(view.engine, now) if in_scope(view, sites, c)]
    return [listed, Table("complaints", view.t("DASH_TABLE_COMPLAINTS"), [
        Column(view.t("DASH_COL_COMMUNE")), Column(view.t("DASH_COL_CODE"), "code"),
        Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_OPEN"), "int"),
        Column(view.t("DASH_COL_OVERDUE"), "int")],
        [[area_name("commune", c.commune_code), c.site_code or "", handler(view, names, c),
          c.open, c.overdue]
         for c in sorted(counts, key=lambda c: (-c.overdue, -c.open, c.site_code or ""))],
        current=True)]


def counts(view: View) -> Counts:
    """How many complaints in scope are open, and how many of those overdue."""
    sites = view.site_codes()
    ours = [c for c in tallies.open_counts(view.engine, utc_now()) if in_scope(view, sites, c)]
    return Counts(sum(c.open for c in ours), sum(c.overdue for c in ours))


def one(view: View, code: str) -> Complaint | None:
    """The complaint ``code`` if the officer's area holds it; None otherwise, whether or not
    it exists (a code is no key to another area's complaints)."""
    found = store.get(view.engine, code)
    return found if found is not None and in_scope(view, view.site_codes(), found) else None


def facts(view: View, complaint: Complaint) -> list[tuple[str, str | Flag]]:
    """What an officer reads of one complaint: what it is about, where it stands and what
    the citizen wrote. The citizen's name, ID number, birth date and phone only where the
    officer's level holds it itself (``holds``): a site holding it has them on its desk, and
    the officer's page is no second copy of a person's file; held by nobody closer, the
    officer is the one who must reach the citizen."""
    sub = complaint.submission
    names = figures.site_names(view.engine, view.scope)
    status = view.t(f"COMPLAINT_STATUS_{complaint.status.upper()}")
    rows: list[tuple[str, str | Flag]] = [
        (view.t("COMPLAINT_FIELD_KIND"), view.t(f"COMPLAINT_KIND_{sub.kind.upper()}")),
        *(_contact(view, complaint) if holds(view, complaint) else []),
        (view.t("COMPLAINT_LABEL_STATUS"), status),
        (view.t("COMPLAINT_LABEL_HANDLER"), handler(view, names, complaint)),
        (view.t("COMPLAINT_LABEL_RECEIVED"), shown(complaint.received_at)),
        (view.t("COMPLAINT_LABEL_DUE"), shown(complaint.due_at))]
    if complaint.status == OPEN:
        rows.append((view.t("DASH_COL_DEADLINE"), deadline(view, complaint.due_at, utc_now())))
    if sub.dose_number or sub.dose_date:
        rows.append((view.t("DASH_COMPLAINT_DOSE"), view.t(
            "DASH_COMPLAINT_DOSE_IS", n=sub.dose_number or "?",
            day=format_date(sub.dose_date) if sub.dose_date else "?")))
    if sub.place:
        rows.append((view.t("DASH_COMPLAINT_PLACE"), sub.place))
    rows.append((view.t("DASH_COMPLAINT_TEXT"), sub.text or view.t("DASH_COMPLAINT_NO_TEXT")))
    rows += _moves(view, names, complaint)
    rows += [(view.t("DASH_COMPLAINT_REOPENED"), " — ".join(filter(None, (
        names.get(r.site_code, r.site_code), r.reason,
        view.t(f"COMPLAINT_ACTION_{r.withdrawn.action.upper()}"), shown(r.at)))))
        for r in store.reopenings(view.engine, complaint.code)]
    reply = complaint.province_reply  # said to the citizen; the site still holds it
    if reply is not None:
        rows.append((view.t("COMPLAINT_LABEL_PROVINCE_REPLY"), " — ".join(filter(None, (
            reply.note, reply.resolved_by, shown(reply.resolved_at))))))
    if complaint.resolution is not None:
        rows.append((view.t("COMPLAINT_LABEL_OUTCOME"), " — ".join(filter(None, (
            view.t(f"COMPLAINT_ACTION_{complaint.resolution.action.upper()}"),
            complaint.resolution.note)))))
        rows.append((view.t("COMPLAINT_LABEL_RESOLVED_AT"),
                     shown(complaint.resolution.resolved_at)))
        if complaint.resolution.resolved_by:
            rows.append((view.t("DASH_COMPLAINT_RESOLVED_BY"), complaint.resolution.resolved_by))
    return rows


def _contact(view: View, complaint: Complaint) -> list[tuple[str, str | Flag]]:
    sub = complaint.submission
    rows: list[tuple[str, str | Flag]] = [
        (view.t("COMPLAINT_FIELD_FULL_NAME"), sub.full_name),
        (view.t("COMPLAINT_FIELD_ID_NUMBER"), sub.id_number),
        (view.t("COMPLAINT_FIELD_DOB"), format_date(sub.dob) if sub.dob else "–")]
    if sub.phone:
        rows.append((view.t("COMPLAINT_FIELD_PHONE"), sub.phone))
    return rows


def holds(view: View, complaint: Any) -> bool:
    """Whether the officer's level holds ``complaint`` itself, and so answers it: one no
    site holds, in the area of a province (or the country) scope, or one a site of that
    area let pass its deadline, raised to the province as the citizen and the officers are
    told (the site may still answer: the first answer stands, the other is refused). A
    commune officer reads such a complaint of the commune but the province answers it."""
    if view.scope.site_code is not None or view.scope.level not in ("province", "national"):
        return False
    if complaint.site_code is None:
        return in_scope(view, set(), complaint)
    raised = complaint.escalated or is_raised(False, complaint.counted_from, complaint.status,
                                              utc_now())  # late, not yet flagged
    return raised and in_scope(view, view.site_codes(), complaint)


def deadline(view: View, due: datetime, now: datetime) -> Flag:
    """How long is left, or how late it is ("Quá hạn 5 giờ"), in the desk's words
    (``rules.countdown``), so a complaint reads the same on both.

    >>> from central_server.dashboard.scope import Scope
    >>> v = View(None, Scope("commune", "00004"), None, None, "vi")
    >>> now = datetime(2026, 12, 1, 12, 0)
    >>> [str(deadline(v, now + d, now)) for d in (timedelta(hours=2, minutes=5),
    ...  timedelta(minutes=-40), timedelta(hours=-5, minutes=-59), timedelta(hours=-53))]
    ['Còn 2 giờ', 'Quá hạn 40 phút', 'Quá hạn 5 giờ', 'Quá hạn 2 ngày 5 giờ']
    >>> [deadline(v, now + timedelta(hours=h), now).tone for h in (13, 11, 2, 0, -0.01)]
    ['', 'soon', 'soon urgent', 'soon urgent', 'late']
    """
    left = due - now
    tone = "late" if left < timedelta(0) else "soon urgent" if left <= URGENT else \
        "soon" if left <= SOON else ""
    return Flag(countdown.time_left(due, now, view.lang), tone)


def _moves(view: View, names: dict[str, str], complaint: Any) -> list[tuple[str, str]]:
    """Each change of holder with its reason, oldest first: what the officer deciding
    where it goes next reads first (a site's every hand-back and the province's every
    move; only each site's latest leaving was kept before). Moves made before their
    reasons were kept: the sites it left, with the latest reason each."""
    said = store.moves_said(view.engine, complaint.code)
    if said and all(m.reason is not None for m in said):
        def holder(site: str | None) -> str:
            return handler(view, names, _Held(site, complaint.province_code))

        return [(view.t("DASH_COMPLAINT_MOVED"), " — ".join((
            f"{holder(m.from_site)} → {holder(m.to_site)}", m.reason or "", shown(m.at))))
            for m in said]
    return [(view.t("DASH_COMPLAINT_LEFT"), " — ".join((names.get(site, site), reason,
                                                         shown(at))))
            for site, reason, at, _label in store.departures(view.engine, complaint.code)]


class _Held(NamedTuple):
    """Who held a complaint at a move, as ``handler`` names a holder."""

    site_code: str | None
    province_code: str | None


def handler(view: View, names: dict[str, str], complaint: Any) -> str:
    """Who holds it: the site's name, or the province when nobody closer does, named (the
    national scope reads every province's), in the words said where none is known.

    >>> from central_server.dashboard.scope import NATION, Scope
    >>> v = View(None, Scope("national", NATION), None, None, "vi")
    >>> held = tallies.OpenCount(None, "79", None, 1, 0)
    >>> handler(v, {}, held), handler(v, {}, tallies.OpenCount(None, None, None, 1, 0))
    ('Sở Y tế Thành phố Hồ Chí Minh', 'Sở Y tế tỉnh/thành phố')
    """
    if complaint.site_code is None:
        if not complaint.province_code:
            return view.t("COMPLAINT_ROUTE_PROVINCE")
        return view.t("DASH_HANDLER_PROVINCE",
                      province=area_name("province", complaint.province_code))
    return names.get(complaint.site_code, complaint.site_code)


def in_scope(view: View, sites: set[str], complaint: Any) -> bool:
    """A complaint held by a site in scope, or, held by nobody closer, in the scope's area."""
    if complaint.site_code is not None:
        return complaint.site_code in sites
    if view.scope.site_code is not None:
        return False
    if view.scope.level == "national":
        return True
    area = {"province": complaint.province_code, "commune": complaint.commune_code}
    return area.get(view.scope.level) == view.scope.area_code
