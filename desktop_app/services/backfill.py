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
from collections.abc import Callable, Generator, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from desktop_app.clock import local_today, utc_now
from desktop_app.db.bulk import bulk_writer
from desktop_app.db.bulk_sql import stored_time
from desktop_app.db.database import Database
from desktop_app.db.store import audit_entry
from desktop_app.gc_paused import gc_paused
from desktop_app.importers import date_order, wide
from desktop_app.importers.headers import as_mapped, unused_columns
from desktop_app.importers.limits import oversized, shortened
from desktop_app.importers.reading import Table, UnreadableFile, open_table
from desktop_app.importers.rows import (
    FLAGGED,
    REJECTED,
    REJECTING,
    SKIPPED,  # noqa: F401 - the outcome's name, as backfill.SKIPPED
    Row,
    RowReader,
)
from desktop_app.importers.values import text
from desktop_app.rules.columns import column_letter
from desktop_app.rules.messages import Part, UserError
from desktop_app.rules.messages import text as say
from desktop_app.rules.names import fold
from desktop_app.rules.numbers import Count, count
from desktop_app.services import import_batches
from desktop_app.services.actor import BACKFILLERS, SUPERVISORS, Actor, require
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_known import Known
from desktop_app.services.backfill_report import (
    NUMBER_TAKEN,
    ImportProgress,
    ImportReport,
    RowIssue,
    reasons,
    skipped_rows,
)
from desktop_app.services.site import SiteInfo, current_site, site_for_records

CHUNK = 20_000  # rows per transaction
PROGRESS_ROWS = 2_000  # rows read between progress reports (and chances to stop)
LARGE_FILE_BYTES = 2_000_000
BYTES_PER_ROW = 60  # about what a template row takes in a compressed .xlsx


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
    (the command line, told what to import, makes them).

    Refused while an import is being undone (``import_batches.claim``): its rows would be
    judged against doses the undo is voiding."""
    require(actor, *BACKFILLERS)
    undoing = import_batches.claim(db, import_batches.IMPORT, path.name)
    if undoing is not None:
        raise ImportRefused("IMPORT_WHILE_UNDOING", file=undoing)
    try:
        return (yield from _import(db, path, mapping=mapping, sheet=sheet, site=site,
                                   today=today, chunk=chunk, lang=lang, actor=actor,
                                   hold_corrections=hold_corrections))
    finally:
        import_batches.release(db, import_batches.IMPORT, path.name)


def _import(
    db: Database, path: Path, *, mapping: Mapping[str, int] | None,
    sheet: str | None, site: tuple[str, str] | None, today: date | None,
    chunk: int | None, lang: str, actor: Actor, hold_corrections: bool,
) -> Generator[ImportProgress, None, ImportReport]:
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
    headers = list(table.header.headers) if table.header else []
    report = ImportReport(path.name, table.sheet, header_row, dict(mapping), headers=headers,
                          lang=lang)
    if layout is None:  # a wide sheet's rows to fix are its own, under its own headings
        report.fix_headers = as_mapped(headers, mapping)
    # Which way the text dates are written, from the first rows, before any is judged. The
    # rows the file hides are no part of it: skipped, and said (``hidden``).
    hidden: list[int] = []
    today = today or local_today()
    rows, orders = date_order.look_ahead(table.visible_rows(hidden),
                                         date_columns(mapping, layout), this_year=today.year)
    reader = RowReader(mapping, db.catalogue, today,
                       text_only=table.text_only, date_orders=orders,
                       date1904=table.date1904)
    unused = column_notes(report.headers, layout.read_columns() if layout else mapping, lang)
    report.notes = unused + date_notes(orders, lang)  # said again at the end: a row may add
    site_info = _site(db, site, layout.first_facility(table.head_data) if layout else
                      _first_facility(reader, table), actor)
    doses = layout.reader() if layout else None
    # A rejected row goes to the rows to fix with its text dates as this file's order read
    # them: imported alone, the fix file's few dates could show no order, or another.
    fix = partial(date_order.as_read, columns=date_columns(mapping, layout),
                  orders=reader.date_orders)
    state = Known.load(db, reader)
    report.file_id = file_id(path)
    state.imported_before = import_batches.imported_before(db, report.file_id)
    now = utc_now()
    batch = Batch(site_info.id, stored_time(now), user_id=actor.user_id)
    # A file of more than a few MB holds tens of thousands of rows: insert in a process; and
    # when it brings more rows than the database holds, rebuild the indexes once at the end.
    size = path.stat().st_size
    # Its people and doses carry the batch's id: the import can be undone as a whole.
    report.batch_id = import_batches.begin(db, path.name, table.sheet, site_info.id, now,
                                           actor=actor)
    writer = bulk_writer(db, batch.now, large=size > LARGE_FILE_BYTES,
                         defer_indexes=size // BYTES_PER_ROW > len(state.people),
                         batch=report.batch_id)
    sheet_row = header_row
    failed: Exception | None = None
    with gc_paused():
        try:
            for sheet_row, cells in rows:
                report.rows_read += 1
                too_large = oversized(cells)
                if too_large is not None:
                    _too_large(sheet_row, cells, too_large, report)
                    continue
                if doses is not None:
                    wide.take_row(doses, reader, sheet_row, cells, report.issues, report.to_fix,
                                  lambda row, c=cells: _take(row, c, report, state, batch, fix),
                                  lambda n: say("IMPORT_DOSE_LABEL", lang, dose=n))
                elif (row := reader.read(sheet_row, cells)) is not None:
                    _take(row, cells, report, state, batch, fix)  # else a blank row
                if len(batch.doses) >= chunk:
                    writer.put(*batch.take(), corrections=batch.take_corrections())
                    batch.committed(writer.committed_doses)  # their people: read back
                    yield ImportProgress(report.rows_read, table.total_rows, report.stored, report)
                    state.catch_up(report.batch_id)  # what the desk saved meanwhile
                elif report.rows_read % PROGRESS_ROWS == 0:  # a Stop is heard between chunks
                    yield ImportProgress(report.rows_read, table.total_rows, report.stored, report)
        except (GeneratorExit, KeyboardInterrupt):
            # Stopped (a KeyboardInterrupt: a script's, or a second Ctrl+C): what was read
            # is stored and the import said stopped, never "done" for part of a file.
            report.cancelled = True
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
                    try:
                        state.settle(batch, report, may_correct=actor.role in SUPERVISORS,
                                     hold=hold_corrections)
                    finally:
                        state.close()  # settle reads the cases its corrections move
                    people, doses = batch.take()
                    writer.put(people, doses, _audit(path, report, actor),
                               corrections=batch.take_corrections())
                    writer.close()
                    report.people_created = state.people_created
                    import_batches.finish(db, report.batch_id, report, actor=actor)
                except Exception as exc:  # noqa: BLE001 - as above, at the last chunk
                    failed = exc
            if failed is not None:
                _failed_part_way(db, writer, report, path, actor, sheet_row, failed)
    report.people_created = state.people_created
    report.issues += skipped_rows(reader, hidden, lang)  # not doses: said once each
    report.notes = unused + date_notes(reader.date_orders, lang)
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
        reason = reason_of(failure, db.path)
    else:
        reason = WriterFailed("IMPORT_UNEXPECTED", detail=f"{type(failure).__name__}: {failure}")
    report.committed = writer.committed_doses
    # Kept as the catalogue's code: the audit entry and the report say it in their reader's
    # language (services/audit.py), never in the one it happened in.
    report.failed, report.failed_params = reason.code, dict(reason.params)
    with contextlib.suppress(Exception):  # as the entries below
        import_batches.finish(db, report.batch_id, report, actor=actor)
    # A full disk may refuse these too: said below.
    with contextlib.suppress(Exception), db.transaction() as s:
        restore_indexes(s)
    with contextlib.suppress(Exception), db.transaction() as s:
        s.add(audit_entry("import", "file", file_id(path),
                          _audit(path, report, actor)["details"], utc_now(),
                          user_id=actor.user_id))
    raise ImportFailed(report, row, Part(reason.code, **reason.params)) from failure


def _audit(path: Path, report: ImportReport, actor: Actor) -> dict[str, Any]:
    details: dict[str, Any] = {"file": path.name, "sheet": report.sheet,
                               "counts": dict(report.counts), "cancelled": report.cancelled,
                               "batch": report.batch_id}
    if report.failed is not None:
        details.update(failed=report.failed, committed=report.committed)
        if report.failed_params:
            details["failed_params"] = report.failed_params
    report.file_id = report.file_id or file_id(path)
    return {"action": "import", "user_id": actor.user_id, "entity": "file",
            "entity_id": report.file_id, "details": details}


def _too_large(sheet_row: int, cells: list[Any], why: tuple[str, dict[str, Any]],
               report: ImportReport) -> None:
    """A row past a size limit: rejected with its reason, kept short in the fix file."""
    code, params = why
    message = say(code, report.lang, **params)
    report.counts[REJECTED] += 1
    report.issues.append(RowIssue(sheet_row, REJECTED, code, message))
    report.to_fix.append((shortened(cells), message, sheet_row))


def _take(row: Row, cells: list[Any], report: ImportReport, state: Known, batch: Batch,
          fix: Callable[[list[Any]], list[Any]]) -> None:
    """One row's outcome into the report, and its dose (and person) into the batch; a
    rejected row's cells into the rows to fix as ``fix`` gives them (dates as read)."""
    counts = report.counts
    outcome = row.outcome
    if outcome == REJECTED:  # every reason (refusals first): one trip to fix the row
        state.id_of_another(row, batch, report.lang)
        problem = next(p for p in row.problems if p.code in REJECTING)
        counts[REJECTED] += 1
        issue = RowIssue(row.sheet_row, REJECTED, problem.code,
                         reasons(row.problems, report.lang, refused=True))
        report.issues.append(issue)
        report.to_fix.append((fix(cells), issue.message, row.sheet_row))
        return
    taken = state.place(row, batch, report.lang)
    if taken is not None:  # a duplicate, a correction of someone already recorded, or an
        counts[taken.outcome] += 1  # ID of another name's (refused: to fix in the file)
        report.issues.append(taken)
        if taken.outcome == REJECTED or taken.code in NUMBER_TAKEN:
            report.to_fix.append((fix(cells), taken.message, row.sheet_row))
        return
    # Placing it may flag it (a dose number already taken) or settle its one flag (a
    # recorded person's name, kept): the outcome as it stands now.
    outcome = row.outcome
    counts[outcome] += 1
    if outcome == FLAGGED:  # every reason, so one look at the report says it all
        report.issues.append(RowIssue(row.sheet_row, FLAGGED, row.problems[0].code,
                                      reasons(row.problems, report.lang)))


def date_columns(mapping: Mapping[str, int], layout: wide.WideLayout | None
                 ) -> dict[str, list[int]]:
    """The sheet's columns of each date field: the mapping's, or a wide template's (its
    date of birth, and each dose group's date)."""
    if layout is None:
        return date_order.date_columns(mapping)
    return date_order.date_columns(layout.person,
                                   [g["dose_date"] for _n, g in layout.groups])


def column_notes(headers: list[str], mapping: Mapping[str, int], lang: str) -> list[str]:
    """The columns the import leaves unread, said once (empty when it reads them all)."""
    unused = unused_columns(headers, dict(mapping))
    if not unused:
        return []
    return [say("IMPORT_COLUMNS_UNUSED", lang, count=Count(len(unused)), columns=", ".join(
        say("IMPORT_COLUMN_NAMED", lang, header=h, column=column_letter(i)) for i, h in unused))]


def date_notes(orders: Mapping[str, date_order.DateOrder], lang: str) -> list[str]:
    """What the report says of the way the file's dates were read (nothing when day first
    with four-digit years, as ever): a column read month first, or holding both orders, and
    one that writes years with two digits."""
    notes = []
    for name, order in orders.items():
        for said in (order.note(), order.short_note()):
            if said is None:
                continue
            code, params = said
            if code == "DATE_SHORT_YEAR" and name == "dob":  # its century has exceptions
                code = "DATE_SHORT_YEAR_DOB"
            if "other" in params:
                params["other"] = say(f"FIELD_{params['other'].upper()}", lang)
            if "was" in params:
                params["was"] = say(f"DATE_ORDER_{params['was'].upper()}_NAME", lang)
            notes.append(say(code, lang, column=say(f"FIELD_{name.upper()}", lang),
                             **params))
    return notes


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


def file_id(path: Path) -> str:
    """The digest of the file's contents its import's audit entry names: the same sheet
    under another name is the same file (``import_batches.imported_before``)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:32]
