"""A fix file is read back from the columns the volunteer chose, never from one it marks
"(không nhập)": real files (openpyxl), a real SQLite file, real widgets."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.importers.headers import map_headers
from desktop_app.progress import drain
from desktop_app.services.backfill import import_file
from tests.importers.sheets import write_xlsx
from tests.ui.desk_helpers import open_area

TODAY = date(2026, 11, 20)
PLACE = "Trạm Y tế Phường Láng Hạ"
# A session list whose planned date comes before the date the dose was really given: the
# planned one's heading folds to "Ngày tiêm" (what is in brackets is dropped), so the
# screen maps it, and the volunteer chooses the real one by hand.
PLANNED = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Tên vắc xin",
           "Mũi thứ", "Ngày tiêm (dự kiến)", "Ngày tiêm thực tế", "Cơ sở tiêm"]


def _doses_of(db, name):
    with db.reading() as s:
        return sorted((d.dose_number, d.dose_date) for d in s.scalars(
            select(Dose).join(Person, Person.id == Dose.person_id)
            .where(Person.full_name == name, Dose.status == "active")))


def test_a_fix_file_of_a_hand_mapped_sheet_is_read_back_from_the_columns_chosen(
        qtbot, db, site, boss, tmp_path):
    """The volunteer maps "Ngày tiêm" to the real date (column I), imports, saves the rows
    to fix, corrects a vaccine's spelling and imports the fix file as the README says. The
    fix file renames the planned column "Ngày tiêm (dự kiến) (không nhập)": it was read
    anyway (brackets are dropped when headings are compared, and it came first), so Lê Văn
    Nam's dose was stored on the planned day 01/08/2021, not 05/08/2021."""
    path = write_xlsx(tmp_path / "dot-tiem.xlsx", [
        [1, "Trần Thị Hoa", "02/02/1992", "Nữ", "001192012345", "Pfizer", 1, "01/08/2021",
         "03/08/2021", PLACE],
        [2, "Lê Văn Nam", "03/03/1980", "Nam", "001080012345", "Pfizerr", 1, "01/08/2021",
         "05/08/2021", PLACE]], headers=PLANNED)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 2)
    assert panel.combos["dose_date"].currentData() == 7  # the planned date, by its heading
    combo = panel.combos["dose_date"]
    combo.setCurrentIndex(combo.findData(8))  # the volunteer chooses the real one
    qtbot.waitUntil(panel.import_button.isEnabled)
    panel.start_import()
    qtbot.waitUntil(lambda: panel.job is None, timeout=30_000)
    assert panel.report.counts["rejected"] == 1
    assert _doses_of(db, "Trần Thị Hoa") == [(1, date(2021, 8, 3))]
    fix = tmp_path / "can-sua.xlsx"
    panel.save_fix_file(str(fix))
    qtbot.waitUntil(lambda: "can-sua.xlsx" in panel.saved_note.text())
    ctx.runner.wait_idle()

    book = load_workbook(fix)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert "Ngày tiêm (dự kiến) (không nhập)" in headers
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value == "Pfizerr":
                cell.value = "Pfizer"  # the one thing wrong with the row
    book.save(fix)
    drain(import_file(db, fix, today=TODAY, actor=boss))  # as `vaxdesk import can-sua.xlsx`
    assert _doses_of(db, "Lê Văn Nam") == [(1, date(2021, 8, 5))], map_headers(headers)


def test_a_column_marked_not_read_is_never_mapped_by_its_heading():
    marked = ["Họ và tên", "Ngày tiêm (dự kiến) (không nhập)", "Ngày tiêm",
              "Số CMND (KHÔNG NHẬP)", "Số CCCD"]
    assert map_headers(marked) == {"full_name": 0, "dose_date": 2, "id_number": 4}
