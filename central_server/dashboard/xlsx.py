"""Dashboard tables as an .xlsx workbook, one sheet per table, written streaming
(openpyxl's write-only mode) with cells no spreadsheet runs (``rules/safe_cells.py``).
Percentages are written as numbers of percent (95.3), their header saying so."""

from __future__ import annotations

import io
from typing import Any

from central_server.dashboard.tables import Column, Flag, Table
from desktop_app.rules.safe_cells import sheet_name, xlsx_row


def workbook(tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title))
        sheet.append(xlsx_row(sheet, [
            f"{c.label} (%)" if c.kind == "pct" else c.label for c in table.columns]))
        for row in table.rows:
            sheet.append(xlsx_row(sheet, [_cell(c, v) for c, v in zip(table.columns, row,
                                                                     strict=True)]))
    if not tables:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(column: Column, value: Any) -> Any:
    """A share as a number of percent; "chưa báo cáo" where a share would be, and a
    flag's words, as the text they are."""
    if column.kind == "pct" and isinstance(value, float | int):
        return round(value * 100, 1)
    return str(value) if isinstance(value, Flag) else value
