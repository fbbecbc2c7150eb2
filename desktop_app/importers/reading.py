"""Opening a backfill file: spreadsheets through calamine (Rust, ~10x openpyxl's speed),
.csv in UTF-8, UTF-8 with BOM or Windows-1258, whichever decodes, or UTF-16 when it starts
with UTF-16's byte-order mark (what Excel's "Unicode Text" saves: tab-separated).

An .xlsx/.xlsm sheet is streamed row by row (python-calamine-plus): python-calamine, even
its current release (0.9.1, whose ``iter_rows`` walks a sheet already built), loads the
whole sheet first, 1.1 GB for a million rows of a 12-column template and nothing handed over
until then, where streaming stays at 15-66 MB and hands over the first rows at once. The
fork is young, so it is optional: without it (not installed, or a build that fails to
load) an .xlsx is read by python-calamine as .xls and .ods always are, the same rows at the
whole sheet's memory cost (tests/importers/test_reading.py holds the two equal).

``open_table`` finds the header row and hands back the data rows with the row number the
spreadsheet shows, so every message can say "row 1,234" and the volunteer finds it, and
which of them the file hides (``hidden_rows``; ``Table.visible_rows``).
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from desktop_app.importers import (
    file_kind,
    hidden_rows,
    limits,
    merged_cells,
    unpacking,
    xls_hidden,
)
from desktop_app.importers.headers import SCAN_ROWS, HeaderMatch, find_header
from desktop_app.importers.hidden_rows import NO_ROWS, HiddenRows
from desktop_app.importers.merged_cells import MergedDown
from desktop_app.importers.sheet_size import declared_rows, sheet_part
from desktop_app.rules.numbers import Count

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
STREAMED = {".xlsx", ".xlsm"}
TEXT_FILES = {".csv", ".txt"}
CSV_ENCODINGS = ("utf-8-sig", "cp1258")  # utf-8-sig reads plain UTF-8 as well
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Windows-1258 would decode it too

log = logging.getLogger(__name__)


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
    _scratch: Any = field(repr=False, default=None)  # a clipped copy's folder (unpacking)
    # The rows the file hides (.xlsx, .xlsm, .ods; .xls/.xlsb/.csv: none known).
    hidden: HiddenRows = field(repr=False, default=NO_ROWS)
    # Its cells merged down over rows (.xlsx, .xlsm, .xls, .ods; .xlsb/.csv: none known).
    merged: MergedDown = field(repr=False, default=merged_cells.NONE)
    date1904: bool = False  # its date serials count from 1904 (``unpacking.Looked``)

    def close(self) -> None:
        """Remove the clipped copy, if the reading made one."""
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    @property
    def text_only(self) -> bool:
        """The file keeps no cell types (a CSV): a number cell was written as its digits."""
        return self.path.suffix.lower() in TEXT_FILES

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
        """(sheet row number, cells) of every row below the header, blank rows skipped, a
        cell merged down read on each of its rows (``merged_cells``). Can be walked once:
        a million rows are never all in memory."""
        rows = self._data_rows()
        return merged_cells.filled(rows, self.merged) if self.merged else rows

    def _data_rows(self) -> Iterator[tuple[int, list[Any]]]:
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

    def visible_rows(self, hidden: list[int]) -> Iterator[tuple[int, list[Any]]]:
        """``data_rows`` but those the file hides, whose numbers are added to ``hidden`` as
        they pass: struck-out rows a commune hid, rows a filter does not show. Nothing is
        added to a file that hides no row."""
        rows = self.data_rows()
        return hidden_rows.split(rows, self.hidden, hidden) if self.hidden else rows


def open_table(path: Path, sheet: str | None = None) -> Table:
    """The sheet (named, or the first) of the file at ``path``, read as what its content
    is whatever its name says (``file_kind``), its header found."""
    if not path.is_file():
        raise UnreadableFile("IMPORT_FILE_MISSING", file=str(path))
    if path.stat().st_size == 0:  # saved before anything was written, or cut off
        raise UnreadableFile("IMPORT_FILE_EMPTY", file=path.name)
    read, renamed = _as_what_it_is(path)
    try:
        table = _open_table(read, sheet, path.name)
    except BaseException:
        if renamed is not None:
            renamed.cleanup()
        raise
    if renamed is not None:
        table._scratch = _Scratches(table._scratch, renamed)
    return table


def _as_what_it_is(path: Path) -> tuple[Path, Any]:
    """The file to read (``path``, or a copy named for what it is) and the copy's folder.
    A web page under a spreadsheet's name is refused saying so."""
    suffix = path.suffix.lower()
    kind = file_kind.kind_of(path)
    if kind == file_kind.WEB_PAGE and suffix in SPREADSHEETS | TEXT_FILES:
        raise UnreadableFile("IMPORT_FILE_WEB_PAGE", file=path.name)
    known = suffix in SPREADSHEETS | TEXT_FILES
    if not file_kind.misnamed(path, kind) or not (known or kind in SPREADSHEETS):
        return path, None
    log.info("%s is read as %s, what its content is", path.name, kind)
    return file_kind.renamed_copy(path, str(kind))


class _Scratches:
    """Folders a table reads from, removed together."""

    def __init__(self, *folders: Any) -> None:
        self.folders = [f for f in folders if f is not None]

    def cleanup(self) -> None:
        for folder in self.folders:
            folder.cleanup()


def _open_table(path: Path, sheet: str | None, shown: str) -> Table:
    suffix = path.suffix.lower()
    scratch, hidden, merged, date1904 = None, NO_ROWS, merged_cells.NONE, False
    if suffix in SPREADSHEETS:
        looked = _within_limits(path, shown)
        scratch, date1904 = looked.scratch, looked.date1904
        try:
            name, rows, total, merged, first_column = _spreadsheet(looked.path, sheet, shown)
        except BaseException:
            if scratch is not None:
                scratch.cleanup()
            raise
        part = _part(looked, name)
        hidden = _hidden(looked, name, part)
        merged = (merged or looked.merged.get(name if suffix == ".ods" else part or "",
                                              merged_cells.NONE)).shifted(first_column)
    elif suffix in TEXT_FILES:
        name, rows, total = shown, _csv_rows(path, shown), _count_lines(path)
    else:
        raise UnreadableFile("IMPORT_FILE_TYPE", file=shown)
    head = [list(r) for _, r in zip(range(SCAN_ROWS), rows, strict=False)]
    return Table(path, name, find_header(head), head, total, rows, scratch,  # 0: not known
                 hidden, merged, date1904)


def _hidden(looked: unpacking.Looked, sheet: str, part: str | None) -> HiddenRows:
    """The rows sheet ``sheet`` hides, as ``unpacking`` found them (an .xlsx's by the
    sheet's ``part``), or an .xls's records say them."""
    if looked.path.suffix.lower() == ".xls":  # not zipped: its own records say
        return xls_hidden.hidden_in(looked.path, sheet)
    if looked.path.suffix.lower() == ".ods":
        return looked.hidden.get(sheet, NO_ROWS)
    return looked.hidden.get(part or "", NO_ROWS)


def _part(looked: unpacking.Looked, sheet: str) -> str | None:
    """An .xlsx sheet's part ("xl/worksheets/sheet1.xml"), which the workbook's few KB
    name: where ``unpacking`` noted its hidden rows and merges. None when it noted none."""
    if not (looked.hidden or looked.merged) or looked.path.suffix.lower() in (".xls", ".ods"):
        return None
    try:
        with zipfile.ZipFile(looked.path) as book:
            return sheet_part(book, sheet)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, SyntaxError):
        return None  # ElementTree's ParseError is a SyntaxError; calamine read it


def _within_limits(path: Path, shown: str) -> unpacking.Looked:
    """The file calamine may read (itself or a clipped copy, see ``unpacking``) and the
    rows its sheets hide, or UnreadableFile when it is too large to read at all."""
    suffix = path.suffix.lower()
    if suffix == ".xls":  # not zipped: what is on disk is what is read
        size = path.stat().st_size
        if size > limits.max_part_bytes():
            raise UnreadableFile("IMPORT_FILE_TOO_LARGE", file=shown, part=shown,
                                 size=_mb(size), limit=_mb(limits.max_part_bytes()))
        return unpacking.Looked(path, None, {})
    try:
        # Without the stream the whole sheet is built in memory: it gets the smaller limit.
        return unpacking.checked(path, streamed=suffix in STREAMED and _streaming() is not None)
    except unpacking.TooManyCells as exc:
        raise UnreadableFile("IMPORT_TOO_MANY_CELLS", file=shown, cells=Count(exc.cells),
                             limit=Count(limits.MAX_WHOLE_SHEET_CELLS)) from None
    except unpacking.TooLarge as exc:
        raise UnreadableFile("IMPORT_FILE_TOO_LARGE", file=shown, part=exc.part,
                             size=_mb(exc.size), limit=_mb(exc.limit)) from None
    except (*unpacking.DAMAGED, OSError) as exc:
        raise damaged(shown, exc) from exc


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def _spreadsheet(path: Path, sheet: str | None, shown: str
                 ) -> tuple[str, Iterator[list[Any]], int, MergedDown | None, int]:
    """The sheet's name, its rows, how many it declares, its merges when the reader gives
    them (None: a streamed sheet's are ``unpacking``'s), and how many empty first columns
    its rows leave out (python-calamine's do; the stream keeps them)."""
    streaming = _streaming() if path.suffix.lower() in STREAMED else None
    if streaming is not None:
        chosen, stream = _open_sheet(path, shown, sheet, streaming.CalamineWorkbook,
                                     streaming.CalamineError,
                                     lambda book, name: book.stream_sheet_by_name(name))
        # Like iter_rows, the stream starts at row 1 and yields blank rows as empty lists.
        # The stream says the sheet's declared size only when rich (every cell an object):
        # the declaration is read from the zip instead.
        return chosen, _guarded(iter(stream), shown, streaming.CalamineError), \
            declared_rows(path, chosen), None, 0
    from python_calamine import CalamineError as Error
    from python_calamine import CalamineWorkbook as Workbook

    chosen, data = _open_sheet(path, shown, sheet, Workbook, Error,
                               lambda book, name: book.get_sheet_by_name(name))
    # iter_rows starts at the sheet's first row, blank leading rows included, so the n-th
    # row it yields is row n of the spreadsheet.
    with _damaged_if_unread(shown, Error):
        merged = MergedDown.from_calamine(data.merged_cell_ranges)
    first_column = data.start[1] if data.start else 0
    return chosen, iter(data.iter_rows()), data.end[0] + 1 if data.end else 0, merged, \
        first_column


def _open_sheet(path: Path, shown: str, sheet: str | None, workbook: Any,
                error: type[Exception], open_sheet: Any) -> tuple[str, Any]:
    """The named (or first) sheet; every failure as an UnreadableFile in our words."""
    with _damaged_if_unread(shown, error):
        book = workbook.from_path(str(path))
        names = book.sheet_names
        if not names:  # its workbook part damaged: no sheet listed
            raise ValueError("the workbook lists no sheet")
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise UnreadableFile("IMPORT_SHEET_MISSING", sheet=chosen, sheets=", ".join(names))
        return chosen, open_sheet(book, chosen)


@contextmanager
def _damaged_if_unread(shown: str, error: type[Exception]) -> Iterator[None]:
    """The reader's failures as the file damaged, in our words (its own go to the log).
    Calamine's Rust code also gives up with a panic (an .xls cut short: "slice index starts
    at … but ends at …"), which pyo3 raises as a PanicException: a BaseException, whose
    type cannot be imported by name; uncaught, the import stopped with a traceback."""
    try:
        yield
    except UnreadableFile:
        raise
    except (error, OSError, ValueError) as exc:
        raise damaged(shown, exc) from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise damaged(shown, exc) from exc


def damaged(shown: str, exc: BaseException) -> UnreadableFile:
    """The file is damaged: the person reads that, the library's own words go to the log."""
    log.info("%s cannot be read: %s: %s", shown, type(exc).__name__, exc)
    return UnreadableFile("IMPORT_FILE_DAMAGED", file=shown)


def _streaming() -> Any:
    """python-calamine-plus, or None when it cannot be loaded (then python-calamine reads)."""
    try:
        import python_calamine_plus
    except ImportError:
        return None
    return python_calamine_plus


def _guarded(rows: Iterator[list[Any]], shown: str, CalamineError: type[Exception]  # noqa: N803
             ) -> Iterator[list[Any]]:
    """A file damaged past its first rows fails while streaming: say so in our words."""
    with _damaged_if_unread(shown, CalamineError):
        yield from rows


def _csv_rows(path: Path, shown: str) -> Iterator[list[Any]]:
    """The records of a CSV, streamed: a line is read, decoded and split at a time, so a
    cell of gigabytes costs no more memory than a line may hold (``_lines``)."""
    encoding = _csv_encoding(path, shown)
    with path.open("rb") as f:
        sample = unicodedata.normalize("NFC", f.read(SAMPLE_BYTES).decode(encoding, "ignore"))
    if len(LOST_LETTER.findall(sample)) >= LOST_LETTERS_REFUSED:
        raise UnreadableFile("IMPORT_CSV_LETTERS_LOST", file=shown)
    dialect: Any = type("Sniffed", (csv.excel,), {"delimiter": _delimiter(sample)})
    # A field may span lines (a quoted cell with line breaks): as large as a row may be.
    csv.field_size_limit(MAX_LINE_BYTES)
    return _records(csv.reader(_lines(path, encoding, dialect), dialect))


SAMPLE_BYTES = 1 << 16  # the title lines and the header, whatever their cells hold
# A "?" inside a word: a letter the file's encoding lacked, as Excel on an English Windows
# saves "CSV (Comma delimited)" (Windows-1252: "Nguy?n Th? Ánh", "??ng V?n B?o"). No name
# or ordinary text has one; such a file's people were stored flagged under those names.
LOST_LETTER = re.compile(r"[^\W\d_]\?+[^\W\d_]|\?{2,}[^\W\d_]")
LOST_LETTERS_REFUSED = 3
DELIMITERS = ",;\t"


def _delimiter(sample: str) -> str:
    """The delimiter under which the header row names the most columns. Title lines above
    the header ("SỞ Y TẾ …", a cell each) make rows of different lengths, and
    csv.Sniffer then gives up: a ;-separated file (what Excel saves under a Vietnamese
    list separator) was read as one column and refused for want of a header. Without a
    header under any of them, the sniffer's guess, else ",".

    >>> _delimiter("DANH SÁCH\\n\\nSTT;Họ và tên;Ngày tiêm;Tên vắc xin\\n1;An, Bình;1/8/2021;AZ\\n")
    ';'
    """
    best, named = None, 0
    for delimiter in DELIMITERS:
        try:
            rows = list(islice(csv.reader(io.StringIO(sample), delimiter=delimiter), SCAN_ROWS))
        except csv.Error:
            continue
        header = find_header(rows)
        if header is not None and len(header.mapping) > named:
            best, named = delimiter, len(header.mapping)
    if best is not None:
        return best
    # Only the delimiter is taken from the sniffer: the rest is Excel's (quotes doubled).
    # The sniffer guesses doublequote=False from a sample with a '"' inside a cell, and a
    # cell holding '"0' and a line break then split its row in two (found by the fuzz).
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


MAX_LINE_BYTES = limits.MAX_ROW_CHARS * 4  # a row's characters, at 4 bytes the most each
ROW_CLIPPED = [limits.CLIPPED]  # a record the csv module could not take: rejected


def _records(reader: Iterator[list[str]]) -> Iterator[list[Any]]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:  # a quoted field longer than a row: the record is rejected
            yield list(ROW_CLIPPED)


def _csv_encoding(path: Path, shown: str) -> str:
    """UTF-16 when the file starts with its mark (else the first of CSV_ENCODINGS that
    decodes the whole file), checked in pieces."""
    with path.open("rb") as f:
        utf16 = f.read(2) in UTF16_BOMS
    for encoding in ("utf-16",) if utf16 else CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as f:
                while piece := f.read(1 << 20):
                    decoder.decode(piece)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("IMPORT_FILE_ENCODING", file=shown)  # pragma: no cover


def _lines(path: Path, encoding: str, dialect: Any) -> Iterator[str]:
    """The file's lines as text, each at most MAX_LINE_BYTES: a longer one is cut there,
    its cut cell replaced by ``limits.CLIPPED`` (the cells before it kept, so the report
    names its column) and the rest of the line skipped unread into memory."""
    if encoding == "utf-16":
        yield from _utf16_lines(path, dialect)
        return
    first, plain = True, encoding.replace("-sig", "")
    with path.open("rb") as f:
        while True:
            line = f.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skipped: the row is rejected whatever the rest holds
                line = _clipped_line(line.decode(plain, "ignore"), dialect).encode(plain)
            text = line.decode(encoding if first else plain)
            first = False
            # Windows-1258 writes Vietnamese with combining tone marks: compose them.
            yield unicodedata.normalize("NFC", text)


def _utf16_lines(path: Path, dialect: Any) -> Iterator[str]:
    """``_lines`` of a UTF-16 file: its line breaks are two bytes, so it is read as text
    (the mark says the byte order), a line at most MAX_ROW_CHARS characters."""
    with path.open(encoding="utf-16", newline="") as f:
        while line := f.readline(limits.MAX_ROW_CHARS + 1):
            if len(line) > limits.MAX_ROW_CHARS and not line.endswith("\n"):
                while (rest := f.readline(1 << 20)) and not rest.endswith("\n"):
                    pass  # skipped: the row is rejected whatever the rest holds
                line = _clipped_line(line, dialect)
            yield unicodedata.normalize("NFC", line)


def _clipped_line(head: str, dialect: Any) -> str:
    cells = next(csv.reader([head], dialect), [])[:-1]  # the last one is the cut cell
    out = io.StringIO()
    csv.writer(out, dialect).writerow([*cells, limits.CLIPPED])
    return out.getvalue()


def _count_lines(path: Path) -> int:
    """Lines in the file, for the progress bar, counted in pieces (a line may be huge)."""
    with path.open("rb") as f:
        return sum(piece.count(b"\n") for piece in iter(lambda: f.read(1 << 20), b""))


def sheet_names(path: Path) -> list[str]:
    """A workbook's sheets in its order ([] for a CSV): the screen offers them to choose
    from, as ``--sheet`` does. Checked against the size limits as ``open_table`` checks."""
    return [name for name, _shown in sheet_list(path)]


def sheet_list(path: Path) -> list[tuple[str, bool]]:
    """Each sheet in the workbook's order and whether it is shown: a sheet hidden in Excel
    or LibreOffice is often the original an officer kept while answering on a copy."""
    if not path.is_file() or path.stat().st_size == 0:
        return []
    named, renamed = _as_what_it_is(path)
    try:
        if named.suffix.lower() not in SPREADSHEETS:
            return []
        looked = _within_limits(named, path.name)
        try:
            from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

            with _damaged_if_unread(path.name, CalamineError):
                return [(m.name, m.visible == SheetVisibleEnum.Visible)
                        for m in CalamineWorkbook.from_path(str(looked.path)).sheets_metadata]
        finally:
            if looked.scratch is not None:
                looked.scratch.cleanup()
    finally:
        if renamed is not None:
            renamed.cleanup()
