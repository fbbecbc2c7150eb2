"""The foot of a returned police list (a totals row, the signature block under it): the
check said "Dòng của Tổng cộng: 2 người không có mã hồ sơ: người này không có trong danh
sách đã gửi…", a totals row spoken of as a person. Such rows are passed over as the backfill
passes over a commune list's foot (``values.is_totals_label``, ``is_signature_label``);
a person the officer added, with no code, is still said."""

from __future__ import annotations

import openpyxl

from desktop_app.importers.police_file import WRITTEN
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.rules.messages import text
from desktop_app.services import police_export, police_returned
from tests.cleaning.people import TODAY, paper

NAME = WRITTEN.index("Họ và tên")
RESULT, ID_VERIFIED = WRITTEN.index("Kết quả xác minh"), WRITTEN.index("Số giấy tờ (xác minh)")


def test_the_lists_totals_and_signatures_are_no_people(db, site, boss, tmp_path):
    people = [paper(db, full_name=name, id_number="") for name in ("Trần Thị An", "Lê Thị Bình")]
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    for n, row in enumerate(sheet.iter_rows(min_row=2)):
        row[ID_VERIFIED].value = make_cccd("001", Sex.FEMALE, 1985, 700 + n)
        row[RESULT].value = "sai thông tin"

    def added(**cells: str) -> int:
        line = [""] * len(WRITTEN)
        for heading, value in cells.items():
            line[WRITTEN.index(heading)] = value
        sheet.append(line)
        return sheet.max_row

    officer = added(**{"Họ và tên": "Phạm Văn Mới", "Kết quả xác minh": "không tìm thấy"})
    added(**{"Mã hồ sơ": "Tổng cộng: 3 người"})
    added(**{"Họ và tên": "Tổng cộng: 3 người"})
    added(**{"Họ và tên": "Tân Lập, ngày 30 tháng 9 năm 2021"})
    added(**{"Họ và tên": "Người lập biểu", "Địa chỉ": "TRƯỞNG CÔNG AN XÃ"})
    added(**{"Họ và tên": "Nguyễn Văn Tư", "Địa chỉ": "Đỗ Văn Năm"})
    back = tmp_path / "tra-ve.xlsx"
    book.save(back)

    returned = police_returned.read_returned(db, back, "vi", today=TODAY)
    assert len(returned.rows) == len(people)
    said = " ".join(why for _n, why in returned.skipped)
    assert returned.skipped == [(officer, text("POLICE_ROW_NO_CODE", "vi",
                                               name="Phạm Văn Mới"))], said
    for foot in ("Tổng cộng", "ngày 30", "Người lập biểu", "Nguyễn Văn Tư"):
        assert foot not in said and foot not in returned.summary("vi"), foot
