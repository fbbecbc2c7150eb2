"""The complaints on the central platform: filing (checked, coded, routed), the sites' pull,
resolving (and the province's replies in words, ``complaint_reply``), a site withdrawing its
own answer (``reopen``), escalating the overdue, and the open counts the dashboard adds up.
The one module that reads and writes the ``complaint`` table, and the one place an answer
is checked, whoever sends it (``resolve``). A site reads of a complaint's matched records
only its own (``_seen_by``).

Every change takes a fresh ``changed_at`` later than any before it, so a site pulling
``changed_at >= since`` pages exactly (as the register verdicts do).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.orm import Session

from central_server import areas, vietnam_time
from central_server.complaints.codes import new_code
from central_server.complaints.deadlines import latest_reopening, past_deadline
from central_server.complaints.routing import route
from central_server.db import commit_order
from central_server.db.models import Complaint as Row
from central_server.db.models import (
    ComplaintDeparture,
    ComplaintEntry,
    ComplaintEvent,
    ComplaintMove,
    ComplaintMoveSaid,
    ComplaintReopening,
    ComplaintReply,
    Resource,
    Site,
)
from central_server.db.time_pages import time_page
from central_server.fhir.store import Principal
from central_server.register.table import chunks
from desktop_app.rules.complaints import (
    check_hand_back,
    check_move,
    check_reopen,
    check_site_answer,
    check_staff_answer,
    check_submission,
)
from desktop_app.rules.identity import clean_id_number
from desktop_app.rules.problems import Problem, error
from desktop_app.wire.complaints import (
    ADD_DOSE,
    CORRECT,
    MERGE,
    OPEN,
    PROVINCE_REPLY,
    REJECT,
    REJECTED,
    RESOLVED,
    ROUTE_PROVINCE,
    ROUTE_SITE,
    Complaint,
    HandBack,
    MovedHere,
    Reopening,
    Resolution,
    Submission,
    departed,
    received_at,
    resolution_from_json,
    submission_from_json,
)

_TICK = commit_order.TICK


class Refused(ValueError):
    """The complaint or resolution says something wrong; nothing was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class NotYours(PermissionError):
    """Only the site the complaint was routed to, or central staff, may resolve it."""


class ResolvedOtherwise(ValueError):
    """Already resolved with another answer (409)."""


def file(engine: Engine, submission: Submission, channel: str, now: datetime, *,
         by: Principal | None = None,
         entry: tuple[str, str] | None = None,
         province_code: str | None = None) -> tuple[Complaint, bool]:
    """Check, code, route and store a complaint; raises ``Refused`` (nothing stored).
    ``by``: whose access code filed it (None: the public web form). ``entry``: (site code,
    its hotline entry id), or the web form's key (``form_token.entry_key``); a complaint
    already filed under it is returned as it stands. ``province_code``: the province the
    citizen chose on the form (``routing.route``). Returns the complaint and whether it
    was filed now. Only errors refuse: a warning (a one-word name) is for the one typing to
    confirm, as the desk confirms it, and a site's hotline entry carries none it could fix."""
    problems = [p for p in check_submission(submission, vietnam_time.today(now)) if p.is_error]
    if problems:
        raise Refused(problems)
    submission = dataclasses.replace(submission, channel=channel)
    caller = None
    if province_code is None and by is not None and by.site_code:
        # A call a site took: the site's province where nothing else says one, so it
        # reaches that province's staff (it went to no province before); not where the
        # citizen's named site is looked for (``route``).
        area = areas.area_of(engine, by.site_code)
        caller = area.province_code if area else None
    routed = route(engine, submission, province_code, caller_province=caller)
    with Session(engine) as s, s.begin():
        _serialise(s)
        known = s.get(ComplaintEntry, entry) if entry else None
        if known is not None:
            return _whole(s, s.get(Row, known.code)), False
        code = new_code()
        while s.get(Row, code) is not None:  # one in a trillion; never reuse a code
            code = new_code()
        row = Row(code=code, kind=submission.kind, submission=_dump(submission.as_json()),
                  id_number=clean_id_number(submission.id_number),
                  received_at=received_at(submission, now),
                  route=routed.route, site_code=routed.site_code,
                  province_code=routed.province_code, commune_code=routed.commune_code,
                  status=OPEN, escalated=False, changed_at=_next_time(s, now),
                  resolution=None, patient_ids=_dump(list(routed.patient_ids)))
        s.add(row)
        if entry:
            s.add(ComplaintEntry(site_code=entry[0], entry_id=entry[1], code=code))
        s.add(_event(code, "filed", by, now))
        s.flush()
        return _complaint(row), True


def filed_under(engine: Engine, entry: tuple[str, str]) -> Complaint | None:
    """The complaint already filed under ``entry`` (see ``file``), or None."""
    with Session(engine) as s:
        known = s.get(ComplaintEntry, entry)
        return _whole(s, s.get(Row, known.code)) if known else None


def get(engine: Engine, code: str) -> Complaint | None:
    with Session(engine) as s:
        row = s.get(Row, code)
        return _whole(s, row) if row else None


def since_for_site(engine: Engine, site_code: str | None, since: datetime | None,
                   count: int) -> dict[str, Any]:
    """The complaints routed to ``site_code`` (None: every complaint, for central staff)
    changed at or after ``since``, oldest change first: the wire's page body. A site also
    reads those that left it (``complaint_departure``: handed back, or moved by the
    province), reduced to what anyone holding the code reads (``departed``), so its copy
    follows the outcome; one routed back to it is its own again, whole. Both read into one
    page cut at one time, so it pages exactly: a complaint is one row, whichever way the
    site reads it."""
    query = select(Row, ComplaintReply.reply, latest_reopening()).outerjoin(
        ComplaintReply, ComplaintReply.code == Row.code)
    left = None
    if site_code is not None:
        # Few complaints ever leave a site: read apart from its own, each part through its
        # index (ix_complaint_site_changed; the departures' by site).
        gone = select(ComplaintDeparture.code).where(ComplaintDeparture.site_code == site_code)
        left = query.where(Row.code.in_(gone), or_(Row.site_code.is_(None),
                                                   Row.site_code != site_code))
        query = query.where(Row.site_code == site_code)
    with Session(engine) as s:
        if engine.dialect.name == "postgresql":
            # Both parts from one snapshot: read committed gave each its own, and a
            # complaint routed here between them was passed over for good when one that
            # left here committed after it (the cursor moved past it). SQLite's read holds
            # the write lock (BEGIN IMMEDIATE): nothing commits between them there.
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        rows, following = time_page(s, query, Row.changed_at, since=since, count=count,
                                    beside=left)
        read = [_complaint(r, _read_reply(reply), reopened) for r, reply, reopened in rows]
        held = {c.code: c for c in _moved_to(s, _seen_by(
            s, [c for c in read if site_code is None or c.site_code == site_code], site_code),
            site_code)}
        page = [(held.get(c.code) or departed(c)).as_json() for c in read]
    return {"complaints": page, "next_since": following}


def hand_back(engine: Engine, code: str, said: HandBack, by: Principal,
              now: datetime) -> Complaint:
    """The site holding an open complaint says it is not its own: it goes to the province
    that handled it there (its province and commune kept), which answers it or moves it on
    (``reroute``); the 48 hours run on from the filing. Raises ``LookupError``,
    ``NotYours`` (another site, or central staff, who move it instead), ``Refused`` (no
    reason, or one too long) or ``ResolvedOtherwise`` (no longer open). The same site
    handing back again one it left that way is answered as before and changes nothing (a
    lost answer retried), also when the province has moved it back there since. Returned
    as the site now reads it (``departed``, or whole when it holds it again)."""
    if by.is_central or not by.site_code:
        raise NotYours(code)
    problems = check_hand_back(said)
    if problems:
        raise Refused(problems)
    with Session(engine) as s, s.begin():
        row = _held(s, code)
        if row.site_code != by.site_code:
            if s.get(ComplaintDeparture, (code, by.site_code)) is None:
                raise NotYours(code)
            return departed(_complaint(row))
        # The moment is the site laptop's, kept between its arrival here and now: a clock
        # behind put a hand-back before the move that brought it, charging the site for
        # the time before (answer_times). The table of answers in time takes the
        # platform's receipt when later, as for an answer (``tallies.answering``).
        arrived = s.scalar(select(func.max(ComplaintEvent.at)).where(
            ComplaintEvent.code == code, ComplaintEvent.action.in_(("filed", "rerouted"))))
        after = (arrived + timedelta(microseconds=1)) if arrived else row.received_at
        moment = min(now, max(said.at, row.received_at, after))
        gone = s.get(ComplaintDeparture, (code, by.site_code))
        if gone is not None and gone.at in (moment, said.at) and gone.reason == said.reason:
            # This very hand-back, taken before (its answer lost), and the province has
            # moved the complaint back here since: the retry must not undo that move.
            return _read_by(s, row, by)
        if row.status != OPEN:
            raise ResolvedOtherwise(code)
        _leave(s, row, by.site_code, said.reason, moment, said.by, by.label)
        _moved(s, ComplaintMove(code=code, at=moment, from_site=by.site_code, to_site=None),
               said.reason, said.by, by.label)
        row.site_code, row.route = None, ROUTE_PROVINCE
        row.changed_at = _next_time(s, now)
        s.add(_event(code, "handed_back", by, now))
        s.flush()
        return departed(_complaint(row))


def reroute(engine: Engine, code: str, site_code: str, by: Principal, now: datetime,
            reason: str) -> Complaint:
    """The province (central staff, a dashboard officer: ``by``, whose label the trail
    keeps) moves an open complaint to ``site_code``: it is that site's now, handled in its
    area, and the site it left (if one held it) reads it reduced from then on, as after a
    hand-back. The escalated flag stays as it is: the 48 hours are the citizen's, whoever
    holds it. Raises ``LookupError`` (no such complaint), ``NotYours`` (a site's token),
    ``Refused`` (no such site, the site holding it already, no reason) or
    ``ResolvedOtherwise`` (no longer open). Whether the officer's area covers the site is
    the dashboard's to check (``dashboard/moves.py``)."""
    if not by.is_central:
        raise NotYours(code)
    problems = check_move(reason)
    if problems:
        raise Refused(problems)
    area = areas.area_of(engine, site_code)
    with Session(engine) as s, s.begin():
        row = _held(s, code)
        if s.get(Site, site_code) is None:
            raise Refused([error("COMPLAINT_MOVE_UNKNOWN_SITE", "site", site=site_code)])
        if row.status != OPEN:
            raise ResolvedOtherwise(code)
        if row.site_code == site_code:
            raise Refused([error("COMPLAINT_MOVE_SAME_SITE", "site", complaint=code,
                                 site=site_code)])
        if row.site_code is not None:
            _leave(s, row, row.site_code, reason, now, "", by.label)
        _moved(s, ComplaintMove(code=code, at=now, from_site=row.site_code,
                                to_site=site_code), reason, "", by.label)
        # Handled in the site's area, as routing places it: its commune (none where its
        # area names none: the old site's left on it put it in another commune's counts);
        # a site with no area known keeps the province that moved it.
        row.site_code, row.route = site_code, ROUTE_SITE
        if area is not None:  # the commune of the site's area, none where it names none
            row.commune_code = area.commune_code
        row.province_code = (area and area.province_code) or row.province_code
        row.changed_at = _next_time(s, now)
        s.add(_event(code, "rerouted", by, now))
        s.flush()
        return _whole(s, row)


def _moved(s: Session, move: ComplaintMove, reason: str, said_by: str, label: str) -> None:
    """A change of holder and why (``ComplaintMoveSaid``)."""
    s.add(move)
    s.flush()  # its id
    s.add(ComplaintMoveSaid(move_id=move.id, reason=reason.strip(), said_by=said_by[:200],
                            label=label))


@dataclass(frozen=True)
class MoveSaid:
    """One change of a complaint's holder, as its page lists them: from and to (None:
    the province), when, why and whose access code said it (None: before reasons were
    kept with moves)."""

    at: datetime
    from_site: str | None
    to_site: str | None
    reason: str | None
    label: str | None


def moves_said(engine: Engine, code: str) -> list[MoveSaid]:
    """Every change of ``code``'s holder with its reason, oldest first."""
    with Session(engine) as s:
        return [MoveSaid(*r) for r in s.execute(
            select(ComplaintMove.at, ComplaintMove.from_site, ComplaintMove.to_site,
                   ComplaintMoveSaid.reason, ComplaintMoveSaid.label)
            .outerjoin(ComplaintMoveSaid, ComplaintMoveSaid.move_id == ComplaintMove.id)
            .where(ComplaintMove.code == code).order_by(ComplaintMove.id))]


def departures(engine: Engine, code: str) -> list[tuple[str, str, datetime, str]]:
    """The sites ``code`` left: (site code, reason, when, whose access code), oldest first."""
    with Session(engine) as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(ComplaintDeparture.site_code, ComplaintDeparture.reason,
                   ComplaintDeparture.at, ComplaintDeparture.label)
            .where(ComplaintDeparture.code == code).order_by(ComplaintDeparture.at))]


def _leave(s: Session, row: Row, site_code: str, reason: str, at: datetime, said_by: str,
           label: str) -> None:
    """Record that ``row`` left ``site_code``; left before and come back, the latest
    leaving replaces the earlier (each is in the trail)."""
    gone = s.get(ComplaintDeparture, (row.code, site_code)) or ComplaintDeparture(
        code=row.code, site_code=site_code)
    gone.at, gone.reason, gone.said_by, gone.label = at, reason.strip(), said_by[:200], label
    s.add(gone)


def listing(engine: Engine, now: datetime, *, site_code: str | None = None,
            open_only: bool = False, overdue_only: bool = False) -> list[Complaint]:
    """Complaints for staff to read, oldest first, after escalating the overdue."""
    escalate_overdue(engine, now)
    query = select(Row, latest_reopening()).order_by(Row.received_at, Row.code)
    if site_code is not None:
        query = query.where(Row.site_code == site_code)
    if open_only:  # the dashboard's list: not every complaint ever filed
        query = query.where(Row.status == OPEN)
    if overdue_only:
        query = query.where(Row.status == OPEN, *past_deadline(now))
    with Session(engine) as s:
        return [_complaint(r, None, reopened) for r, reopened in s.execute(query)]


def resolve(engine: Engine, code: str, resolution: Resolution, by: Principal,
            now: datetime) -> Complaint:
    """Record a site's answer, or central staff's, however it came (the API, the
    dashboard, a terminal), each checked here by its rule: staff record no dose and correct
    no record, so they reject with a reason or reply in words
    (``rules.complaints.check_staff_answer``); a site's change names what changed, in
    words or by the record (``check_site_answer``). The same answer again changes nothing
    (a retried request); raises ``LookupError`` (no such code), ``NotYours``, ``Refused``
    (a rejection without reason, a reply without words, a change naming nothing, staff
    claiming a change, a site answering as the province) or ``ResolvedOtherwise``. The
    province's reply in words (``PROVINCE_REPLY``) is the outcome only of a complaint no
    site holds; on one a site holds it is kept beside it and the complaint stays open
    (``_keep_reply``). Returned as ``by`` may read it (``_seen_by``)."""
    problems = check_staff_answer(resolution) if by.is_central \
        else check_site_answer(resolution)
    if problems:
        raise Refused(problems)
    with Session(engine) as s, s.begin():
        row = _held(s, code)
        if not by.is_central and by.site_code != row.site_code \
                and not _changed_before_it_left(s, row, resolution, by):
            raise NotYours(code)
        if resolution.action == PROVINCE_REPLY and row.site_code is not None \
                and row.resolution is None:
            return _keep_reply(s, row, resolution, by, now)
        if row.resolution is not None:
            standing = resolution_from_json(json.loads(row.resolution))
            if _same(standing, resolution):
                return _read_by(s, row, by)
            if not _overrules(s, row, standing, resolution, by):
                raise ResolvedOtherwise(code)
        # The moment the citizen reads is the site laptop's clock: kept between the
        # complaint's arrival and now (a clock reset to 2000 said "resolved 01/01/2000").
        moment = min(now, max(resolution.resolved_at, row.received_at))
        row.resolution = _dump(dataclasses.replace(resolution, resolved_at=moment).as_json())
        row.status = REJECTED if resolution.action == REJECT else RESOLVED
        row.changed_at = _next_time(s, now)
        s.add(_event(row.code, "resolved", by, now))
        s.flush()
        return _read_by(s, row, by)


# What a site records that a province's rejection cannot have known of: the record changed.
_RECORD_CHANGES = (ADD_DOSE, CORRECT, MERGE)


def _overrules(s: Session, row: Row, standing: Resolution, answer: Resolution,
               by: Principal) -> bool:
    """Whether a site's record change stands over another's rejection: the province
    rejected the raised complaint (nothing to change), or the site it was moved to rejected
    it (no record there), while this site, offline, found the dose and added it or
    corrected the record. The record changed, so the citizen must read that, not "not
    accepted"; before, the site's answer ended as a conflict on its laptop with no way to
    reopen the complaint. Only a change, by the site holding it or one it left
    (``_changed_before_it_left``), over a rejection it did not give itself (the trail's
    last answer is staff's or another site's)."""
    if by.is_central or standing.action != REJECT or answer.action not in _RECORD_CHANGES:
        return False
    if by.site_code != row.site_code and not _changed_before_it_left(s, row, answer, by):
        return False
    last = s.execute(select(ComplaintEvent.site_code).where(
        ComplaintEvent.code == row.code, ComplaintEvent.action == "resolved")
        .order_by(ComplaintEvent.id.desc()).limit(1)).first()
    return last is not None and last.site_code != by.site_code


def _changed_before_it_left(s: Session, row: Row, answer: Resolution,
                            by: Principal) -> bool:
    """Whether ``by`` is a site the complaint left (handed back, or moved by the province)
    answering with a record change it made for it: a dose added offline while the province
    moved the complaint on is recorded all the same, and the citizen must read it (refused,
    the site that took it over, holding no record, rejected it)."""
    return answer.action in _RECORD_CHANGES and by.site_code is not None and \
        s.get(ComplaintDeparture, (row.code, by.site_code)) is not None


def reopen(engine: Engine, code: str, said: Reopening, by: Principal,
           now: datetime) -> Complaint:
    """The site that answered a complaint withdraws that answer (the merge it named was
    split again): the complaint is open again, its outcome off the status page, not raised,
    and its 48 hours start afresh at the reopening (the site laptop's moment, kept between
    the answer and now), so the province's counts read it open and not late. The answer
    withdrawn, the reason and whose access code said it are kept (``complaint_reopening``)
    with a ``reopened`` event. Only the site that gave the answer standing and still holds
    the complaint (``NotYours``: never central staff, whose answers are their own);
    ``said.withdrawn`` must be that answer, the moment aside (``ResolvedOtherwise``, also
    when none stands); ``Refused`` without a reason. The same reopening again (its answer
    lost) changes nothing, also when the province has moved the complaint since. Returned
    as the site now reads it."""
    if by.is_central or not by.site_code:
        raise NotYours(code)
    problems = check_reopen(said)
    if problems:
        raise Refused(problems)
    with Session(engine) as s, s.begin():
        row = _held(s, code)
        latest = s.scalars(select(ComplaintReopening).where(ComplaintReopening.code == code)
                           .order_by(ComplaintReopening.id.desc()).limit(1)).first()
        if row.resolution is None and latest is not None and \
                latest.site_code == by.site_code and latest.reason == said.reason and \
                _same(resolution_from_json(json.loads(latest.withdrawn)), said.withdrawn):
            return _read_by(s, row, by)  # this very reopening, taken before
        if row.site_code != by.site_code:
            raise NotYours(code)
        if row.resolution is None:
            raise ResolvedOtherwise(code)  # nothing to withdraw
        if _answered_by(s, code) != by.site_code:
            raise NotYours(code)  # the province's answer, or another site's
        standing = resolution_from_json(json.loads(row.resolution))
        if not _same(standing, said.withdrawn):
            raise ResolvedOtherwise(code)
        s.add(ComplaintReopening(code=code, at=min(now, max(said.at, standing.resolved_at)),
                                 site_code=by.site_code, reason=said.reason,
                                 said_by=said.by[:200], label=by.label,
                                 withdrawn=row.resolution))
        row.resolution, row.status, row.escalated = None, OPEN, False
        row.changed_at = _next_time(s, now)
        s.add(_event(code, "reopened", by, now))
        s.flush()
        return _read_by(s, row, by)


def _answered_by(s: Session, code: str) -> str | None:
    """The site whose answer the trail took last (None: staff's, or no answer)."""
    return s.scalar(select(ComplaintEvent.site_code).where(
        ComplaintEvent.code == code, ComplaintEvent.action == "resolved")
        .order_by(ComplaintEvent.id.desc()).limit(1))


@dataclass(frozen=True)
class ReopeningSaid:
    """One reopening, as a complaint's page lists them: when (its 48 hours started again
    then), by which site, why, and the outcome it withdrew."""

    at: datetime
    site_code: str
    reason: str
    withdrawn: Resolution


def reopenings(engine: Engine, code: str) -> list[ReopeningSaid]:
    """Every reopening of ``code``, oldest first."""
    with Session(engine) as s:
        return [ReopeningSaid(r.at, r.site_code, r.reason,
                              resolution_from_json(json.loads(r.withdrawn)))
                for r in s.scalars(select(ComplaintReopening).where(
                    ComplaintReopening.code == code).order_by(ComplaintReopening.id))]


def _read_by(s: Session, row: Row, by: Principal) -> Complaint:
    """The complaint as ``by`` reads it after its change: whole for staff and the site
    holding it, ``departed`` for a site it left (its answer taken, never where it is)."""
    whole = _seen_by(s, [_whole(s, row)], by.site_code)[0]
    return departed(whole) if by.site_code and by.site_code != row.site_code else whole


def _seen_by(s: Session, complaints: list[Complaint], site_code: str | None
             ) -> list[Complaint]:
    """The complaints as ``site_code`` may read them: of the Patients the platform matched
    by the citizen's ID number, only the site's own (those it sent), the records its desk
    links the complaint to. Another site's ids told it where else the citizen was
    recorded, unasked: a search across sites is counted and logged (``lookup_log``), a
    pulled complaint was neither. Central staff (None) read them all."""
    if site_code is None:
        return complaints
    own: set[str] = set()
    for chunk in chunks(p for c in complaints for p in c.patient_ids):
        own.update(s.scalars(select(Resource.id).where(
            Resource.type == "Patient", Resource.id.in_(chunk),
            Resource.site_code == site_code)))
    theirs: set[str] = set()
    for chunk in chunks(c.resolution.person_id for c in complaints
                        if c.resolution is not None and c.resolution.person_id):
        theirs.update(s.scalars(select(Resource.id).where(
            Resource.type == "Patient", Resource.id.in_(chunk),
            Resource.site_code != site_code)))
    return [dataclasses.replace(c, patient_ids=tuple(p for p in c.patient_ids if p in own),
                                resolution=_records_unsaid(c.resolution, theirs))
            for c in complaints]


def _moved_to(s: Session, complaints: list[Complaint], site_code: str | None
              ) -> list[Complaint]:
    """The complaints ``site_code`` holds, each with the province's latest move of it
    there and why (``MovedHere``): the site was handed the work without the reason the
    province gave. None for central staff, or a complaint routed there at its filing."""
    if site_code is None or not complaints:
        return complaints
    latest: dict[str, MovedHere] = {}
    for chunk in chunks(c.code for c in complaints):
        for code, at, from_site, reason in s.execute(
                select(ComplaintMove.code, ComplaintMove.at, ComplaintMove.from_site,
                       ComplaintMoveSaid.reason)
                .outerjoin(ComplaintMoveSaid, ComplaintMoveSaid.move_id == ComplaintMove.id)
                .where(ComplaintMove.code.in_(chunk), ComplaintMove.to_site == site_code)
                .order_by(ComplaintMove.id)):
            latest[code] = MovedHere(from_site, reason or "", at)
    return [dataclasses.replace(c, moved_here=latest[c.code]) if c.code in latest else c
            for c in complaints]


def _records_unsaid(r: Resolution | None, theirs: set[str]) -> Resolution | None:
    """An answer as a site reads it: without the records it names when they are another
    site's (a site a complaint left answered it by a dose it added: the site holding it
    reads what the citizen reads, not where that dose is)."""
    if r is None or r.person_id not in theirs:
        return r
    return dataclasses.replace(r, person_id=None, dose_ids=(), merged_id=None)


def _keep_reply(s: Session, row: Row, reply: Resolution, by: Principal,
                now: datetime) -> Complaint:
    """The province's reply on a complaint a site holds: the citizen reads it, the site
    pulls it (a new change time), and the complaint stays open, the site's to add the dose
    or correct the record; no site's answer is refused for it. A newer reply replaces it,
    each in the trail ("replied"); the same one again changes nothing."""
    kept = s.get(ComplaintReply, row.code)
    if kept is not None and _same(resolution_from_json(json.loads(kept.reply)), reply):
        return _complaint(row, _read_reply(kept.reply), _reopened_at(s, row.code))
    moment = min(now, max(reply.resolved_at, row.received_at))  # as ``resolve`` keeps it
    said = _dump(dataclasses.replace(reply, resolved_at=moment).as_json())
    if kept is None:
        s.add(ComplaintReply(code=row.code, reply=said))
    else:
        kept.reply = said
    row.changed_at = _next_time(s, now)
    s.add(_event(row.code, "replied", by, now))
    s.flush()
    return _complaint(row, _read_reply(said), _reopened_at(s, row.code))


def _reply_of(s: Session, code: str) -> Resolution | None:
    kept = s.get(ComplaintReply, code)
    return _read_reply(kept.reply) if kept is not None else None


def _read_reply(said: str | None) -> Resolution | None:
    return resolution_from_json(json.loads(said)) if said else None


def escalate_overdue(engine: Engine, now: datetime) -> int:
    """Raise every open complaint past its deadline to the province, once; the change is
    pulled by its site like any other. Returns how many were raised now."""
    with Session(engine) as s, s.begin():
        _serialise(s)
        codes = s.scalars(select(Row.code).where(
            Row.status == OPEN, Row.escalated.is_(False), *past_deadline(now))
            .order_by(Row.received_at, Row.code)).all()
        at = _next_time(s, now)
        for i, code in enumerate(codes):
            s.execute(update(Row).where(Row.code == code)
                      .values(escalated=True, changed_at=at + i * _TICK))
            s.add(_event(code, "escalated", None, now, label="platform"))
        return len(codes)


def _reopened_at(s: Session, code: str) -> datetime | None:
    return s.scalar(select(func.max(ComplaintReopening.at))
                    .where(ComplaintReopening.code == code))


def events(engine: Engine, code: str) -> list[tuple[str, str | None, str, datetime]]:
    """A complaint's trail: (action, site code, access code label, when), oldest first."""
    with Session(engine) as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(ComplaintEvent.action, ComplaintEvent.site_code, ComplaintEvent.label,
                   ComplaintEvent.at).where(ComplaintEvent.code == code)
            .order_by(ComplaintEvent.id))]


def _event(code: str, action: str, by: Principal | None, now: datetime, *,
           label: str = "web") -> ComplaintEvent:
    return ComplaintEvent(code=code, action=action, site_code=by.site_code if by else None,
                          label=by.label if by else label, at=now)


def _same(a: Resolution, b: Resolution) -> bool:
    # The moment is the clerk's clock; the answer is the rest.
    return dataclasses.replace(a, resolved_at=b.resolved_at) == b


def _next_time(s: Session, now: datetime) -> datetime:
    """A time after every change already made, even when the clock steps back."""
    return commit_order.after(s.scalar(select(func.max(Row.changed_at))), now)


def _held(s: Session, code: str) -> Row:
    """Complaint ``code`` for a change, the complaints' writes serialised first; raises
    LookupError when there is none."""
    _serialise(s)
    row = s.get(Row, code)
    if row is None:
        raise LookupError(code)
    return row


def _serialise(s: Session) -> None:
    commit_order.serialise(s, commit_order.COMPLAINTS)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _whole(s: Session, row: Row) -> Complaint:
    """``row`` with the province's reply and its latest reopening, as staff read it."""
    return _complaint(row, _reply_of(s, row.code), _reopened_at(s, row.code))


def _complaint(row: Row, reply: Resolution | None = None,
               reopened_at: datetime | None = None) -> Complaint:
    return Complaint(
        code=row.code, submission=submission_from_json(json.loads(row.submission)),
        received_at=row.received_at, route=row.route, site_code=row.site_code,
        province_code=row.province_code, commune_code=row.commune_code, status=row.status,
        escalated=bool(row.escalated), changed_at=row.changed_at,
        resolution=resolution_from_json(json.loads(row.resolution)) if row.resolution
        else None,
        patient_ids=tuple(json.loads(row.patient_ids or "[]")), province_reply=reply,
        reopened_at=reopened_at)
