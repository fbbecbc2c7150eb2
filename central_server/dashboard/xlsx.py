"""Dashboard tables as an .xlsx workbook, one sheet per table, written streaming
(openpyxl's write-only mode) with cells no spreadsheet runs (``rules/safe_cells.py``).
Percentages are written as numbers of percent (95.3), their header saying so."""

from __future__ import annotations

import io

from central_server.dashboard.tables import Table
from desktop_app.rules.safe_cells import sheet_name, xlsx_row


def workbook(tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title))
        sheet.append(xlsx_row(sheet, [
            f"{c.label} (%)" if c.kind == "pct" else c.label for c in table.columns]))
        for row in table.rows:
            sheet.append(xlsx_row(sheet, [
                None if v is None else round(v * 100, 1) if c.kind == "pct" else v
                for c, v in zip(table.columns, row, strict=True)]))
    if not tables:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
