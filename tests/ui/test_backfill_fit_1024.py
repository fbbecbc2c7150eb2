"""The Backfill area at 1024 px wide, with the names files and sheets really have (a
volunteer's review, 7 Dec 2026: the file's line pushed the window to 1093-1284 px)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.ui.desk_helpers import open_area


def test_a_partly_recognised_header_of_an_ordinary_file_keeps_the_window_within_1024(
        qtbot, db, site, tmp_path):
    """A commune's file of an ordinary name ("Danh sách hồi cứu xã Quảng Phú.xlsx", sheet
    "Tháng 8") whose dose-date header is nobody's alias: the file label (one line, no wrap)
    says the file, sheet and "có cột chưa nhận ra: hãy chọn cột…" and pushes the window
    to 1093 px, so on a 1024 px laptop the right-hand column choices are off the screen."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tháng 8"
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Vắc xin", "Ngày tháng năm tiêm"])
    sheet.append([1, "Nguyễn Văn An", "05/09/1990", "038090012345", "Pfizer", "01/08/2021"])
    path = tmp_path / "Danh sách hồi cứu xã Quảng Phú.xlsx"
    book.save(path)
    _fits_1024(qtbot, db, path, rows=1)


@pytest.mark.parametrize("name", [
    "DS hoi cuu tiem chung COVID-19 tram y te phuong Lang Thuong quan Dong Da thang 7-12 nam "
    "2021 (ban cuoi).xlsx",
    "DS_hoi_cuu_tiem_chung_COVID-19_tram_y_te_phuong_Lang_Thuong_quan_Dong_Da_thang_7-12_nam"
    "_2021_ban_cuoi.xlsx"])
def test_a_workbook_with_a_long_file_name_keeps_the_window_within_1024(qtbot, db, site,
                                                                        tmp_path, name):
    from tests.importers.sheets import HEADERS, TITLE, name_of, person_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Phường Láng Thượng"
    for line in [*TITLE, HEADERS, *[person_row(i, name=name_of(i), cccd=f"001090{i:06d}")
                                    for i in range(1, 4)]]:
        sheet.append(line)
    path = tmp_path / name
    book.save(path)
    _fits_1024(qtbot, db, path, rows=3)


def _fits_1024(qtbot, db, path, rows: int) -> None:
    """The file chosen in the Backfill area of a 1024 px window: its preview of ``rows``
    rows shown, the window no wider."""
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == rows, timeout=20_000)
    qtbot.wait(100)
    assert window.minimumSizeHint().width() <= 1024 and window.width() == 1024, (
        f"the window needs {window.minimumSizeHint().width()} px for the label "
        f"{panel.file_label.text()!r}")
    ctx.runner.wait_idle()
