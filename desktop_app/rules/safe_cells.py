"""Cells a spreadsheet never runs, for every file VaxDesk writes for people to open in Excel
or LibreOffice: the audit trail's CSV and the backfill's rows to fix.

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
from collections.abc import Iterable
from datetime import date, datetime
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


def sheet_name(title: str) -> str:
    """A title as a sheet's name, within Excel's limits: 31 characters, none of []:*?/\\.
    A longer one ends at a word, with an ellipsis, never in the middle of one.

    >>> sheet_name("Báo cáo: tiêm chủng [tháng 11]")
    'Báo cáo tiêm chủng tháng 11'
    >>> sheet_name("Số mũi tiêm theo ngày, vắc xin, mũi thứ và độ tuổi")
    'Số mũi tiêm theo ngày, vắc xin…'
    """
    name = "".join(c for c in title if c not in "[]:*?/\\")
    if len(name) <= SHEET_NAME_MOST:
        return name
    cut = name[:SHEET_NAME_MOST - 1]
    if name[len(cut)] not in " ,;:-–" and " " in cut[10:]:  # the cut falls inside a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def fit_columns(sheet: Any, rows: Iterable[Iterable[Any]], *, widest: int = 50) -> None:
    """Each column of a write-only sheet as wide as its widest text (a date as dd/mm/yyyy),
    up to ``widest`` characters; before its first row (openpyxl writes widths first)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in rows:
        for i, value in enumerate(row, start=1):
            shown = 10 if isinstance(value, date) else len(str(value if value is not None
                                                                  else ""))
            widths[i] = max(widths.get(i, 0), shown)
    for i, width in widths.items():
        sheet.column_dimensions[get_column_letter(i)].width = min(widest, width + 2)

