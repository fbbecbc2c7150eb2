"""Complaints between the site and the central platform (``wire/complaints.py``): the
site's hotline entries go up and get their codes, the site's hand-backs (not its own), its
answers withdrawn (a merge split: reopened there) and resolutions go up, complaints routed
here come down, and the calls taken here that went elsewhere are followed by their code.

Runs after the records' push and pull, so a failure here never holds back a dose. A server
with no complaints (any other FHIR server) answers 404: the site then has none and the
round goes on. The pull's cursor is inclusive, as for the register's verdicts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.db import complaint_store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.sync.answers import answer_json, answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import BadAnswer, ProtocolError, RateLimited
from desktop_app.sync.pages import pull_pages
from desktop_app.sync.push import issues_of
from desktop_app.wire import complaints as wire

log = logging.getLogger(__name__)
PAGE = 500
# Central's refusals of a resolution, kept beside the local one for a person to see:
# another resolution is already there, or the complaint was routed to someone else.
REFUSED = {409: "COMPLAINT_RESOLVED_ELSEWHERE", 403: "COMPLAINT_ROUTED_ELSEWHERE"}
UNKNOWN_CODE = "COMPLAINT_NOT_FOUND"  # the platform's word for a code it does not hold
UNKNOWN_THERE = "COMPLAINT_UNKNOWN_ON_CENTRAL"  # what the complaint then says here
# Central's refusal of one hotline entry (its rules found a fault the desk's did not: an
# entry taken by an older desk, a date across midnight): the entry says so, naming the field
# central named, is not sent again, and the entries, resolutions and pull behind it go on.
ENTRY_REFUSED = (400, 422)
REFUSED_FIELD = {name: f"COMPLAINT_REFUSED_{name.upper()}" for name in (
    "kind", "id_number", "full_name", "dob", "phone", "dose_number", "dose_date", "text")}
REFUSED_ENTRY = "COMPLAINT_REFUSED_ENTRY"  # no field named: a malformed body, say
# A "dose added" answer held while the platform refuses its dose (or the dose's person).
DOSE_NOT_THERE = "COMPLAINT_ANSWER_DOSE_REFUSED"
# Central's refusals of a hand-back, said on the complaint, which is the site's again.
HAND_BACK_REFUSED = {409: "COMPLAINT_HAND_BACK_CLOSED", 403: "COMPLAINT_HAND_BACK_MOVED",
                     400: "COMPLAINT_HAND_BACK_REFUSED", 422: "COMPLAINT_HAND_BACK_REFUSED"}
# Central's refusals of a reopening, said on the complaint (open here all the same).
REOPEN_REFUSED = {409: "COMPLAINT_REOPEN_REFUSED", 403: "COMPLAINT_REOPEN_MOVED",
                  400: "COMPLAINT_REOPEN_REFUSED", 422: "COMPLAINT_REOPEN_REFUSED"}


@dataclass
class ComplaintCounts:
    new: int = 0  # complaints routed here, new this round
    sent: int = 0  # hotline entries, hand-backs, reopenings, resolutions central accepted
    conflicts: int = 0  # resolutions, hand-backs or reopenings central refused
    refused: int = 0  # hotline entries central refused (400/422), each saying why
    followed: int = 0  # calls taken here, answered elsewhere: status or outcome changed


def sync_complaints(db: Database, client: SyncClient) -> ComplaintCounts:
    counts = ComplaintCounts()
    if not push_hotline(db, client, counts):
        return counts  # no complaints on this server: nothing more to ask it
    # Reopenings first: a hand-back or a new answer may follow the answer withdrawn, and
    # central refuses either while that answer stands.
    push_reopens(db, client, counts)
    push_hand_backs(db, client, counts)
    push_resolutions(db, client, counts)
    pull_complaints(db, client, counts)
    follow_forwarded(db, client, counts)
    return counts


def push_hotline(db: Database, client: SyncClient, counts: ComplaintCounts) -> bool:
    """Send the hotline's entries; False when the server has no complaints at all. An
    entry central refuses is marked so, with its reason, and the next one goes: one entry
    the platform will never take held back every complaint of the site, for good. One it
    holds back for now (429: a few about one ID number an hour) stays owed, and the next
    one goes."""
    with db.reading() as s:
        waiting = [(r.local_id, complaint_store.submission_of(
                        r, s.get(Person, r.person_id) if r.person_id else None))
                   for r in complaint_store.owed(s, "hotline_to_send")]
    for local_id, sub in waiting:
        try:
            answer = client.api_response("POST", wire.PATH,
                                         json=sub.as_json() | {wire.ENTRY_KEY: local_id})
        except RateLimited:  # a few about one ID number an hour: this one at a later sync
            log.info("central holds back hotline entry %s for now (HTTP 429)", local_id)
            continue
        if answer.status_code == 404:
            return False
        issues = _issues(answer) if answer.status_code in ENTRY_REFUSED else []
        if issues:  # the platform's own reasons; a proxy's 400 page refuses no entry
            # The codes and fields only: the texts quote what the citizen gave.
            log.warning("central refused hotline entry %s (HTTP %s): %s", local_id,
                        answer.status_code, [(i["code"], i["where"]) for i in issues])
            problem = next(filter(None, (REFUSED_FIELD.get(str(i["where"])) for i in issues)),
                           REFUSED_ENTRY)
            with db.transaction() as s:
                complaint_store.mark_sent(s, local_id, None, problem=problem)
            counts.refused += 1
            continue
        if answer.status_code not in (200, 201):
            raise ProtocolError(f"HTTP {answer.status_code} from POST {wire.PATH}")
        coded = _read(answer_json(answer))
        with db.transaction() as s:
            complaint_store.mark_coded(s, local_id, coded)
        counts.sent += 1
    return True


def push_hand_backs(db: Database, client: SyncClient, counts: ComplaintCounts) -> None:
    """Send the complaints handed back here as not this site's (``wire.HAND_BACK``). One
    central refuses (resolved meanwhile, moved already, unknown there) is said on the
    complaint, which is the site's again; a platform without hand-backs (404 naming no
    code: an older one) keeps them owed for a later round."""
    _push_owed(db, client, counts, complaint_store.hand_backs_owed,
               complaint_store.hand_back_of, wire.HAND_BACK, HAND_BACK_REFUSED,
               "COMPLAINT_HAND_BACK_UNKNOWN",
               lambda s, local_id, _said, answered, problem: complaint_store.mark_handed_back(
                   s, local_id, answered, problem=problem))


def push_reopens(db: Database, client: SyncClient, counts: ComplaintCounts) -> None:
    """Tell central of the answers withdrawn here (``wire.REOPEN``: the merge that answered
    a complaint split again), each once: a reopening central took, or took before (its
    answer lost: 200 again), is sent no more. One central refuses is said on the complaint;
    a platform without reopenings (404 naming no code: an older one) keeps them owed."""
    _push_owed(db, client, counts, complaint_store.reopens_owed,
               complaint_store.reopening_of, wire.REOPEN, REOPEN_REFUSED,
               "COMPLAINT_REOPEN_UNKNOWN",
               lambda s, local_id, said, answered, problem: complaint_store.mark_reopened(
                   s, local_id, said, answered, problem=problem))


def _push_owed(db: Database, client: SyncClient, counts: ComplaintCounts,
               owed: Callable[[Session], Iterable[Any]], said_of: Callable[[Any], Any],
               action: str, refused: Mapping[int, str], unknown: str,
               mark: Callable[[Session, str, Any, Any, str | None], None]) -> None:
    """Send each complaint's owed ``action`` (a hand-back, a reopening) once, and mark it
    with central's answer or its refusal (``refused`` by status, ``unknown`` for a code
    central does not know); a platform that takes no such action (404 naming no code)
    keeps them all owed."""
    with db.reading() as s:
        waiting = [(r.local_id, r.code, said_of(r)) for r in owed(s)]
    for local_id, code, said in waiting:
        if code is None or said is None:
            continue
        path = f"{wire.PATH}/{code}/{action}"
        answer = client.api_response("POST", path, json=said.as_json())
        # The platform's own reasons only: a proxy's error page refuses nothing.
        problem = refused.get(answer.status_code) if _issues(answer) else None
        if answer.status_code == 404:
            if not _names(answer, UNKNOWN_CODE):
                return  # this platform takes no such action: they wait
            problem = unknown
        if problem is None and answer.status_code != 200:
            raise ProtocolError(f"HTTP {answer.status_code} from POST {path}")
        with db.transaction() as s:
            mark(s, local_id, said, None if problem else _read(answer_json(answer)), problem)
        if problem:
            counts.conflicts += 1
        else:
            counts.sent += 1


def push_resolutions(db: Database, client: SyncClient, counts: ComplaintCounts) -> None:
    with db.reading() as s:
        waiting = [(r.local_id, r.code, complaint_store.resolution_of(r))
                   for r in complaint_store.owed(s, "resolution_to_send")]
    for local_id, code, resolution in waiting:
        if code is None or resolution is None:
            continue
        with db.transaction() as s:
            if _dose_not_there(s, local_id, resolution):
                continue
        path = f"{wire.PATH}/{code}/resolution"
        answer = client.api_response("POST", path, json=resolution.as_json())
        if answer.status_code in REFUSED:
            with db.transaction() as s:
                complaint_store.mark_sent(s, local_id, None,
                                          problem=REFUSED[answer.status_code])
            counts.conflicts += 1
            continue
        if answer.status_code == 404 and not _names(answer, UNKNOWN_CODE):
            return  # no complaints on this server
        if answer.status_code == 404:
            # This code is unknown there (a platform restored from an older copy): said on
            # the complaint, and the others still go.
            with db.transaction() as s:
                complaint_store.mark_sent(s, local_id, None, problem=UNKNOWN_THERE)
            counts.conflicts += 1
            continue
        if answer.status_code != 200:
            raise ProtocolError(f"HTTP {answer.status_code} from POST {path}")
        with db.transaction() as s:
            complaint_store.mark_sent(s, local_id, _read(answer_json(answer)))
        counts.sent += 1


def _dose_not_there(s: Session, local_id: str, resolution: wire.Resolution) -> bool:
    """Whether a "dose added" answer waits for its dose to reach the platform: sent first,
    the citizen read "added" about a dose the platform refused, or never got while its
    person was refused. The next round sends it once the platform acknowledged the dose;
    while a refusal (or a conflict) holds it, the complaint says so for the supervisor to
    settle it in the Sync area."""
    if resolution.action != wire.ADD_DOSE or not resolution.dose_ids:
        return False
    doses = s.execute(select(SyncRecord.record_id, Dose.person_id).join(
        Dose, Dose.id == SyncRecord.record_id).where(
        SyncRecord.entity == "dose", SyncRecord.record_id.in_(resolution.dose_ids),
        SyncRecord.synced_version == 0)).all()
    if not doses:
        return False
    stuck = s.scalar(select(SyncRecord.record_id).where(
        SyncRecord.state.in_(("rejected", "conflict")),
        or_(and_(SyncRecord.entity == "dose",
                 SyncRecord.record_id.in_([d.record_id for d in doses])),
            and_(SyncRecord.entity == "person",
                 SyncRecord.record_id.in_([d.person_id for d in doses])))).limit(1))
    complaint_store.mark_waiting(s, local_id, DOSE_NOT_THERE if stuck else None)
    return True


def pull_complaints(db: Database, client: SyncClient, counts: ComplaintCounts) -> None:
    """Keep the complaints routed here, page by page."""
    def keep(s: Session, pulled: list[wire.Complaint]) -> datetime | None:
        counts.new += sum(complaint_store.keep_pulled(s, c) for c in pulled)
        return max((c.changed_at or c.received_at for c in pulled), default=None)

    for _page in pull_pages(db, client, wire.PATH, cursor=settings.COMPLAINT_CURSOR, size=PAGE,
                            what="a page of complaints", key="complaints", read=_read,
                            keep=keep):
        pass


def follow_forwarded(db: Database, client: SyncClient, counts: ComplaintCounts) -> None:
    """Ask central how the calls taken here that went elsewhere stand (after the pull,
    which brings whole the ones that came back here): the status and outcome by code, as
    the citizen reads them. A platform without that list (404) leaves them as they are."""
    with db.reading() as s:
        codes = complaint_store.forwarded_open(s)
    for start in range(0, len(codes), wire.FILED_MAX):
        answer = client.api_response("GET", wire.FILED_PATH,
                                     params={"code": codes[start:start + wire.FILED_MAX]})
        if answer.status_code == 404:
            return
        if not answer.ok:
            raise ProtocolError(f"HTTP {answer.status_code} from {wire.FILED_PATH}")
        body = answer_json(answer)
        with answer_shape("the status of complaints filed here"):
            told = [wire.filed_status_from_json(t) for t in body.get("complaints") or ()]
        with db.transaction() as s:
            counts.followed += sum(complaint_store.keep_filed(s, t) for t in told)


def _names(answer: Any, code: str) -> bool:
    """Whether the server's OperationOutcome gives ``code`` as its reason."""
    return code in {i["code"] for i in _issues(answer)}


def _issues(answer: Any) -> list[dict[str, Any]]:
    """The issues of central's OperationOutcome (code, texts, ``where``: the field); none
    when the answer is not one."""
    try:
        with answer_shape("an OperationOutcome"):
            return issues_of(answer_json(answer))
    except BadAnswer:
        return []


def _read(data: object) -> wire.Complaint:
    with answer_shape("a complaint"):
        return wire.complaint_from_json(data)  # type: ignore[arg-type]
