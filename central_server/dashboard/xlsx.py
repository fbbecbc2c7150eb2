"""Dashboard tables as an .xlsx workbook, one sheet per table, written streaming
(openpyxl's write-only mode) with cells no spreadsheet runs (``rules/safe_cells.py``).
Percentages are written as numbers of percent (95.3), their header saying so; every sheet
laid out as the desk's files are (``safe_cells.write_table``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

from central_server.dashboard.tables import Column, Flag, Table
from desktop_app.rules.safe_cells import sheet_name, write_table

SHOWN = "%d/%m/%Y %H:%M"  # how ``vietnam_time.shown`` writes a moment on the page


def workbook(tables: list[Table], heading: Callable[[Table], list[str]] = lambda _t: []
             ) -> bytes:
    """``heading``: the lines above a table (whose area, its title, the period or the
    moment of its figures): a sheet forwarded on says what it counts, as the desk's do."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title))
        write_table(sheet, [f"{c.label} (%)" if c.kind == "pct" else c.label
                            for c in table.columns],
                    [[_cell(c, v) for c, v in zip(table.columns, row, strict=True)]
                     for row in table.rows],
                    above=[[line] for line in heading(table)])
    if not tables:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(column: Column, value: Any) -> Any:
    """A share as the number of percent the page shows (rounded down); a moment as a
    date-time cell (the page's words for it, ``vietnam_time.shown``, read back); "chưa báo
    cáo" where a share would be, and a flag's words, as the text they are.

    >>> _cell(Column("Báo cáo gần nhất", "time"), "02/09/2021 23:00")
    datetime.datetime(2021, 9, 2, 23, 0)
    """
    if column.kind == "time" and isinstance(value, str):
        try:
            return datetime.strptime(value, SHOWN)
        except ValueError:
            return value  # not a moment after all: the words as they are
    return str(value) if isinstance(value, Flag) else value
