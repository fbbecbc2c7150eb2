"""The police's answers applied, and the notes they leave on the cases.

Applying corrects people through the same rules and the same audited write as the record
window (``records.correct_person``), so a verified correction is queued for the sync like any
other; it never creates a person or a dose. A row that names no person of this database, or
that the rules still refuse, is reported and changes nothing. Every case the file moves
keeps what the police said of it (the file and row, their answer, their notes), and the
file applied is audited once with what it did.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.importers.police_file import NOT_FOUND, WRONG
from desktop_app.rules.cleaning import CLOSED, Status
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import row_list
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.police_checks import refused_by_rules, said, sentences, unusable
from desktop_app.services.police_returned import NOTE_ONLY, Returned, RowResult, values_said
from desktop_app.services.records import correct_person_in


@dataclass(frozen=True)
class ApplyOutcome:
    fixed: int
    cannot_verify: int
    corrected: int
    refused: list[tuple[int, str]]  # (row, why), in the language asked
    still_open: int = 0  # verified, but the rules still find something: back on the list
    skipped: list[tuple[int, str]] = field(default_factory=list)  # not read as usable
    missing: list[tuple[str, str]] = field(default_factory=list)  # sent, not in the file
    # Rows the police have not answered yet: nothing to do but wait (they stay sent). Not
    # "not applied": a first answer of 10 rows in 348 read as 338 refusals, in red.
    waiting: list[int] = field(default_factory=list)

    @property
    def not_applied(self) -> list[tuple[int, str]]:
        """Every row of the file that changed nothing, in the file's order: refused when
        applied, and skipped when it was read (another person's, an earlier list's…)."""
        return sorted([*self.refused, *self.skipped])

    def summary(self, lang: str) -> str:
        words = text("POLICE_APPLIED_COUNTS", lang, corrected=self.corrected, fixed=self.fixed,
                     cannot_verify=self.cannot_verify, still_open=self.still_open,
                     refused=len(self.not_applied))
        if self.waiting:
            words += " " + text("POLICE_ROWS_NO_RESULT", lang, count=len(self.waiting),
                                rows=row_list(self.waiting, lang))
        if self.missing:
            words += " " + text("POLICE_MISSING", lang, count=len(self.missing))
        return words


def apply_returned(db: Database, returned: Returned, *, actor: Actor,
                   today: date | None = None, now: datetime | None = None,
                   lang: str = "vi") -> ApplyOutcome:
    """Apply the police's results: *khớp* and a correction that leaves no problem → fixed;
    *không tìm thấy* (or their own words for it: dead, moved away) → cannot verify; a
    correction still wrong, or whose ID number the platform holds for a person of another
    site → returned, with the reason. Rows with problems of their own or no result yet
    change nothing, nor does a row whose person changed since the file was read (see
    ``police_checks.unusable``)."""
    require(actor, *SUPERVISORS)
    today, now = today or local_today(), now or utc_now()
    fixed = unverifiable = corrected = still_open = 0
    refused: list[tuple[int, str]] = []
    waiting = returned.waiting()
    for row in returned.rows:
        if row.sheet_row in waiting:
            continue
        if row.problems or row.result is None:
            why = sentences(p.message(lang) for p in row.problems) or text(
                "POLICE_ROW_NO_RESULT", lang)
            refused.append((row.sheet_row, why))
            if [p.code for p in row.problems] == [NOTE_ONLY]:  # their words, kept
                _noted(db, returned.file, row, actor, now, lang)
            continue
        # Checked again in the transaction that writes the row: the preview may have been
        # open while a supervisor corrected the person or a complaint merged them away.
        with db.transaction() as s:
            person = s.get(Person, row.person_id)
            why = unusable(s, row.read, person, s.get(CleaningCase, row.person_id),
                           [row.sheet_row], lang)
            if why is not None:
                refused.append((row.sheet_row, why))
                continue
            # "khớp" too, with what it filled in; never "không tìm thấy" (the preview holds
            # one that carries values: they are not this person's, as far as anyone knows).
            if row.result == WRONG or (row.changes and row.result != NOT_FOUND):
                new = {f: value for f, (_old, value) in row.changes.items()}
                why = refused_by_rules(s, person, new, today, lang) or row.elsewhere
                outcome = None if why else correct_person_in(
                    s, row.person_id, new, actor=actor, confirm_warnings=True, today=today,
                    now=now)
                if outcome is not None and not outcome.saved:  # the checks above missed one
                    why = text("POLICE_ROW_CORRECTION_REFUSED", lang, problems=sentences(
                        said(p, lang) for p in outcome.problems))
                if why:
                    refused.append((row.sheet_row, why))
                    _move(s, row.person_id, Status.RETURNED, actor, now,
                          note=_police_said(returned.file, row, lang, why))
                    continue
                corrected += 1
            target = Status.CANNOT_VERIFY if row.result == NOT_FOUND else _after_check(
                s, row.person_id)
            fixed += target is Status.FIXED
            unverifiable += target is Status.CANNOT_VERIFY
            still_open += target is Status.RETURNED
            _move(s, row.person_id, target, actor, now,
                  note=_police_said(returned.file, row, lang))
    for row in returned.contradicting:  # settled here since it went: looked at again
        with db.transaction() as s:
            case = s.get(CleaningCase, row.person_id)
            person = s.get(Person, row.person_id)
            if case is None or case.status == Status.SENT or person is None or \
                    person.merged_into is not None:
                continue
            _move(s, row.person_id, Status.RETURNED, actor, now, note=_police_said(
                returned.file, row, lang, text("POLICE_NOTE_SETTLED_SINCE", lang)))
            still_open += 1
    outcome = ApplyOutcome(fixed, unverifiable, corrected, refused, still_open,
                           list(returned.skipped), list(returned.missing), waiting)
    with db.transaction() as s:  # the file, once: which one changed these records
        s.add(store.audit_entry("cleaning", "cleaning", returned.file, {
            "police_file": returned.file, "police_corrected": corrected,
            "police_fixed": fixed, "police_cannot_verify": unverifiable,
            "police_still_open": still_open, "police_not_applied": len(outcome.not_applied)},
            now, actor.user_id))
    return outcome


def _noted(db: Database, file: str, row: RowResult, actor: Actor, now: datetime,
           lang: str) -> None:
    """The police's words on a row without a result ("Đã chết năm 2022", "đang xác
    minh") kept on the case, which stays sent: a later file of the same list may bring
    their answer, and a supervisor reads these meanwhile (they were shown nowhere)."""
    with db.transaction() as s:
        person = s.get(Person, row.person_id)
        if unusable(s, row.read, person, s.get(CleaningCase, row.person_id),
                    [row.sheet_row], lang) is None:
            _move(s, row.person_id, Status.SENT, actor, now,
                  note=_police_said(file, row, lang))


def _police_said(file: str, row: RowResult, lang: str, why: str | None = None) -> str:
    """The case's note for the police's answer: the file and row it came from, what they
    answered (in their words), the values they gave and their notes, and, when it could
    not be written, why; so nobody has to find the file again."""
    values = values_said(row.changes, lang)
    answer = row.read.answer or row.result
    parts = [text("POLICE_NOTE_FROM", lang, file=file, row=row.sheet_row, result=answer)
             if answer else text("POLICE_NOTE_FROM_NO_RESULT", lang, file=file,
                                 row=row.sheet_row)]
    if values:
        parts.append(values)
    if row.read.note:
        parts.append(text("POLICE_NOTE_REMARK", lang, note=row.read.note))
    note = "; ".join(parts) + "."
    return f"{note} {text('POLICE_NOTE_NOT_APPLIED', lang, why=why)}" if why else note


def police_notes(db: Database, person_ids: Iterable[str]) -> dict[str, str]:
    """Each case's latest note from the police round trip (what they answered, their
    notes, why it was not applied), for the worklist to show beside the case. Only while
    the case is still worked on from it: the citizen contacted since keeps it (their
    answer is what the supervisor calls about); a case closed since by anyone else (the
    supervisor closing it herself, a correction, the register), reopened from a closing,
    or sent again drops it, where the old "Không áp dụng: …" once stayed as the reason of
    a case closed since."""
    ids = list(person_ids)
    notes: dict[str, str] = {}
    with db.reading() as s:
        for start in range(0, len(ids), 900):
            for pid, details in s.execute(select(AuditEntry.entity_id, AuditEntry.details)
                                          .where(AuditEntry.entity == "person",
                                                 AuditEntry.action == "cleaning",
                                                 AuditEntry.entity_id.in_(ids[start:start + 900]))
                                          .order_by(AuditEntry.id)):
                moved = json.loads(details or "{}")
                if moved.get("why") == "police":
                    if moved.get("note"):
                        notes[pid] = moved["note"]
                    else:
                        notes.pop(pid, None)  # a later move by the police's file: no note
                elif _status_changed(moved) and (moved["status"][1] not in _WORKED_ON
                                                 or moved["status"][0] in CLOSED):
                    notes.pop(pid, None)  # closed, reopened or sent again since: not now
    return notes


# Where a case goes while its answer is worked on: the police's words stay with it.
_WORKED_ON = (Status.RETURNED, Status.CONTACTED, Status.TO_CHECK)


def _status_changed(details: dict[str, Any]) -> bool:
    status = details.get("status")
    return isinstance(status, list) and len(status) == 2 and status[0] != status[1]


def _after_check(s: Session, person_id: str) -> Status:
    """Verified by the police: fixed unless the rules still find something to do."""
    person = s.get(Person, person_id)
    left = cleaning_store.problems(person, s.get(CleaningCase, person_id))
    codes = [c for c in left if not c.startswith("REGISTER_")]  # the police outrank it
    return Status.RETURNED if codes else Status.FIXED


def _move(s: Session, person_id: str, status: Status, actor: Actor, now: datetime,
          note: str | None = None) -> None:
    """The case to ``status``, with the police's note. A correction may have moved it there
    already (``cleaning_store.after_correction``: nothing left to fix): the note is kept
    all the same, on an entry that leaves the status as it is (as a card's flag on an open
    case is kept)."""
    if cleaning_store.move(s, person_id, status, now=now, user_id=actor.user_id, note=note,
                           why="police") or not note:
        return
    s.add(store.audit_entry("cleaning", "person", person_id,
                            {"status": [status.value, status.value], "note": note,
                             "why": "police"}, now, actor.user_id))
