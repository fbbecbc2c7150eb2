"""The police round trip: the worklist written out for verification, and the returned file
read back, shown as differences, and applied.

Applying corrects people through the same rules and the same audited write as the record
window (``records.correct_person``), so a verified correction is queued for the sync like any
other; it never creates a person or a dose. A row that names no person of this database, or
that the rules still refuse, is reported and changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.importers.police_file import (
    HEADER,
    MATCHES,
    NOT_FOUND,
    RESULTS,
    SENT_COLUMNS,
    WRONG,
    ReturnedRow,
    header_columns,
    headings_amiss,
    read_row,
    sent_row,
)
from desktop_app.importers.reading import UnreadableFile, damaged
from desktop_app.paths import private_output
from desktop_app.rules.cleaning import Status, field_label, identity_codes, shown_value
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.names import fold
from desktop_app.rules.person import check_person
from desktop_app.rules.problems import Problem
from desktop_app.rules.safe_cells import fit_columns, xlsx_row
from desktop_app.services import cleaning
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.doses import PersonInput, id_registered_to_another
from desktop_app.services.records import correct_person_in

FIELDS_COMPARED = ("full_name", "dob", "sex", "id_number", "id_type")


@dataclass(frozen=True)
class ExportPlan:
    """Who an export writes, before anyone is marked: the confirmation says it all."""
    cases: list[cleaning.Case]
    resent: int  # already sent, chosen on purpose (the sent filter): their clock restarts
    left_out: int  # already sent, in the open view: not written again, their clock runs on

    def question(self, lang: str) -> str:
        said = [text("POLICE_EXPORT_ASK", lang, count=len(self.cases))]
        if self.resent:
            said.append(text("POLICE_EXPORT_RESENT", lang, count=self.resent))
        if self.left_out:
            said.append(text("POLICE_EXPORT_LEFT_OUT", lang, count=self.left_out))
        return " ".join([*said, text("POLICE_EXPORT_GO_ON", lang)])


def export_plan(db: Database, *, status: Iterable[str] | str | None = None,
                problem: str | None = None, work_list: str | None = None,
                now: datetime | None = None) -> ExportPlan:
    """The cases an export would write. People already sent are sent again only when the
    officer chose the *sent* status: exporting the open view once restarted every sent
    person's two days, and the late ones stopped showing late without a word."""
    cases = cleaning.worklist(db, status=status, problem=problem, work_list=work_list,
                              now=now).cases
    already = [c for c in cases if c.status is Status.SENT]
    if _resending(status):
        return ExportPlan(cases, len(already), 0)
    return ExportPlan([c for c in cases if c.status is not Status.SENT], 0, len(already))


def _resending(status: Iterable[str] | str | None) -> bool:
    chosen = {status} if isinstance(status, str) else set(status or ())
    return Status.SENT.value in chosen


def export_for_police(db: Database, out: Path, *, actor: Actor,
                      status: Iterable[str] | str | None = None, problem: str | None = None,
                      work_list: str | None = None, lang: str = "vi",
                      now: datetime | None = None) -> int:
    """Write the chosen cases for the police and mark them *sent for verification*; returns
    how many. The file is written completely before anyone is marked. ``lang`` is not the
    file's: the file is the Vietnamese police's, headings and values alike."""
    require(actor, *SUPERVISORS)
    now = now or utc_now()
    cases = export_plan(db, status=status, problem=problem, work_list=work_list,
                        now=now).cases
    _write_police_file(out, cases)
    with db.transaction() as s:
        cleaning_store.move_many(s, [c.person_id for c in cases if c.status is not Status.SENT],
                                 Status.SENT, now=now, user_id=actor.user_id)
        _resend(s, [c for c in cases if c.status is Status.SENT], actor, now)
        s.add(store.audit_entry("export", "cleaning", out.name, {"people": len(cases)}, now,
                                actor.user_id))
    return len(cases)


def _resend(s: Session, cases: list[cleaning.Case], actor: Actor, now: datetime) -> None:
    """Sent again on purpose: the two days start again, each person's audit saying since
    when their clock had run."""
    ids = [c.person_id for c in cases]
    for start in range(0, len(ids), 900):
        s.execute(update(CleaningCase).where(
            CleaningCase.person_id.in_(ids[start:start + 900])).values(sent_at=now))
    s.add_all(store.audit_entry("cleaning", "person", c.person_id,
                                {"sent_again": [c.sent_at, now]}, now, actor.user_id)
              for c in cases)


def _write_police_file(out: Path, cases: list[cleaning.Case]) -> None:
    """The sheet as the police work it: a bold header that stays in sight, columns as wide
    as what they hold, the result chosen from a list (the heading's note names the words)."""
    from openpyxl import Workbook

    rows = [sent_row(c.person_id, c.full_name, c.dob, c.sex, c.id_number, c.address, c.phone,
                     "; ".join(cleaning.problem_label(p, "vi") for p in c.problems))
            for c in cases]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Xác minh")
    fit_columns(sheet, [HEADER, *rows], header_rows=1)
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet))
    for values in rows:
        row = xlsx_row(sheet, values)
        sheet.append([*row[:SENT_COLUMNS], *(_typed_as_text(sheet) for _ in row[SENT_COLUMNS:])])
    if rows:
        sheet.data_validations.append(_results_list(len(rows)))
    with private_output(out) as part:
        book.save(part)


def _header(sheet: Any) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    cells = []
    for heading in HEADER:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        if heading == HEADER[-1]:
            cell.comment = Comment(text("POLICE_RESULT_HINT", "vi", allowed=_accepted()),
                                   "VaxDesk", width=300, height=110)
        cells.append(cell)
    return cells


def _results_list(rows: int) -> Any:
    """The result column's dropdown: a word typed otherwise is still read (any case, with
    or without accents), so Excel warns but lets it through."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(len(HEADER))
    choice = DataValidation(type="list", formula1='"' + ",".join(RESULTS.values()) + '"',
                            allow_blank=True, showErrorMessage=True, errorStyle="warning",
                            error=text("POLICE_RESULT_HINT", "vi", allowed=_accepted()))
    choice.add(f"{column}2:{column}{rows + 1}")
    return choice


def _accepted() -> str:
    return ", ".join(f"“{word}”" for word in RESULTS.values())


def _typed_as_text(sheet: Any) -> Any:
    """An empty cell for the police to fill, formatted as text: typed into a General cell,
    "12/03/1985" became 3 December 1985 in an Excel set to the US way of dates."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    cell.number_format = "@"
    return cell


@dataclass(frozen=True)
class RowResult:
    sheet_row: int
    person_id: str
    full_name: str
    result: str | None
    changes: dict[str, tuple[Any, Any]]  # field -> (now, as verified)
    problems: tuple[Problem, ...]  # the row itself is amiss: held for the police or a person
    read: ReturnedRow  # as read from the file: checked again when applied
    refusal: str | None = None  # why the identity rules refuse the police's values (lang)

    @property
    def kind(self) -> str:
        """What Apply does with the row: a result word (applied), "refused" (the rules say
        no: returned with a note), "held" (the row is amiss) or "pending" (no answer)."""
        if self.problems:
            return "held"
        if self.result is None:
            return "pending"
        return "refused" if self.refusal else self.result


@dataclass
class Returned:
    file: str
    rows: list[RowResult] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why), in lang
    missing: list[tuple[str, str]] = field(default_factory=list)  # sent with it, not back

    def counts(self) -> Counter[str]:
        counted: Counter[str] = Counter(r.kind for r in self.rows)
        counted["skipped"] = len(self.skipped)
        counted["missing"] = len(self.missing)
        return counted

    def summary(self, lang: str = "vi") -> str:
        c = self.counts()
        said = text("POLICE_SUMMARY", lang, rows=len(self.rows) + len(self.skipped),
                    matches=c[MATCHES], corrected=c[WRONG], not_found=c[NOT_FOUND],
                    refused=c["refused"], held=c["held"], pending=c["pending"],
                    skipped=c["skipped"])
        if self.missing:
            said += " " + text("POLICE_MISSING", lang, count=len(self.missing))
        return said

    def applicable(self) -> bool:
        return any(r.kind in (MATCHES, WRONG, NOT_FOUND, "refused") for r in self.rows)


def read_returned(db: Database, path: Path, lang: str = "vi",
                  today: date | None = None) -> Returned:
    """The returned file against the database, nothing changed: each row's differences,
    its result, what the identity rules say of the police's values (as Apply will), every
    row that cannot be used with the reason (in ``lang``), and who was sent with the file's
    people but is not in it."""
    today = today or local_today()
    rows = _sheet_rows(path)
    columns = header_columns(rows[0]) if rows else None
    if columns is None:
        raise UserError("POLICE_FILE_NOT_OURS", file=path.name, missing=", ".join(
            f"“{h}”" for h in headings_amiss(rows[0] if rows else ())))
    parsed = [read_row(number, cells, columns)
              for number, cells in enumerate(rows[1:], start=2) if any(cells)]
    returned = Returned(path.name)
    ids = [row.person_id for row in parsed if row.person_id]
    rows_of: dict[str, list[int]] = {}
    for row in parsed:
        rows_of.setdefault(row.person_id, []).append(row.sheet_row)
    with db.reading() as s:
        found: dict[str, Person] = {}
        cases: dict[str, CleaningCase] = {}
        for start in range(0, len(ids), 900):  # one query per 900 rows, not one per row
            chunk = ids[start:start + 900]
            found.update((p.id, p) for p in s.scalars(select(Person).where(Person.id.in_(chunk))))
            cases.update((c.person_id, c) for c in s.scalars(
                select(CleaningCase).where(CleaningCase.person_id.in_(chunk))))
        for row in parsed:
            why = _unusable(row, found.get(row.person_id), cases.get(row.person_id),
                            rows_of[row.person_id], lang)
            if why is not None:
                returned.skipped.append((row.sheet_row, why))
                continue
            returned.rows.append(_compare(s, found[row.person_id], row, today, lang))
        returned.missing = _not_back(s, cases, set(ids))
    return returned


def _not_back(s: Session, cases: dict[str, CleaningCase], back: set[str]) -> list[tuple[str, str]]:
    """Those still sent in the same export as the file's people (one export marks everyone
    at one moment) whom the police left out: they stay sent, and someone should ask."""
    batches = {c.sent_at for c in cases.values() if c.status == Status.SENT and c.sent_at}
    if not batches:
        return []
    sent = s.execute(select(Person.id, Person.full_name).join(
        CleaningCase, CleaningCase.person_id == Person.id).where(
        CleaningCase.status == Status.SENT.value, CleaningCase.sent_at.in_(batches))).all()
    return sorted(((pid, name) for pid, name in sent if pid not in back),
                  key=lambda p: fold(p[1]))


def _unusable(row: ReturnedRow, person: Person | None, case: CleaningCase | None,
              rows: list[int], lang: str) -> str | None:
    """Why a row cannot be applied (in ``lang``), or None. Only a person still *sent for
    verification*, named once, whose record is as it was sent: a list imported twice, or
    after a supervisor corrected the person since, once put the old answer back."""
    if person is None:
        return text("POLICE_ROW_UNKNOWN_PERSON", lang, person_id=row.person_id)
    if len(rows) > 1:
        return text("POLICE_ROW_TWICE", lang, rows=", ".join(map(str, rows)))
    if person.merged_into is not None:
        return text("POLICE_ROW_MERGED", lang, kept=person.merged_into)
    if case is None or case.status != Status.SENT:
        return text("POLICE_ROW_NOT_SENT", lang)
    now = {"full_name": fold(person.full_name), "dob": person.dob, "sex": person.sex,
           "id_number": person.id_number}
    changed = [f for f in now if row.sent.get(f) != now[f]]
    if changed:
        return text("POLICE_ROW_CHANGED", lang, fields=", ".join(
            text(f"FIELD_{f.upper()}", lang) for f in changed))
    return None


def _compare(s: Session, person: Person, row: ReturnedRow, today: date,
             lang: str) -> RowResult:
    changes = {f: (getattr(person, f), row.verified[f]) for f in FIELDS_COMPARED
               if f in row.verified and row.verified[f] != getattr(person, f)}
    problems = list(row.problems)
    if row.result == WRONG and not changes:
        problems.append(Problem("POLICE_ROW_WRONG_NO_VALUES", "result"))
    # "khớp" with a value where the record had none (a birth date filled in): the officer
    # confirms and completes; applied as a correction. A value that differs from one the
    # record holds: which is it? never dropped without a word.
    if row.result == MATCHES and any(old not in (None, "") for old, _new in changes.values()):
        problems.append(Problem("POLICE_ROW_MATCH_DIFFERS", "result"))
    refusal = _refused_by_rules(s, person, {f: new for f, (_old, new) in changes.items()},
                                today, lang) if row.result in (MATCHES, WRONG) else None
    return RowResult(row.sheet_row, person.id, person.full_name, row.result, changes,
                     tuple(problems), row, refusal)


def _refused_by_rules(s: Session, person: Person, changes: dict[str, Any], today: date,
                      lang: str) -> str | None:
    """Why the police's values may not be written (``correct_person_in``'s own test: no
    error the person did not already have), or None. A name without diacritics over one
    with them is a warning the record window asks about; here nobody is asked, so a person
    must look at it: the police's lists are often typed without accents."""
    if not changes:
        return None
    current = {k: getattr(person, k) for k in store.PERSON_FIELDS}
    facts = PersonInput(**{**current, **changes})
    problems = check_person(facts, today) + id_registered_to_another(s, facts, person.id)
    had = set(identity_codes(PersonInput(**current), today))
    new_errors = [p.message(lang) for p in problems if p.is_error and p.code not in had]
    if new_errors:
        return text("POLICE_ROW_CORRECTION_REFUSED", lang, problems=sentences(new_errors))
    if "full_name" in changes and any(p.code == "NAME_NO_DIACRITICS" for p in problems):
        return text("POLICE_ROW_NAME_NO_DIACRITICS", lang, name=changes["full_name"],
                    old=person.full_name)
    return None


def sentences(messages: Iterable[str]) -> str:
    """Messages one after another, each a sentence: joined by "; " they read
    "(vd. 05/09/1990).; Kết quả…".

    >>> sentences(["Ngày sinh sai (vd. 05/09/1990).", "Thiếu giới tính", ""])
    'Ngày sinh sai (vd. 05/09/1990). Thiếu giới tính.'
    """
    said = [m.strip() for m in messages if m and m.strip()]
    return " ".join(m if m.endswith((".", "!", "?", "…")) else m + "." for m in said)


def _sheet_rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise UnreadableFile("IMPORT_FILE_TYPE", file=path.name)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    except (CalamineError, OSError, ValueError) as exc:
        raise damaged(path.name, exc) from exc


def save_returned_report(db: Database, returned: Returned, out: Path, *, actor: Actor,
                         applied: ApplyOutcome | None = None) -> None:
    """The differences as JSON (names and the values now and as verified, what the rules
    refused and why, who did not come back), and what Apply did once it has; audited: they
    leave the encrypted file as the list sent to the police does."""
    require(actor, *SUPERVISORS)
    body: dict[str, Any] = {
        "file": returned.file, "counts": dict(returned.counts()),
        "rows": [{"row": r.sheet_row, "person_id": r.person_id, "name": r.full_name,
                  "result": r.result, "kind": r.kind,
                  "changes": {f: [old, new] for f, (old, new) in r.changes.items()},
                  "problems": [p.code for p in r.problems], "refused": r.refusal}
                 for r in returned.rows],
        "skipped": [{"row": n, "why": why} for n, why in returned.skipped],
        "not_returned": [{"person_id": pid, "name": name} for pid, name in returned.missing]}
    if applied is not None:
        body["applied"] = {"corrected": applied.corrected, "fixed": applied.fixed,
                           "cannot_verify": applied.cannot_verify,
                           "still_open": applied.still_open,
                           "refused": [{"row": n, "why": why} for n, why in applied.refused]}
    with private_output(out) as part:
        part.write_text(json.dumps(body, ensure_ascii=False, indent=1, default=str),
                        encoding="utf-8")
    with db.transaction() as s:
        s.add(store.audit_entry("export", "cleaning", out.name,
                                {"people": len(returned.rows)}, utc_now(), actor.user_id))


@dataclass(frozen=True)
class ApplyOutcome:
    fixed: int
    cannot_verify: int
    corrected: int
    refused: list[tuple[int, str]]  # (row, why), in the language asked
    still_open: int = 0  # verified, but the rules still find something: back on the list

    def summary(self, lang: str) -> str:
        return text("POLICE_APPLIED_COUNTS", lang, corrected=self.corrected, fixed=self.fixed,
                    cannot_verify=self.cannot_verify, still_open=self.still_open,
                    refused=len(self.refused))


def apply_returned(db: Database, returned: Returned, *, actor: Actor,
                   today: date | None = None, now: datetime | None = None,
                   lang: str = "vi") -> ApplyOutcome:
    """Apply the police's results: *khớp* and a correction that leaves no problem → fixed;
    *không tìm thấy* → cannot verify; a correction still wrong → returned, with the reason.
    Rows with problems of their own or no result yet change nothing, nor does a row whose
    person changed since the file was read (see ``_unusable``)."""
    require(actor, *SUPERVISORS)
    today, now = today or local_today(), now or utc_now()
    fixed = unverifiable = corrected = still_open = 0
    refused: list[tuple[int, str]] = []
    for row in returned.rows:
        if row.problems or row.result is None:
            why = sentences(p.message(lang) for p in row.problems) or text(
                "POLICE_ROW_NO_RESULT", lang)
            refused.append((row.sheet_row, why))
            continue
        # Checked again in the transaction that writes the row: the preview may have been
        # open while a supervisor corrected the person or a complaint merged them away.
        with db.transaction() as s:
            person = s.get(Person, row.person_id)
            why = _unusable(row.read, person, s.get(CleaningCase, row.person_id),
                            [row.sheet_row], lang)
            if why is not None:
                refused.append((row.sheet_row, why))
                continue
            if row.result == WRONG or row.changes:  # "khớp" too, with what it filled in
                new = {f: value for f, (_old, value) in row.changes.items()}
                why = _refused_by_rules(s, person, new, today, lang)
                outcome = None if why else correct_person_in(
                    s, row.person_id, new, actor=actor, confirm_warnings=True, today=today,
                    now=now)
                if outcome is not None and not outcome.saved:  # the checks above missed one
                    why = text("POLICE_ROW_CORRECTION_REFUSED", lang, problems=sentences(
                        p.message(lang) for p in outcome.problems))
                if why:
                    refused.append((row.sheet_row, why))
                    _move(s, row.person_id, Status.RETURNED, actor, now,
                          note=_police_said(row, why, lang))
                    continue
                corrected += 1
            target = Status.CANNOT_VERIFY if row.result == NOT_FOUND else _after_check(
                s, row.person_id)
            fixed += target is Status.FIXED
            unverifiable += target is Status.CANNOT_VERIFY
            still_open += target is Status.RETURNED
            _move(s, row.person_id, target, actor, now)
    return ApplyOutcome(fixed, unverifiable, corrected, refused, still_open)


def _police_said(row: RowResult, why: str, lang: str) -> str:
    """The case's note when the police's answer could not be written: what they said, so
    nobody has to find the file again, and why it was not applied."""
    values = "; ".join(f"{field_label(f, lang)}: {shown_value(f, new, lang)}"
                       for f, (_old, new) in row.changes.items())
    return text("POLICE_NOTE", lang, result=row.result, values=values, why=why)


def police_notes(db: Database, person_ids: Iterable[str]) -> dict[str, str]:
    """Each case's latest note from the police round trip (what they answered, why it was
    not applied), for the worklist to show beside the case."""
    ids = list(person_ids)
    notes: dict[str, str] = {}
    with db.reading() as s:
        for start in range(0, len(ids), 900):
            for pid, details in s.execute(select(AuditEntry.entity_id, AuditEntry.details)
                                          .where(AuditEntry.entity == "person",
                                                 AuditEntry.action == "cleaning",
                                                 AuditEntry.entity_id.in_(ids[start:start + 900]))
                                          .order_by(AuditEntry.id)):
                said = json.loads(details or "{}")
                if said.get("why") == "police":
                    if said.get("note"):
                        notes[pid] = said["note"]
                    else:
                        notes.pop(pid, None)  # a later move by the police's file: no note
    return notes


def _after_check(s: Session, person_id: str) -> Status:
    """Verified by the police: fixed unless the rules still find something to do."""
    person = s.get(Person, person_id)
    left = cleaning_store.problems(person, s.get(CleaningCase, person_id))
    codes = [c for c in left if not c.startswith("REGISTER_")]  # the police outrank it
    return Status.RETURNED if codes else Status.FIXED


def _move(s: Session, person_id: str, status: Status, actor: Actor, now: datetime,
          note: str | None = None) -> None:
    cleaning_store.move(s, person_id, status, now=now, user_id=actor.user_id, note=note,
                        why="police")
