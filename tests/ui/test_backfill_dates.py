"""The Backfill screen shows each row's dose date as it will be read, and says when a column
is read month first: a month-first CSV's "9/5/2021" is seen as 05/09/2021 before it is
stored. And a two-row merged header is read whole, its lower row never a row to fix."""

from __future__ import annotations

from desktop_app.services import backfill
from tests.importers.sheets import write_csv, write_two_row_header, write_xlsx
from tests.ui.desk_helpers import open_area

US_ROWS = [[1, "Ngô Văn Phúc", "3/4/1980", "Nam", "001080000555", "0912000555", "",
            "Pfizer", "L1", 1, "9/5/2021", "Trạm Y tế A"],
           [2, "Ngô Văn Phúc", "3/4/1980", "Nam", "001080000555", "0912000555", "",
            "Pfizer", "L2", 2, "10/3/2021", "Trạm Y tế A"],
           [3, "Lý Thị Quyên", "11/20/1992", "Nữ", "001192000556", "0912000556", "",
            "Pfizer", "L3", 1, "8/16/2021", "Trạm Y tế A"]]


def test_the_preview_shows_dates_as_read_and_says_a_column_is_month_first(
        qtbot, db, site, tmp_path):
    path = write_csv(tmp_path / "us.csv", US_ROWS)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 3)
    assert panel.preview.horizontalHeaderItem(4).text() == "Ngày tiêm"
    assert [panel.preview.item(i, 4).text() for i in range(3)] == [
        "05/09/2021", "03/10/2021", "16/08/2021"]
    assert [panel.preview.item(i, 1).text() for i in range(3)] == ["sẽ được nhập"] * 3
    assert not panel.dates_note.isHidden()
    assert "Cột “Ngày tiêm” ghi ngày theo kiểu tháng/ngày/năm" in panel.dates_note.text()
    assert "Cột “Ngày sinh”" in panel.dates_note.text()
    panel.start_import()
    qtbot.waitUntil(lambda: panel.job is None, timeout=30_000)
    assert "tháng/ngày/năm" in panel.summary.text()  # and the report says it too
    assert panel.report.counts["imported"] == 3


def test_a_day_first_file_says_nothing_of_its_dates(qtbot, db, site, tmp_path):
    path = write_xlsx(tmp_path / "vn.xlsx", [
        [1, "Lê Văn An", "05/09/1990", "Nam", "001090012345", "", "", "AZ", "", 1,
         "01/08/2021", "Trạm"]])
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 1)
    assert panel.preview.item(0, 4).text() == "01/08/2021"
    assert panel.dates_note.isHidden()


def test_a_two_row_merged_header_is_read_whole_on_the_screen(qtbot, db, site, tmp_path):
    """Before: the header was row 4 alone, three columns to map by hand, and row 5 (the
    lower header row) then a rejected row with six reasons."""
    path = write_two_row_header(tmp_path / "merged.xlsx")
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 3)
    assert "dòng tiêu đề ở dòng 5" in panel.file_label.text()
    assert panel.combos["dose_date"].currentText() == "H: Ngày tiêm"
    assert [panel.preview.item(i, 0).text() for i in range(3)] == ["6", "7", "8"]
    assert panel.import_button.isEnabled()
    panel.start_import()
    qtbot.waitUntil(lambda: panel.job is None, timeout=30_000)
    assert panel.report.counts == {"imported": 3, "flagged": 0, "duplicate": 0,
                                   "rejected": 0, "corrected": 0}
    assert backfill.SKIPPED not in {i.outcome for i in panel.report.issues}
