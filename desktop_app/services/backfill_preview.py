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
from desktop_app.importers.reading import Table, UnreadableFile
from desktop_app.importers.rows import CORRECTED, REJECTED, Row, RowReader
from desktop_app.importers.wide import LONG_MAPPING, WideLayout, find_wide
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.columns import column_letter
from desktop_app.rules.messages import text as say
from desktop_app.rules.problems import Problem
from desktop_app.services.audit import describe_changes
from desktop_app.services.backfill import date_columns, date_notes, inspect_file
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_known import Known

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

    @property
    def dose_groups(self) -> int:
        return len(self.wide.groups) if self.wide else 0


@dataclass(frozen=True)
class SampleRow:
    sheet_row: int
    outcome: str  # imported | flagged | rejected; with a database also duplicate | corrected
    problems: tuple[Problem, ...]
    full_name: str
    dose: int | None = None  # a wide sheet's row is a line a dose: which one
    said: str = ""  # a duplicate's or correction's word, as the import would say it
    dose_date: date | None = None  # as read: a month-first file shows what was made of it


def preview_file(path: Path, sheet: str | None = None) -> FilePreview:
    """Open a file, find its header and read the first rows; raises ImportRefused."""
    table = inspect_file(path, sheet)
    layout = find_wide(table.head)
    if layout is not None:  # its two header rows, as the import reads them
        table.header = layout.header
    rows = table.data_rows()
    sample = list(islice(rows, PREVIEW_ROWS))
    header = table.header
    labels = _column_labels(table)
    return FilePreview(
        path.name, table.sheet, header.row_index + 1 if header else None,
        bool(header and header.complete), dict(header.mapping) if header else {},
        [f"{column_letter(i)}: {label}" for i, label in enumerate(labels)], sample, layout,
        table.text_only, _dates(sample, rows, len(labels)))


def _dates(sample: list[tuple[int, list[Any]]], rest: Iterator[tuple[int, list[Any]]],
           width: int) -> dict[int, date_order.Evidence]:
    """Every column's date evidence in the rows the import looks ahead at: the sample and
    the rows after it (a file damaged past them: what was read)."""
    ahead = list(sample)
    with contextlib.suppress(UnreadableFile):
        ahead += islice(rest, date_order.LOOK_AHEAD - len(sample))
    return date_order.gather(ahead, range(width))


def date_orders(preview: FilePreview, mapping: dict[str, int]) -> dict[str, date_order.DateOrder]:
    """How the import will read the text dates of the columns ``mapping`` (or the wide
    layout) names."""
    columns = date_columns(mapping, preview.wide)
    return date_order.decide({f: [preview.dates[c] for c in cs if c in preview.dates]
                              for f, cs in columns.items()})


def preview_notes(preview: FilePreview, mapping: dict[str, int], lang: str) -> list[str]:
    """What the import will say of the way it reads the dates (a column month first)."""
    return date_notes(date_orders(preview, mapping), lang)


def judge_sample(preview: FilePreview, mapping: dict[str, int], catalogue: Catalogue,
                 today: date | None = None, *, db: Database | None = None,
                 lang: str = "vi") -> list[SampleRow]:
    """The sample's rows as the import would judge them (blank rows skipped): each alone,
    or, given the ``db``, placed the way the import places them, against what is recorded
    and the sample's rows before: a dose already recorded or a repeat of an earlier row is
    a duplicate, a recorded person's dose that says other things of them a correction (the
    whole file and who imports decide it). With ``db`` it reads the database: not on the
    screen's thread."""
    orders = date_orders(preview, mapping)
    if preview.wide is not None:  # each dose of a row, judged as the import will
        reader = RowReader(LONG_MAPPING, catalogue, today or local_today(),
                           text_only=preview.text_only, date_orders=orders)
        doses = preview.wide.reader()
        rows = [(d, r) for n, cells in preview.sample for d, long in doses(cells)
                if (r := reader.read(n, long)) is not None]
    else:
        reader = RowReader(mapping, catalogue, today or local_today(),
                           text_only=preview.text_only, date_orders=orders)
        rows = [(None, r) for n, cells in preview.sample
                if (r := reader.read(n, cells)) is not None]
    if db is None:
        return [SampleRow(r.sheet_row, r.outcome, tuple(r.problems), r.full_name, d,
                          dose_date=r.dose_date) for d, r in rows]
    return _placed(db, reader, rows, lang)


def _placed(db: Database, reader: RowReader, rows: list[tuple[int | None, Row]],
            lang: str) -> list[SampleRow]:
    """The rows through ``Known.place``, on what is recorded of their names and IDs, into
    a batch nobody writes."""
    known = Known.load(db, reader, about=({r.name_key for _d, r in rows},
                                          {r.id_number for _d, r in rows if r.id_number}))
    batch = Batch("preview", "")
    judged = []
    try:
        for dose, row in rows:
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
            judged.append(SampleRow(row.sheet_row, outcome, tuple(row.problems),
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
