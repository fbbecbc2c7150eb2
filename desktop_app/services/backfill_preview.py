"""What the backfill screen shows before an import: the file's columns, the header it found,
and how the first rows would fare under the chosen column mapping. No Qt: the screen only
lays these out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.clock import local_today
from desktop_app.importers.headers import FIELDS
from desktop_app.importers.reading import Table
from desktop_app.importers.rows import RowReader
from desktop_app.importers.wide import LONG_MAPPING, WideLayout, find_wide
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.columns import column_letter
from desktop_app.rules.problems import Problem
from desktop_app.services.backfill import inspect_file

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

    @property
    def dose_groups(self) -> int:
        return len(self.wide.groups) if self.wide else 0


@dataclass(frozen=True)
class SampleRow:
    sheet_row: int
    outcome: str  # imported | flagged | rejected
    problems: tuple[Problem, ...]
    full_name: str
    dose: int | None = None  # a wide sheet's row is a line a dose: which one


def preview_file(path: Path, sheet: str | None = None) -> FilePreview:
    """Open a file, find its header and read the first rows; raises ImportRefused."""
    table = inspect_file(path, sheet)
    layout = find_wide(table.head)
    if layout is not None:  # its two header rows, as the import reads them
        table.header = layout.header
    sample = []
    for item in table.data_rows():
        sample.append(item)
        if len(sample) >= PREVIEW_ROWS:
            break
    header = table.header
    labels = _column_labels(table)
    return FilePreview(
        path.name, table.sheet, header.row_index + 1 if header else None,
        bool(header and header.complete), dict(header.mapping) if header else {},
        [f"{column_letter(i)}: {label}" for i, label in enumerate(labels)], sample, layout)


def judge_sample(preview: FilePreview, mapping: dict[str, int], catalogue: Catalogue,
                 today: date | None = None) -> list[SampleRow]:
    """The sample's rows as the import would judge them alone (blank rows skipped)."""
    if preview.wide is not None:  # each dose of a row, judged as the import will
        reader = RowReader(LONG_MAPPING, catalogue, today or local_today())
        doses = preview.wide.reader()
        rows = ((d, reader.read(n, long)) for n, cells in preview.sample
                for d, long in doses(cells))
    else:
        reader = RowReader(mapping, catalogue, today or local_today())
        rows = ((None, reader.read(n, cells)) for n, cells in preview.sample)
    return [SampleRow(r.sheet_row, r.outcome, tuple(r.problems), r.full_name, d)
            for d, r in rows if r is not None]


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
