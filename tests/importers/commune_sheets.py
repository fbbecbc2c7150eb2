"""A commune's list as it reaches the volunteer: a title, the header, two rows the commune
hid (struck out: a row typed twice, a person who moved away), a name typed without
diacritics, a totals row and the signature lines under it. Saved by openpyxl, or by
LibreOffice (``soffice --headless --convert-to``) as .xlsx, .ods or the old binary .xls."""

from __future__ import annotations

from pathlib import Path

from tests.importers.sheets import HEADERS, TITLE, person_row
from tests.importers.wide_sheets import convert

# Sheet rows, as the spreadsheet numbers them (TITLE is three rows, the header row 4).
SHOWN, TWICE, MOVED, PLAIN, LAST, TOTALS, SIGNED, SIGNATURE = range(5, 13)
HIDDEN = (TWICE, MOVED)
FOOTER = (SIGNED, SIGNATURE)
SAVED_BY = ("openpyxl", "libreoffice", "libreoffice-ods", "libreoffice-xls")


def _duyen(n: int) -> list:
    return person_row(n, name="Hà Thị Duyên", dob="07/07/1988", sex="Nữ",
                      cccd="001188000206", vaccine="Pfizer", when="22/08/2021")


ROWS = {
    SHOWN: _duyen(1),
    TWICE: _duyen(2),  # the same dose typed again, hidden
    MOVED: person_row(3, name="Người Đã Chuyển Đi", dob="01/01/1960", cccd="001060000207",
                      vaccine="Pfizer", when="23/08/2021"),  # struck out, hidden
    PLAIN: person_row(4, name="Tran Van Cuong", dob="05/05/1975", cccd="001075000205",
                      vaccine="Sinopharm", when="21/08/2021"),  # typed without diacritics
    LAST: person_row(5, name="Quách Văn Lộc", dob="09/09/1999", cccd="001099000208",
                     vaccine="Pfizer", when="24/08/2021"),
    # The totals row, and under it the signatures: a label and a date in the dose date's
    # column, a title where the vaccine's name goes.
    TOTALS: [None, "Tổng cộng", None, None, None, None, None, None, None, None, 5, None],
    SIGNED: [None, "Người lập biểu", None, None, None, None, None, None, None, None,
             "Ngày 30/09/2021", None],
    SIGNATURE: [None, "Nguyễn Thị Ký", None, None, None, None, None, "TRƯỞNG TRẠM Y TẾ",
                None, None, None, None],
}


def write_commune_sheet(folder: Path, saved_by: str = "openpyxl") -> Path:
    """The list in ``folder`` as ``saved_by`` saves it (LibreOffice skips the test when it
    is not installed)."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Xã Tân Lập"
    for line in [*TITLE, HEADERS, *(ROWS[n] for n in sorted(ROWS))]:
        sheet.append(line)
    for row in HIDDEN:
        sheet.row_dimensions[row].hidden = True
    path = book_path = folder / "tan_lap.xlsx"
    book.save(book_path)
    if saved_by != "openpyxl":
        path = convert(book_path, saved_by.rpartition("-")[2] if "-" in saved_by else "xlsx")
    return path
