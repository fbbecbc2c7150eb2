"""Citizens' complaints ("phản ánh") between the central platform and the sites.

A complaint is filed on the central platform (its public web form, its API, or a site's
hotline entry sent up by sync), routed there to whoever is closest to the injection, and
resolved at that site; the resolution travels back so the citizen can read the outcome by
the complaint's code. The central platform is the one place a complaint's code is made.

Routing (``ROUTE_*``), decided centrally when the complaint arrives:
the site that recorded the dose in question (or, no dose named, the citizen's latest dose;
the citizen's records as the platform links them: a dose under the old CMND counts);
else the one site the citizen's words for the place name (its code, or its name's own
words: ``rules/complaints.names_site``); else the site whose commune is the citizen's
commune; else the province (the citizen's, or for a call a site took, the site's). A
site's call may carry ``other_id_number``, the other number of the record it is linked to
(the old CMND a record was made under): the citizen's records are looked for by both.
A complaint open longer than ``DEADLINE_HOURS`` is overdue: it rises to the province (its
``escalated`` flag), while the site it was routed to keeps it and can still resolve it. The
hours count from its receipt, or from its latest reopening (``counted_from``).

    POST {api_root}/complaints                       # a site's hotline entry, or central staff
        body: Submission.as_json()  ->  201, body: Complaint.as_json()
        to a site whose filing went elsewhere, only the code, submission, status and times
        (no route, site, province, commune, patient_ids or resolution: any site may file
        about any ID number); 429 with Retry-After past a few about one ID number an hour
    GET  {api_root}/complaints?since=<ISO-8601 UTC>&_count=<n>
        -> {"complaints": [Complaint.as_json(), …], "next_since": "…" | null}
        the complaints routed to the token's site that changed at or after ``since``
        (inclusive, as ``wire/register.py``), oldest change first; their ``patient_ids``
        only the site's own Patients (central staff read every one matched)
    POST {api_root}/complaints/{code}/resolution
        body: Resolution.as_json()  ->  200, body: Complaint.as_json()
        409 when it was already resolved differently; sending the same resolution again
        answers 200 (a lost answer is retried safely). ``province_reply`` is central
        staff's alone (a site's is refused, 422); on a complaint a site holds it is kept
        as the complaint's ``province_reply``, which the site pulls, and leaves it open.
        Central staff record no dose and correct no record: only ``reject`` and
        ``province_reply`` (422 otherwise). A site's ``add_dose``, ``correct`` or
        ``merge`` names what changed: a note, or the record (``dose_ids``; ``person_id``
        or ``dose_ids``; ``person_id`` and ``merged_id``), or is refused (422)
    GET  {api_root}/complaints/filed?code=<code>&code=<code>…   (at most FILED_MAX codes)
        -> {"complaints": [FiledStatus.as_json(), …]}
        of the codes asked, those the token's site filed (its hotline entries) that were
        routed elsewhere, and those that left it (handed back, or moved by the province):
        their status and outcome as the citizen's status page shows them by code, never
        where they went, who answered, or the records they touched
    POST {api_root}/complaints/{code}/hand-back
        body: HandBack.as_json()  ->  200, body: the complaint as the site now reads it
        (``departed``: no site, route "province", no records, resolution or reply)
        the site holding an open complaint says it is not its own (the citizen was never
        vaccinated there, the place was misheard): it goes to the province, which answers
        it or moves it to the right site, and the 48 hours run on from the filing. Only
        the site holding it (403); one already resolved 409; a reason required (422); the
        same site handing back one it no longer holds because it handed it back 200
        (a lost answer retried). Its later changes reach that site's pull in the same
        reduced form, so its copy reads "passed on" and is followed by code (``filed``).
    POST {api_root}/complaints/{code}/reopen
        body: Reopening.as_json()  ->  200, body: the complaint as the site now reads it
        the site that answered a complaint withdraws that answer (the merge it named was
        split again): the complaint is open again, its answer gone from the status page,
        its 48 hours counted afresh from the reopening (``reopened_at``), not raised.
        Only the site that gave the answer standing and still holds the complaint (403);
        ``withdrawn`` must be that answer (409 otherwise, or when none stands); a reason
        required (422); the same reopening retried answers 200 and changes nothing.

A complaint the province moves from one site to another (its dashboard, or
``vaxdesk-central complaints route``) reaches the new site's pull whole and the old one's
in the reduced form above, as a hand-back does.

A server that has no complaints (any other FHIR server) answers 404: the site then simply
has none, and the round goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from desktop_app.wire.instants import read_instant

PATH = "complaints"
DEADLINE_HOURS = 48

# The five kinds of the Ministry's guidance (../shared/CONTEXT.md), in its order.
MISSING_DOB = "missing_dob"  # vaccinated, but the record has no date of birth
NOT_ON_SYSTEM = "not_on_system"  # vaccinated, but not on the system at all
DOSE_MISSING = "dose_missing"  # on the system, but a dose is missing
DETAILS_HIDE_DOSES = "details_hide_doses"  # personal details wrong, so no dose shows
DETAILS_WRONG = "details_wrong"  # personal or dose details wrong
KINDS = (MISSING_DOB, NOT_ON_SYSTEM, DOSE_MISSING, DETAILS_HIDE_DOSES, DETAILS_WRONG)

# How it came in.
WEB = "web"
API = "api"
HOTLINE = "hotline"
CHANNELS = (WEB, API, HOTLINE)

# Where it was routed.
ROUTE_SITE = "site"  # the site that recorded the dose
ROUTE_COMMUNE = "commune"  # the site of the citizen's commune
ROUTE_PROVINCE = "province"  # nobody closer: the provincial health department
ROUTES = (ROUTE_SITE, ROUTE_COMMUNE, ROUTE_PROVINCE)

# What the site did.
ADD_DOSE = "add_dose"  # the missing dose recorded (the backfill form)
CORRECT = "correct"  # the person's or a dose's details corrected
MERGE = "merge"  # two records of one person made one
REJECT = "reject"  # nothing to change; the reason says why
ACTIONS = (ADD_DOSE, CORRECT, MERGE, REJECT)
# What the province (or central staff) can do itself, on the dashboard or at a terminal: it
# records no dose and corrects no record, so it rejects with a reason or answers the citizen
# in words (the note, required). Its reply closes only a complaint no site holds: where a
# site holds one, the reply is kept beside it (``Complaint.province_reply``) and the site
# still adds the dose or corrects the record, every kind being a record to add or correct.
PROVINCE_REPLY = "province_reply"
STAFF_ACTIONS = (PROVINCE_REPLY, REJECT)
OUTCOMES = (*ACTIONS, PROVINCE_REPLY)  # a resolution as central holds it: a site's or staff's

OPEN = "open"
RESOLVED = "resolved"
REJECTED = "rejected"
STATUSES = (OPEN, RESOLVED, REJECTED)

# A complaint's code: "PA-" and 8 characters of Crockford's base 32 (no I, L, O, U), easy to
# read out on the phone and to type.
CODE_PREFIX = "PA-"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8

TEXT_MAX = 2000  # the citizen's own words
MAX_DOSE_NUMBER = 5  # primary 1-2, boosters 3-4, and a fifth where a schedule has one
REASON_MAX = 500


@dataclass(frozen=True)
class Submission:
    """What a citizen (or the hotline clerk for them) says. Checked by ``rules/complaints``."""

    kind: str
    id_number: str
    full_name: str
    dob: date | None
    phone: str = ""
    dose_number: int | None = None  # which dose the complaint is about, if one
    dose_date: date | None = None  # when it was given, as the citizen remembers
    place: str = ""  # where, in the citizen's words (site or commune name)
    commune_code: str | None = None  # the citizen's commune, where they chose it
    text: str = ""
    channel: str = WEB
    # A hotline call's own time (UTC, naive), from the laptop that took it: its 48 hours
    # start then, not when the laptop next reaches the platform (rules/complaints.starts_at).
    taken_at: datetime | None = None
    # Another number of the citizen's, a site's call knows: the old CMND their chip card
    # names beside the CCCD, or the one the site's record holds. Routing looks by both.
    other_id_number: str = ""

    def as_json(self) -> dict[str, Any]:
        data = {"kind": self.kind, "id_number": self.id_number, "full_name": self.full_name,
                "dob": _day(self.dob), "phone": self.phone, "dose_number": self.dose_number,
                "dose_date": _day(self.dose_date), "place": self.place,
                "commune_code": self.commune_code, "text": self.text,
                "channel": self.channel}
        if self.taken_at is not None:
            data["taken_at"] = _moment(self.taken_at)
        if self.other_id_number:
            data["other_id_number"] = self.other_id_number
        return data


@dataclass(frozen=True)
class Resolution:
    action: str
    note: str  # the reason (required to reject) or what was changed, in words for the citizen
    resolved_by: str  # the site user's name
    resolved_at: datetime  # UTC, naive
    person_id: str | None = None  # the record the resolution touched (Patient id)
    dose_ids: tuple[str, ...] = ()  # doses added or corrected (Immunization ids)
    merged_id: str | None = None  # for a merge: the record folded into ``person_id``

    def as_json(self) -> dict[str, Any]:
        return {"action": self.action, "note": self.note, "resolved_by": self.resolved_by,
                "resolved_at": _moment(self.resolved_at), "person_id": self.person_id,
                "dose_ids": list(self.dose_ids), "merged_id": self.merged_id}


@dataclass(frozen=True)
class MovedHere:
    """How a complaint came to the site reading it, when the province moved it there: from
    which site (None: the province held it, after a hand-back or unplaced) and why, in the
    province's words. The site was handed the work with none of it."""

    from_site: str | None
    reason: str
    at: datetime  # UTC, naive

    def as_json(self) -> dict[str, Any]:
        return {"from_site": self.from_site, "reason": self.reason, "at": _moment(self.at)}


def moved_here_from_json(data: dict[str, Any]) -> MovedHere:
    return MovedHere(data.get("from_site") or None, str(data.get("reason") or ""),
                     _read_moment(data["at"]))


@dataclass(frozen=True)
class Complaint:
    code: str
    submission: Submission
    received_at: datetime  # UTC, naive
    route: str | None  # None: not said (a filing answered to a site it did not go to)
    site_code: str | None  # the site it was routed to (None: the province, or not said)
    province_code: str | None
    commune_code: str | None
    status: str = OPEN
    escalated: bool = False  # overdue: raised to the province
    changed_at: datetime | None = None  # the last change on the central platform (UTC)
    resolution: Resolution | None = None
    patient_ids: tuple[str, ...] = field(default=())  # records the platform matched by ID
    # The province's words to the citizen on a complaint a site still holds (action
    # PROVINCE_REPLY): shown to the citizen and the site, the complaint still open.
    province_reply: Resolution | None = None
    # Moved here by the province, and why (a platform before this field says nothing).
    moved_here: MovedHere | None = None
    # Reopened by the site that answered it (``Reopening``): its 48 hours start again then.
    reopened_at: datetime | None = None

    @property
    def counted_from(self) -> datetime:
        return counted_from(self.received_at, self.reopened_at)

    @property
    def due_at(self) -> datetime:
        return due_at(self.counted_from)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "submission": self.submission.as_json(),
                "received_at": _moment(self.received_at), "route": self.route,
                "site_code": self.site_code, "province_code": self.province_code,
                "commune_code": self.commune_code, "status": self.status,
                "escalated": self.escalated,
                "changed_at": _moment(self.changed_at or self.received_at),
                "due_at": _moment(self.due_at),
                "resolution": self.resolution.as_json() if self.resolution else None,
                "patient_ids": list(self.patient_ids),
                "province_reply": self.province_reply.as_json() if self.province_reply
                else None,
                **({"moved_here": self.moved_here.as_json()} if self.moved_here else {}),
                **({"reopened_at": _moment(self.reopened_at)} if self.reopened_at else {})}


HAND_BACK = "hand-back"  # POST {PATH}/{code}/hand-back


@dataclass(frozen=True)
class HandBack:
    """A site's word that an open complaint routed to it is not its own: why (required,
    at most REASON_MAX), who said it (the site user's name) and when (the laptop's clock,
    UTC naive; kept between the filing and the platform's now, as a resolution's)."""

    reason: str
    by: str
    at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "by": self.by, "at": _moment(self.at)}


def hand_back_from_json(data: dict[str, Any]) -> HandBack:
    """
    >>> h = HandBack("Người dân tiêm ở Hà Nam", "Lan", datetime(2026, 12, 2, 8))
    >>> hand_back_from_json(h.as_json()) == h
    True
    """
    return HandBack(reason=str(data.get("reason") or "").strip(),
                    by=str(data.get("by") or "")[:200], at=_read_moment(data["at"]))


REOPEN = "reopen"  # POST {PATH}/{code}/reopen


@dataclass(frozen=True)
class Reopening:
    """A site's word that the answer it gave a complaint no longer holds (the merge it
    named was split again): the answer withdrawn, as the site sent it; why (required, at
    most REASON_MAX, in Vietnamese: the province reads it); who said it (the site user's
    name) and when (the laptop's clock, UTC naive: the new 48 hours start then, kept
    between the answer and the platform's now)."""

    withdrawn: Resolution
    reason: str
    by: str
    at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"withdrawn": self.withdrawn.as_json(), "reason": self.reason, "by": self.by,
                "at": _moment(self.at)}


def reopening_from_json(data: dict[str, Any]) -> Reopening:
    """
    >>> r = Resolution(MERGE, "Đã gộp", "Hà", datetime(2026, 12, 2, 8), "p1", ("d1",), "p2")
    >>> o = Reopening(r, "Đã tách lại hai hồ sơ", "Hà", datetime(2026, 12, 3, 8))
    >>> reopening_from_json(o.as_json()) == o
    True
    """
    return Reopening(withdrawn=resolution_from_json(data["withdrawn"]),
                     reason=str(data.get("reason") or "").strip(),
                     by=str(data.get("by") or "")[:200], at=_read_moment(data["at"]))


def departed(c: Complaint) -> Complaint:
    """``c`` as a site it left reads it (handed back, or moved by the province): its code,
    what the citizen said, its status and times, and the outcome as anyone holding the code
    reads it (the action, the note and when), nothing of where it went, who answered or
    the records touched there (the route that tells nothing, "province", which earlier
    desks need).

    >>> s = Submission(DOSE_MISSING, "001190000001", "Lê Văn A", date(1990, 1, 2))
    >>> c = Complaint("PA-0000000A", s, datetime(2026, 12, 1, 8), ROUTE_SITE, "HN-0002",
    ...               "01", "00070", patient_ids=("p1",))
    >>> d = departed(c)
    >>> (d.site_code, d.route, d.province_code, d.patient_ids, d.received_at == c.received_at)
    (None, 'province', None, (), True)
    >>> from dataclasses import replace
    >>> r = Resolution(ADD_DOSE, "Đã bổ sung mũi 2", "Hà", datetime(2026, 12, 2), "p1", ("d1",))
    >>> d = departed(replace(c, status=RESOLVED, resolution=r)).resolution
    >>> (d.action, d.note, d.resolved_by, d.person_id, d.dose_ids)
    ('add_dose', 'Đã bổ sung mũi 2', '', None, ())
    """
    r = c.resolution
    return Complaint(code=c.code, submission=c.submission, received_at=c.received_at,
                     route=ROUTE_PROVINCE, site_code=None, province_code=None,
                     commune_code=None, status=c.status, escalated=c.escalated,
                     changed_at=c.changed_at,
                     resolution=Resolution(r.action, r.note, "", r.resolved_at) if r else None)


FILED_PATH = f"{PATH}/filed"
FILED_MAX = 100  # codes asked at once


@dataclass(frozen=True)
class FiledStatus:
    """What the site that took a call learns of it once it went elsewhere: what anyone
    holding the code reads on the status page (status, raised, the outcome and its note),
    nothing of the site or province handling it."""

    code: str
    status: str
    escalated: bool
    changed_at: datetime  # UTC, naive
    action: str | None = None
    note: str = ""
    resolved_at: datetime | None = None  # UTC, naive

    @classmethod
    def of(cls, c: Complaint) -> FiledStatus:
        r = c.resolution
        return cls(c.code, c.status, c.escalated, c.changed_at or c.received_at,
                   r.action if r else None, r.note if r else "", r.resolved_at if r else None)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status, "escalated": self.escalated,
                "changed_at": _moment(self.changed_at), "action": self.action,
                "note": self.note,
                "resolved_at": _moment(self.resolved_at) if self.resolved_at else None}


def due_at(received_at: datetime) -> datetime:
    return received_at + timedelta(hours=DEADLINE_HOURS)


def counted_from(received_at: datetime, reopened_at: datetime | None) -> datetime:
    """When a complaint's 48 hours start: at its receipt, or afresh at its latest
    reopening (the answer withdrawn by the site that gave it).

    >>> t = datetime(2026, 12, 1, 8)
    >>> counted_from(t, None) == t, counted_from(t, datetime(2026, 12, 5, 9)).day
    (True, 5)
    """
    return reopened_at if reopened_at is not None else received_at


CALL_AGE_MAX = timedelta(days=30)  # a laptop offline longer than this is one whose clock lies


def received_at(sub: Submission, now: datetime) -> datetime:
    """When the 48 hours start: at the platform's ``now``, or for a hotline call at the
    call itself, which the laptop may upload a day later. Never after ``now`` (a laptop clock
    ahead); a call more than CALL_AGE_MAX before it comes from a clock that lies (reset to
    its factory year), so its time is not known and the platform's ``now`` stands: held
    to a month ago, a call taken a minute ago was escalated as long overdue.

    >>> from dataclasses import replace
    >>> now = datetime(2026, 12, 2, 13, 0)
    >>> call = Submission(DOSE_MISSING, "001185012345", "Lan", None, channel=HOTLINE,
    ...                   taken_at=datetime(2026, 12, 1, 2, 0))
    >>> received_at(call, now), received_at(replace(call, channel=WEB), now)
    (datetime.datetime(2026, 12, 1, 2, 0), datetime.datetime(2026, 12, 2, 13, 0))
    >>> received_at(replace(call, taken_at=datetime(2027, 1, 1)), now) == now
    True
    >>> received_at(replace(call, taken_at=datetime(2000, 1, 1)), now) == now
    True
    """
    if sub.channel != HOTLINE or sub.taken_at is None or sub.taken_at < now - CALL_AGE_MAX:
        return now
    return min(now, sub.taken_at)


def is_overdue(received_at: datetime, status: str, now: datetime) -> bool:
    """
    >>> t = datetime(2026, 12, 1, 8, 0)
    >>> is_overdue(t, OPEN, t + timedelta(hours=48)), is_overdue(t, OPEN, t + timedelta(hours=49))
    (False, True)
    >>> is_overdue(t, RESOLVED, t + timedelta(days=9))
    False
    """
    return status == OPEN and now > due_at(received_at)


def is_raised(escalated: bool, received_at: datetime, status: str, now: datetime) -> bool:
    """Raised to the province: the platform's flag, or the deadline passed before the
    platform has said so (it raises every overdue complaint when someone accountable next
    reads them; a laptop offline learns it only at its next pull).

    >>> t = datetime(2026, 12, 1, 8, 0)
    >>> is_raised(False, t, OPEN, t + timedelta(hours=49)), is_raised(True, t, OPEN, t)
    (True, True)
    >>> is_raised(True, t, RESOLVED, t + timedelta(days=9))
    False
    """
    return status == OPEN and (escalated or is_overdue(received_at, status, now))


# --- reading back: every reader raises ValueError on anything malformed -------------------

# A hotline entry's own id at its site, sent beside the submission: the platform files
# one complaint per (site, entry) however often the upload is repeated (an answer lost on a
# bad line made a second code for one call, and the copy nobody resolved went overdue).
ENTRY_KEY = "entry_id"
ENTRY_MAX = 64


def entry_of(data: dict[str, Any]) -> str | None:
    """The hotline entry id a site sent with a complaint, or None.

    >>> entry_of({"entry_id": "01J9"}), entry_of({}), entry_of({"entry_id": 7})
    ('01J9', None, None)
    """
    value = data.get(ENTRY_KEY)
    return value if isinstance(value, str) and 0 < len(value) <= ENTRY_MAX else None


def submission_from_json(data: dict[str, Any]) -> Submission:
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown complaint kind {kind!r}")
    channel = data.get("channel") or WEB
    if channel not in CHANNELS:
        raise ValueError(f"unknown complaint channel {channel!r}")
    number = data.get("dose_number")
    return Submission(
        kind=kind, id_number=str(data.get("id_number") or ""),
        full_name=str(data.get("full_name") or ""), dob=_read_day(data.get("dob")),
        phone=str(data.get("phone") or ""),
        dose_number=int(number) if number not in (None, "") else None,
        dose_date=_read_day(data.get("dose_date")), place=str(data.get("place") or ""),
        commune_code=data.get("commune_code") or None, text=str(data.get("text") or ""),
        channel=channel,
        taken_at=_read_moment(data["taken_at"]) if data.get("taken_at") else None,
        other_id_number=str(data.get("other_id_number") or "")[:32])


def resolution_from_json(data: dict[str, Any]) -> Resolution:
    action = data.get("action")
    if action not in OUTCOMES:
        raise ValueError(f"unknown resolution action {action!r}")
    return Resolution(
        action=action, note=str(data.get("note") or ""),
        resolved_by=str(data.get("resolved_by") or ""),
        resolved_at=_read_moment(data["resolved_at"]),
        person_id=data.get("person_id") or None,
        dose_ids=tuple(str(d) for d in data.get("dose_ids") or ()),
        merged_id=data.get("merged_id") or None)


def complaint_from_json(data: dict[str, Any]) -> Complaint:
    """
    >>> s = Submission(DOSE_MISSING, "001190000001", "Lê Văn A", date(1990, 1, 2))
    >>> c = Complaint("PA-0000000A", s, datetime(2026, 12, 1, 8), ROUTE_SITE, "HN-0001", "01",
    ...               "00070")
    >>> back = complaint_from_json(c.as_json())
    >>> back == c.__class__(**{**c.__dict__, "changed_at": c.received_at}), back.due_at
    (True, datetime.datetime(2026, 12, 3, 8, 0))
    """
    status = data.get("status")
    if status not in STATUSES:
        raise ValueError(f"unknown complaint status {status!r}")
    route = data.get("route")
    if route is not None and route not in ROUTES:  # None: not said (see POST above)
        raise ValueError(f"unknown complaint route {route!r}")
    code = str(data.get("code") or "")
    if not is_code(code):
        raise ValueError(f"not a complaint code: {code!r}")
    resolution = data.get("resolution")
    reply = data.get("province_reply")
    return Complaint(
        code=code, submission=submission_from_json(data["submission"]),
        received_at=_read_moment(data["received_at"]), route=route,
        site_code=data.get("site_code") or None, province_code=data.get("province_code") or None,
        commune_code=data.get("commune_code") or None, status=status,
        escalated=bool(data.get("escalated")),
        changed_at=_read_moment(data.get("changed_at") or data["received_at"]),
        resolution=resolution_from_json(resolution) if resolution else None,
        patient_ids=tuple(str(p) for p in data.get("patient_ids") or ()),
        province_reply=_reply_from_json(reply) if reply else None,
        moved_here=moved_here_from_json(data["moved_here"]) if data.get("moved_here")
        else None,
        reopened_at=_read_moment(data["reopened_at"]) if data.get("reopened_at") else None)


def _reply_from_json(data: dict[str, Any]) -> Resolution:
    reply = resolution_from_json(data)
    if reply.action != PROVINCE_REPLY:
        raise ValueError(f"not a province's reply: {reply.action!r}")
    return reply


def filed_status_from_json(data: dict[str, Any]) -> FiledStatus:
    """
    >>> st = FiledStatus("PA-0000000A", REJECTED, True, datetime(2026, 12, 2, 8), REJECT,
    ...                  "Hồ sơ đúng", datetime(2026, 12, 2, 7))
    >>> filed_status_from_json(st.as_json()) == st
    True
    """
    status, action = data.get("status"), data.get("action") or None
    if status not in STATUSES:
        raise ValueError(f"unknown complaint status {status!r}")
    if action is not None and action not in OUTCOMES:
        raise ValueError(f"unknown resolution action {action!r}")
    code = str(data.get("code") or "")
    if not is_code(code):
        raise ValueError(f"not a complaint code: {code!r}")
    return FiledStatus(code, status, bool(data.get("escalated")),
                       _read_moment(data["changed_at"]), action, str(data.get("note") or ""),
                       _read_moment(data["resolved_at"]) if data.get("resolved_at") else None)


def is_code(text: str) -> bool:
    """
    >>> is_code("PA-7K3M9Q2X"), is_code("PA-7K3M9Q2I"), is_code("7K3M9Q2X")
    (True, False, False)
    """
    body = text[len(CODE_PREFIX):]
    return (text.startswith(CODE_PREFIX) and len(body) == CODE_LENGTH
            and all(c in CODE_ALPHABET for c in body))


def normalise_code(typed: str) -> str:
    """A code as a citizen types it: any case, spaces, O for 0, I or L for 1.

    >>> normalise_code(" pa-7k3m 9q2x "), normalise_code("7K3M9Q2X"), normalise_code("pa-oil00000")
    ('PA-7K3M9Q2X', 'PA-7K3M9Q2X', 'PA-01100000')
    >>> normalise_code("pa 7k3m9q2x"), normalise_code("PA7K3M9Q2X")
    ('PA-7K3M9Q2X', 'PA-7K3M9Q2X')
    """
    body = "".join(typed.split()).upper()
    letters = CODE_PREFIX.rstrip("-")
    if body.startswith(CODE_PREFIX):
        body = body[len(CODE_PREFIX):]
    elif body.startswith(letters) and len(body) == len(letters) + CODE_LENGTH:  # no dash
        body = body[len(letters):]
    body = body.replace("O", "0").replace("I", "1").replace("L", "1")
    return CODE_PREFIX + body


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _read_day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _moment(value: datetime) -> str:
    return value.isoformat() + "Z"


def _read_moment(value: Any) -> datetime:
    return read_instant(value)
