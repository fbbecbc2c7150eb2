"""Importing a province's spreadsheet of historical doses: every real dose kept, identity
problems put on the data-cleaning list, every row it cannot take explained.

``import_file`` is a generator: it yields ``ImportProgress`` after each committed chunk and
returns an ``ImportReport``. Closing it (the app's Stop button) stops before the next chunk;
what was committed stays, and the report says how far it got. Rows go in with plain
``executemany`` over the same tables the desk writes (person, dose, the sync outbox): a
million rows through the ORM would take many minutes.

Re-importing the same file changes nothing: every row is then a duplicate of what the first
import stored (same person, and the same dose number or the same dose date).

A corrected file (the province fixed IDs, dates of birth, phones) corrects instead: a row
whose dose (vaccine, date and number) is already recorded for a person of the same folded
name updates that person's identity, audited and queued for the sync like a correction at
the desk, and the dose is not stored twice (see ``Known.place``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.clock import local_today, utc_now
from desktop_app.db.bulk import bulk_writer
from desktop_app.db.database import Database
from desktop_app.db.ids import BLOCK, new_ids
from desktop_app.db.models import Dose, Person
from desktop_app.db.store import audit_entry
from desktop_app.gc_paused import gc_paused
from desktop_app.importers import wide
from desktop_app.importers.limits import oversized, shortened
from desktop_app.importers.reading import Table, UnreadableFile, open_table
from desktop_app.importers.rows import (
    CORRECTABLE,
    CORRECTED,
    DUPLICATE,
    FLAGGED,
    IMPORTED,
    REJECTED,
    REJECTING,
    Row,
    RowReader,
    given_identity,
    person_key,
    settled_corrections,
)
from desktop_app.importers.values import text
from desktop_app.paths import private_output
from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import is_well_formed_id
from desktop_app.rules.messages import Part, UserError
from desktop_app.rules.messages import text as say
from desktop_app.rules.names import fold
from desktop_app.rules.numbers import count
from desktop_app.rules.problems import error
from desktop_app.services.actor import BACKFILLERS, SUPERVISORS, Actor, require
from desktop_app.services.audit import describe_changes
from desktop_app.services.site import SiteInfo, current_site, site_for_records

CHUNK = 20_000  # rows per transaction
PROGRESS_ROWS = 2_000  # rows read between progress reports (and chances to stop)
LARGE_FILE_BYTES = 2_000_000
BYTES_PER_ROW = 60  # about what a template row takes in a compressed .xlsx


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
    failed: str | None = None  # why the import stopped part-way (English, for the audit)
    committed: int | None = None  # rows stored when it did
    held: list[HeldCorrection] = field(default_factory=list)  # awaiting the supervisor's yes
    file_id: str | None = None  # the file's hash, as the audit names it

    @property
    def stored(self) -> int:
        return self.counts[IMPORTED] + self.counts[FLAGGED]

    @property
    def corrections(self) -> list[RowIssue]:
        return [i for i in self.issues if i.outcome == CORRECTED]


class ImportRefused(UserError):
    """The file cannot be imported at all (no header, unreadable, no site)."""


def inspect_file(path: Path, sheet: str | None = None) -> Table:
    """Open a file and find its header, for the mapping step; raises ImportRefused."""
    try:
        return open_table(path, sheet)
    except UnreadableFile as exc:
        raise ImportRefused(exc.code, **exc.params) from exc


def import_file(
    db: Database, path: Path, *, mapping: Mapping[str, int] | None = None,
    sheet: str | None = None, site: tuple[str, str] | None = None,
    today: date | None = None, chunk: int | None = None, lang: str = "vi", actor: Actor,
    hold_corrections: bool = False,
) -> Generator[ImportProgress, None, ImportReport]:
    """``hold_corrections``: a supervisor's corrections of people already recorded wait in
    ``report.held`` for their yes (``backfill_corrections.apply_held``) instead of being
    made with the import: a person at the screen sees whom the file changes before it does
    (the command line, told what to import, makes them)."""
    require(actor, *BACKFILLERS)
    chunk = chunk or CHUNK
    table = inspect_file(path, sheet)
    # A wide sheet (a column group per dose) is read as the long layout's rows, one a dose.
    layout = wide.find_wide(table.head) if mapping is None else None
    if layout is not None:
        table.header, mapping = layout.header, wide.LONG_MAPPING
    if mapping is None:
        if table.header is None or not table.header.complete:
            raise ImportRefused("IMPORT_NO_HEADER")
        mapping = table.header.mapping
    header_row = (table.header.row_index + 1) if table.header else 0
    report = ImportReport(path.name, table.sheet, header_row, dict(mapping),
                          headers=list(table.header.headers) if table.header else [],
                          lang=lang)
    reader = RowReader(mapping, db.catalogue, today or local_today())
    site_info = _site(db, site, layout.first_facility(table.head_data) if layout else
                      _first_facility(reader, table), actor)
    doses = layout.reader() if layout else None
    state = Known.load(db, reader)
    now = utc_now()
    batch = Batch(site_info.id, now.strftime("%Y-%m-%d %H:%M:%S.%f"), user_id=actor.user_id)
    # A file of more than a few MB holds tens of thousands of rows: insert in a process; and
    # when it brings more rows than the database holds, rebuild the indexes once at the end.
    size = path.stat().st_size
    writer = bulk_writer(db, batch.now, large=size > LARGE_FILE_BYTES,
                         defer_indexes=size // BYTES_PER_ROW > len(state.people))
    sheet_row = header_row
    failed: Exception | None = None
    with gc_paused():
        try:
            for sheet_row, cells in table.data_rows():
                report.rows_read += 1
                too_large = oversized(cells)
                if too_large is not None:
                    _too_large(sheet_row, cells, too_large, report)
                    continue
                if doses is not None:
                    wide.take_row(doses, reader, sheet_row, cells, report.issues, report.to_fix,
                                  lambda row, c=cells: _take(row, c, report, state, batch),
                                  lambda n: say("IMPORT_DOSE_LABEL", lang, dose=n))
                elif (row := reader.read(sheet_row, cells)) is not None:
                    _take(row, cells, report, state, batch)  # else a blank template row
                if len(batch.doses) >= chunk:
                    writer.put(*batch.take(), corrections=batch.take_corrections())
                    yield ImportProgress(report.rows_read, table.total_rows, report.stored, report)
                elif report.rows_read % PROGRESS_ROWS == 0:  # a Stop is heard between chunks
                    yield ImportProgress(report.rows_read, table.total_rows, report.stored, report)
        except GeneratorExit:
            report.cancelled = True  # stopped: what was handed to the writer is committed
            raise
        except UnreadableFile as exc:  # damaged past the rows read so far: those are kept
            raise ImportRefused("IMPORT_FILE_DAMAGED_PART", file=path.name, row=sheet_row,
                                stored=report.stored, detail=exc.params.get("detail", "")) from exc
        except Exception as exc:  # noqa: BLE001 - the writer died, the disk filled, a bug
            failed = exc
        finally:
            state.close()
            table.close()
            if failed is None:
                try:
                    # The corrections, now the whole file is read: a supervisor's import
                    # makes them (as at the desk); anyone else's says who must.
                    state.settle(batch, report, may_correct=actor.role in SUPERVISORS,
                                 hold=hold_corrections)
                    people, doses = batch.take()
                    writer.put(people, doses, _audit(path, report, actor),
                               corrections=batch.take_corrections())
                    writer.close()
                except Exception as exc:  # noqa: BLE001 - as above, at the last chunk
                    failed = exc
            if failed is not None:
                _failed_part_way(db, writer, report, path, actor, sheet_row, failed)
    report.people_created = state.people_created
    yield ImportProgress(report.rows_read, report.rows_read, report.stored, report)
    return report


class ImportFailed(ImportRefused):
    """The import stopped part-way (the writer died, the disk filled, a bug): ``report``
    says what was read and ``report.committed`` how many rows are stored."""

    def __init__(self, report: ImportReport, row: int, reason: Part) -> None:
        super().__init__("IMPORT_FAILED_PART", file=report.file, row=row, reason=reason,
                         committed=count(report.committed, report.lang))
        self.report = report


def _failed_part_way(db: Database, writer: Any, report: ImportReport, path: Path,
                     actor: Actor, row: int, failure: Exception) -> None:
    """After a failure part-way: the writer stopped, the set-aside indexes back (else the
    next open brings them), an audit entry saying how far it got, and ImportFailed."""
    from desktop_app.db.bulk_process import WriterFailed
    from desktop_app.db.bulk_process import failure as reason_of
    from desktop_app.db.database import restore_indexes

    with contextlib.suppress(Exception):  # it has failed already, or is told to stop
        writer.close()
    if isinstance(failure, WriterFailed):
        reason = failure
    elif isinstance(failure, SQLAlchemyError | OSError):
        reason = reason_of(str(getattr(failure, "orig", None) or failure))
    else:
        reason = WriterFailed("IMPORT_UNEXPECTED", detail=f"{type(failure).__name__}: {failure}")
    report.committed = writer.committed_doses
    report.failed = say(reason.code, "en", **reason.params)
    # A full disk may refuse these too: said below.
    with contextlib.suppress(Exception), db.transaction() as s:
        restore_indexes(s)
    with contextlib.suppress(Exception), db.transaction() as s:
        s.add(audit_entry("import", "file", _file_id(path),
                          _audit(path, report, actor)["details"], utc_now(),
                          user_id=actor.user_id))
    raise ImportFailed(report, row, Part(reason.code, **reason.params)) from failure


def _audit(path: Path, report: ImportReport, actor: Actor) -> dict[str, Any]:
    details: dict[str, Any] = {"file": path.name, "sheet": report.sheet,
                               "counts": dict(report.counts), "cancelled": report.cancelled}
    if report.failed is not None:
        details.update(failed=report.failed, committed=report.committed)
    report.file_id = report.file_id or _file_id(path)
    return {"action": "import", "user_id": actor.user_id, "entity": "file",
            "entity_id": report.file_id, "details": details}


def _too_large(sheet_row: int, cells: list[Any], why: tuple[str, dict[str, Any]],
               report: ImportReport) -> None:
    """A row past a size limit: rejected with its reason, kept short in the fix file."""
    code, params = why
    message = say(code, report.lang, **params)
    report.counts[REJECTED] += 1
    report.issues.append(RowIssue(sheet_row, REJECTED, code, message))
    report.to_fix.append((shortened(cells), message))


def _take(row: Row, cells: list[Any], report: ImportReport, state: Known, batch: Batch) -> None:
    """One row's outcome into the report, and its dose (and person) into the batch."""
    counts = report.counts
    outcome = row.outcome
    if outcome == REJECTED:
        problem = next(p for p in row.problems if p.code in REJECTING)
        counts[REJECTED] += 1
        issue = RowIssue(row.sheet_row, REJECTED, problem.code,
                         _where(problem.field, report.lang) + problem.message(report.lang))
        report.issues.append(issue)
        report.to_fix.append((list(cells), issue.message))
        return
    taken = state.place(row, batch, report.lang)
    if taken is not None:  # a duplicate, or a correction of someone already recorded
        counts[taken.outcome] += 1
        report.issues.append(taken)
        return
    if outcome == IMPORTED and row.problems:
        outcome = FLAGGED  # placing it flagged a dose number already taken
    counts[outcome] += 1
    if outcome == FLAGGED:  # every reason, so one look at the report says it all
        report.issues.append(RowIssue(row.sheet_row, FLAGGED, row.problems[0].code,
                                      " ".join(_where(p.field, report.lang)
                                               + p.message(report.lang)
                                                for p in row.problems)))


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
                              cancelled=report.cancelled, failed=report.failed,
                              committed=report.committed)
    if fix_path is not None:
        with private_output(fix_path) as part:
            write_fix_workbook(part, report.headers, report.to_fix)



# -- what is already known: people by key, doses by person ---------------------------------

AMBIGUOUS = ""  # in Known.by_dose: recorded namesakes share the dose; nobody is guessed
_RECORDED = None  # key in a person's dose dict: the hash of the identity as recorded


@dataclass
class Known:
    """Who is already known (people by key) and their doses. A person's doses are one dict
    keyed by dose number (int) and by dose date (date): the two never collide, and one dict
    per person instead of two saves half a million allocations on a big import. For a
    person in the database the same dict keeps, under ``None``, a hash of the identity as
    recorded: a re-sent row that hashes the same corrects nothing, with no look at the
    record."""

    people: dict[Any, str]
    doses: dict[str, dict[Any, int]]  # person -> number or date -> sheet row (0: database)
    people_created: int = 0
    # hash((folded name, vaccine, dose date)) -> the person in the database with that dose:
    # how a corrected row finds whom it corrects, whatever it corrects (the ID, the date of
    # birth, the phone: any of them may be what made the row's person key differ).
    by_dose: dict[int, str] = field(default_factory=dict)
    db: Database | None = None
    reader: RowReader | None = None
    # Decided once the whole file is read (``settle``): the rows that would correct each
    # person (their provisional issue, what they give, an unreadable date of birth as
    # typed), the fields other rows of the file gave as recorded, and the records read.
    candidates: dict[str, list[tuple[RowIssue, dict[str, Any], str]]] = field(
        default_factory=dict)
    confirmed: dict[str, int] = field(default_factory=dict)  # bits: CORRECTABLE fields
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The keys of records a merge folded, each known as the record it was folded into.
    merged_keys: set[Any] = field(default_factory=set)
    # Each voided dose as (person, date, vaccine, number) and (person, date, vaccine, None):
    # a row that gives it (with its number or none) is that dose sent again.
    voided: set[tuple[str, date, str, int | None]] = field(default_factory=set)
    _conn: Any = field(default=None, repr=False)  # the pool's DBAPI connection

    @classmethod
    def load(cls, db: Database, reader: RowReader | None = None) -> Known:
        people: dict[Any, str] = {}
        doses: dict[str, dict[Any, int]] = {}
        by_dose: dict[int, str] = {}
        voided: set[tuple[str, date, str, int | None]] = set()
        # While loading only: one id object per person (shared by every map), its name key
        # and its identity's hash.
        recorded: dict[str, tuple[str, str, int]] = {}
        folded: list[tuple[Any, str]] = []
        into: dict[str, str] = {}  # a folded record -> the one it was folded into
        with db.reading() as s:
            for pid, id_type, number, name_key, dob, sex, phone, address, merged_into in \
                    s.execute(select(Person.id, Person.id_type, Person.id_number,
                                     Person.name_key, Person.dob, Person.sex, Person.phone,
                                     Person.address, Person.merged_into)):
                key = person_key(id_type, number, name_key, dob, phone, address)
                recorded[pid] = (pid, name_key,  # _identity, inlined: once per person
                                 hash((dob, sex, id_type if number else "NONE", number, phone,
                                       address)))
                if merged_into is None:
                    people[key] = pid
                else:
                    folded.append((key, pid))
                    into[pid] = merged_into
            merged_keys: set[Any] = set()
            for key, pid in folded:
                kept = recorded.get(_kept(into, pid), recorded[pid])
                recorded[pid] = kept  # a dose left on the folded record counts as the kept's
                if key not in people:  # else a record not folded has that key: it is theirs
                    people[key] = kept[0]
                    merged_keys.add(key)
            for person_id, number, when, product, status in s.execute(select(
                    Dose.person_id, Dose.dose_number, Dose.dose_date, Dose.product_code,
                    Dose.status)):
                pid, name_key, identity = recorded[person_id]
                if status != "active":
                    voided.update(((pid, when, product, number), (pid, when, product, None)))
                    continue
                known = doses.get(pid)
                if known is None:
                    known = doses[pid] = {_RECORDED: identity}
                known[number] = 0
                known[when] = 0
                at = hash((name_key, product, when))
                if by_dose.setdefault(at, pid) != pid:
                    by_dose[at] = AMBIGUOUS
        return cls(people, doses, by_dose=by_dose, db=db, reader=reader,
                   merged_keys=merged_keys, voided=voided)

    def place(self, row: Row, batch: Batch, lang: str = "vi") -> RowIssue | None:
        """Store the row's dose (and person, if new) in the batch, or say it is a duplicate,
        or correct the person it is already recorded for.

        A duplicate is the same person with the same dose number, or on the same day (no
        one gets two doses on one day: a renumbered copy). A row without a dose number
        takes the person's next one; that number is remembered as inferred (a negative
        row), so a later row that gives the same number is not taken for a copy of it:
        that dose is stored under the next free number and flagged, never dropped. A dose
        recorded and then voided is known too: a row of its day and vaccine (and number,
        if given) is that dose sent again, and the void stands; a corrected row (another
        day, vaccine or number) is the dose the void left to record. A record a merge
        folded is known as the record it was folded into.

        A correction: the row's dose (vaccine, date, and number when given) is recorded for
        a person in the database of the same folded name, and the row gives that person
        other identity values. Only then: the same vaccine on the same day is every other
        person of a campaign, so a different name is somebody else (stored as before), and
        namesakes who share the dose are not guessed between."""
        key = row.person_key()
        pid = self.people.get(key)
        # A row of a record a merge folded: the merge weighed its values against the kept
        # record's (they correct nothing, nor vote), and its name may differ by design.
        at = hash((row.name_key, row.product_code, row.dose_date)) \
            if self.by_dose and key not in self.merged_keys else None
        if pid is None:
            found = self.by_dose.get(at) if at is not None else None
            if found:  # neither unknown nor AMBIGUOUS
                taken = self._consider(found, row, lang)
                if taken is not None:
                    return taken
            elif found == AMBIGUOUS:  # likely one of them, corrected: a person must say who
                row.problems.append(error("CORRECTION_AMBIGUOUS", "full_name"))
            pid = batch.add_person(row)
            self.people[key] = pid
            self.people_created += 1
            known = self.doses[pid] = {}
        else:
            known = self.doses.setdefault(pid, {})
            if at is not None:  # only a database can hold someone to correct
                recorded = known.get(_RECORDED)
                if recorded is not None and self.by_dose.get(at) == pid:
                    if recorded != _row_identity(row):
                        taken = self._consider(pid, row, lang)
                        if taken is not None:
                            return taken
                    else:  # the record's own values: a vote against changing them
                        self.confirmed[pid] = self.confirmed.get(pid, 0) | _given_mask(row)
        given = row.dose_number
        earlier = known.get(given) if given else None
        if earlier is not None and earlier >= 0:
            return self._duplicate(pid, row, at, given, earlier, "DUPLICATE_IN_FILE",
                                   "DUPLICATE_IN_DATABASE", lang)
        same_day = known.get(row.dose_date)
        if same_day is not None:
            return self._duplicate(pid, row, at, given, same_day, "DUPLICATE_SAME_DAY_IN_FILE",
                                   "DUPLICATE_SAME_DAY_IN_DATABASE", lang)
        if (pid, row.dose_date, row.product_code, given or None) in self.voided:
            return _duplicate(row, given, 0, "", "DUPLICATE_VOIDED_IN_DATABASE", lang)
        number = given
        if not given or earlier is not None:
            number = max((k for k in known if type(k) is int), default=0) + 1
            if earlier is not None:
                row.problems.append(error("DOSE_NUMBER_TAKEN", "dose_number", given=given,
                                          row=-earlier, number=number))
        known[number] = row.sheet_row if given == number else -row.sheet_row
        known[row.dose_date] = row.sheet_row
        batch.add_dose(pid, row, number)
        return None

    def _consider(self, pid: str, row: Row, lang: str) -> RowIssue | None:
        """A row of ``pid`` (same folded name, a dose of theirs) that may correct them: a
        provisional CORRECTED issue (``settle`` decides), a duplicate when it gives nothing
        new, None when the record does not bear the match out (another name, no such dose:
        a hash collision or a dose number that differs)."""
        current = self._recorded(pid, row)
        if current is None:
            return None
        given = given_identity(row)
        differs = {f: [current[f], v] for f, v in given.items() if v != current[f]}
        if not differs:  # the row's dose, and nothing new about its person
            self.confirmed[pid] = self.confirmed.get(pid, 0) | _given_mask(row)
            return _duplicate(row, row.dose_number, 0, "", "DUPLICATE_IN_DATABASE"
                              if row.dose_number else "DUPLICATE_SAME_DAY_IN_DATABASE", lang)
        shown = next((p.params.get("value", "") for p in row.problems
                      if p.code == "DOB_INVALID"), "")
        name = current["full_name"]
        plain = {f: [_plain(old), _plain(new)] for f, (old, new) in differs.items()}
        issue = RowIssue(row.sheet_row, CORRECTED, "PERSON_CORRECTED",
                         say("PERSON_CORRECTED", lang, name=name, person_id=pid,
                             changes=describe_changes(plain, lang)),
                         person_id=pid, person_name=name, changes=plain)
        self.candidates.setdefault(pid, []).append((issue, given, shown))
        self.people.setdefault(row.person_key(), pid)  # its other rows find the same person
        return issue

    def settle(self, batch: Batch, report: ImportReport, *, may_correct: bool = True,
               hold: bool = False) -> None:
        """Decide the corrections once every row is read: a field changes when the file
        says one value for it (``settled_corrections``). Rows of a person whose file
        disagrees with itself on everything it would change become duplicates that say so;
        the others stay CORRECTED with what was changed. Without ``may_correct`` (a
        volunteer's import: correcting recorded people, and revoking their certificates,
        is a supervisor's) they are duplicates that say what a supervisor's import of the
        same file would correct. With ``hold`` they are duplicates that say the correction
        awaits the supervisor, and the corrections wait in ``report.held``."""
        if not self.candidates:
            return
        lang = report.lang
        final: dict[int, RowIssue] = {}

        def kept_as_is(pid: str, rows: list, code: str, held: dict | None = None,
                       **params: str) -> None:
            """The person's rows as duplicates that say why nothing was corrected; those of
            a ``held`` correction keep whom and what it changes, for when it is decided."""
            for issue, _given, _shown in rows:
                final[id(issue)] = RowIssue(
                    issue.sheet_row, DUPLICATE, code, say(code, lang, name=issue.person_name,
                                                          person_id=pid, **params),
                    person_id=pid if held else None,
                    person_name=issue.person_name if held else None, changes=held,
                    dose=issue.dose)

        for pid, rows in self.candidates.items():
            current = self.records[pid]
            confirmed = self.confirmed.get(pid, 0)
            changes, disagree = settled_corrections(
                current, [given for _issue, given, _shown in rows],
                {f for bit, f in enumerate(CORRECTABLE) if confirmed >> bit & 1})
            labels = ", ".join(say("FIELD_" + f.upper(), lang) for f in disagree)
            if not changes:
                kept_as_is(pid, rows, "CORRECTION_DISAGREES", fields=labels)
                continue
            merged = {**current, **{f: new for f, (_old, new) in changes.items()}}
            if merged["id_number"] is None:
                merged["id_type"] = "NONE"
            plain = {f: [_plain(old), _plain(new)] for f, (old, new) in changes.items()}
            said = describe_changes(plain, lang)
            if not may_correct:
                kept_as_is(pid, rows, "CORRECTION_NEEDS_SUPERVISOR", changes=said)
                continue
            reason = self._reason(merged, rows)
            if disagree:
                said += " " + say("CORRECTION_PART_DISAGREES", lang, fields=labels)
            if hold:
                name = rows[0][0].person_name or ""
                report.held.append(HeldCorrection(pid, name, plain, said, reason))
                kept_as_is(pid, rows, "CORRECTION_AWAITS", plain, changes=said)
                continue
            batch.add_correction(pid, plain, reason)
            for issue, _given, _shown in rows:
                final[id(issue)] = RowIssue(
                    issue.sheet_row, CORRECTED, "PERSON_CORRECTED",
                    say("PERSON_CORRECTED", lang, name=issue.person_name, person_id=pid,
                        changes=said),
                    person_id=pid, person_name=issue.person_name, changes=plain,
                    dose=issue.dose)
        kept = [final.get(id(i), i) for i in report.issues]
        report.issues[:] = kept
        corrected = sum(1 for i in final.values() if i.outcome == CORRECTED)
        report.counts[DUPLICATE] += report.counts[CORRECTED] - corrected
        report.counts[CORRECTED] = corrected
        self.candidates.clear()

    def _reason(self, merged: Mapping[str, Any],
                rows: list[tuple[RowIssue, dict[str, Any], str]]) -> str | None:
        """What still puts the corrected person on the cleaning list, by the importer's own
        flag rules (an unreadable date of birth as the file typed it)."""
        if self.reader is None:
            return None
        shown = "" if merged["dob"] is not None else next(
            (s for _issue, _given, s in reversed(rows) if s), "")
        return ",".join(p.code for p in self.reader.identity_flags(
            merged["dob"], shown, merged["sex"], merged["id_type"], merged["id_number"])) or None

    def _recorded(self, pid: str, row: Row) -> dict[str, Any] | None:
        """The person as recorded, if the name matches and the row's dose is theirs: one
        primary-key lookup, for candidate rows only. Nothing this import does reaches the
        database before ``settle``, so what is read is the record as the file found it."""
        sql, params = _RECORDED_SQL, [pid, pid, row.product_code, _day(row.dose_date)]
        if row.dose_number:
            sql, params = _RECORDED_SQL_NUMBERED, [*params, row.dose_number]
        found = self._read(sql, params)
        if found is None:
            return None
        current = dict(zip(("full_name", "name_key", *CORRECTABLE), found, strict=True))
        current["dob"] = date.fromisoformat(current["dob"]) if current["dob"] else None
        current = self.records.setdefault(pid, current)
        return current if current["name_key"] == row.name_key else None

    def _read(self, sql: str, params: list[Any]) -> tuple | None:
        """One read, in SQL on a connection kept for the import: through the ORM each read
        cost ~0.5 ms against ~12 µs here (measured). Autocommitted, so no read transaction
        stays open and the writer's WAL can still be checkpointed."""
        if self.db is None:
            return None
        if self._conn is None:
            self._conn = self.db.engine.raw_connection()
        return self._conn.driver_connection.execute(sql, params).fetchone()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _duplicate(self, pid: str, row: Row, at: int | None, number: int | None, earlier: int,
                   in_file: str, in_database: str, lang: str) -> RowIssue:
        """A duplicate; one of a recorded dose under another name says whose it is: the
        ID says the same person, the name does not, and only a person can tell which is
        wrong (nothing is changed)."""
        if earlier == 0 and at is not None and self.by_dose.get(at) != pid \
                and self.doses[pid].get(_RECORDED) is not None:
            name, name_key = self._read("SELECT full_name, name_key FROM person WHERE id = ?",
                                        [pid])
            if name_key != row.name_key:
                return RowIssue(row.sheet_row, DUPLICATE, "DUPLICATE_NAME_DIFFERS",
                                say("DUPLICATE_NAME_DIFFERS", lang, name=name, person_id=pid,
                                    dose_date=format_date(row.dose_date)))
        return _duplicate(row, number, earlier, in_file, in_database, lang)


_RECORDED_SQL = (
    f"SELECT full_name, name_key, {', '.join(CORRECTABLE)} FROM person WHERE id = ? AND EXISTS"
    " (SELECT 1 FROM dose WHERE person_id = ? AND product_code = ? AND dose_date = ?"
    " AND status = 'active')")
_RECORDED_SQL_NUMBERED = _RECORDED_SQL[:-1] + " AND dose_number = ?)"


def _identity(dob: date | None, sex: str | None, id_type: str, id_number: str | None,
              phone: str | None, address: str | None) -> int:
    return hash((dob, sex, id_type if id_number else "NONE", id_number, phone, address))


def _row_identity(row: Row) -> int:
    return _identity(row.dob, row.sex, row.id_type, row.id_number, row.phone, row.address)


def _given_mask(row: Row) -> int:
    """The CORRECTABLE fields a row gives (``given_identity``'s keys) as bits: a small
    int per person met, not a set, on a re-import of a million rows."""
    has_id = is_well_formed_id(row.id_type, row.id_number)
    return ((row.dob is not None) | (row.sex is not None) << 1 | has_id << 2 | has_id << 3
            | (row.phone is not None) << 4 | (row.address is not None) << 5)


def _plain(value: Any) -> Any:
    """A value as the audit's JSON keeps it (dates ISO, as ``store`` writes them)."""
    return value.isoformat() if isinstance(value, date) else value


def _duplicate(row: Row, number: int | None, earlier: int, in_file: str,
               in_database: str, lang: str) -> RowIssue:
    code = in_file if earlier else in_database
    said = say(code, lang, row=abs(earlier), dose_number=number or "",
                dose_date=format_date(row.dose_date))
    return RowIssue(row.sheet_row, DUPLICATE, code, said)


@dataclass
class Batch:
    """Rows ready for the writer, as tuples in the column order of ``db.bulk``."""

    site_id: str
    now: str  # as SQLAlchemy stores a DateTime in SQLite
    source: str = "import"  # dose.source: "import" (a file) or "backfill" (a paper form)
    user_id: str | None = None  # who imports: the corrections' audit entries name them
    people: list[tuple] = field(default_factory=list)
    doses: list[tuple] = field(default_factory=list)
    corrections: list[tuple] = field(default_factory=list)  # see bulk_sql.write_chunk
    _ids: list[str] = field(default_factory=list)  # reversed: pop() hands them out ascending

    def _id(self) -> str:
        if not self._ids:
            self._ids = new_ids(BLOCK)[::-1]
        return self._ids.pop()

    def add_person(self, row: Row) -> str:
        pid = self._id()
        self.people.append((
            pid, self.site_id, row.full_name, row.name_key, _day(row.dob), row.sex,
            row.id_type if row.id_number else "NONE", row.id_number, None, row.phone,
            row.address, self.now, self.now, ",".join(row.flags) or None))
        return pid

    def add_dose(self, pid: str, row: Row, number: int) -> None:
        self.doses.append((self._id(), pid, self.site_id, row.product_code, row.lot_number,
                           number, _day(row.dose_date), self.source, "active", row.facility,
                           self.now, self.now))

    def add_correction(self, pid: str, changes: dict[str, list[Any]],
                       cleaning_reason: str | None) -> None:
        """``changes``: {field: [old, new]}, JSON-ready (dates ISO, as the columns keep
        them)."""
        self.corrections.append(correction(pid, changes, cleaning_reason, self.user_id))

    def take(self) -> tuple[list[tuple], list[tuple]]:
        taken = (self.people, self.doses)
        self.people, self.doses = [], []
        return taken

    def take_corrections(self) -> list[tuple]:
        taken, self.corrections = self.corrections, []
        return taken


def correction(pid: str, changes: dict[str, list[Any]], cleaning_reason: str | None,
               user_id: str | None) -> tuple:
    """A correction as ``bulk_sql.write_corrections`` takes it."""
    return (pid, {f: new for f, (_old, new) in changes.items()}, cleaning_reason,
            json.dumps(changes, ensure_ascii=False), user_id)


def _kept(into: Mapping[str, str], pid: str) -> str:
    """``store.kept_record`` over the merges already read: the record that stands."""
    seen = {pid}
    while (nxt := into.get(pid)) is not None and nxt not in seen:
        seen.add(nxt)
        pid = nxt
    return pid


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _site(db: Database, given: tuple[str, str] | None, facility: str | None, actor: Actor
          ) -> SiteInfo:
    """The site the import is recorded under: --site, else this laptop's, else the first
    row's "Cơ sở tiêm" (a fresh data folder needs no first-run setup to import)."""
    if given is not None:
        return site_for_records(db, given[0], given[1], actor=actor)
    site = current_site(db)
    if site is not None:
        return site
    if not facility:
        raise ImportRefused("IMPORT_NO_SITE")
    code = "BF-" + hashlib.sha1(fold(facility).encode()).hexdigest()[:8].upper()
    return site_for_records(db, code, facility, adopt=False, actor=actor)  # setup still runs


def _first_facility(reader: RowReader, table: Table) -> str | None:
    """The first "Cơ sở tiêm" named in the rows already read in with the header."""
    column = reader.mapping.get("facility")
    if column is None:
        return None
    for cells in table.head_data:
        name = text(cells[column]) if column < len(cells) else ""
        if name:
            return name
    return None


def _file_id(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:32]


_LABELLED_FIELDS = {"full_name", "dob", "sex", "id_number", "product_code", "dose_date", "phone",
                    "dose_number"}


def _where(field_name: str, lang: str) -> str:
    if field_name not in _LABELLED_FIELDS:
        return ""
    return f"[{say('FIELD_' + field_name.upper(), lang)}] "
