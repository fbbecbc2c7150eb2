"""The SQL of complaints at the site: keeping what central sends, the hotline's entries,
the resolutions, and what the next sync owes central (``send_state``).

``send_state``: ``hotline_to_send`` (taken here by phone, no code yet), ``resolution_to_send``
(resolved here, central not told yet), ``sent``, ``conflict`` (central had resolved it
differently: the local resolution is kept for a person to look at; or, with no code, central
refused the hotline entry itself), ``none`` (nothing owed). ``send_problem`` says which;
beside ``resolution_to_send``, why the answer waits (the dose it names refused there).
Beside it, two things the site may owe central on a complaint it holds: a hand-back
(``hand_back_state``) and the withdrawal of its own answer (``reopen_state``, when the merge
that answered it is split). Callers own the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.db.ids import new_id
from desktop_app.db.models import Complaint, Person
from desktop_app.rules.complaints import DEADLINE_HOURS
from desktop_app.rules.identity import clean_id_number
from desktop_app.wire import complaints as wire

OWED = ("hotline_to_send", "resolution_to_send")


def find(s: Session, ref: str) -> Complaint | None:
    """A complaint by its code (as a citizen reads it out) or, before it has one, its
    local id."""
    code = wire.normalise_code(ref) if ref else ref
    return s.scalar(select(Complaint).where(or_(Complaint.code == code,
                                                Complaint.local_id == ref)))


def person_by_id_number(s: Session, id_number: str,
                        candidates: Sequence[str] = ()) -> str | None:
    """The local person a complaint is about: a record central matched, if it is ours,
    else the ID number, the record's own or the old CMND it keeps beside its CCCD (a
    citizen calling with the number on their old card); never a record folded into another
    by a merge. Without ``candidates``, who holds an ID number here (a paper form's, a
    citizen brought from the platform)."""
    live = Person.merged_into.is_(None)
    for pid in candidates:
        if s.scalar(select(Person.id).where(Person.id == pid, live)):
            return pid
    number = clean_id_number(id_number)
    if not number:
        return None
    # The record's own number first; the old number's index is partial (its condition
    # spelled out, or SQLite would not read it).
    return s.scalar(select(Person.id).where(Person.id_number == number, live)
                    .order_by(Person.created_at).limit(1)) or \
        s.scalar(select(Person.id).where(Person.old_id_number.is_not(None),
                                         Person.old_id_number == number, live)
                 .order_by(Person.created_at).limit(1))


def is_forwarded(row: Complaint) -> bool:
    """A hotline entry central coded and routed elsewhere: this site took the call, another
    site (or the province) answers it. The pull brings whole every complaint routed here,
    with its site, so a coded one without a site is one the pull never brought (the
    answer to a filing says nothing of where it went, ``mark_coded``), or one that left
    this site (handed back, or moved by the province: the pull brings it
    ``wire.departed``). Until the first pull after the coding (a round cut between the
    two), one routed back here reads so too."""
    return row.code is not None and row.site_code is None


def never_taken(code: str | None, send_state: str) -> bool:
    """A call taken here that central refused (no code: never on the platform, never
    counted down there nor raised to the province; the site may close it here)."""
    return code is None and send_state == "conflict"


def answered_elsewhere(row: Complaint) -> bool:
    """Not this site's to answer: a call routed to another site or the province
    (``is_forwarded``), or one handed back to the province (``hand_back_of``). Its 48
    hours are counted where it went; the Complaints area and the reports leave it out."""
    return is_forwarded(row) or hand_back_of(row) is not None


def let_go_late(row: Complaint) -> datetime | None:
    """When a complaint was handed back after its 48 hours had run out here: the site sat
    on it, and the dashboard counts it late in the site's own row (``answered_elsewhere``
    leaves it out of the reports otherwise). None: not handed back, or in time."""
    back = hand_back_of(row)
    if back is None or back.at <= counted_from(row) + timedelta(hours=DEADLINE_HOURS):
        return None
    return back.at


def counted_from(row: Complaint) -> datetime:
    """When the complaint's 48 hours start: its receipt, or its latest reopening."""
    return wire.counted_from(row.received_at, row.reopened_at)


def answered_at(row: Complaint, now: datetime) -> datetime | None:
    """When the complaint was answered, as the platform counts its 48 hours: the later of
    the answer's own time and the platform's taking it (``answer_reached_at``). An answer
    still waiting to be sent reaches it no sooner than ``now``: closed, and late once its
    deadline passed unsent (the platform holds it open meanwhile). None: no answer. A
    complaint answered on the platform (the pull) has its own time."""
    if row.resolved_at is None:
        return None
    reached = now if row.send_state in OWED else row.answer_reached_at
    return max(row.resolved_at, reached or row.resolved_at)


def people_by_citizen_numbers(s: Session, numbers: Sequence[str]) -> list[Person]:
    """The live people here whose ID number or old number (the old CMND beside a CCCD) is
    one of ``numbers``, oldest first: who a citizen brought from the platform may already
    be, under either of their numbers."""
    wanted = [n for n in dict.fromkeys(clean_id_number(n) for n in numbers) if n]
    if not wanted:
        return []
    # Two indexed lookups (the old number's index is partial: its condition spelled out).
    return list(s.scalars(select(Person).where(
        Person.merged_into.is_(None),
        or_(Person.id_number.in_(wanted),
            and_(Person.old_id_number.is_not(None), Person.old_id_number.in_(wanted))))
        .order_by(Person.created_at, Person.id)))


def add_hotline(s: Session, sub: wire.Submission, *, now: datetime,
                old_id_number: str | None = None) -> Complaint:
    """A call taken here; linked to the record of its ID number, else of the old CMND the
    citizen's chip card names beside it (a record made under the CMND in 2021)."""
    person = person_by_id_number(s, sub.id_number) or \
        (person_by_id_number(s, old_id_number) if old_id_number else None)
    row = Complaint(local_id=new_id(), code=None, received_at=now, route=None,
                    site_code=None, status=wire.OPEN, escalated=False, changed_at=now,
                    person_id=person,
                    send_state="hotline_to_send", **_submission_columns(sub))
    s.add(row)
    s.flush()
    return row


def keep_pulled(s: Session, c: wire.Complaint) -> bool:
    """Keep a complaint as central sent it; True when it is new here. A resolution made here
    and not yet accepted by central is not overwritten by central's older view."""
    row = s.scalar(select(Complaint).where(Complaint.code == c.code))
    new = row is None
    if row is None:
        row = Complaint(local_id=new_id(), code=c.code, status=c.status, send_state="none")
        s.add(row)
    elif row.changed_at is not None and c.changed_at is not None and \
            c.changed_at < row.changed_at and row.send_state in ("none", "sent"):
        return False  # an older copy than the one kept (the inclusive cursor's repeat)
    for key, value in _submission_columns(c.submission).items():
        setattr(row, key, value)
    row.received_at, row.route, row.site_code = c.received_at, c.route, c.site_code
    row.escalated = c.escalated
    if c.site_code is not None and row.hand_back_state == HAND_BACK_SENT:
        row.hand_back_state = None  # handed back, and the province sent it here again
    row.changed_at = c.changed_at or c.received_at
    with s.no_autoflush:
        if not _still_linked(s, row):  # a record a supervisor chose stays chosen
            row.person_id = person_by_id_number(s, c.submission.id_number, c.patient_ids)
    keep_province_reply(row, c)
    row.moved_here = json.dumps(c.moved_here.as_json(), ensure_ascii=False) \
        if c.moved_here else None
    # Refused here for central's own (409): kept beside the site's, what the citizen reads.
    theirs = c.resolution if row.send_state == "conflict" else None
    row.central_resolution = json.dumps(theirs.as_json(), ensure_ascii=False) \
        if theirs else None
    # An answer made here, or withdrawn here, not yet taken by central: central's older
    # view (the answer still standing there) must not undo it.
    if row.send_state not in ("resolution_to_send", "conflict") and \
            row.reopen_state != REOPEN_TO_SEND:
        row.status = c.status
        set_resolution(s, row, c.resolution, owed=False)
        row.reopened_at = c.reopened_at
    elif row.reopen_state == REOPEN_TO_SEND:
        row.escalated = False  # as central will have it once told
    s.flush()
    return new


def set_resolution(s: Session, row: Complaint, r: wire.Resolution | None, *,
                   owed: bool = True) -> None:
    """Store a resolution; ``owed``: made here, so the next sync sends it."""
    row.action = r.action if r else None
    row.note = r.note if r else None
    row.resolved_by = r.resolved_by if r else None
    row.resolved_at = r.resolved_at if r else None
    row.resolution_person_id = r.person_id if r else None
    row.dose_ids = json.dumps(list(r.dose_ids)) if r else None
    row.merged_id = r.merged_id if r else None
    if r is not None and owed:
        row.status = wire.REJECTED if r.action == wire.REJECT else wire.RESOLVED
        if row.code is None and row.send_state == "conflict":
            return  # a hotline entry central refused: nothing to send, its refusal still said
        row.send_problem = None
        # A hotline entry resolved before central gave it a code goes up first, then this.
        if row.send_state != "hotline_to_send":
            row.send_state = "resolution_to_send"


def keep_province_reply(row: Complaint, c: wire.Complaint) -> None:
    """The province's reply central holds, kept whatever this site did meanwhile: words
    said to the citizen, never a resolution. The complaint stays as open here as it was,
    the site's to add the dose or correct the record (``wire.PROVINCE_REPLY``)."""
    reply = c.province_reply
    row.province_reply = json.dumps(reply.as_json(), ensure_ascii=False) if reply else None


def province_reply_of(row: Complaint) -> wire.Resolution | None:
    if not row.province_reply:
        return None
    return wire.resolution_from_json(json.loads(row.province_reply))


def moved_here_of(row: Complaint) -> wire.MovedHere | None:
    return wire.moved_here_from_json(json.loads(row.moved_here)) if row.moved_here else None


def central_resolution_of(row: Complaint) -> wire.Resolution | None:
    if not row.central_resolution:
        return None
    return wire.resolution_from_json(json.loads(row.central_resolution))


def submission_of(row: Complaint, person: Person | None = None) -> wire.Submission:
    """The complaint as sent; ``person``: the site's record it is linked to, whose other
    number (the record made under the old CMND, or the CMND it keeps) goes with it, so the
    platform finds this site's doses under it (routed by the CCCD alone, a call about a
    dose recorded here under the CMND went to the province, and this site could not act)."""
    numbers = [n for n in ((person.id_number, person.old_id_number) if person else ())
               if n and n != row.id_number]
    return wire.Submission(
        kind=row.kind, id_number=row.id_number, full_name=row.full_name, dob=row.dob,
        phone=row.phone, dose_number=row.dose_number, dose_date=row.dose_date,
        place=row.place, commune_code=row.commune_code, text=row.text, channel=row.channel,
        taken_at=row.received_at,  # a hotline entry's: the call's time on this laptop
        other_id_number=numbers[0] if numbers else "")


def resolution_of(row: Complaint) -> wire.Resolution | None:
    if row.action is None or row.resolved_at is None:
        return None
    return wire.Resolution(
        action=row.action, note=row.note or "", resolved_by=row.resolved_by or "",
        resolved_at=row.resolved_at, person_id=row.resolution_person_id,
        dose_ids=tuple(json.loads(row.dose_ids or "[]")), merged_id=row.merged_id)


def owed(s: Session, state: str) -> list[Complaint]:
    return list(s.scalars(select(Complaint).where(Complaint.send_state == state)
                          .order_by(Complaint.received_at)))


def mark_coded(s: Session, local_id: str, c: wire.Complaint) -> None:
    """Central took a hotline entry: its code, route and times are central's from now on
    (the site None: central does not tell a filing site where it went, even when it came
    back here, and gives the route that tells nothing, "province"; one routed here comes
    down whole at the pull, ``keep_pulled``)."""
    row = s.get(Complaint, local_id)
    assert row is not None
    row.code, row.route, row.site_code = c.code, c.route, c.site_code
    row.received_at, row.escalated = c.received_at, c.escalated
    row.changed_at = c.changed_at or c.received_at
    row.send_state = "resolution_to_send" if row.action else "sent"


HAND_BACK_TO_SEND, HAND_BACK_SENT, HAND_BACK_REFUSED = "to_send", "sent", "refused"


def hand_back(s: Session, row: Complaint, said: wire.HandBack) -> None:
    """The site's word that ``row`` is not its own, for the next sync to send
    (``wire.HAND_BACK``); the complaint is this site's no more from now."""
    row.hand_back = json.dumps(said.as_json(), ensure_ascii=False)
    row.hand_back_state, row.hand_back_problem = HAND_BACK_TO_SEND, None


def hand_back_of(row: Complaint) -> wire.HandBack | None:
    """The hand-back standing (waiting to be sent, or taken by central); None when there is
    none, or central refused it (the complaint is the site's again: the problem says why)."""
    if not row.hand_back or row.hand_back_state not in (HAND_BACK_TO_SEND, HAND_BACK_SENT):
        return None
    return wire.hand_back_from_json(json.loads(row.hand_back))


def hand_backs_owed(s: Session) -> list[Complaint]:
    return list(s.scalars(select(Complaint).where(
        Complaint.hand_back_state == HAND_BACK_TO_SEND).order_by(Complaint.received_at)))


def mark_handed_back(s: Session, local_id: str, c: wire.Complaint | None, *,
                     problem: str | None = None) -> None:
    """Central took the hand-back (``c``: the complaint as this site reads it now, no
    site: passed on, its later changes in the pull), or refused it (``problem``: the
    message code; the complaint stays the site's, as central holds it)."""
    row = s.get(Complaint, local_id)
    assert row is not None
    row.hand_back_state = HAND_BACK_REFUSED if problem else HAND_BACK_SENT
    row.hand_back_problem = problem
    if c is not None and problem is None:
        row.route, row.site_code, row.escalated = c.route, c.site_code, c.escalated
        row.changed_at = c.changed_at or row.changed_at
        if c.site_code is not None:  # taken before, and the province sent it back here
            row.hand_back_state = None


def mark_waiting(s: Session, local_id: str, problem: str | None) -> None:
    """The resolution stays owed (its dose not on the platform yet); ``problem``: why it
    cannot go until a person acts (the message code), None while it only waits its turn."""
    row = s.get(Complaint, local_id)
    assert row is not None
    row.send_problem = problem


def mark_sent(s: Session, local_id: str, c: wire.Complaint | None, *,
              problem: str | None = None) -> None:
    """The resolution reached central (``problem`` None), or central kept another, or
    refused a hotline entry outright (``problem``: the message code; what was made here
    stays for a person to see, and is not sent again)."""
    row = s.get(Complaint, local_id)
    assert row is not None
    row.send_state = "conflict" if problem else "sent"
    row.send_problem = problem
    if c is not None and problem is None:
        row.changed_at = c.changed_at or row.changed_at
        if row.action is not None:  # the answer's time there: the 48 hours end then
            row.answer_reached_at = c.changed_at
        elif (said := reopening_of(row)) is not None and row.reopen_state is None \
                and c.resolution is not None:
            # Withdrawn here (its merge split) while it was on its way: central holds it
            # now, so it is told to reopen the complaint after all.
            _owe_reopening(row, said)


REOPEN_TO_SEND, REOPEN_SENT, REOPEN_REFUSED = "to_send", "sent", "refused"


def answered_by_merge(s: Session, kept_id: str, folded_id: str) -> list[Complaint]:
    """The complaints this site answered by merging ``folded_id`` into ``kept_id``, still
    so answered here: the ones that merge's undoing reopens."""
    return list(s.scalars(select(Complaint).where(
        Complaint.action == wire.MERGE, Complaint.resolution_person_id == kept_id,
        Complaint.merged_id == folded_id).order_by(Complaint.received_at)))


def reopen(s: Session, row: Complaint, said: wire.Reopening) -> None:
    """Withdraw this site's answer ``said.withdrawn`` (the merge it named was split): the
    complaint is the site's to answer again from now. Central, which may hold the answer,
    is told at the next sync (``to_send``), the 48 hours starting again at ``said.at``. An
    answer not sent yet is only taken back (central never had it; were it on its way,
    its acknowledgement owes the reopening then: ``mark_sent``); one central refused
    (conflict) never reached the citizen either, who reads central's own, shown again."""
    theirs = central_resolution_of(row) if row.send_state == "conflict" else None
    row.reopen = json.dumps(said.as_json(), ensure_ascii=False)
    row.reopen_state, row.reopen_problem = None, None
    set_resolution(s, row, None, owed=False)
    row.status, row.answer_reached_at = wire.OPEN, None
    if row.code is not None and row.send_state in ("sent", "none"):
        _owe_reopening(row, said)
    elif row.code is not None and row.send_state in ("resolution_to_send", "conflict"):
        row.send_state, row.send_problem, row.central_resolution = "none", None, None
        if theirs is not None:
            set_resolution(s, row, theirs, owed=False)
            row.status = wire.REJECTED if theirs.action == wire.REJECT else wire.RESOLVED


def _owe_reopening(row: Complaint, said: wire.Reopening) -> None:
    """Central holds the answer withdrawn: the next sync reopens it there; its 48 hours
    start again, not raised (as central will have it)."""
    row.reopen_state, row.reopened_at, row.escalated = REOPEN_TO_SEND, said.at, False


def reopening_of(row: Complaint) -> wire.Reopening | None:
    """The latest withdrawal of this site's answer, whatever became of it."""
    return wire.reopening_from_json(json.loads(row.reopen)) if row.reopen else None


def reopens_owed(s: Session) -> list[Complaint]:
    return list(s.scalars(select(Complaint).where(
        Complaint.reopen_state == REOPEN_TO_SEND).order_by(Complaint.received_at)))


def mark_reopened(s: Session, local_id: str, said: wire.Reopening, c: wire.Complaint | None,
                  *, problem: str | None = None) -> None:
    """Central reopened the complaint on ``said`` (``c``: as the site reads it now; its
    reopening's moment is the 48 hours' start from now on), or refused to (``problem``:
    the message code; the complaint stays open here, and the pull brings what central
    holds). A newer withdrawal made meanwhile stays owed."""
    row = s.get(Complaint, local_id)
    assert row is not None
    if reopening_of(row) != said:
        return
    row.reopen_state = REOPEN_REFUSED if problem else REOPEN_SENT
    row.reopen_problem = problem
    if c is not None and problem is None:
        row.changed_at = c.changed_at or row.changed_at
        row.reopened_at = c.reopened_at or row.reopened_at
        row.escalated = c.escalated


def relink(s: Session, old_person: str, new_person: str,
           only: list[str] | None = None) -> list[str]:
    """After a merge, complaints about the folded record are about the kept one (after
    its undoing, ``only`` those the merge moved go back). Returns their local ids."""
    which = [Complaint.person_id == old_person]
    if only is not None:
        which.append(Complaint.local_id.in_(only))
    moved = list(s.scalars(select(Complaint.local_id).where(*which)))
    if moved:
        s.execute(update(Complaint).where(Complaint.local_id.in_(moved))
                  .values(person_id=new_person))
    return moved


def link(s: Session, row: Complaint, person_id: str) -> str | None:
    """The complaint is about ``person_id`` (a supervisor chose the record: its ID number
    was mistyped, a child recorded without one); the next pulls keep the choice. Returns
    the record it was linked to before."""
    before, row.person_id = row.person_id, person_id
    return before


def forwarded_open(s: Session) -> list[str]:
    """The codes of the entries forwarded elsewhere that are still open as far as this
    site knows and made nothing here to compare (``is_forwarded``): the ones whose status
    and outcome the sync asks central for."""
    return list(s.scalars(select(Complaint.code).where(
        Complaint.code.is_not(None), Complaint.site_code.is_(None),
        Complaint.status == wire.OPEN, Complaint.action.is_(None),
        Complaint.send_state == "sent").order_by(Complaint.received_at)))


def keep_filed(s: Session, st: wire.FiledStatus) -> bool:
    """Keep what central says of an entry this site filed that went elsewhere: its status
    and the outcome the citizen reads by its code (never who or where). True when kept."""
    row = s.scalar(select(Complaint).where(Complaint.code == st.code))
    if row is None or not is_forwarded(row) or row.send_state != "sent":
        return False  # routed here after all (the pull has it), or something made here
    if row.changed_at is not None and st.changed_at < row.changed_at:
        return False
    row.status, row.escalated, row.changed_at = st.status, st.escalated, st.changed_at
    set_resolution(s, row, wire.Resolution(st.action, st.note, "", st.resolved_at)
                   if st.action and st.resolved_at else None, owed=False)
    return True


def listed(s: Session) -> list[tuple[Complaint, Person | None]]:
    return [(c, p) for c, p in s.execute(
        select(Complaint, Person).outerjoin(Person, Person.id == Complaint.person_id))]


def _still_linked(s: Session, row: Complaint) -> bool:
    """Whether the complaint's record is still a live one here: once linked (by the ID
    number, central's match, a supervisor's choice, the dose added for it), it stays."""
    return row.person_id is not None and s.scalar(
        select(Person.id).where(Person.id == row.person_id,
                                Person.merged_into.is_(None))) is not None


def _submission_columns(sub: wire.Submission) -> dict:
    return {"kind": sub.kind, "id_number": clean_id_number(sub.id_number),
            "full_name": sub.full_name, "dob": sub.dob, "phone": sub.phone,
            "dose_number": sub.dose_number, "dose_date": sub.dose_date, "place": sub.place,
            "commune_code": sub.commune_code, "text": sub.text, "channel": sub.channel}
