"""Cells a spreadsheet never runs, for every file VaxDesk writes for people to open in Excel
or LibreOffice: the audit trail's CSV and the backfill's rows to fix; and the one way such a
sheet's table is laid out (``write_table``: a bold header that stays in sight, columns as
wide as what they hold, dates as dates).

Those files carry text typed by anyone (a name in a province's spreadsheet, a void reason),
and a cell that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab, a carriage return)
is run when the file is opened: ``=HYPERLINK(...)`` sends whoever clicks it elsewhere, a DDE
formula starts a program. In an .xlsx the cell is written as text, marked so that editing
it keeps it text (Excel's leading apostrophe, not part of the value): it reads back as the
same text. A CSV has no types, so such a cell gets a leading apostrophe, the mark Excel and
LibreOffice take for "text" (and the importer ignores), except a plain signed number or a
phone ("-5", "+84912345678"): nothing in it can run, and it must read back as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from math import ceil
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*")  # a sign, digits, separators: no call, no link


def looks_like_formula(value: Any) -> bool:
    """
    >>> [looks_like_formula(v) for v in ("=1+1", "+84912345678", "-5", -5, "Lê Văn A")]
    [True, True, True, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs.

    >>> csv_cell('=HYPERLINK("http://x.example","Bấm")'), csv_cell("@SUM(A1)")
    ('\\'=HYPERLINK("http://x.example","Bấm")', "'@SUM(A1)")
    >>> csv_cell("+84912345678"), csv_cell("-5"), csv_cell(-5), csv_cell("-2+3+cmd|' /C calc'!A0")
    ('+84912345678', '-5', -5, "'-2+3+cmd|' /C calc'!A0")
    """
    if looks_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` (an openpyxl write-only sheet): every value as given,
    those that start like a formula as text cells (openpyxl would write "=…" as a formula),
    dates as date cells shown dd/mm/yyyy (a real date sorts and filters; Excel's default
    display would be the machine's, often m/d/yyyy)."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if looks_like_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # a string, whatever it starts with
            cell.quotePrefix = True  # and it stays one when someone edits it
            row.append(cell)
        elif isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, datetime) \
                else "DD/MM/YYYY"
            row.append(cell)
        else:
            row.append(value)
    return row


SHEET_NAME_MOST = 31  # Excel's limit
_SHEET_JOINER = re.compile(r"(?<=\w)\s*[/\\]\s*(?=\w)")  # "xã/phường", "A \\ B"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str) -> str:
    """A title as a sheet's name, within Excel's limits: 31 characters, none of []:*?/\\.
    A longer one ends at a word, with an ellipsis, never in the middle of one.

    A forbidden character parts the words it stood between, as a "-" where it joined two
    ("xã/phường"), else as a space, so no two words run together.

    >>> sheet_name("Báo cáo: tiêm chủng [tháng 11]"), sheet_name("Theo xã/phường")
    ('Báo cáo tiêm chủng tháng 11', 'Theo xã-phường')
    >>> sheet_name("Số mũi tiêm theo ngày, vắc xin, mũi thứ và độ tuổi")
    'Số mũi tiêm theo ngày, vắc xin…'
    >>> sheet_name("Số mũi theo xã/phường, vắc xin và nhóm tuổi")
    'Số mũi theo xã-phường, vắc xin…'
    """
    name = " ".join(_SHEET_FORBIDDEN.sub(" ", _SHEET_JOINER.sub("-", title)).split())
    if len(name) <= SHEET_NAME_MOST:
        return name
    cut = name[:SHEET_NAME_MOST - 1]
    if name[len(cut)] not in " ,;:-–" and " " in cut[10:]:  # the cut falls inside a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def fit_columns(sheet: Any, rows: Iterable[Iterable[Any]], *, widest: int = 50,
                header_rows: int = 0) -> None:
    """Each column of a write-only sheet as wide as its widest text (a date as dd/mm/yyyy, a
    moment as dd/mm/yyyy hh:mm), up to ``widest`` characters; before its first row (openpyxl
    writes widths first). The first ``header_rows`` rows are bold: a bold letter is wider.

    >>> from openpyxl import Workbook
    >>> sheet = Workbook(write_only=True).create_sheet()
    >>> fit_columns(sheet, [("Ngày", "Vắc xin"), (date(2021, 9, 1), "x" * 80)])
    >>> [sheet.column_dimensions[c].width for c in "AB"]
    [12.0, 50.0]
    """
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    for n, row in enumerate(rows):
        for i, value in enumerate(row, start=1):
            shown = _shown_width(value) * (BOLD_WIDER if n < header_rows else 1)
            widths[i] = max(widths.get(i, 0), shown)
    for i, width in widths.items():
        sheet.column_dimensions[get_column_letter(i)].width = min(widest, ceil(width) + 2)


BOLD_WIDER = 1.2  # a bold header's letters, many of them capitals, against a digit's width


def _shown_width(value: Any) -> int:
    """How many characters a cell shows: a date as dd/mm/yyyy, text its longest line."""
    if isinstance(value, datetime):
        return len("dd/mm/yyyy hh:mm")
    if isinstance(value, date):
        return len("dd/mm/yyyy")
    return max((len(line) for line in str("" if value is None else value).splitlines()),
               default=0)


def write_table(sheet: Any, header: Sequence[Any], rows: Iterable[Sequence[Any]], *,
                above: Sequence[Sequence[Any]] = (), widest: int = 50) -> None:
    """A table on a new write-only sheet, laid out as every VaxDesk .xlsx is: the lines
    ``above`` (a title, a period: left out of the widths, they run on over empty cells),
    then the header in bold, frozen so it stays in sight while the rows scroll, then the
    rows; each column as wide as its widest cell up to ``widest``; cells that start like a
    formula as text, dates as date cells shown dd/mm/yyyy (``xlsx_row``)."""
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Font

    rows = [list(row) for row in rows]
    fit_columns(sheet, [header, *rows], widest=widest, header_rows=1)
    sheet.freeze_panes = f"A{len(above) + 2}"  # the rows below the header scroll
    for line in above:
        sheet.append(xlsx_row(sheet, line))
    bold = Font(bold=True)
    cells = []
    for value in xlsx_row(sheet, header):
        cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
