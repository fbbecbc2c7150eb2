"""What every .xlsx VaxDesk writes is checked for, read back with openpyxl as a person's
Excel would open it: the header bold and frozen in sight, each column wide enough for its
header and dates (up to the cap), dates as date cells shown dd/mm/yyyy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

EXCEL_DEFAULT_WIDTH = 8.43  # what a column with no width of its own shows
CAP = 50  # safe_cells.write_table's widest column


def width_of(sheet: Any, column: int) -> float:
    """The width the file gives the column (``column`` from 1), whichever <col> range
    holds it."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min and dimension.min <= column <= dimension.max and \
                dimension.customWidth:
            return dimension.width
    return EXCEL_DEFAULT_WIDTH


def shown(cell: Any) -> str:
    """A cell's text as a person sees it: a date by its number format."""
    if isinstance(cell.value, datetime):
        fmt = cell.number_format.upper()
        return cell.value.strftime("%d/%m/%Y %H:%M" if "HH" in fmt else "%d/%m/%Y")
    return "" if cell.value is None else str(cell.value)


def assert_laid_out(sheet: Any, header_row: int = 1) -> int:
    """The sheet's table, its header on ``header_row``, as ``write_table`` lays it out;
    how many date cells it holds (a test may want some)."""
    header = [c for c in sheet[header_row] if c.value is not None]
    assert header, f"no header on row {header_row} of {sheet.title!r}"
    assert all(c.font.b for c in header), [c.value for c in header if not c.font.b]
    assert sheet.freeze_panes == f"A{header_row + 1}"
    dated = 0
    for column in sheet.iter_cols(min_row=header_row):
        width = width_of(sheet, column[0].column)
        for cell in column:
            if isinstance(cell.value, datetime):
                dated += 1
                assert cell.is_date and cell.number_format.upper() in (
                    "DD/MM/YYYY", "DD/MM/YYYY HH:MM"), (cell.coordinate, cell.number_format)
            if cell.row == header_row or isinstance(cell.value, datetime):
                assert width >= min(CAP, len(shown(cell))), (
                    sheet.title, cell.coordinate, shown(cell), width)
            assert width <= CAP + 2
    return dated
