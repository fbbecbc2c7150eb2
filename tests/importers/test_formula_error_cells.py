"""A cell holding a failed formula's value ("#N/A", "#REF!", LibreOffice's "Err:502") holds no
one's name, birth date or ID: its row is refused saying so, field by field, and no person is
stored under "#REF!" (a column of names looked up from a workbook not sent along turns every
row's name into it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from tests.importers.sheets import person_row, write_xlsx


def _import(db, path):
    return drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))


def test_failed_formulas_refuse_their_rows_naming_field_and_value(db, site, tmp_path):
    path = write_xlsx(tmp_path / "tra-cuu.xlsx", [
        person_row(1, name="#N/A", cccd="001090012301"),
        person_row(2, name="Trần Văn Bình", cccd="#REF!", dob="#VALUE!"),
        person_row(3, name="Lê Thị Cúc", cccd="001190012303", phone="Err:502", sex="Nữ"),
        person_row(4, name="Phạm Văn Dũng", cccd="001090012304"),
    ])
    report = _import(db, path)
    assert report.counts["rejected"] == 3 and report.counts["imported"] == 1, report.issues
    said = {i.sheet_row: i.message for i in report.issues}
    assert said[5].startswith("[Họ và tên] Ô là lỗi công thức “#N/A” của Excel")
    assert "ký tự" not in said[5]  # not "odd characters in the name"
    assert "[Ngày sinh] Ô là lỗi công thức “#VALUE!”" in said[6]
    assert "[Số CCCD/CMND] Ô là lỗi công thức “#REF!”" in said[6]
    assert "bắt buộc" not in said[6]  # the cell was not empty
    assert "[Số điện thoại] Ô là lỗi công thức “Err:502”" in said[7]
    with db.reading() as s:
        assert list(s.scalars(select(Person.full_name))) == ["Phạm Văn Dũng"]
        assert s.scalar(select(func.count()).select_from(Dose)) == 1


def test_a_row_refused_for_a_failed_formula_gives_that_one_reason(db, site, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, name="#REF!", cccd="001090012301")])
    report = _import(db, path)
    assert [i.code for i in report.issues] == ["CELL_FORMULA_ERROR"]
    assert report.issues[0].outcome == "rejected"
