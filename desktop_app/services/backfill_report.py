"""What an import tells: its progress, each row's outcome, the corrections it holds for a
supervisor's yes, and the report written out (JSON, and a workbook of the rows to fix)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.clock import utc_now
from desktop_app.db.database import Database
from desktop_app.db.store import audit_entry
from desktop_app.importers.rows import (
    CORRECTED,
    DUPLICATE,
    FLAGGED,
    IMPORTED,
    REJECTED,
)
from desktop_app.paths import private_output
from desktop_app.rules.messages import text
from desktop_app.services.actor import BACKFILLERS, Actor, require


@dataclass(frozen=True)
class ImportProgress:
    rows_read: int
    total_rows: int
    imported: int  # rows stored so far (imported + flagged), committed or being committed
    report: ImportReport | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class RowIssue:
    sheet_row: int
    outcome: str  # rejected | flagged | duplicate | corrected
    code: str
    message: str  # in the report's language (Vietnamese unless asked otherwise)
    # A correction: whom the row corrected, and each field's [old, new] (dates ISO).
    person_id: str | None = None
    person_name: str | None = None
    changes: dict[str, list[Any]] | None = None
    dose: int | None = None  # a wide sheet (a dose per column group): which dose of the row

    def for_dose(self, dose: int) -> RowIssue:
        return replace(self, dose=dose)

    def as_json(self) -> dict[str, Any]:
        body = {"sheet_row": self.sheet_row, "outcome": self.outcome, "code": self.code,
                "message": self.message}
        if self.dose is not None:
            body["dose"] = self.dose
        if self.person_id is not None:
            body.update(person_id=self.person_id, person_name=self.person_name,
                        changes=self.changes)
        return body


@dataclass(frozen=True)
class HeldCorrection:
    """A correction a supervisor's import found and holds until they confirm it
    (``backfill_corrections``): whom, each field's [old, new] (JSON-ready), what the report
    says of it, and what keeps the person on the cleaning list once corrected."""

    person_id: str
    person_name: str
    changes: dict[str, list[Any]]
    described: str  # describe_changes, in the report's language
    cleaning_reason: str | None


@dataclass
class ImportReport:
    file: str
    sheet: str
    header_row: int  # as the spreadsheet numbers it
    mapping: dict[str, int]
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        (IMPORTED, FLAGGED, DUPLICATE, REJECTED, CORRECTED), 0))
    issues: list[RowIssue] = field(default_factory=list)
    people_created: int = 0
    cancelled: bool = False
    rows_read: int = 0
    headers: list[str] = field(default_factory=list)
    to_fix: list[tuple[list[Any], str]] = field(default_factory=list)  # rejected rows, as read
    lang: str = "vi"  # the language of the issues' messages and the fix file
    # Why the import stopped part-way: a catalogue code (IMPORT_DISK_FULL…) and its
    # parameters, said in each reader's language (``failure``).
    failed: str | None = None
    failed_params: dict[str, Any] = field(default_factory=dict)
    committed: int | None = None  # rows stored when it did
    held: list[HeldCorrection] = field(default_factory=list)  # awaiting the supervisor's yes
    file_id: str | None = None  # the file's hash, as the audit names it
    batch_id: int | None = None  # its import_batch: what an undo of the import names
    notes: list[str] = field(default_factory=list)  # how the file was read: its dates' order

    @property
    def stored(self) -> int:
        return self.counts[IMPORTED] + self.counts[FLAGGED]

    def failure(self, lang: str) -> str | None:
        """Why it stopped part-way, in ``lang``; None when it did not."""
        if self.failed is None:
            return None
        return text(self.failed, lang, **self.failed_params)

    @property
    def corrections(self) -> list[RowIssue]:
        return [i for i in self.issues if i.outcome == CORRECTED]

    @property
    def rejections(self) -> list[RowIssue]:
        return [i for i in self.issues if i.outcome == REJECTED]


def export_reports(db: Database, report: ImportReport, *, json_path: Path | None = None,
                   fix_path: Path | None = None, actor: Actor) -> None:
    """``save_reports`` for a person who asked, audited: the report names people and the
    old values of what a corrected file changed, the rows to fix hold the file's own."""
    require(actor, *BACKFILLERS)
    save_reports(report, json_path=json_path, fix_path=fix_path)
    written = [p for p in (json_path, fix_path) if p is not None]
    if written:
        with db.transaction() as s:
            for path in written:
                s.add(audit_entry("export", "file", path.name, {"file": report.file},
                                  utc_now(), actor.user_id))


def save_reports(report: ImportReport, *, json_path: Path | None = None,
                 fix_path: Path | None = None) -> None:
    from desktop_app.importers.report import write_fix_workbook, write_json_report

    # Both name people: written private, as every export of the site's records is.
    if json_path is not None:
        with private_output(json_path) as part:
            write_json_report(part, file=report.file, sheet=report.sheet,
                              header_row=report.header_row, counts=report.counts,
                              issues=[i.as_json() for i in report.issues],
                              cancelled=report.cancelled, failed=report.failure(report.lang),
                              failed_code=report.failed, committed=report.committed,
                              notes=report.notes)
    if fix_path is not None:
        with private_output(fix_path) as part:
            write_fix_workbook(part, report.headers, report.to_fix)
