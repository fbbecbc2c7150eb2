"""The police's returned file read against the database, nothing changed: each row's
differences and result, the rows that cannot be used, and who did not come back."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import local_today
from desktop_app.db.database import Database
from desktop_app.db.models import CleaningCase, Person
from desktop_app.importers.police_file import (
    MATCHES,
    NOT_FOUND,
    WRONG,
    ReturnedRow,
    header_columns,
    headings_amiss,
    read_row,
)
from desktop_app.rules.cleaning import Status
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.names import fold
from desktop_app.rules.problems import Problem
from desktop_app.services.police_checks import refused_by_rules, unusable
from desktop_app.services.police_sheet import sheet_rows

FIELDS_COMPARED = ("full_name", "dob", "sex", "id_number", "id_type")


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
    rows = sheet_rows(path)
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
            why = unusable(row, found.get(row.person_id), cases.get(row.person_id),
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
    # "không tìm thấy" with values: the nearest citizen they found? Never written over the
    # record (Apply corrects only "sai thông tin" and "khớp"); a person looks at it.
    if row.result == NOT_FOUND and changes:
        problems.append(Problem("POLICE_ROW_NOT_FOUND_VALUES", "result"))
    refusal = refused_by_rules(s, person, {f: new for f, (_old, new) in changes.items()},
                               today, lang) if row.result in (MATCHES, WRONG) else None
    return RowResult(row.sheet_row, person.id, person.full_name, row.result, changes,
                     tuple(problems), row, refusal)
