"""What the provincial dashboard tallies of complaints, read in SQL: the open ones by the
site holding them (and how many are overdue), and each complaint of a period as the table
of answers in time weighs it (``Answering``: who held it when, when it was answered as the
platform had the answer). ``dashboard/`` turns these into its tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, case, func, select

from central_server.complaints.deadlines import counted_from_sql, latest_reopening, overdue_before
from central_server.db.models import Complaint as Row
from central_server.db.models import (
    ComplaintDeparture,
    ComplaintEntry,
    ComplaintEvent,
    ComplaintMove,
    SiteArea,
)
from desktop_app.wire.complaints import OPEN, counted_from, resolution_from_json


@dataclass(frozen=True)
class OpenCount:
    """Open complaints in one place: the site handling them (None: the province) and its
    area; ``overdue`` of them past the deadline."""

    site_code: str | None
    province_code: str | None
    commune_code: str | None
    open: int
    overdue: int


def open_counts(engine: Engine, now: datetime) -> list[OpenCount]:
    """The open complaints by the site handling them and its area, with how many are
    overdue, for the provincial dashboard.

    A site's are counted where the site is now (``SiteArea``, as the dashboard places a
    site everywhere else), not where each complaint was filed: a site moved to another
    commune (``set-area``) would otherwise be two rows, one in a commune it left. Those
    held by nobody closer than the province stay in the area they were filed in."""
    late = func.sum(case((counted_from_sql() < overdue_before(now), 1), else_=0))
    held = Row.site_code.is_not(None)
    province = case((held, SiteArea.province_code), else_=Row.province_code)
    commune = case((held, SiteArea.commune_code), else_=Row.commune_code)
    query = (select(Row.site_code, province, commune, func.count(), late)
             .outerjoin(SiteArea, SiteArea.site_code == Row.site_code)
             .where(Row.status == OPEN)
             .group_by(Row.site_code, province, commune)
             .order_by(province, commune, Row.site_code))
    with engine.connect() as conn:
        return [OpenCount(site, province, commune, int(n), int(overdue or 0))
                for site, province, commune, n, overdue in conn.execute(query)]


@dataclass(frozen=True)
class Answering:
    """One complaint as the province's table of answers in time counts it: who holds it
    (the site, or None: the province), where, when it was received, when it reached that
    holder (filed, moved to it, or handed back to the province), when it was answered (as
    the platform had it: never before it received the answer; None: open), the sites it
    left with when (``left``; a hand-back, too, as the platform had it), the site that
    filed it (a hotline call's; None: the web, the API), and when the province moved it
    (``moved``: from a site, at the moment that site left it; from itself, at a moment no
    site left it)."""

    code: str
    site_code: str | None
    province_code: str | None
    commune_code: str | None
    received_at: datetime
    arrived_at: datetime | None
    answered_at: datetime | None
    left: tuple[tuple[str, datetime], ...] = ()
    filed_by: str | None = None
    moved: tuple[datetime, ...] = ()
    # Every change of holder (when, from, to; None: the province; a hand-back when the
    # platform had it), oldest first: empty for one whose changes came before they were
    # kept (``left`` and ``moved`` serve then).
    moves: tuple[tuple[datetime, str | None, str | None], ...] = ()
    # Its latest reopening (its answer withdrawn by the site): its 48 hours start again.
    reopened_at: datetime | None = None

    @property
    def counted_from(self) -> datetime:
        return counted_from(self.received_at, self.reopened_at)


_ARRIVING = ("filed", "rerouted", "handed_back")  # trail events that give it a new holder


def answering(engine: Engine, start: datetime, end: datetime) -> list[Answering]:
    """The complaints received from ``start`` to before ``end``, as ``Answering``."""
    # Each complaint's own few events, by the trail's index (code, id): not the whole trail.
    arrived = (select(func.max(ComplaintEvent.at))
               .where(ComplaintEvent.code == Row.code, ComplaintEvent.action.in_(_ARRIVING))
               .correlate(Row).scalar_subquery())
    # When the platform had the answer: a site's answer typed offline in time but sent
    # after the deadline was late for the citizen (their status page said overdue, the
    # province was told), and a laptop's clock set back must not make it "in time".
    answered = (select(func.max(ComplaintEvent.at))
                .where(ComplaintEvent.code == Row.code, ComplaintEvent.action == "resolved")
                .correlate(Row).scalar_subquery())
    query = (select(Row.code, Row.site_code, Row.province_code, Row.commune_code,
                    Row.received_at, arrived, Row.resolution, ComplaintEntry.site_code,
                    answered, latest_reopening())
             .outerjoin(ComplaintEntry, ComplaintEntry.code == Row.code)
             .where(Row.received_at >= start, Row.received_at < end)
             .order_by(Row.received_at, Row.code))
    in_range = (select(Row.code).where(Row.received_at >= start, Row.received_at < end))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        left: dict[str, list[tuple[str, datetime]]] = {}
        for code, site, at, told in conn.execute(
                select(ComplaintDeparture.code, ComplaintDeparture.site_code,
                       ComplaintDeparture.at, _handed_back_told(
                           ComplaintDeparture.code, ComplaintDeparture.site_code,
                           ComplaintDeparture.at))
                .where(ComplaintDeparture.code.in_(in_range))
                .order_by(ComplaintDeparture.at)):
            left.setdefault(code, []).append((site, _later(at, told)))
        moved: dict[str, list[datetime]] = {}
        for code, at in conn.execute(
                select(ComplaintEvent.code, ComplaintEvent.at)
                .where(ComplaintEvent.action == "rerouted", ComplaintEvent.code.in_(in_range))
                .order_by(ComplaintEvent.at)):
            moved.setdefault(code, []).append(at)
        moves: dict[str, list[tuple[datetime, str | None, str | None]]] = {}
        told = _handed_back_told(ComplaintMove.code, ComplaintMove.from_site,
                                 ComplaintMove.at)
        for code, at, from_site, to_site, handed in conn.execute(
                select(ComplaintMove.code, ComplaintMove.at, ComplaintMove.from_site,
                       ComplaintMove.to_site, told).where(ComplaintMove.code.in_(in_range))
                .order_by(ComplaintMove.code, ComplaintMove.id)):
            # A province's move is on the platform's clock already; a hand-back is not.
            moment = _later(at, handed) if to_site is None else at
            moves.setdefault(code, []).append((moment, from_site, to_site))
    return [Answering(code, site, province, commune, received, at,
                      _answered(said, told), tuple(left.get(code, ())), filer,
                      tuple(moved.get(code, ())), tuple(moves.get(code, ())), reopened)
            for code, site, province, commune, received, at, said, filer, told, reopened
            in rows]


def _answered(said: str | None, told: datetime | None) -> datetime | None:
    """An answer's moment for the table of answers in time: the later of the one it
    gives and the platform's receipt of it (``told``); None while open."""
    if not said:
        return None
    return _later(resolution_from_json(json.loads(said)).resolved_at, told)


def _later(given: datetime, told: datetime | None) -> datetime:
    """A site's answer or hand-back, for the table of answers in time: the later of the
    moment its laptop gives and the platform's receipt of it (None: none kept)."""
    return given if told is None else max(given, told)


def _handed_back_told(code: Any, site: Any, at: Any) -> Any:
    """When the platform had the hand-back that ``site`` dated ``at`` of complaint
    ``code``, per row of a query: its ``handed_back`` event, the first at or after ``at``
    (the moment kept is at most the receipt; one the site handed back before came before
    the move that brought it back). None for a leaving that was the province's move."""
    return (select(func.min(ComplaintEvent.at))
            .where(ComplaintEvent.code == code, ComplaintEvent.action == "handed_back",
                   ComplaintEvent.site_code == site, ComplaintEvent.at >= at)
            .scalar_subquery())

