"""What the backfill screen shows before an import: the file's columns, the header it found,
and how the first rows would fare under the chosen column mapping. No Qt: the screen only
lays these out."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from desktop_app.clock import local_today
from desktop_app.db.database import Database
from desktop_app.importers import date_order
from desktop_app.importers.headers import FIELDS
from desktop_app.importers.headers import ID_ELSE as ID_ELSE  # the screen's, too
from desktop_app.importers.hidden_rows import HiddenRows, split
from desktop_app.importers.reading import Table, UnreadableFile
from desktop_app.importers.rows import (
    CORRECTED,
    REJECTED,
    SKIPPED,
    Row,
    RowReader,
    as_refused,
)
from desktop_app.importers.values import text
from desktop_app.importers.wide import LONG_MAPPING, WideLayout, find_wide
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.columns import column_letter
from desktop_app.rules.messages import text as say
from desktop_app.rules.numbers import row_list
from desktop_app.rules.problems import Problem
from desktop_app.services import import_batches
from desktop_app.services.audit import describe_changes
from desktop_app.services.backfill import date_columns, date_notes, file_id, inspect_file
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_known import Known
from desktop_app.services.backfill_report import skipped

PREVIEW_ROWS = 20
MAPPABLE_FIELDS = FIELDS  # the columns a person can map, in the screen's order


@dataclass(frozen=True)
class FilePreview:
    file: str
    sheet: str
    header_row: int | None  # as the spreadsheet numbers it; None: no header row found
    header_complete: bool
    mapping: dict[str, int]  # the mapping the header gave
    columns: list[str]  # a label per column: "A: Họ và tên"
    sample: list[tuple[int, list[Any]]]  # (sheet row, cells) of the first data rows
    # A wide template (a column group per dose): its layout, read as found (no mapping).
    wide: WideLayout | None = None
    text_only: bool = False  # a CSV: an ID cell's digits may have lost their zeros
    # What each column's text dates show of their order, in the rows the import decides
    # it on (``date_order``): whatever columns are mapped, read as the import will read them.
    dates: dict[int, date_order.Evidence] = field(default_factory=dict)
    # The rows the file hides among those read here (the sample and the rows the dates are
    # decided on): the import skips them (``Table.visible_rows``), the screen says so.
    hidden: tuple[int, ...] = ()
    date1904: bool = False  # its serials count from 1904 (``unpacking.Looked``)
    stamp: tuple[int, int] | None = None  # ``file_stamp`` as it was read
    # The contents' digest (``backfill.file_id``): imported before, its rows correct no
    # field changed since, as its import then does (``import_batches.imported_before``).
    digest: str = ""

    @property
    def dose_groups(self) -> int:
        return len(self.wide.groups) if self.wide else 0


@dataclass(frozen=True)
class SampleRow:
    sheet_row: int
    # imported | flagged | rejected | skipped (hidden in the file, a totals row, a line under
    # it, the header again); with a database also duplicate | corrected
    outcome: str
    problems: tuple[Problem, ...]
    full_name: str
    dose: int | None = None  # a wide sheet's row is a line a dose: which one
    said: str = ""  # a duplicate's or correction's word, as the import would say it
    dose_date: date | None = None  # as read: a month-first file shows what was made of it


def preview_file(path: Path, sheet: str | None = None) -> FilePreview:
    """Open a file, find its header and read the first rows; raises ImportRefused."""
    stamp = file_stamp(path)  # before reading: a save while it is read shows as a change
    digest = file_id(path)
    table = inspect_file(path, sheet)
    layout = find_wide(table.head)
    if layout is not None:  # its two header rows, as the import reads them
        table.header = layout.header
    rows = table.data_rows()
    sample = list(islice(rows, PREVIEW_ROWS))  # the rows the file hides too: said skipped
    header = table.header
    labels = _column_labels(table)
    hidden: list[int] = []
    dates = _dates(sample, rows, len(labels), table.hidden, hidden)
    return FilePreview(
        path.name, table.sheet, header.row_index + 1 if header else None,
        bool(header and header.complete), dict(header.mapping) if header else {},
        [f"{column_letter(i)}: {label}" for i, label in enumerate(labels)], sample, layout,
        table.text_only, dates, tuple(hidden), table.date1904, stamp, digest)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """The file's size and modification time (ns); None when it is gone. Another stamp
    than its preview's: the file was saved again since (a column deleted in a
    spreadsheet program), and the columns chosen on the preview may name others now."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _dates(sample: list[tuple[int, list[Any]]], rest: Iterator[tuple[int, list[Any]]],
           width: int, hides: HiddenRows, hidden: list[int]) -> dict[int, date_order.Evidence]:
    """Every column's date evidence in the rows the import looks ahead at: the sample and
    the rows after it (a file damaged past them: what was read), but those the file hides
    (``hides``), which the import skips: their numbers go into ``hidden``."""
    ahead = list(split(sample, hides, hidden)) if hides else list(sample)
    with contextlib.suppress(UnreadableFile):
        ahead += islice(split(rest, hides, hidden) if hides else rest,
                        date_order.LOOK_AHEAD - len(ahead))
    return date_order.gather(ahead, range(width))


def date_orders(preview: FilePreview, mapping: dict[str, int], today: date | None = None
                ) -> dict[str, date_order.DateOrder]:
    """How the import will read the text dates of the columns ``mapping`` (or the wide
    layout) names."""
    return date_order.orders_of(preview.dates, date_columns(mapping, preview.wide),
                                (today or local_today()).year)


def preview_notes(preview: FilePreview, mapping: dict[str, int], lang: str,
                  today: date | None = None) -> list[str]:
    """What the import will say of the way it reads the dates (a column month first, years
    of two digits), and of the rows the file hides among those read (not imported)."""
    notes = date_notes(date_orders(preview, mapping, today), lang)
    if preview.hidden:
        notes.append(say("BACKFILL_HIDDEN_NOTE", lang, rows=row_list(preview.hidden, lang)))
    return notes


def judge_sample(preview: FilePreview, mapping: dict[str, int], catalogue: Catalogue,
                 today: date | None = None, *, db: Database | None = None,
                 lang: str = "vi") -> list[SampleRow]:
    """The sample's rows as the import would judge them (blank rows skipped): each alone,
    or, given the ``db``, placed the way the import places them, against what is recorded
    and the sample's rows before: a dose already recorded or a repeat of an earlier row is
    a duplicate, a recorded person's dose that says other things of them a correction (the
    whole file and who imports decide it). With ``db`` it reads the database: not on the
    screen's thread."""
    orders = date_orders(preview, mapping, today)
    wide = preview.wide
    reader = RowReader(LONG_MAPPING if wide is not None else mapping, catalogue,
                       today or local_today(), text_only=preview.text_only, date_orders=orders,
                       date1904=preview.date1904)
    doses = wide.reader() if wide is not None else None
    name_column = (wide.person if wide is not None else mapping).get("full_name", -1)
    hidden = set(preview.hidden)
    rows: list[tuple[int | None, Row] | SampleRow] = []  # read, or skipped as no dose
    for n, cells in preview.sample:
        if n in hidden:  # the import skips it unread: so here
            rows.append(_skipped("HIDDEN_ROW_SKIPPED", n, cells, name_column, lang))
            continue
        read = [(d, reader.read(n, long)) for d, long in doses(cells)] if doses is not None \
            else [(None, reader.read(n, cells))]
        kept = [(d, r) for d, r in read if r is not None]  # each dose of a wide row
        rows += kept
        code = None if kept else _skipped_as(reader, n)
        if code is not None:  # a totals row, a line under it, the header again
            rows.append(_skipped(code, n, cells, name_column, lang))
    if db is None:
        return [r if isinstance(r, SampleRow) else
                SampleRow(r[1].sheet_row, r[1].outcome, tuple(r[1].problems), r[1].full_name,
                          r[0], dose_date=r[1].dose_date) for r in rows]
    return _placed(db, reader, rows, preview.digest, lang)


def _skipped_as(reader: RowReader, row: int) -> str | None:
    """Why the reader skipped ``row`` as no dose, if it did (else it was blank)."""
    for code, rows in (("TOTALS_ROW_SKIPPED", reader.totals),
                       ("FOOTER_ROW_SKIPPED", reader.footers),
                       ("SIGNATURE_ROW_SKIPPED", reader.signed),
                       ("HEADER_ROW_SKIPPED", reader.headers)):
        if rows and rows[-1] == row:
            return code
    return None


def _skipped(code: str, row: int, cells: list[Any], name_column: int, lang: str) -> SampleRow:
    """A sample row the import skips as no dose, in the import's words (``skipped``)."""
    name = text(cells[name_column]) if 0 <= name_column < len(cells) else ""  # as typed
    return SampleRow(row, SKIPPED, (), name, said=skipped(code, row, lang).message)


def _placed(db: Database, reader: RowReader, rows: list[tuple[int | None, Row] | SampleRow],
            digest: str, lang: str) -> list[SampleRow]:
    """The rows through ``Known.place``, on what is recorded of their names and IDs, into
    a batch nobody writes (the rows skipped as no dose as they are); a file imported before
    (by its ``digest``) corrects no field changed since, as on import."""
    read = [r for r in rows if not isinstance(r, SampleRow)]
    known = Known.load(db, reader, about=({r.name_key for _d, r in read},
                                          {n for _d, r in read
                                           for n in (r.id_number, r.old_id_number) if n}))
    if digest:
        known.imported_before = import_batches.imported_before(db, digest)
    batch = Batch("preview", "")
    judged = []
    try:
        for entry in rows:
            if isinstance(entry, SampleRow):
                judged.append(entry)
                continue
            dose, row = entry
            outcome, said = row.outcome, ""
            if outcome != REJECTED:
                issue = known.place(row, batch, lang)
                if issue is None:
                    outcome = row.outcome  # placing may have flagged a dose number taken
                elif issue.outcome == CORRECTED:  # provisional: say what is not yet decided
                    outcome, said = CORRECTED, say(
                        "BACKFILL_PREVIEW_CORRECTS", lang, name=issue.person_name,
                        person_id=issue.person_id,
                        changes=describe_changes(issue.changes or {}, lang))
                else:
                    outcome, said = issue.outcome, issue.message
            problems = as_refused(row.problems) if outcome == REJECTED else row.problems
            judged.append(SampleRow(row.sheet_row, outcome, tuple(problems),
                                    row.full_name, dose, said, row.dose_date))
    finally:
        known.close()
    return judged


def can_import(mapping: dict[str, int]) -> bool:
    """A row needs at least a name and a dose date to mean anything."""
    return "full_name" in mapping and "dose_date" in mapping


def _column_labels(table: Table) -> list[str]:
    """A label for each column: its header, else the first value the rows read show in it
    (as wide as the widest row: a title row has one cell)."""
    width = max((len(cells) for cells in table.head), default=0)
    given = list(table.header.headers) if table.header else []
    labels = []
    for index in range(width):
        label = given[index] if index < len(given) else ""
        if not label:
            label = next((str(cells[index]) for cells in table.head_data
                          if index < len(cells) and cells[index] not in ("", None)), "")
        labels.append(label)
    return labels
