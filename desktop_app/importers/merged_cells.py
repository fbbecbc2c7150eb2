"""Cells merged down over several rows, read as the value they show on every row.

A commune that records a person's doses a row each often merges the person's cells (name,
birth date, ID) down over those rows, as a printed list shows them. A reader gives the
value in the merge's first row and blanks below, so the second dose's row had no name and
was refused ("Họ và tên là bắt buộc") though the sheet shows one. Where a merge covers a
data row, its blank cell takes the value of the merge's first row, as the eye reads it.

Where the merges come from: .xlsx/.xlsm from ``<mergeCell ref="B5:B7"/>`` in the sheet's
XML, seen in the pass that already inflates every part (``hidden_rows.SheetScan``); .xls
(and an .xlsx read whole) from python-calamine's ``merged_cell_ranges``; .ods from its
cells' ``number-rows-spanned``, which calamine does not give (``unpacking.ods_merges``).
.xlsb's are not known.
Only merges down matter: one across keeps its value in its first column, the one a
header names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

_REF = re.compile(rb"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})")
# More merges than this are no list of people (a hostile file could hold millions): the
# rest are not read, and their rows are read as the reader gives them.
MAX_MERGES = 1_000_000


class MergedDown:
    """Merges that span rows, each as (first row, last row, column): rows 1-based as the
    sheet numbers them, the column 0-based as a row's cells are.

    >>> merged = MergedDown()
    >>> merged.add_ref(b"B5:B7"); merged.add_ref(b"C5:D5"); merged.add_ref(b"A1:B2")
    >>> merged.spans, bool(merged)
    ([(5, 7, 1), (1, 2, 0)], True)
    """

    __slots__ = ("spans",)

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, int]] = []

    def __bool__(self) -> bool:
        return bool(self.spans)

    def add(self, first_row: int, last_row: int, column: int) -> None:
        if last_row > first_row and len(self.spans) < MAX_MERGES:
            self.spans.append((first_row, last_row, column))

    def add_ref(self, ref: bytes) -> None:
        """An A1 range as a sheet's XML writes it ("B5:B7")."""
        found = _REF.fullmatch(ref)
        if found is not None:
            left, top, _right, bottom = found.groups()
            self.add(int(top), int(bottom), _column(left))

    @classmethod
    def from_calamine(cls, ranges: Iterable[Any] | None) -> MergedDown:
        """python-calamine's ``merged_cell_ranges``: ((row, col), (row, col)), 0-based.

        >>> MergedDown.from_calamine([((1, 3), (2, 3)), ((0, 0), (0, 4))]).spans
        [(2, 3, 3)]
        """
        merged = cls()
        for (top, left), (bottom, _right) in ranges or ():
            merged.add(top + 1, bottom + 1, left)
        return merged

    def shifted(self, columns: int) -> MergedDown:
        """The same merges for rows that begin ``columns`` in: python-calamine's rows leave
        out a sheet's empty first columns, its merges (and an .ods's spans) count them.

        >>> merged = MergedDown(); merged.add(2, 3, 1); merged.add(2, 3, 0)
        >>> merged.shifted(1).spans
        [(2, 3, 0)]
        """
        if not columns:
            return self
        moved = MergedDown()
        moved.spans = [(a, b, c - columns) for a, b, c in self.spans if c >= columns]
        return moved


NONE = MergedDown()


def _column(letters: bytes) -> int:
    """A column's letters as its 0-based index.

    >>> _column(b"A"), _column(b"Z"), _column(b"AB")
    (0, 25, 27)
    """
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def filled(rows: Iterable[tuple[int, list[Any]]], merged: MergedDown
           ) -> Iterator[tuple[int, list[Any]]]:
    """``rows`` (ascending sheet row numbers, cells) with each blank cell a merge covers
    given the value of the merge's first row. A merge whose first row is not among
    ``rows`` (the header's, a blank row) gives nothing.

    >>> merged = MergedDown(); merged.add(2, 4, 1)
    >>> list(filled([(2, [1, "Lê An"]), (3, [2, ""]), (4, [3]), (5, [4, ""])], merged))
    [(2, [1, 'Lê An']), (3, [2, 'Lê An']), (4, [3, 'Lê An']), (5, [4, ''])]
    """
    waiting = sorted(merged.spans, reverse=True)  # the next to open at the end
    open_: list[tuple[int, int, Any]] = []  # (last row, column, value)
    for number, cells in rows:
        while waiting and waiting[-1][0] <= number:
            first, last, column = waiting.pop()
            if first == number and column < len(cells) and last > number:
                open_.append((last, column, cells[column]))
        if open_:
            open_ = [span for span in open_ if span[0] >= number]
            for _last, column, value in open_:
                if column >= len(cells):
                    cells.extend([""] * (column + 1 - len(cells)))
                if cells[column] in ("", None):
                    cells[column] = value
        yield number, cells
