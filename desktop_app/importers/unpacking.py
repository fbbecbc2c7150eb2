"""A zipped workbook (.xlsx, .xlsm, .xlsb, .ods) looked at before calamine reads it.

A 2 MB .xlsx can hold a sheet that inflates to gigabytes, or one shared string of 2 GB:
calamine would build it in memory (19 GB before the kernel killed it). So first, every
part is inflated here, in 1 MB pieces through Python's zipfile (which stops at the size
the zip declares and fails on a part that lies about it), and:

- a part whose declared or inflated size passes its limit (``limits``) refuses the file,
  before anything is written;
- a text run between two XML tags longer than a cell may be marks a cell too large; then
  the workbook is copied to a temporary file with each such run replaced by
  ``limits.CLIPPED``, and the import reads the copy: that row is rejected, naming the
  column, and the rest of the file imports.

The same pass notes the rows the file hides (``hidden_rows``): the import skips them and
says so. The look costs about a second per 400 MB of sheet XML (a million template rows).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from desktop_app.importers import hidden_rows, limits
from desktop_app.importers.hidden_rows import HiddenRows
from desktop_app.importers.merged_cells import MergedDown

PIECE = 1 << 20
_CLIP = limits.CLIPPED.encode()


class TooLarge(ValueError):
    def __init__(self, part: str, size: int, limit: int) -> None:
        super().__init__(part)
        self.part, self.size, self.limit = part, size, limit


class Looked(NamedTuple):
    """What ``checked`` found: the file to read, the clipped copy's folder (None when
    the file itself is read), and the rows each sheet hides: by sheet part for an .xlsx
    ("xl/worksheets/sheet1.xml"), by sheet name for an .ods; only sheets hiding any."""

    path: Path
    scratch: tempfile.TemporaryDirectory | None
    hidden: dict[str, HiddenRows]
    merged: dict[str, MergedDown] = {}  # noqa: RUF012 - never changed; by sheet part
    # The workbook counts its days from 1904 (Excel for Mac's old default): a date typed
    # as a bare number, or left one in a cell of no date format, is a day of that system.
    date1904: bool = False


def checked(path: Path, streamed: bool) -> Looked:
    """The file to hand to calamine: ``path`` itself, or a clipped copy in a temporary
    folder (returned too; the caller cleans it up), and the rows its sheets hide. Raises
    TooLarge, or zipfile.BadZipFile / zlib.error / OSError for a damaged file."""
    hidden: dict[str, HiddenRows] = {}
    merged: dict[str, MergedDown] = {}
    with zipfile.ZipFile(path) as book:
        parts = book.infolist()
        for part in parts:
            limit = _limit(part.filename, streamed)
            if part.file_size > limit:
                raise TooLarge(part.filename, part.file_size, limit)
        long_runs = []
        struck_styles = _struck_styles(book)
        for part in parts:
            scan = hidden_rows.SheetScan() if _is_sheet(part.filename) else None
            if _needs_clipping(book, part, scan.feed if scan is not None else None):
                long_runs.append(part)
            if scan is not None and scan.unnumbered:  # rows without their r=: counted
                scan.hidden = hidden_rows.counted(_pieces(book, part))
            if scan is not None and struck_styles:  # rows struck through: as hidden
                for first, last in hidden_rows.struck(_pieces(book, part),
                                                      struck_styles).ranges():
                    scan.hidden.add(first, last)
            if scan is not None and scan.hidden:
                hidden[part.filename] = scan.hidden
            if scan is not None and scan.merged:
                merged[part.filename] = scan.merged
        if path.suffix.lower() == ".ods" and "content.xml" in book.namelist():
            ods = hidden_rows.OdsScan()
            cells, spans = _ods_cells(book, book.getinfo("content.xml"), ods)
            if cells > limits.MAX_WHOLE_SHEET_CELLS:
                raise TooManyCells(cells)
            hidden.update(ods.found())
            if spans:  # only a file that merges cells down pays a second look
                merged.update(ods_merges(book, book.getinfo("content.xml")))
        date1904 = _counts_from_1904(book)
    if not long_runs:
        return Looked(path, None, hidden, merged, date1904)
    folder = tempfile.TemporaryDirectory(prefix="vaxdesk-import-")
    copy = Path(folder.name) / path.name
    try:
        _clipped_copy(path, copy, {p.filename for p in long_runs})
    except BaseException:
        folder.cleanup()
        raise
    return Looked(copy, folder, hidden, merged, date1904)


_DATE1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"')


def _counts_from_1904(book: zipfile.ZipFile) -> bool:
    """Whether an .xlsx's workbook says its dates count from 1904 (``workbookPr``)."""
    try:
        with book.open("xl/workbook.xml") as part:
            return bool(_DATE1904.search(part.read(1 << 16)))
    except KeyError:
        return False  # an .ods, or a workbook part elsewhere: the 1900 system


def _struck_styles(book: zipfile.ZipFile) -> frozenset[int]:
    """The cell styles of an .xlsx that strike their text through (none: nothing more to
    look at, as in most workbooks)."""
    try:
        info = book.getinfo("xl/styles.xml")
    except KeyError:
        return frozenset()
    if info.file_size > 1 << 24:  # styles of 16 MB are no commune's: not looked at
        return frozenset()
    return hidden_rows.struck_styles(book.read(info))


class TooManyCells(ValueError):
    def __init__(self, cells: int) -> None:
        super().__init__(cells)
        self.cells = cells


_ODS_TAG = re.compile(rb"<table:table-row\b[^>]*>|<table:table-cell\b[^>]*>"
                      rb"|<table:table\s[^>]*>")
_REPEATED = re.compile(rb'number-(?:rows|columns)-repeated="(\d+)"')
_SPANNED = b"number-rows-spanned"


def _ods_cells(book: zipfile.ZipFile, part: zipfile.ZipInfo,
               scan: hidden_rows.OdsScan | None = None) -> tuple[int, bool]:
    """The cells calamine would build from an .ods sheet: a row or a cell may say it is
    repeated ("number-rows-repeated"), so a few bytes can stand for millions of cells
    (a 2 KB file took 1.2 GB). Cells without a value type are empty and cost nothing.
    ``scan`` is told each sheet and row on the way (the rows each sheet hides). Also
    whether any cell spans rows (a merge down: ``ods_merges`` reads them, in a pass of
    its own, so a file without one pays nothing a cell)."""
    total, row, rows_repeated, spans = 0, 0, 1, False
    for data in hidden_rows.tag_pieces(_pieces(book, part)):
        spans = spans or _SPANNED in data
        for tag in _ODS_TAG.finditer(data):
            text = tag.group()
            if text.startswith(b"<table:table "):  # a sheet begins (its rows count from 1)
                if scan is not None:
                    scan.table(text)
                continue
            found = _REPEATED.search(text)
            repeated = int(found.group(1)) if found else 1
            if text.startswith(b"<table:table-row"):
                total += row * rows_repeated
                row, rows_repeated = 0, repeated
                if scan is not None and not text.startswith(b"<table:table-row-group"):
                    scan.row(text, repeated)
            elif b"value-type" in text:
                row += repeated
        if total > limits.MAX_WHOLE_SHEET_CELLS:
            break
    return total + row * rows_repeated, spans


_ODS_PLACES = re.compile(rb"<table:table-row\b[^>]*>|<table:(?:covered-)?table-cell\b[^>]*>"
                         rb"|<table:table\s[^>]*>")
_ODS_SPAN = re.compile(rb'number-rows-spanned="(\d+)"')


def ods_merges(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> dict[str, MergedDown]:
    """Each sheet's cells merged down (by sheet name, as calamine names it): a cell with
    ``number-rows-spanned``, at its row and column, counting repeated rows and cells and
    the covered cells a merge hides (each holds its place)."""
    merges: dict[str, MergedDown] = {}
    current: MergedDown | None = None
    first = number = column = 0
    for data in hidden_rows.tag_pieces(_pieces(book, part)):
        for tag in _ODS_PLACES.finditer(data):
            text = tag.group()
            if text.startswith(b"<table:table "):
                current = merges[hidden_rows.ods_sheet_name(text)] = MergedDown()
                number = 0
                continue
            found = _REPEATED.search(text)
            repeated = int(found.group(1)) if found else 1
            if text.startswith(b"<table:table-row"):
                if not text.startswith(b"<table:table-row-group"):
                    first, number, column = number + 1, number + repeated, 0
                continue
            spanned = _ODS_SPAN.search(text) if _SPANNED in text else None
            if spanned is not None and current is not None and int(spanned.group(1)) > 1:
                current.add(first, first + int(spanned.group(1)) - 1, column)
            column += repeated
    return {name: merged for name, merged in merges.items() if merged}


def _limit(name: str, streamed: bool) -> int:
    sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
    return limits.max_sheet_bytes() if streamed and sheet else limits.max_part_bytes()


def _pieces(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    with book.open(part) as stream:
        while piece := stream.read(PIECE):
            yield piece


def _needs_clipping(book: zipfile.ZipFile, part: zipfile.ZipInfo,
                    seen: Callable[[bytes], None] | None = None) -> bool:
    """Inflate the whole part (checking its size and CRC) and say whether it holds a run of
    more than RUN_BYTES between two "<" (a tag and the text after it), or, in a sheet, a
    row of more than ``limits.MAX_ROW_CELLS`` cells.

    Runs are counted in bytes: a character takes up to 4 in UTF-8, so text past 4x a
    cell's limit is surely too large, and shorter text is judged in characters once read.
    A wide row matters even when its cells are small: each may name the same 32 KB shared
    string, and 16,384 of them took 1 GB in calamine (a 224 KB file).

    Fast path: any run longer than 4 blocks of BLOCK bytes holds a whole block (aligned on
    the 1 MB pieces) with no "<" in it, and any row longer than two ROW_BLOCKs a whole one
    with no "</row>"; so one ``find`` per block tells a normal part at zlib's speed, and
    only a suspect part is looked at again, run by run and row by row. ``seen`` is handed
    each inflated piece of an XML part (``hidden_rows.SheetScan.feed``)."""
    if not part.filename.endswith(".xml"):  # binary (.xlsb): sizes and CRC only
        for _piece in _pieces(book, part):
            pass
        return False
    sheet = _is_sheet(part.filename)
    long_run = wide_row = False
    for piece in _pieces(book, part):
        if seen is not None:
            seen(piece)
        full = len(piece) - len(piece) % BLOCK
        long_run = long_run or any(piece.find(b"<", at, at + BLOCK) < 0
                                   for at in range(0, full, BLOCK))
        if sheet and not wide_row:
            full = len(piece) - len(piece) % ROW_BLOCK
            wide_row = any(piece.find(b"</row>", at, at + ROW_BLOCK) < 0
                           for at in range(0, full, ROW_BLOCK))
    return ((long_run and _longest_run_over(book, part, RUN_BYTES))
            or (wide_row and _widest_row(book, part) > limits.MAX_ROW_CELLS))


BLOCK = 1 << 15
RUN_BYTES = 4 * BLOCK  # over 4 x 32,767 bytes: more than a cell may hold in any case
ROW_BLOCK = 1 << 12  # a row of over 1,024 cells takes over 15 KB ("<c><v>0</v></c>" each)
assert PIECE % BLOCK == 0 and BLOCK >= limits.MAX_CELL_CHARS
assert limits.MAX_ROW_CELLS * len(b"<c><v>0</v></c>") > 2 * ROW_BLOCK


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _longest_run_over(book: zipfile.ZipFile, part: zipfile.ZipInfo, limit: int) -> bool:
    run = 0
    for piece in _pieces(book, part):
        first = piece.find(b"<")
        if first < 0:
            run += len(piece)
        else:
            if run + first > limit or max(map(len, piece.split(b"<"))) > limit:
                return True
            run = len(piece) - piece.rfind(b"<") - 1
        if run > limit:
            return True
    return False


def _widest_row(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """The most cells any row of a sheet holds (rows short in bytes are not counted)."""
    widest, carry = 0, b""
    shortest = limits.MAX_ROW_CELLS * len(b"<c><v>0</v></c>")
    for piece in _pieces(book, part):
        rows = (carry + piece).split(b"</row>")
        carry = rows.pop()
        if len(carry) > 4 * PIECE:  # one row past a few MB: count what is seen so far
            widest = max(widest, _cells_in(carry))
            carry = carry[-len(b"</row>"):]
        widest = max([widest, *(_cells_in(r) for r in rows if len(r) > shortest)])
    return max(widest, _cells_in(carry))


def _cells_in(xml: bytes) -> int:
    return xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/")


def _clipped_copy(source: Path, target: Path, names: set[str]) -> None:
    """The workbook again, the named parts with every over-long run cut and every row cut
    after one cell past the limit (see ``checked``): calamine then reads that row as too
    large, and the report says so."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for part in book.infolist():
            if part.filename not in names:
                with book.open(part) as src, out.open(part.filename, "w") as dst:
                    shutil.copyfileobj(src, dst, PIECE)
                continue
            cells = limits.MAX_ROW_CELLS + 1 if _is_sheet(part.filename) else None
            with out.open(part.filename, "w", force_zip64=True) as dst:
                for piece in _clip_runs(_pieces(book, part), RUN_BYTES, cells):
                    dst.write(piece)


def _clip_runs(pieces: Iterator[bytes], limit: int, row_cells: int | None = None
               ) -> Iterator[bytes]:
    """The stream with each run between "<"s longer than ``limit`` bytes cut after its tag
    (up to its ">") and replaced by the clipped marker, and, given ``row_cells``, each row's
    cells past that many dropped. Python per tag: only ever run on a part that needs it."""
    clip = _Clipper(limit, row_cells)
    head, clipped = b"", False
    for piece in pieces:
        out = []
        for i, part in enumerate(piece.split(b"<")):
            if i:  # a "<" begins the next tag: the one before is whole
                out.append(clip.finish(head, clipped))
                head, clipped = b"<", False
            if not clipped:
                head += part
                if len(head) > limit + 1:  # +1: the "<"
                    head, clipped = head[:limit + 1], True
        yield b"".join(out)
    yield clip.finish(head, clipped)


class _Clipper:
    def __init__(self, limit: int, row_cells: int | None) -> None:
        self.limit, self.row_cells = limit, row_cells
        self.cells, self.dropping = 0, False

    def finish(self, head: bytes, clipped: bool) -> bytes:
        if self.row_cells is not None:
            if head.startswith(b"<row") and head[4:5] in (b" ", b">", b"/"):
                self.cells, self.dropping = 0, False
            elif head.startswith(b"</row"):
                self.dropping = False
            elif head.startswith((b"<c ", b"<c>", b"<c/")):
                self.cells += 1
                self.dropping = self.cells > self.row_cells
            if self.dropping:
                return b""
        if not clipped:
            return head
        end = head.find(b">")
        return head[:end + 1] + _CLIP if 0 <= end < self.limit else _CLIP


DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)
