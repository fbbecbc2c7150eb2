"""The writes of the cleaning worklist, through the caller's session (like ``store``).

Used by the cleaning services (a supervisor moves a case, a correction re-runs the rules) and
by the sync (the register's verdicts), so a status changes one way wherever it comes from:
with an audit entry saying who, from what, to what. Nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.db import store
from desktop_app.db.catalogue_sync import current_catalogue
from desktop_app.db.models import AuditEntry, CleaningCase, Dose, Person, SyncRecord
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.cleaning import (
    CLOSED,
    DOSE_AGE_OUTSIDE,
    OPEN,
    Status,
    joined_codes,
    problems_of,
    recomputed_codes,
    split_codes,
    status_after,
)
from desktop_app.rules.doses import doses_outside_ages
from desktop_app.rules.names import fold
from desktop_app.rules.person import PersonFacts
from desktop_app.rules.problems import Problem
from desktop_app.rules.text_fields import all_digits
from desktop_app.wire import fhir
from desktop_app.wire.register import MISMATCH, NOT_FOUND, PROBLEM_CODE, VERIFIED, Verdict

# The identity fields the register compares: changing one makes its verdict stale.
REGISTER_COMPARED = ("full_name", "dob", "sex", "id_type", "id_number")


UNMERGED = "unmerge"  # the ``why`` of a case an undone merge puts back


def move(s: Session, person_id: str, status: Status, *, now: datetime,
         user_id: str | None, note: str | None = None, why: str | None = None) -> bool:
    """Put a person's case in ``status`` (creating the case); False if it already was.
    ``why`` says what moved it when no person did (a correction, a register verdict).

    A case moved to *sent* by hand straight back from *to check* or *contacted*, where a
    hand move out of *sent* put it (a slip undone, the list still with the police), keeps
    that export's ``sent_at``: it is the mark the police's answer is matched by, and the
    answer would be refused as "an earlier list". Sent again any other way (after an answer,
    a return, a closing) it takes the move's time: that list's answer is not this one's, and
    its two days start now. A case an undone merge puts back in *sent* (``UNMERGED``) keeps
    its export's mark too: nobody sent the person again, and the police's answer to that
    list was refused as "sent again since"."""
    case = s.get(CleaningCase, person_id)
    old = case.status if case is not None else Status.TO_CHECK.value
    if case is None:
        case = CleaningCase(person_id=person_id, status=status.value, status_at=now,
                            status_by=user_id)
        s.add(case)
    elif old == status:
        return False
    if status is Status.SENT and not (case.sent_at and (
            why == UNMERGED or _slip_out_of_sent(s, person_id, old))):
        case.sent_at = now
    case.status, case.status_at, case.status_by = status.value, now, user_id
    details: dict[str, Any] = {"status": [old, status.value]}
    if note:
        details["note"] = note
    if why:
        details["why"] = why
    s.flush()
    s.add(store.audit_entry("cleaning", "person", person_id, details, now, user_id))
    return True


def _slip_out_of_sent(s: Session, person_id: str, status: str) -> bool:
    """Whether the case's last move took it from *sent* to ``status`` (to check or
    contacted) by a person's hand, not by an answer, a correction or a register verdict."""
    if status not in (Status.TO_CHECK, Status.CONTACTED):
        return False
    last = s.scalar(select(AuditEntry.details).where(
        AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
        AuditEntry.action == "cleaning").order_by(AuditEntry.id.desc()).limit(1))
    moved = json.loads(last or "{}")
    return moved.get("status") == [Status.SENT.value, status] and "why" not in moved


def move_many(s: Session, person_ids: list[str], status: Status, *, now: datetime,
              user_id: str | None, note: str | None = None) -> int:
    """``move`` for thousands at once (a list sent to the police): a few statements in
    all, not a few per person. Returns how many changed status."""
    current: dict[str, str] = {}
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start:start + _CHUNK]
        current.update(s.execute(select(CleaningCase.person_id, CleaningCase.status)
                                 .where(CleaningCase.person_id.in_(chunk))).all())
    sent_at = {"sent_at": now} if status is Status.SENT else {}
    fresh = [{"person_id": p, "status": status.value, "status_at": now, "status_by": user_id,
              **sent_at} for p in person_ids if p not in current]
    moved = [p for p in person_ids if p in current and current[p] != status.value]
    if fresh:
        s.execute(insert(CleaningCase), fresh)
    if moved:
        # One executemany over the table (Core): the ORM's bulk UPDATE refuses a parameter
        # list with a WHERE of its own ("bulk synchronize of persistent objects not
        # supported"), and every export holding an opened case failed so.
        table = CleaningCase.__table__
        s.execute(update(table).where(table.c.person_id == bindparam("pid"))
                  .values(status=status.value, status_at=now, status_by=user_id, **sent_at),
                  [{"pid": p} for p in moved])
    entries = []
    for person_id in [*(f["person_id"] for f in fresh), *moved]:
        details: dict[str, Any] = {"status": [current.get(person_id, Status.TO_CHECK.value),
                                              status.value]}
        if note:
            details["note"] = note
        entry = store.audit_entry("cleaning", "person", person_id, details, now, user_id)
        entries.append({c: getattr(entry, c) for c in _AUDIT_COLUMNS})
    if entries:  # one executemany; the chain trigger still hashes each row, in order
        s.execute(insert(AuditEntry), entries)
    return len(entries)


_AUDIT_COLUMNS = ("at", "user_id", "action", "entity", "entity_id", "details")


_CHUNK = 900  # ids per IN (...): under SQLite's variable limit


def register_code(case: CleaningCase | None) -> str | None:
    return PROBLEM_CODE.get(case.register_verdict or "") if case is not None else None


def problems(person: Person, case: CleaningCase | None) -> tuple[str, ...]:
    return problems_of(person.cleaning_reason, register_code(case))


def after_correction(s: Session, person: Person, changed: dict[str, Any], *, today: date,
                     now: datetime, user_id: str | None, why: str = "correction",
                     catalogue: Catalogue | None = None) -> tuple[str, ...]:
    """Re-run the rules on a corrected person: keep exactly the codes that still apply
    (a dose outside its vaccine's ages as ``_ages_outside`` says); a change to what the
    register compares makes its verdict stale (the platform checks the correction again
    when it arrives); the case moves as ``rules.cleaning.status_after`` says (a person left
    with no problem is *fixed*, and a *fixed* one the rules still, or again, find wrong is
    to check once more). Returns the problems left."""
    facts = PersonFacts(person.full_name, person.dob, person.sex, person.id_type,
                        person.id_number, person.no_id_reason, person.nationality, person.phone)
    had = person.cleaning_reason
    person.cleaning_reason = recomputed_codes(
        had, facts, today, corrected=changed.keys(),
        ages_outside=_ages_outside(s, person, changed, catalogue))
    case = s.get(CleaningCase, person.id)
    if case is not None and stale_verdict(case.register_verdict, changed):
        case.register_verdict = case.register_fields = None
    left = problems(person, case)
    if person.cleaning_reason != had:
        s.add(store.audit_entry("update", "person", person.id,
                                {"cleaning_reason": [had, person.cleaning_reason]},
                                now, user_id))
    # Only the rules' own codes reopen a fixed case: a register verdict the police
    # outranked stays settled (record_verdict reopens on a newer one).
    target = status_after(case.status if case is not None else None, had,
                          person.cleaning_reason, register_code(case))
    if target is not None:
        move(s, person.id, target, now=now, user_id=user_id, why=why)
    s.flush()
    return left


def _ages_outside(s: Session, person: Person, changed: dict[str, Any],
                  catalogue: Catalogue | None) -> bool | None:
    """Whether a dose of the person's was given outside its vaccine's ages, when that is
    to be said again: a corrected date of birth makes or unmakes it; otherwise a flag the
    doses no longer bear out goes (a check again after an earlier correction), and none is
    raised (a supervisor let a desk dose through outside its ages: asked and answered).
    None: as it was."""
    flagged = DOSE_AGE_OUTSIDE in split_codes(person.cleaning_reason)
    if person.dob is None or not ("dob" in changed or flagged):
        return None
    outside = bool(doses_outside_ages_of(s, person.id, person.dob, catalogue))
    return outside if "dob" in changed else (None if outside else False)


def doses_outside_ages_of(s: Session, person_id: str, dob: date,
                          catalogue: Catalogue | None = None) -> list[Problem]:
    """The person's active doses given outside their vaccine's ages, were they born on
    ``dob`` (``rules.doses.doses_outside_ages``)."""
    given = s.execute(select(Dose.product_code, Dose.dose_date)
                      .where(Dose.person_id == person_id, Dose.status == "active")).all()
    return doses_outside_ages(catalogue or current_catalogue(s), dob, given) if given else []


def settle_flag(s: Session, person: Person, code: str, *, today: date, now: datetime,
                user_id: str | None, why: str) -> bool:
    """Take ``code`` off a person's cleaning codes, answered (a card's correction, a
    merge): audited and sent again; the case then moves as the rules left (closed as fixed
    when nothing else is wrong). Returns whether the code was there."""
    codes = split_codes(person.cleaning_reason)
    if code not in codes:
        return False
    had = person.cleaning_reason
    person.cleaning_reason = joined_codes(c for c in codes if c != code)
    s.add(store.audit_entry("update", "person", person.id,
                            {"cleaning_reason": [had, person.cleaning_reason]}, now, user_id))
    store.queue_again(s, "person", person.id, now)
    after_correction(s, person, {}, today=today, now=now, user_id=user_id, why=why)
    return True


def stale_verdict(verdict: str | None, changed: Iterable[str]) -> bool:
    """Whether a correction of ``changed`` fields makes the register's verdict stale: one
    that is not *verified*, on a field the register compares."""
    return verdict is not None and verdict != VERIFIED and \
        not set(REGISTER_COMPARED).isdisjoint(changed)


# A person's case as a correction written in bulk finds it (``follow_up``).
CASE_SQL = "SELECT status, register_verdict FROM cleaning_case WHERE person_id = ?"


def follow_up(read: Callable[[str, list[Any]], tuple | None], person_id: str,
              had: str | None, now: str | None, changed: Iterable[str], why: str
              ) -> tuple | None:
    """What ``after_correction`` does to the case of a person corrected in bulk (a file's
    corrections and flags, held corrections applied), for ``bulk_sql`` to write with the
    correction: ``(status, verdict, status after, verdict stale, why)``, the first two as
    ``read`` (a DBAPI read: ``CASE_SQL``) finds them now. The writer changes the case only
    if it is still so: a move a person made in between stands. None: the case stays.
    ``had``, ``now``: the person's codes before and after; ``changed``: the fields."""
    status, verdict = read(CASE_SQL, [person_id]) or (None, None)
    stale = stale_verdict(verdict, changed)
    target = status_after(status, had, now, None if stale else PROBLEM_CODE.get(verdict or ""))
    if target is None and not stale:
        return None
    return (status, verdict, target.value if target is not None else None, stale, why)


def record_verdict(s: Session, verdict: Verdict, now: datetime) -> bool:
    """Keep the register's verdict on one of our people; False if not ours, not newer, on a
    record a merge folded away, or not on the person as the desk holds them.

    A *not found* or *mismatch* opens the case, and reopens a closed one when it is news:
    another verdict or other fields than the one kept (a correction of a compared field
    drops the kept one, ``after_correction``). The same mismatch sent again (the platform
    judges every new version, a phone number changed) leaves a case the police or the
    supervisor settled closed. A *verified* one closes a case the register was the only
    problem of."""
    person = s.get(Person, verdict.patient_id)
    if person is None or person.merged_into is not None or not _on_desk_copy(s, person, verdict):
        return False
    case = s.get(CleaningCase, person.id)
    if case is not None and case.register_checked_at is not None and \
            case.register_checked_at >= verdict.checked_at:
        return False
    if case is None:
        if verdict.verdict == VERIFIED:
            return True  # nothing to work on, and nothing to remember
        case = CleaningCase(person_id=person.id, status=Status.TO_CHECK.value, status_at=now)
        s.add(case)
    kept_fields = set(case.register_fields.split(",")) if case.register_fields else set()
    news = (case.register_verdict, kept_fields) != (verdict.verdict, set(verdict.fields))
    case.register_verdict = verdict.verdict
    case.register_fields = ",".join(verdict.fields) or None
    case.register_checked_at = verdict.checked_at
    case.register_version = verdict.version_id
    s.flush()
    why = f"register:{verdict.verdict}"
    if verdict.verdict in (NOT_FOUND, MISMATCH) and case.status in CLOSED and news:
        move(s, person.id, Status.TO_CHECK, now=now, user_id=None, why=why)
    elif verdict.verdict == VERIFIED and case.status in OPEN and not problems(person, case):
        move(s, person.id, Status.FIXED, now=now, user_id=None, why=why)
    return True


def _on_desk_copy(s: Session, person: Person, verdict: Verdict) -> bool:
    """Whether the verdict judged the identity the desk holds. The platform judges the
    version it has: one older than a version the desk had acknowledged was since replaced,
    and a correction not yet acknowledged it has not seen. Kept, such a verdict put the old
    mismatch back over the correction. Nothing is lost by waiting: the platform checks each
    new version it receives, and the push comes before the verdicts in a round."""
    sync = s.get(SyncRecord, ("person", person.id))
    if sync is None:
        return True  # not a record the sync keeps: nothing of ours can be newer
    if sync.server_version and all_digits(sync.server_version) and \
            verdict.version_id < int(sync.server_version):
        return False
    if sync.state == "conflict":
        return _judged_as_held(person, sync.server_body, verdict)
    # Which fields an unsent change touched is not kept (only its content's digest), so
    # any unsent change holds the verdict back.
    return sync.state == "synced" and sync.local_version == sync.synced_version


def _judged_as_held(person: Person, server_body: str | None, verdict: Verdict) -> bool:
    """In a conflict: the verdict is on the platform's copy; it stands for the desk's only
    if it is on that very version and the two agree on every field the register compares."""
    if not server_body:
        return False  # the platform's copy is not known: neither is what was judged
    server = json.loads(server_body)
    if str((server.get("meta") or {}).get("versionId")) != str(verdict.version_id):
        return False
    theirs = fhir.patient_fields(server)
    return all(fold(getattr(theirs, f) or "") == fold(getattr(person, f) or "")
               if f == "full_name" else getattr(theirs, f) == getattr(person, f)
               for f in REGISTER_COMPARED)


def raise_flag(s: Session, person: Person, code: str, kept: dict[str, Any] | None, *,
               news: bool, now: datetime, user_id: str | None, why: str) -> None:
    """Put ``code`` on the person's cleaning codes (audited, and the person sent again:
    the platform holds the flag too), with ``kept``: what the flag's audit entry records
    for the supervisor, None when nothing is new since the last. A new problem (``news``,
    or the code not held before) opens a settled case again (``why``: what raised it, a
    look-up or the platform); the same again changes nothing."""
    had = person.cleaning_reason
    codes = split_codes(had)
    flagged = code in codes
    if flagged and kept is None and not news:
        return
    details: dict[str, Any] = dict(kept or {})
    if not flagged:
        person.cleaning_reason = joined_codes([*codes, code])
        details = {"cleaning_reason": [had, person.cleaning_reason], **details}
        store.queue_again(s, "person", person.id, now)
    if details:
        s.add(store.audit_entry("update", "person", person.id, details, now, user_id))
    case = s.get(CleaningCase, person.id)
    if (news or not flagged) and case is not None and case.status in CLOSED:
        move(s, person.id, Status.TO_CHECK, now=now, user_id=user_id, why=why)


def close_folded(s: Session, folded_id: str, *, now: datetime, user_id: str | None) -> bool:
    """For the merge, once ``store.fold_person`` has folded a record: its open case, if
    any, is closed (fixed: the kept record is the one to work on). The worklist, its
    counts and the police list leave folded records out anyway; this keeps the case's own
    status and audit trail saying so. Returns whether a case was closed."""
    case = s.get(CleaningCase, folded_id)
    if case is None or case.status not in OPEN:
        return False
    return move(s, folded_id, Status.FIXED, now=now, user_id=user_id, why="merge")


def reopen_unfolded(s: Session, folded_id: str, merged_at: datetime, *, now: datetime,
                    user_id: str | None) -> bool:
    """For an undone merge: the case ``close_folded`` closed at ``merged_at`` goes back to
    the status it had then (read from that move's audit entry). A case moved since is a
    person's decision and stays. Returns whether the case moved."""
    case = s.get(CleaningCase, folded_id)
    if case is None or case.status != Status.FIXED or case.status_at != merged_at:
        return False
    for details in s.scalars(select(AuditEntry.details).where(
            AuditEntry.entity == "person", AuditEntry.entity_id == folded_id,
            AuditEntry.action == "cleaning", AuditEntry.at == merged_at)):
        moved = json.loads(details or "{}")
        if moved.get("why") == "merge":
            return move(s, folded_id, Status(moved["status"][0]), now=now, user_id=user_id,
                        why=UNMERGED)
    return False

