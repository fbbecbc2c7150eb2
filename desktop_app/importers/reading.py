"""Opening a backfill file: spreadsheets through calamine (Rust, ~10x openpyxl's speed),
.csv in UTF-8, UTF-8 with BOM or Windows-1258, whichever decodes.

An .xlsx/.xlsm sheet is streamed row by row (python-calamine-plus): python-calamine builds
the whole sheet first, 1.1 GB for a million rows of a 12-column template, where streaming
stays at a few MB and hands over the first rows at once. .xls and .ods go through
python-calamine, which has no streaming for them (old templates are smaller).

``open_table`` finds the header row and hands back the data rows with the row number the
spreadsheet shows, so every message can say "row 1,234" and the volunteer finds it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.importers.headers import SCAN_ROWS, HeaderMatch, find_header

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
STREAMED = {".xlsx", ".xlsm"}
CSV_ENCODINGS = ("utf-8-sig", "cp1258")  # utf-8-sig reads plain UTF-8 as well


class UnreadableFile(ValueError):
    """The file cannot be read as a table of doses; ``code`` keys the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class Table:
    path: Path
    sheet: str
    header: HeaderMatch | None
    head: list[list[Any]]  # the first rows read (title rows and header included)
    total_rows: int  # rows in the sheet, for progress (0 when the file does not say)
    _rest: Iterator[list[Any]] = field(repr=False, default=iter(()))

    @property
    def first_data_row(self) -> int:
        """The sheet row number of the first row below the header."""
        return (self.header.row_index if self.header else -1) + 2

    @property
    def head_data(self) -> list[list[Any]]:
        """The rows already read in below the header: enough to label columns or find the
        site, without walking the file."""
        return self.head[self.first_data_row - 1:]

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(sheet row number, cells) of every row below the header, blank rows skipped.
        Can be walked once: a million rows are never all in memory."""
        start = self.header.row_index + 1 if self.header else 0
        number = start
        # any(cells) runs in C: "" and None are blank; so is a row of zeros, which no
        # template has as a real record.
        for cells in self.head[start:]:
            number += 1
            if any(cells):
                yield number, cells
        for cells in self._rest:
            number += 1
            if any(cells):
                yield number, cells


def open_table(path: Path, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFile("IMPORT_FILE_MISSING", file=str(path))
    if suffix in SPREADSHEETS:
        name, rows, total = _spreadsheet(path, sheet)
    elif suffix in (".csv", ".txt"):
        name, rows, total = path.name, _csv_rows(path), 0
    else:
        raise UnreadableFile("IMPORT_FILE_TYPE", file=path.name)
    head = [list(r) for _, r in zip(range(SCAN_ROWS), rows, strict=False)]
    table = Table(path, name, find_header(head), head, total, rows)  # 0: not known
    if suffix in (".csv", ".txt"):  # count lines cheaply for the progress bar
        with path.open("rb") as f:
            table.total_rows = sum(1 for _ in f)
    return table


def _spreadsheet(path: Path, sheet: str | None) -> tuple[str, Iterator[list[Any]], int]:
    if path.suffix.lower() in STREAMED:
        from python_calamine_plus import CalamineError, CalamineWorkbook

        chosen, stream = _open_sheet(path, sheet, CalamineWorkbook, CalamineError,
                                     lambda book, name: book.stream_sheet_by_name(name))
        # Like iter_rows, the stream starts at row 1 and yields blank rows as empty lists.
        return chosen, _guarded(iter(stream), path), _rows_in(stream.dimension)
    from python_calamine import CalamineError as Error
    from python_calamine import CalamineWorkbook as Workbook

    chosen, data = _open_sheet(path, sheet, Workbook, Error,
                               lambda book, name: book.get_sheet_by_name(name))
    # iter_rows starts at the sheet's first row, blank leading rows included, so the n-th
    # row it yields is row n of the spreadsheet.
    return chosen, iter(data.iter_rows()), data.end[0] + 1 if data.end else 0


def _open_sheet(path: Path, sheet: str | None, workbook: Any, error: type[Exception],
                open_sheet: Any) -> tuple[str, Any]:
    """The named (or first) sheet; every failure as an UnreadableFile in our words."""
    try:
        book = workbook.from_path(str(path))
        names = book.sheet_names
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise UnreadableFile("IMPORT_SHEET_MISSING", sheet=chosen, sheets=", ".join(names))
        return chosen, open_sheet(book, chosen)
    except (error, OSError, ValueError) as exc:
        if isinstance(exc, UnreadableFile):
            raise
        raise UnreadableFile("IMPORT_FILE_DAMAGED", file=path.name, detail=str(exc)) from exc


def _guarded(rows: Iterator[list[Any]], path: Path) -> Iterator[list[Any]]:
    """A file damaged past its first rows fails while streaming: say so in our words."""
    from python_calamine_plus import CalamineError

    try:
        yield from rows
    except (CalamineError, OSError, ValueError) as exc:
        raise UnreadableFile("IMPORT_FILE_DAMAGED", file=path.name, detail=str(exc)) from exc


def _rows_in(dimension: str | None) -> int:
    """The last row of an "A1:L1000004" dimension (0 when the file does not say)."""
    tail = (dimension or "").rpartition(":")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return int(tail) if tail.isdigit() else 0


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            textual = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost any byte string
        raise UnreadableFile("IMPORT_FILE_ENCODING", file=path.name)
    # Windows-1258 writes Vietnamese with combining tone marks: compose them.
    textual = unicodedata.normalize("NFC", textual)
    sample = textual[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return iter(csv.reader(io.StringIO(textual), dialect))
