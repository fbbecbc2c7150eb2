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
from desktop_app.db.models import CleaningCase, Person
from desktop_app.importers.police_file import (
    HEADER,
    MATCHES,
    NOT_FOUND,
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
from desktop_app.rules.cleaning import Status
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.names import fold
from desktop_app.rules.problems import Problem
from desktop_app.rules.safe_cells import xlsx_row
from desktop_app.services import cleaning
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.records import correct_person_in

FIELDS_COMPARED = ("full_name", "dob", "sex", "id_number", "id_type")


def export_for_police(db: Database, out: Path, *, actor: Actor,
                      status: Iterable[str] | str | None = None, problem: str | None = None,
                      work_list: str | None = None, lang: str = "vi",
                      now: datetime | None = None) -> int:
    """Write the chosen cases for the police and mark them *sent for verification*; returns
    how many. The file is written completely before anyone is marked."""
    require(actor, *SUPERVISORS)
    now = now or utc_now()
    cases = cleaning.worklist(db, status=status, problem=problem, work_list=work_list,
                              now=now).cases
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Xác minh")
    sheet.append(list(HEADER))
    for case in cases:
        problems = "; ".join(cleaning.problem_label(c, lang) for c in case.problems)
        row = xlsx_row(sheet, sent_row(
            case.person_id, case.full_name, case.dob, case.sex, case.id_number, case.address,
            case.phone, problems))
        sheet.append([*row[:SENT_COLUMNS], *(_typed_as_text(sheet) for _ in row[SENT_COLUMNS:])])
    with private_output(out) as part:
        book.save(part)
    with db.transaction() as s:
        cleaning_store.move_many(s, [c.person_id for c in cases if c.status is not Status.SENT],
                                 Status.SENT, now=now, user_id=actor.user_id)
        again = [c.person_id for c in cases if c.status is Status.SENT]
        for start in range(0, len(again), 900):  # sent again: the two days start again
            s.execute(update(CleaningCase).where(
                CleaningCase.person_id.in_(again[start:start + 900])).values(sent_at=now))
        s.add(store.audit_entry("export", "cleaning", out.name, {"people": len(cases)}, now,
                                actor.user_id))
    return len(cases)


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
    problems: tuple[Problem, ...]
    read: ReturnedRow  # as read from the file: checked again when applied


@dataclass
class Returned:
    file: str
    rows: list[RowResult] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why), in lang

    def counts(self) -> Counter[str]:
        counted: Counter[str] = Counter(r.result or "pending" for r in self.rows)
        counted["skipped"] = len(self.skipped)
        return counted

    def summary(self, lang: str = "vi") -> str:
        c = self.counts()
        return text("POLICE_SUMMARY", lang, rows=len(self.rows) + len(self.skipped),
                    matches=c[MATCHES], corrected=c[WRONG], not_found=c[NOT_FOUND],
                    pending=c["pending"], skipped=c["skipped"])


def read_returned(db: Database, path: Path, lang: str = "vi") -> Returned:
    """The returned file against the database, nothing changed: each row's differences,
    its result, and every row that cannot be used with the reason (in ``lang``)."""
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
            returned.rows.append(_compare(found[row.person_id], row))
    return returned


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


def _compare(person: Person, row: ReturnedRow) -> RowResult:
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
    return RowResult(row.sheet_row, person.id, person.full_name, row.result, changes,
                     tuple(problems), row)


def _sheet_rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise UnreadableFile("IMPORT_FILE_TYPE", file=path.name)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    except (CalamineError, OSError, ValueError) as exc:
        raise damaged(path.name, exc) from exc


def save_returned_report(db: Database, returned: Returned, out: Path, *, actor: Actor) -> None:
    """The differences as JSON (names and the values now and as verified), audited: they
    leave the encrypted file as the list sent to the police does."""
    require(actor, *SUPERVISORS)
    body = {"file": returned.file, "counts": dict(returned.counts()),
            "rows": [{"row": r.sheet_row, "person_id": r.person_id, "name": r.full_name,
                      "result": r.result,
                      "changes": {f: [old, new] for f, (old, new) in r.changes.items()},
                      "problems": [p.code for p in r.problems]} for r in returned.rows],
            "skipped": [{"row": n, "why": why} for n, why in returned.skipped]}
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
            why = "; ".join(p.message(lang) for p in row.problems) or text(
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
                outcome = correct_person_in(s, row.person_id, {
                    f: new for f, (_old, new) in row.changes.items()},
                    actor=actor, confirm_warnings=True, today=today, now=now)
                if not outcome.saved:
                    refused.append((row.sheet_row, text(
                        "POLICE_ROW_CORRECTION_REFUSED", lang,
                        problems="; ".join(p.message(lang) for p in outcome.problems))))
                    _move(s, row.person_id, Status.RETURNED, actor, now)
                    continue
                corrected += 1
            target = Status.CANNOT_VERIFY if row.result == NOT_FOUND else _after_check(
                s, row.person_id)
            fixed += target is Status.FIXED
            unverifiable += target is Status.CANNOT_VERIFY
            still_open += target is Status.RETURNED
            _move(s, row.person_id, target, actor, now)
    return ApplyOutcome(fixed, unverifiable, corrected, refused, still_open)


def _after_check(s: Session, person_id: str) -> Status:
    """Verified by the police: fixed unless the rules still find something to do."""
    person = s.get(Person, person_id)
    left = cleaning_store.problems(person, s.get(CleaningCase, person_id))
    codes = [c for c in left if not c.startswith("REGISTER_")]  # the police outrank it
    return Status.RETURNED if codes else Status.FIXED


def _move(s: Session, person_id: str, status: Status, actor: Actor, now: datetime) -> None:
    cleaning_store.move(s, person_id, status, now=now, user_id=actor.user_id, why="police")
