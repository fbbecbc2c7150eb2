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
    SKIPPED,
    RowReader,
    as_refused,
)
from desktop_app.paths import private_output
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import Count, row_list
from desktop_app.rules.problems import Problem
from desktop_app.services.actor import BACKFILLERS, Actor, require


@dataclass(frozen=True)
class ImportProgress:
    rows_read: int
    total_rows: int
    imported: int  # rows stored so far (imported + flagged), committed or being committed
    report: ImportReport | None = field(default=None, repr=False, compare=False)


PERSON_CORRECTED = "PERSON_CORRECTED"
# Duplicates whose number another day's dose has: most often a real dose under a mistyped
# number, which the message asks to correct in the file. To fix, as a rejected row is.
NUMBER_TAKEN = frozenset({"DUPLICATE_NUMBER_IN_FILE", "DUPLICATE_NUMBER_IN_DATABASE",
                          "DUPLICATE_NUMBER_ELSEWHERE"})
# What a row said of a recorded person, when its dose was stored (a new dose of theirs):
# the same codes as for a row whose dose was recorded, said without "already recorded".
_NEW_DOSE = frozenset({PERSON_CORRECTED, "CORRECTION_NEEDS_SUPERVISOR", "CORRECTION_AWAITS",
                       "CORRECTION_DECLINED", "CORRECTION_STALE", "CORRECTION_DISAGREES"})


def reasons(problems: list[Problem], lang: str, *, refused: bool = False) -> str:
    """A row's problems as its report entry says them, each after its column's name; a
    ``refused`` row's flags in the words of a row not stored (a dose number out of range
    said "this dose is stored as the person's next dose" on a row that was refused)."""
    said = as_refused(problems) if refused else problems
    return " ".join(_where(p.field, lang) + p.message(lang) for p in said)


_LABELLED_FIELDS = {"full_name", "dob", "sex", "id_number", "product_code", "dose_date", "phone",
                    "dose_number", "address"}


def _where(field_name: str, lang: str) -> str:
    if field_name not in _LABELLED_FIELDS:
        return ""
    return f"[{text('FIELD_' + field_name.upper(), lang)}] "


def said_of_person(code: str, stored: bool, lang: str, **params: Any) -> str:
    """A correction's word for a row: ``stored``, the row's dose was stored (a new dose of
    the recorded person), else it was theirs already (a duplicate that corrects).

    >>> said_of_person("CORRECTION_NEEDS_SUPERVISOR", True, "en", name="Lê Văn Tám",
    ...                person_id="p1", changes="Phone “—” → “0912345678”")[:44]
    'The dose is stored for Lê Văn Tám (record p1'
    """
    return text(code + "_NEW_DOSE" if stored and code in _NEW_DOSE else code, lang, **params)


def is_stored(issue: RowIssue) -> bool:
    """Said of a row whose dose was stored (counted as imported or flagged), not of a row
    counted by this issue's outcome."""
    return issue.outcome in (IMPORTED, FLAGGED)


@dataclass(frozen=True)
class RowIssue:
    sheet_row: int
    # rejected | flagged | duplicate | corrected; a row whose dose was stored and that
    # corrected its recorded person (or would) keeps imported | flagged (``is_stored``).
    outcome: str
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
    # The rows to fix (``rows_to_fix``): their cells as read, why, and their row in the
    # file (the reasons name other rows of it by that number, not by their place in the
    # fix workbook).
    to_fix: list[tuple[list[Any], str, int]] = field(default_factory=list)
    # The fix file's headings, where they are not ``headers`` (``headers.as_mapped``: the
    # columns a volunteer chose, under the template's names).
    fix_headers: list[str] | None = None
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
    def unapplied_corrections(self) -> list[RowIssue]:
        """Rows that would correct a recorded person and did not: a supervisor's to make,
        awaiting their yes, declined, stale, or disagreeing with another row."""
        return [i for i in self.issues if i.code in _NEW_DOSE and i.code != PERSON_CORRECTED]

    @property
    def corrections(self) -> list[RowIssue]:
        """Every row that corrected a recorded person: those counted ``corrected`` (their
        dose was recorded) and those whose dose was stored and whose record it filled in or
        corrected too (counted as imported or flagged)."""
        return [i for i in self.issues if i.outcome == CORRECTED or i.code == PERSON_CORRECTED]

    @property
    def rejections(self) -> list[RowIssue]:
        return [i for i in self.issues if i.outcome == REJECTED]

    @property
    def rows_to_fix(self) -> list[RowIssue]:
        """The rows not stored that the volunteer is to correct in the file (the fix file's):
        those rejected, and those whose dose number another day's dose has."""
        return [i for i in self.issues if i.outcome == REJECTED or i.code in NUMBER_TAKEN]


# The rows skipped as no dose, each kind's code for one row and for the summary's line. A
# list has a totals row or two, and its header may come again on every page: said a line
# each; the lines under the totals row and the rows the file hides (a filter may hide
# thousands) a line for all of a kind. The report lists every row.
SKIPPED_EACH = ("TOTALS_ROW_SKIPPED", "HEADER_ROW_SKIPPED")
SKIPPED_TOGETHER = {"FOOTER_ROW_SKIPPED": "FOOTER_ROWS_SKIPPED",
                    "SIGNATURE_ROW_SKIPPED": "SIGNATURE_ROWS_SKIPPED",
                    "HIDDEN_ROW_SKIPPED": "HIDDEN_ROWS_SKIPPED"}


def skipped(code: str, row: int, lang: str) -> RowIssue:
    """A row skipped as no dose (``SKIPPED_EACH``, ``SKIPPED_TOGETHER``), in its words."""
    return RowIssue(row, SKIPPED, code, text(code, lang, row=row))


def skipped_rows(reader: RowReader, hidden: list[int], lang: str) -> list[RowIssue]:
    """The rows an import (or the preview, of its rows) skipped as no dose: the rows the
    file hides (``Table.visible_rows``), and those the reader found to be a totals row,
    the lines under it, a signature block, or the header again."""
    return [*(skipped("TOTALS_ROW_SKIPPED", n, lang) for n in reader.totals),
            *(skipped("FOOTER_ROW_SKIPPED", n, lang) for n in reader.footers),
            *(skipped("SIGNATURE_ROW_SKIPPED", n, lang) for n in reader.signed),
            *(skipped("HEADER_ROW_SKIPPED", n, lang) for n in reader.headers),
            *(skipped("HIDDEN_ROW_SKIPPED", n, lang) for n in hidden)]


def skipped_lines(report: ImportReport) -> list[str]:
    """What the summary (the screen's, the command's) says of the rows skipped as no dose:
    a totals row or a header again a line each, the rest a line for all of a kind."""
    lines, together = [], {}
    for issue in report.issues:
        if issue.outcome != SKIPPED:
            continue
        if issue.code in SKIPPED_TOGETHER:
            together.setdefault(issue.code, []).append(issue.sheet_row)
        else:
            lines.append(issue.message)
    for code, rows in together.items():
        rows.sort()
        lines.append(text(SKIPPED_TOGETHER[code], report.lang, count=Count(len(rows)),
                          rows=row_list(rows, report.lang)))
    return lines


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
            write_fix_workbook(part, report.fix_headers or report.headers, report.to_fix)
