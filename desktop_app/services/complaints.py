"""Citizens' complaints at the site (issue #16): the list with its 48-hour countdown, the
hotline entry, the record a complaint is about (``link_person``: chosen by a supervisor when
no ID number found it), and the four ways to resolve one.

Each resolution makes its change through the service that already makes it (the paper
backfill for a missing dose, the record correction, ``merges.merge_people``), then records
the resolution, audited, for the next sync to send (``db/complaint_store.py``): a
correction or a merge in the same transaction as its resolution (a merge left standing
with its complaint open could be neither made again nor undone from the complaint); a
dose added through the backfill's writer first (a true dose stays recorded even if
another supervisor closed the complaint meanwhile). Anyone who records may take a hotline
call; only a supervisor links a record, resolves, or hands back one that is not this
site's (``hand_back``). A call taken here that central routed
elsewhere (``forwarded``) is answered there: it leaves the 48-hour list, and this site only
follows its status and outcome by code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import complaint_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import Complaint, Dose, Person
from desktop_app.importers.rows import DUPLICATE
from desktop_app.rules.complaints import (
    CITIZEN_LANG,
    adding_a_dose_answers,
    check_hand_back,
    check_resolution,
    check_submission,
    someone_else,
)
from desktop_app.rules.dates import format_date, parse_date
from desktop_app.rules.field_values import field_names
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.rules.problems import Problem, warning
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, require
from desktop_app.services.complaint_since import changes_since, merge_since, since_note
from desktop_app.services.complaint_voids import voided_since
from desktop_app.services.merges import MergeOutcome, merge_people_in
from desktop_app.services.paper_backfill import (
    CONFIRM,
    CONFIRMED,
    PaperOutcome,
    record_paper_dose,
)
from desktop_app.services.records import CorrectionOutcome, correct_dose_in, correct_person_in
from desktop_app.services.search import PersonHit, search_people
from desktop_app.wire import complaints as wire

# What the shells need of the wire contract, through this service (they import no wire).
Submission = wire.Submission
KINDS, HOTLINE, MERGE = wire.KINDS, wire.HOTLINE, wire.MERGE
REASON_MAX, MAX_DOSE_NUMBER = wire.REASON_MAX, wire.MAX_DOSE_NUMBER

SOMEONE_ELSE = "COMPLAINT_FORM_SOMEONE_ELSE"  # the add-dose form's person is not the complainant


class HotlineRefused(UserError):
    """What the clerk typed is not a complaint yet: ``problems`` name each field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("COMPLAINT_NOT_TAKEN", count=len({p.field for p in problems}))
        self.problems = problems


@dataclass(frozen=True)
class ComplaintItem:
    ref: str  # the code, or the local id of a hotline entry central has not coded yet
    code: str | None
    kind: str
    channel: str
    received_at: datetime  # UTC
    status: str
    escalated: bool
    route: str | None
    submission: wire.Submission
    person_id: str | None  # the local record it is about
    person_name: str | None
    person_id_number: str | None
    action: str | None
    note: str | None
    merged_id: str | None  # the record a merge resolution folded
    send_state: str
    send_problem: str | None
    # Taken here by phone, routed by central to another site or the province: answered
    # there, its status and outcome followed here by code (``complaint_store.is_forwarded``).
    forwarded: bool = False
    # The province's reply in words, once the complaint was overdue: said to the citizen,
    # it resolves nothing here (``wire.PROVINCE_REPLY``; the site still adds or corrects).
    province_reply: wire.Resolution | None = None
    # Moved here by the province: from which site, why, when (``wire.MovedHere``).
    moved_here: wire.MovedHere | None = None
    # Central's resolution while the one made here was refused for it (409): what the
    # citizen reads, beside this site's (``complaint_store.keep_pulled``).
    central_resolution: wire.Resolution | None = None
    # Handed back to the province here (not this site's: ``hand_back``), waiting to be
    # sent or taken by central; and why central refused one (the complaint the site's again).
    handed_back: wire.HandBack | None = None
    hand_back_unsent: bool = False
    hand_back_problem: str | None = None
    # This site's answer withdrawn (the merge it named split again: ``complaint_reopen``),
    # whether central is yet to be told, and why central refused; its 48 hours start
    # again at ``reopened_at`` (None: never reopened, or central never had the answer).
    reopening: wire.Reopening | None = None
    reopen_unsent: bool = False
    reopen_problem: str | None = None
    reopened_at: datetime | None = None

    @property
    def counted_from(self) -> datetime:
        return wire.counted_from(self.received_at, self.reopened_at)

    @property
    def due_at(self) -> datetime:
        return wire.due_at(self.counted_from)

    def refused_by_central(self) -> bool:
        """A call taken here that central refused (no code: never sent, never counted
        down there, never raised to the province; the pane says to take a new complaint,
        and it may be closed here)."""
        return complaint_store.never_taken(self.code, self.send_state)

    def answer_unsent(self) -> bool:
        """Answered here, the answer not on the platform yet (offline): there the complaint
        is still open and its 48 hours run on, so the list says so and counts down."""
        return self.code is not None and self.send_state == "resolution_to_send"

    def is_open(self) -> bool:
        """Open and this site's to resolve (a forwarded call, or one handed back, is
        someone else's)."""
        return self.status == wire.OPEN and self.action is None and self._still_here()

    def overdue(self, now: datetime) -> bool:
        return self.action is None and self._still_here() and not self.refused_by_central() \
            and wire.is_overdue(self.counted_from, self.status, now)

    def raised(self, now: datetime) -> bool:
        """Shown as raised to the province while open: said by the platform, or overdue
        here before the platform has said so (``wire.is_raised``)."""
        return self.action is None and self._still_here() and not self.refused_by_central() \
            and wire.is_raised(self.escalated, self.counted_from, self.status, now)

    def _still_here(self) -> bool:  # complaint_store.answered_elsewhere, on the item
        return not self.forwarded and self.handed_back is None


def list_complaints(db: Database) -> list[ComplaintItem]:
    """Open complaints first, the overdue ones at the top and then by nearest deadline
    (one order: every deadline is 48 hours after receipt); the closed ones and the calls
    forwarded elsewhere after them, newest first. ``rules.countdown.time_left`` words the
    countdown."""
    with db.reading() as s:
        items = [_item(c, p) for c, p in complaint_store.listed(s)]
    still = sorted((i for i in items if i.is_open()), key=lambda i: i.due_at)
    done = sorted((i for i in items if not i.is_open()), key=lambda i: i.received_at,
                  reverse=True)
    return still + done


def complaint(db: Database, ref: str) -> ComplaintItem:
    with db.reading() as s:
        row = _found(s, ref)
        person = s.get(Person, row.person_id) if row.person_id else None
        return _item(row, person)


def take_hotline(db: Database, submission: wire.Submission, *, actor: Actor,
                 today: date | None = None, now: datetime | None = None,
                 old_id_number: str | None = None) -> ComplaintItem:
    """A citizen's complaint taken by phone; the next sync sends it to the central platform,
    which gives it its code and routes it. Raises HotlineRefused naming each field.
    ``old_id_number``: the CMND a scanned chip card names beside its CCCD, which finds the
    record made under it here."""
    require(actor, *RECORDERS)
    sub = wire.Submission(**{**submission.__dict__, "channel": wire.HOTLINE})
    problems = [p for p in check_submission(sub, today or local_today()) if p.is_error]
    if problems:
        raise HotlineRefused(problems)
    moment = now or utc_now()
    with db.transaction() as s:
        row = complaint_store.add_hotline(s, sub, now=moment, old_id_number=old_id_number)
        s.add(store.audit_entry("create", "complaint", row.local_id,
                                {"channel": wire.HOTLINE, "kind": sub.kind,
                                 "id_number": row.id_number}, moment, actor.user_id))
        person = s.get(Person, row.person_id) if row.person_id else None
        return _item(row, person)


# -- the record it is about ------------------------------------------------------------------
FIND_LIMIT = 20
FIND_SCAN = 500  # hits of a name read to keep those born on the day given


def find_records(db: Database, query: str, dob: date | None = None, *,
                 limit: int = FIND_LIMIT) -> list[PersonHit]:
    """The site's people a complaint may be about, found as the desk finds them (a name in
    any order, with or without accents; an ID number, the old CMND, a phone or its last
    digits: ``search.search_people``); with ``dob``, only those born that day, so that "Nguyễn
    Thị Hoa, 05/05/1990" is one line among a thousand namesakes."""
    if dob is None:
        return search_people(db, query, limit)
    return [h for h in search_people(db, query, FIND_SCAN) if h.dob == dob][:limit]


def link_person(db: Database, ref: str, person_id: str, *, actor: Actor,
                now: datetime | None = None) -> ComplaintItem:
    """Link an open complaint to the site's record it is about, chosen by a supervisor: the
    record's ID number was mistyped, a child was recorded without one, the citizen called
    with an old number. It is then corrected, merged or answered as any linked complaint,
    and the resolution names that record to central (``Resolution.person_id``). Chosen
    wrongly, it is linked again to the right record while still open (each choice is in
    the audit trail, with the record it replaced); once resolved, the link is the record
    the resolution changed, and that change is undone as changes are (a correction
    corrected again, a merge split)."""
    require(actor, *SUPERVISORS)
    moment = now or utc_now()
    with db.transaction() as s:
        row = _found(s, ref)
        _still_this_sites(row, ref)
        person = s.get(Person, person_id)
        if person is None or person.merged_into is not None:
            raise UserError("COMPLAINT_LINK_NO_RECORD", code=row.code or ref)
        if row.person_id != person_id:
            before = complaint_store.link(s, row, person_id)
            s.add(store.audit_entry("link", "complaint", row.local_id,
                                    {"code": row.code, "person_id": person_id,
                                     "full_name": person.full_name,
                                     "id_number": person.id_number, "before": before},
                                    moment, actor.user_id))
        return _item(row, person)


def hand_back(db: Database, ref: str, reason: str, *, actor: Actor,
              now: datetime | None = None) -> ComplaintItem:
    """Not this site's: the citizen was vaccinated elsewhere, the place was misheard on the
    phone. The complaint goes back to the province with the reason (required: it reads it
    to send the complaint on), at the next sync; rejecting it told the citizen "not
    accepted" about a dose that was given. From now it is not this site's to resolve, and
    its 48 hours run on from the filing wherever it goes. Only a complaint routed here and
    still open; a supervisor's, audited."""
    require(actor, *SUPERVISORS)
    said = wire.HandBack(reason.strip(), actor.name or actor.user_id or "", now or utc_now())
    for problem in check_hand_back(said):
        raise UserError(problem.code, **problem.params)
    with db.transaction() as s:
        row = _found(s, ref)
        if row.code is None:  # a call taken here, not on the platform yet: routed there
            raise UserError("COMPLAINT_HAND_BACK_NOT_SENT")
        _still_this_sites(row, ref)
        complaint_store.hand_back(s, row, said)
        s.add(store.audit_entry("complaint", "complaint", row.local_id,
                                {"code": row.code, "action": "hand_back",
                                 "note": said.reason}, said.at, actor.user_id))
        person = s.get(Person, row.person_id) if row.person_id else None
        return _item(row, person)


# -- the four resolutions --------------------------------------------------------------------
@dataclass(frozen=True)
class AddDoseOutcome:
    paper: PaperOutcome  # the backfill form's outcome: a rejection resolves nothing
    resolved: bool
    # The dose was recorded here already (another complaint's, a desk entry not yet sent):
    # the complaint is resolved naming it, never "not accepted".
    already: str | None = None


def resolve_add_dose(db: Database, ref: str, values: Mapping[str, Any], *, note: str,
                     actor: Actor, today: date | None = None,
                     lang: str = "vi") -> AddDoseOutcome:
    """Record the missing dose as the paper backfill form records one (``values``: the
    form's text, see ``paper_backfill.FIELDS``), then resolve the complaint naming it."""
    require(actor, *SUPERVISORS)
    item = _open(db, ref, note, wire.ADD_DOSE)
    if not adding_a_dose_answers(item.submission.kind):  # the screen's rule, kept here too
        raise UserError("COMPLAINT_DOSE_NOT_THE_ANSWER", code=item.code or ref,
                        kind=text(f"COMPLAINT_KIND_{item.submission.kind.upper()}", lang))
    whose = _someone_else(item, values)
    if whose is not None:
        return AddDoseOutcome(PaperOutcome(CONFIRM, (whose,)), False)
    out = record_paper_dose(db, dict(values), today, lang, actor=actor)
    # Only the very dose, recorded here on the complaint's record, answers it as added: a
    # dose of that number on another day is what the form refuses, said to the supervisor.
    if out.outcome == DUPLICATE and out.same_dose is not None and \
            out.same_dose[0] == item.person_id:
        _resolve(db, ref, wire.ADD_DOSE, note, actor, person_id=item.person_id,
                 dose_ids=(out.same_dose[1],))
        return AddDoseOutcome(out, True, already=out.same_dose[1])
    if not out.saved or out.person_id is None or out.dose_id is None:
        return AddDoseOutcome(out, False)
    _resolve(db, ref, wire.ADD_DOSE, note, actor, person_id=out.person_id,
             dose_ids=(out.dose_id,))
    return AddDoseOutcome(out, True)


def someone_elses(item: ComplaintItem, full_name: str, dob: date | None) -> Problem | None:
    """The warning that a form's person (``full_name``, ``dob``) reads as another than the
    complaint's (``rules.complaints.someone_else``), naming both; None when they agree."""
    sub = item.submission
    if not full_name.strip() or not someone_else(full_name, dob, sub):
        return None
    return warning(SOMEONE_ELSE, "full_name", complainant=sub.full_name,
                   born=format_date(sub.dob) if sub.dob else "—", name=full_name,
                   dob=format_date(dob) if dob else "—")


def _someone_else(item: ComplaintItem, values: Mapping[str, Any]) -> Problem | None:
    """Asked before a dose is recorded for a person other than the complainant: the form
    prefilled from the record the ID number alone found (a twin's number given by one
    digit) recorded nothing new, found the sister's dose "already there", and told the
    complainant her dose was added. Confirmed, it is saved as the paper form's warnings
    are (``paper_backfill.CONFIRMED``)."""
    if SOMEONE_ELSE in (values.get(CONFIRMED) or ()):
        return None
    return someone_elses(item, str(values.get("full_name") or ""),
                         parse_date(str(values.get("dob") or "")))


def resolve_correct(db: Database, ref: str, changes: Mapping[str, Any] | None = None, *,
                    note: str, actor: Actor, dose_id: str | None = None,
                    dose_changes: Mapping[str, Any] | None = None,
                    confirm_warnings: bool = False,
                    today: date | None = None) -> CorrectionOutcome:
    """Correct the linked person (``changes``) and/or one of their doses, as the Records
    area corrects them, then resolve. An outcome not saved resolves nothing, and nor does
    a correction that changes nothing (UserError COMPLAINT_NOTHING_CORRECTED), unless the
    record was corrected or a dose of it voided since the complaint came
    (``complaint_since``, ``complaint_voids``): it is answered as corrected, naming that."""
    require(actor, *SUPERVISORS)
    item = _open(db, ref, note, wire.CORRECT)
    if item.person_id is None:
        raise UserError("COMPLAINT_NO_PERSON", code=item.code or ref,
                        id_number=item.submission.id_number)
    outcome = CorrectionOutcome(True)
    with db.transaction() as s:  # both corrections and the resolution, or none
        if dose_id:
            _complainants_dose(s, ref, dose_id)
        if changes:
            outcome = correct_person_in(s, item.person_id, changes, actor=actor,
                                        confirm_warnings=confirm_warnings, today=today)
        if outcome.saved and dose_id and dose_changes:
            dosed = correct_dose_in(s, db.catalogue, dose_id, dose_changes, actor=actor,
                                    confirm_warnings=confirm_warnings, today=today)
            outcome = CorrectionOutcome(dosed.saved, outcome.problems + dosed.problems,
                                        {**outcome.changed, **dosed.changed})
        if not outcome.saved:
            s.rollback()
            return outcome
        if not outcome.changed:  # nothing edited: the citizen must not read "corrected"
            # ... unless the record was corrected, or a dose of it voided, since the
            # complaint came (another complaint's answer, Records): named as a correction
            # names its dose; "not accepted" told the citizen her fixed record was right.
            row = _found(s, ref)
            voided, since = voided_since(s, row), changes_since(s, row)
            if not (voided or since):
                s.rollback()
                raise UserError("COMPLAINT_NOTHING_CORRECTED")
            doses = (*(d.id for d in voided), *(c.dose_id for c in since if c.dose_id))
            _resolve_in(s, ref, wire.CORRECT,
                        note.strip() or since_note(voided, since, CITIZEN_LANG), actor,
                        person_id=item.person_id, dose_ids=tuple(dict.fromkeys(doses)))
            return outcome
        # The citizen's status page shows the note to anyone holding the code: it names
        # the fields corrected, never their values (a birth date, a phone number).
        note = note.strip() or text("COMPLAINT_NOTE_CORRECT", CITIZEN_LANG,
                                    changes=field_names(outcome.changed, CITIZEN_LANG))
        _resolve_in(s, ref, wire.CORRECT, note, actor, person_id=item.person_id,
                    dose_ids=(dose_id,) if dose_id and dose_changes else ())
    return outcome


def resolve_merge(db: Database, ref: str, keep_id: str, fold_id: str, *, actor: Actor,
                  note: str = "", confirm_differences: bool = False,
                  folded_number_wrong: bool = False) -> MergeOutcome:
    """Make two records of the complaint's person one (``merges.merge_people``). Merged
    since the complaint came (answering another complaint of the citizen's), the two are
    not merged again: the complaint is answered naming that merge (``complaint_since``)."""
    require(actor, *SUPERVISORS)
    _open(db, ref, note, wire.MERGE)
    with db.transaction() as s:  # the merge stands only with its resolution recorded
        _complainants_pair(s, ref, keep_id, fold_id)
        made = merge_since(s, _found(s, ref))
        if made is not None and (made.kept_id, made.folded_id) == (keep_id, fold_id):
            _resolve_in(s, ref, wire.MERGE, note, actor, person_id=keep_id,
                        dose_ids=made.dose_ids, merged_id=fold_id)
            return MergeOutcome(keep_id, fold_id, made.dose_ids)
        merged = merge_people_in(s, keep_id, fold_id, actor=actor,
                                 confirm_differences=confirm_differences,
                                 folded_number_wrong=folded_number_wrong)
        _resolve_in(s, ref, wire.MERGE, note, actor, person_id=keep_id,
                    dose_ids=merged.dose_ids, merged_id=fold_id)
    return merged


def resolve_reject(db: Database, ref: str, reason: str, *, actor: Actor) -> ComplaintItem:
    """Nothing to change: the reason (required) is what the citizen reads."""
    require(actor, *SUPERVISORS)
    reason = reason.strip()
    item = _open(db, ref, reason, wire.REJECT)
    _resolve(db, ref, wire.REJECT, reason, actor, person_id=item.person_id)
    return complaint(db, ref)


# -- inside ------------------------------------------------------------------------------------
def _open(db: Database, ref: str, note: str, action: str) -> ComplaintItem:
    """The complaint, checked to be still open and the note to be one central takes
    (``rules/complaints.check_resolution``), before anything is changed for it."""
    draft = wire.Resolution(action, note.strip(), "", utc_now())
    for problem in check_resolution(draft):
        raise UserError(problem.code, **problem.params)
    item = complaint(db, ref)
    if item.forwarded:
        raise UserError("COMPLAINT_FORWARDED", code=item.code or ref)
    if item.handed_back is not None:
        raise UserError("COMPLAINT_HANDED_BACK", code=item.code or ref)
    if not item.is_open():
        raise _already_closed(item.code or ref, item.status)
    return item


def _still_this_sites(row: Complaint, ref: str) -> None:
    """Refuse a complaint that is not this site's to act on (any more): a call forwarded
    elsewhere, one already resolved (by another supervisor meanwhile, say)."""
    if complaint_store.is_forwarded(row):
        raise UserError("COMPLAINT_FORWARDED", code=row.code or ref)
    if complaint_store.hand_back_of(row) is not None:
        raise UserError("COMPLAINT_HANDED_BACK", code=row.code or ref)
    if not (row.status == wire.OPEN and row.action is None):
        raise _already_closed(row.code or ref, row.status)


def _complainants_dose(s: Session, ref: str, dose_id: str) -> None:
    """Refuse a dose that is not on the complaint's record: the screen offers only its
    doses, but a service that changes records checks what it is handed itself."""
    row = _found(s, ref)
    dose = s.get(Dose, dose_id)
    if dose is None or row.person_id is None or dose.person_id != row.person_id:
        raise UserError("COMPLAINT_DOSE_NOT_THEIRS", code=row.code or ref)


def _complainants_pair(s: Session, ref: str, keep_id: str, fold_id: str) -> None:
    """Refuse a merge in which neither record is the complaint's (either may be kept: the
    merge screen can keep the other one)."""
    row = _found(s, ref)
    if row.person_id is None:
        raise UserError("COMPLAINT_NO_PERSON", code=row.code or ref, id_number=row.id_number)
    if row.person_id not in (keep_id, fold_id):
        person = s.get(Person, row.person_id)
        raise UserError("COMPLAINT_MERGE_NOT_THEIRS", code=row.code or ref,
                        name=person.full_name if person else row.person_id)


def _already_closed(code: str, status: str) -> UserError:
    """Answered already (here, by another supervisor, or on the platform): how it stands,
    in the words the Complaints list uses for its status."""
    return UserError("COMPLAINT_ALREADY_CLOSED", code=code,
                     status=Part(f"COMPLAINT_STATUS_{status.upper()}"))


def _resolve(db: Database, ref: str, action: str, note: str, actor: Actor, *,
             person_id: str | None, dose_ids: tuple[str, ...] = ()) -> None:
    with db.transaction() as s:
        _resolve_in(s, ref, action, note, actor, person_id=person_id, dose_ids=dose_ids)


def _resolve_in(s: Session, ref: str, action: str, note: str, actor: Actor, *,
                person_id: str | None, dose_ids: tuple[str, ...] = (),
                merged_id: str | None = None) -> None:
    """Record the resolution in the caller's transaction, with the change it names."""
    moment = utc_now()
    resolution = wire.Resolution(action=action, note=note.strip(),
                                 resolved_by=actor.name or actor.user_id or "",
                                 resolved_at=moment, person_id=person_id,
                                 dose_ids=tuple(dose_ids), merged_id=merged_id)
    row = _found(s, ref)
    _still_this_sites(row, ref)  # raced by another resolver, or by the sync
    complaint_store.set_resolution(s, row, resolution)
    if row.person_id is None and person_id is not None:
        row.person_id = person_id  # the dose added made the record it was about
    s.add(store.audit_entry("complaint", "complaint", row.local_id,
                            {"code": row.code, **resolution.as_json()}, moment,
                            actor.user_id))


def _found(s: Any, ref: str) -> Complaint:
    row = complaint_store.find(s, ref)
    if row is None:
        raise UserError("COMPLAINT_NOT_FOUND", complaint=ref)
    return row


def _item(c: Complaint, p: Person | None) -> ComplaintItem:
    return ComplaintItem(
        ref=c.code or c.local_id, code=c.code, kind=c.kind, channel=c.channel,
        received_at=c.received_at, status=c.status, escalated=c.escalated, route=c.route,
        submission=complaint_store.submission_of(c), person_id=c.person_id,
        person_name=p.full_name if p else None, person_id_number=p.id_number if p else None,
        action=c.action, note=c.note, merged_id=c.merged_id, send_state=c.send_state,
        send_problem=c.send_problem, forwarded=complaint_store.is_forwarded(c),
        province_reply=complaint_store.province_reply_of(c),
        moved_here=complaint_store.moved_here_of(c),
        central_resolution=complaint_store.central_resolution_of(c),
        handed_back=complaint_store.hand_back_of(c),
        hand_back_unsent=c.hand_back_state == complaint_store.HAND_BACK_TO_SEND,
        hand_back_problem=c.hand_back_problem, reopening=complaint_store.reopening_of(c),
        reopen_unsent=c.reopen_state == complaint_store.REOPEN_TO_SEND,
        reopen_problem=c.reopen_problem, reopened_at=c.reopened_at)
