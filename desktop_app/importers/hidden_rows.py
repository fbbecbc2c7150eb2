"""Which rows of a sheet its file hides. A commune hides the rows it struck out (a person
who moved away, a row typed twice, someone who never came), and a filter hides the rows it
does not show; the reader (python-calamine, and python-calamine-plus's plain stream) hands
every row over alike. Neither says which rows are hidden: upstream calamine has no such
feature (tafia/calamine#237, closed as not planned), and the fork tells it only on a rich
stream (``row_info``, ``row_dimensions``), which makes every cell an object.

So the sheet's XML is looked at for that one attribute, in the pass that already inflates
every part before calamine reads it (``unpacking.checked``), a piece at a time:

- .xlsx/.xlsm: ``<row r="17" hidden="1">`` (Excel, openpyxl) or ``hidden="true"``
  (LibreOffice, which writes ``hidden="false"`` on every row it shows): a search for the
  four spellings of a true value (C speed, nothing kept but the rows found);
- .ods: ``<table:table-row table:visibility="collapse">`` (hidden) or ``"filter"``
  (filtered out), counting ``table:number-rows-repeated`` (``unpacking._ods_cells``).

.xls keeps row visibility in binary records that calamine reads and does not expose:
``xls_hidden`` walks them. .xlsb's are not known, and its rows are read as any other
(docs/backfill.md).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import unescape

from desktop_app.importers.merged_cells import MergedDown

# A true ``hidden`` attribute as writers spell it; ``hidden="false"`` / ``"0"`` show the row.
# One compiled pattern, one pass in C over a piece (four ``bytes.find``s took 2.5x as long).
_TRUE = re.compile(rb"""hidden=["'](?:1|true)["']""")
_SPACE = b" \t\r\n"
_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b([^>]*)>")
_MERGE = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([A-Z0-9:]+)["']""")
# No row tag is longer: a longer run without a ">" is a cell's text (clipped later, if at all).
_CARRY_LIMIT = 1 << 16


class HiddenRows:
    """Sheet row numbers (1-based, as the spreadsheet shows them), kept as ascending ranges
    in two arrays: a filter that hides every other row of a million costs 8 MB, a block of
    rows hidden together 16 bytes.

    >>> rows = HiddenRows()
    >>> for n in (16, 17, 40):
    ...     rows.add(n)
    >>> list(rows.ranges()), 17 in rows, 18 in rows, len(rows)
    ([(16, 17), (40, 40)], True, False, 3)
    """

    __slots__ = ("_firsts", "_lasts")

    def __init__(self) -> None:
        self._firsts, self._lasts = array("q"), array("q")

    def add(self, first: int, last: int | None = None) -> None:
        last = first if last is None else last
        if self._lasts and self._firsts[-1] <= first <= self._lasts[-1] + 1:
            self._lasts[-1] = max(self._lasts[-1], last)
        elif self._lasts and first < self._firsts[-1]:  # out of order: no writer does so
            pairs = sorted([*self.ranges(), (first, last)])
            self._firsts, self._lasts = array("q"), array("q")
            for a, b in pairs:
                self.add(a, b)
        else:
            self._firsts.append(first)
            self._lasts.append(last)

    def ranges(self) -> Iterator[tuple[int, int]]:
        return zip(self._firsts, self._lasts, strict=True)

    def __contains__(self, row: object) -> bool:
        at = bisect_right(self._firsts, row) - 1  # type: ignore[call-overload]
        return at >= 0 and row <= self._lasts[at]  # type: ignore[operator]

    def __len__(self) -> int:
        return sum(self._lasts) - sum(self._firsts) + len(self._firsts)

    def __bool__(self) -> bool:
        return bool(self._firsts)


NO_ROWS = HiddenRows()


def split(rows: Iterable[tuple[int, list]], hidden: HiddenRows, seen: list[int] | array
          ) -> Iterator[tuple[int, list]]:
    """``rows`` (ascending sheet row numbers) without the hidden ones, whose numbers go
    into ``seen`` as they pass: a step along the ranges per row, no look-up."""
    ranges = hidden.ranges()
    first, last = next(ranges, (_END, _END))
    for number, cells in rows:
        while number > last:
            first, last = next(ranges, (_END, _END))
        if number >= first:
            seen.append(number)
        else:
            yield number, cells


_END = 1 << 62


class SheetScan:
    """The hidden rows of one sheet part (.xlsx), fed its inflated pieces in order; and its
    cells merged down (``merged_cells``), listed after its rows."""

    def __init__(self) -> None:
        self.hidden = HiddenRows()
        self.merged = MergedDown()
        self.unnumbered = False  # a hidden row without its r=: counted again (``counted``)
        self._carry = b""

    def feed(self, piece: bytes) -> None:
        """Look through ``piece`` where it holds whole tags; a tag the piece cut is kept
        (a few bytes) and looked at whole with the next one. The piece itself is never
        copied: 1 MB copied a piece cost as much as the search."""
        begin = 0
        if self._carry:  # the tag the last piece cut: whole up to this one's first ">"
            close = piece.find(b">")
            if close < 0:
                joined = self._carry + piece
                self._carry = joined if len(joined) <= _CARRY_LIMIT else b""
                return
            head = self._carry + piece[:close + 1]
            self._look(head, 0, len(head))
            begin, self._carry = close + 1, b""
        cut = piece.rfind(b"<", begin)
        if cut >= 0 and piece.find(b">", cut) < 0:  # a tag this piece cuts
            self._carry = piece[cut:] if len(piece) - cut <= _CARRY_LIMIT else b""
        else:
            cut = len(piece)
        self._look(piece, begin, cut)

    def _look(self, data: bytes, begin: int, end: int) -> None:
        for found in _TRUE.finditer(data, begin, end):
            self._found(data, found.start())
        at = data.find(b"mergeCell ", begin, end)  # in C; most pieces hold none
        if at >= 0:
            for merge in _MERGE.finditer(data, max(begin, at - 40), end):
                self.merged.add_ref(merge.group(1))

    def _found(self, data: bytes, at: int) -> None:
        """A true ``hidden`` at ``at``: the row's number, if it is a row's attribute (not a
        column's, not a cell's text, not ``xhidden``) and the row has cells: a sheet of
        millions of empty hidden rows costs nothing kept."""
        start = data.rfind(b"<", 0, at)
        if start < 0 or data.find(b">", start, at) >= 0 or data[at - 1] not in _SPACE:
            return
        end = data.find(b">", at)
        tag = data[start:end]
        name = tag[1:].split(None, 1)[0]
        if name != b"row" and not name.endswith(b":row") or tag.endswith(b"/"):
            return  # not a row; or a row with no cell, blank and skipped anyway
        number = _NUMBER.search(tag)
        if number is None:
            self.unnumbered = True
        else:
            self.hidden.add(int(number.group(1)))


def tag_pieces(pieces: Iterable[bytes], carry_limit: int | None = None) -> Iterator[bytes]:
    """``pieces`` cut again to end after a whole tag: a tag a piece cuts goes with the next
    (at most ``carry_limit`` bytes of it: a longer run without a ">" is a cell's text)."""
    carry = b""
    for piece in pieces:
        data = carry + piece
        cut = data.rfind(b"<")
        cut = cut if cut >= 0 and data.find(b">", cut) < 0 else len(data)
        yield data[:cut]
        carry = data[cut:][:carry_limit]


def counted(pieces: Iterable[bytes]) -> HiddenRows:
    """The hidden rows of a sheet whose rows do not all say their number (``r`` is optional:
    a row without it follows the one before): every row tag read, in Python. Only for a
    sheet found to hide such a row."""
    hidden, number = HiddenRows(), 0
    for data in tag_pieces(pieces, _CARRY_LIMIT):
        for tag in _ROW_TAG.finditer(data):
            attributes = tag.group(1)
            given = _NUMBER.search(attributes)
            number = int(given.group(1)) if given else number + 1
            if _HIDDEN.search(attributes) and not attributes.endswith(b"/"):
                hidden.add(number)
    return hidden


# -- .ods ---------------------------------------------------------------------------------
_ODS_VISIBILITY = re.compile(rb'table:visibility="(?:collapse|filter)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


def ods_sheet_name(tag: bytes) -> str:
    """A ``<table:table …>`` tag's sheet name, as calamine gives it."""
    found = _ODS_NAME.search(tag)
    return unescape(found.group(1).decode("utf-8", "replace"),
                    {"&quot;": '"', "&apos;": "'"}) if found else ""


class OdsScan:
    """The hidden rows of every sheet of an .ods, fed its row and table tags in order."""

    def __init__(self) -> None:
        self.sheets: dict[str, HiddenRows] = {}
        self._rows: HiddenRows | None = None
        self._number = 0

    def table(self, tag: bytes) -> None:
        """A ``<table:table …>`` tag: a sheet begins."""
        name = ods_sheet_name(tag)
        self._rows, self._number = HiddenRows(), 0
        self.sheets[name] = self._rows

    def row(self, tag: bytes, repeated: int) -> None:
        """A ``<table:table-row …>`` tag (not a row group's), standing for ``repeated``."""
        if self._rows is not None and b"table:visibility" in tag \
                and _ODS_VISIBILITY.search(tag):
            self._rows.add(self._number + 1, self._number + repeated)
        self._number += repeated

    def found(self) -> dict[str, HiddenRows]:
        return {name: rows for name, rows in self.sheets.items() if rows}


# -- rows struck through (.xlsx) ------------------------------------------------------------
# A commune strikes a row out (Excel's strikethrough: someone who never came, a row typed
# twice) as often as it hides it; such a row was imported as a dose given, with nothing
# said. A row whose every cell with a value is struck through is taken as hidden. Only a
# workbook whose styles strike some font pays the look (most strike none): the cells' own
# style numbers, every row read in Python (``struck``).
_FONTS = re.compile(rb"<(?:\w+:)?fonts\b.*?</(?:\w+:)?fonts>", re.S)
_FONT = re.compile(rb"<(?:\w+:)?font\b[^>]*?(?:/>|>.*?</(?:\w+:)?font>)", re.S)
_STRIKE = re.compile(rb"""<(?:\w+:)?strike\b(?![^>]*\bval\s*=\s*["'](?:0|false)["'])""")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_FONT_ID = re.compile(rb"""\bfontId\s*=\s*["'](\d+)["']""")
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)\b([^>]*?)(/?)>")
_STYLE = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")


def struck_styles(styles: bytes) -> frozenset[int]:
    """The cell styles (``cellXfs`` indexes, a cell's ``s``) whose font is struck through.

    >>> struck_styles(b'<fonts><font><sz val="11"/></font><font><strike val="1"/></font>'
    ...               b'<font><strike val="0"/></font></fonts><cellXfs><xf fontId="0"/>'
    ...               b'<xf fontId="1"/><xf fontId="2"/></cellXfs>')
    frozenset({1})
    """
    fonts = _FONTS.search(styles)
    xfs = _CELL_XFS.search(styles)
    if fonts is None or xfs is None:
        return frozenset()
    struck = {n for n, font in enumerate(_FONT.finditer(fonts.group(0)))
              if _STRIKE.search(font.group(0))}
    if not struck:
        return frozenset()
    found = set()
    for n, xf in enumerate(_XF.finditer(xfs.group(0))):
        font = _FONT_ID.search(xf.group(1))
        if font is not None and int(font.group(1)) in struck:
            found.add(n)
    return frozenset(found)


def struck(pieces: Iterable[bytes], styles: frozenset[int]) -> HiddenRows:
    """The rows of a sheet part whose every cell with a value has one of ``styles``."""
    rows, number, valued, marked = HiddenRows(), 0, 0, 0
    for data in tag_pieces(pieces, _CARRY_LIMIT):
        for tag in _ROW_OR_CELL.finditer(data):
            name, attributes, closed = tag.group(1), tag.group(2), tag.group(3)
            if name == b"row":
                if valued and marked == valued:
                    rows.add(number)
                given = _NUMBER.search(attributes)
                number = int(given.group(1)) if given else number + 1
                valued = marked = 0
            elif not closed:  # a cell with content; an empty styled cell says nothing
                valued += 1
                style = _STYLE.search(attributes)
                marked += style is not None and int(style.group(1)) in styles
    if valued and marked == valued:
        rows.add(number)
    return rows
